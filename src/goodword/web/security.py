"""Safety at the web's edge: where it may listen, the password, the session cookie and CSRF.

* :func:`check_bind` refuses a non-loopback address unless remote access is
  asked for explicitly and a password is set.
* :class:`Guard` is the main middleware: on loopback it answers only requests
  addressed to a loopback name at its own port (a page whose DNS name was
  rebound to 127.0.0.1 still says its own name in ``Host``), then HTTP basic
  auth when a password is set, a signed session cookie for everyone, and
  headers that keep the pages from being framed or from running anything but
  their own scripts.
* :class:`BodyLimit` stops reading a request body at its limit (the upload
  limit for imports, :data:`MAX_FORM_BYTES` for everything else), whether the
  size is declared up front or only found while streaming.
* :func:`require_csrf` is a dependency of every POST route: the request must
  carry the session's token (a hidden form field, or the ``X-CSRF-Token``
  header htmx and API clients send).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import ipaddress
import secrets
from collections.abc import Awaitable, Callable

from fastapi import Request
from starlette.exceptions import HTTPException
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from goodword.errors import GoodwordError, InvalidInput

SESSION_COOKIE = "goodword_session"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
PASSWORD_ENV = "GOODWORD_WEB_PASSWORD"
OPEN_PATHS = ("/healthz", "/static/")
UPLOAD_PATHS = ("/import", "/api/imports")
MAX_FORM_BYTES = 1 << 20  # forms and JSON carry text; files go to the import page
MAX_UPLOAD_ENV = "GOODWORD_MAX_UPLOAD_MB"
HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
    ),
}


class Forbidden(GoodwordError):
    """That request is refused: reload the page and try again."""

    exit_code = 1


class Unauthorized(GoodwordError):
    """This goodword server needs its password."""

    exit_code = 1


def is_loopback(host: str) -> bool:
    """True for ``localhost`` and loopback addresses (127.0.0.0/8, ::1)."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip().strip("[]")).is_loopback
    except ValueError:
        return False


def host_allowed(header: str | None, port: int | None) -> bool:
    """True when a ``Host`` header names a loopback address at ``port`` (any port if None).

    ``localhost``, ``127.x.x.x`` and ``[::1]`` are the names; no port means 80.
    """
    text = (header or "").strip()
    if text.startswith("["):
        name, bracket, rest = text[1:].partition("]")
        if not bracket or (rest and not rest.startswith(":")):
            return False
        given = rest[1:]
    else:
        name, _, given = text.partition(":")
    if not name or not is_loopback(name):
        return False
    if given and not (given.isascii() and given.isdigit()):
        return False
    return port is None or int(given or 80) == port


def check_bind(host: str, *, allow_remote: bool, password: str | None) -> None:
    """Refuse to listen beyond this machine without ``--allow-remote`` and a password."""
    if is_loopback(host):
        return
    if not allow_remote:
        raise InvalidInput(
            f"{host} is reachable from other machines: pass --allow-remote (and a password "
            f"with --password-file or {PASSWORD_ENV}) to serve there, or use 127.0.0.1"
        )
    if not password:
        raise InvalidInput(
            f"serving on {host} needs a password: --password-file FILE or {PASSWORD_ENV}"
        )


def _refusal(path: str, status: int, code: str, message: str) -> Response:
    """An answer given before the app runs: the API's error shape, else one line of text."""
    if path.startswith(("/api", "/openapi.json")):
        return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)
    return Response(message + "\n", status_code=status, media_type="text/plain")


def _sign(secret: bytes, purpose: str, value: str) -> str:
    digest = hmac.new(secret, f"{purpose}:{value}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def session_of(request: Request) -> str:
    """The session id the middleware gave this request."""
    return str(request.state.session)


def csrf_token(request: Request) -> str:
    """The CSRF token of this request's session (for forms and the htmx header)."""
    secret: bytes = request.app.state.secret
    return _sign(secret, "csrf", session_of(request))


async def require_csrf(request: Request) -> None:
    """Refuse a state-changing request that does not carry its session's CSRF token."""
    sent = request.headers.get(CSRF_HEADER)
    if not sent and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        value = (await request.form()).get(CSRF_FIELD)
        sent = value if isinstance(value, str) else None
    if not request.state.fresh_session and sent and hmac.compare_digest(sent, csrf_token(request)):
        return
    raise Forbidden(
        "this form is missing its security token or it has expired: reload the page and try "
        f"again (API clients: GET /api/csrf, then send the token as {CSRF_HEADER})"
    )


def _password_ok(header: str | None, password: str) -> bool:
    if not header or not header.lower().startswith("basic "):
        return False
    try:
        decoded = base64.b64decode(header[6:].strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return False
    _, _, given = decoded.partition(":")
    return hmac.compare_digest(given.encode(), password.encode())


class Guard(BaseHTTPMiddleware):
    """Host (on loopback), password (when set), session cookie and headers for every request."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        secret: bytes,
        password: str | None,
        port: int | None = None,
        remote: bool = False,
    ) -> None:
        super().__init__(app)
        self.secret = secret
        self.password = password
        self.port = port
        self.remote = remote  # served beyond loopback: the password guards it, any name goes

    async def dispatch(
        self, request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        """Check the host and the password, attach the session, add the headers."""
        path = request.url.path
        host = request.headers.get("host")
        if not self.remote and not host_allowed(host, self.port):
            response = _refusal(path, 400, "wrong_host", self._where(host))
            for name, value in HEADERS.items():
                response.headers[name] = value
            return response
        if (
            self.password
            and not path.startswith(OPEN_PATHS)
            and not _password_ok(request.headers.get("authorization"), self.password)
        ):
            return Response(
                "This goodword server needs its password.\n",
                status_code=401,
                headers={"WWW-Authenticate": 'Basic realm="goodword", charset="UTF-8"'},
                media_type="text/plain",
            )
        session = self._session(request.cookies.get(SESSION_COOKIE))
        request.state.fresh_session = session is None
        request.state.session = session or secrets.token_urlsafe(24)
        response = await call_next(request)
        if session is None:
            response.set_cookie(
                SESSION_COOKIE,
                f"{request.state.session}.{_sign(self.secret, 'session', request.state.session)}",
                httponly=True,
                samesite="strict",
                secure=request.url.scheme == "https",
            )
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    def _where(self, host: str | None) -> str:
        """Why a request for another host is refused, and the address to use instead."""
        port = f":{self.port}" if self.port else ""
        asked = repr(host[:80]) if host else "no host"
        return (
            f"this goodword server answers only at 127.0.0.1{port}, localhost{port} or "
            f"[::1]{port}, not {asked}: open it by one of those addresses"
        )

    def _session(self, cookie: str | None) -> str | None:
        """The session id in a cookie this server signed, or None."""
        if not cookie or "." not in cookie:
            return None
        session, _, signature = cookie.rpartition(".")
        if hmac.compare_digest(signature, _sign(self.secret, "session", session)):
            return session
        return None


class BodyLimit:
    """Stop reading a request body once it passes its limit: 413 with one line, nothing kept.

    A body declared larger (``Content-Length``) is refused at the first read,
    before a byte of it is taken; an undeclared (chunked) one when the count
    passes the limit. The refusal is an :class:`HTTPException`, so the app's
    error handlers give it the API's error shape or the error page.
    """

    def __init__(self, app: ASGIApp, *, max_upload_bytes: int) -> None:
        self.app = app
        self.max_upload_bytes = max_upload_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Run the app with a ``receive`` that counts."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        upload = scope["method"] == "POST" and scope["path"] in UPLOAD_PATHS
        limit = self.max_upload_bytes if upload else MAX_FORM_BYTES
        if upload:
            mb = self.max_upload_bytes >> 20
            refusal = (
                f"this upload is larger than the {mb} MB goodword takes "
                f"({MAX_UPLOAD_ENV} raises it)"
            )
        else:
            refusal = (
                "this request's body is larger than 1 MB: forms and the API take text, "
                "files go to the import page"
            )
        declared = _content_length(scope)
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            if declared is not None and declared > limit:
                raise HTTPException(413, refusal)
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise HTTPException(413, refusal)
            return message

        await self.app(scope, counted, send)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope["headers"]:
        if name == b"content-length":
            text = value.decode("latin-1").strip()
            return int(text) if text.isdigit() else None
    return None
