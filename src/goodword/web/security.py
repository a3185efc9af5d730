"""Safety at the web's edge: where it may listen, the password, the session cookie and CSRF.

* :func:`check_bind` refuses a non-loopback address unless remote access is
  asked for explicitly and a password is set.
* :class:`Guard` is the one middleware: HTTP basic auth when a password is
  set, a signed session cookie for everyone, and headers that keep the
  pages from being framed or from running anything but their own scripts.
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
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.responses import Response
from starlette.types import ASGIApp

from goodword.errors import GoodwordError, InvalidInput

SESSION_COOKIE = "goodword_session"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
PASSWORD_ENV = "GOODWORD_WEB_PASSWORD"
OPEN_PATHS = ("/healthz", "/static/")
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
    """Password (when set), session cookie and security headers for every request."""

    def __init__(self, app: ASGIApp, *, secret: bytes, password: str | None) -> None:
        super().__init__(app)
        self.secret = secret
        self.password = password

    async def dispatch(
        self, request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        """Check the password, attach the session, add the headers."""
        path = request.url.path
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

    def _session(self, cookie: str | None) -> str | None:
        """The session id in a cookie this server signed, or None."""
        if not cookie or "." not in cookie:
            return None
        session, _, signature = cookie.rpartition(".")
        if hmac.compare_digest(signature, _sign(self.secret, "session", session)):
            return session
        return None
