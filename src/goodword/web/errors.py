"""Errors at the web's edge: one JSON shape for the API, a friendly page for people.

The API always answers ``{"error": {"code": ..., "message": ...}}`` with the
HTTP status of the error's class; a page shows the same message and a way
back.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.responses import Response

from goodword.errors import (
    Ambiguous,
    ConfigError,
    GoodwordError,
    ImportFailed,
    InvalidInput,
    NotFound,
    StoreError,
)
from goodword.web.browser import error_code
from goodword.web.pages import Json, render
from goodword.web.security import Forbidden, Unauthorized

# Most specific first: the first class an error is an instance of gives its status.
STATUS: tuple[tuple[type[GoodwordError], int], ...] = (
    (NotFound, 404),
    (Ambiguous, 409),
    (InvalidInput, 422),
    (ImportFailed, 422),
    (Forbidden, 403),
    (Unauthorized, 401),
    (StoreError, 503),
    (ConfigError, 500),
    (GoodwordError, 400),
)
HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    422: "invalid_input",
}


def status_of(error: GoodwordError) -> int:
    """The HTTP status for a goodword error."""
    return next(status for cls, status in STATUS if isinstance(error, cls))


def wants_json(request: Request) -> bool:
    """True for the API (and its OpenAPI description), False for pages."""
    return request.url.path.startswith(("/api/", "/api", "/openapi.json", "/healthz"))


def error_response(request: Request, status: int, code: str, message: str) -> Response:
    """The error in the API's shape, or the friendly error page."""
    if wants_json(request):
        return Json({"error": {"code": code, "message": message}}, status_code=status)
    return render(request, "error.html", status_code=status, status=status, message=message)


async def _goodword(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, GoodwordError)
    return error_response(request, status_of(exc), error_code(exc), exc.message)


async def _http(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    code = HTTP_CODES.get(exc.status_code, "error")
    message = str(exc.detail)
    if exc.status_code == 404:
        message = "no such page or resource; the dashboard links to everything"
    return error_response(request, exc.status_code, code, message)


# What a path's id names, for the 404 of an id that cannot exist.
ID_NAMES = {"person_id": "person", "job_id": "opportunity", "match_id": "match"}


async def _validation(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    problems = exc.errors()
    in_path = [p for p in problems if tuple(p.get("loc", ()))[:1] == ("path",)]
    if in_path:
        # A path names a resource: an id no database can hold names nothing, as /api/nothing.
        name = str(in_path[0]["loc"][-1])
        given = str(in_path[0].get("input", ""))[:40]
        message = f"no {ID_NAMES.get(name, name)} with id {given}"
        return error_response(request, 404, "not_found", message)
    parts = []
    for problem in problems:
        where = ".".join(str(p) for p in problem.get("loc", ()) if p not in ("body", "query"))
        parts.append(f"{where or 'request'}: {problem.get('msg', 'invalid')}")
    return error_response(request, 422, "invalid_input", "; ".join(parts) or "invalid request")


async def _unexpected(request: Request, exc: Exception) -> Response:
    message = f"goodword hit a bug ({type(exc).__name__}); the server log has the details"
    return error_response(request, 500, "internal", message)


def install(app: FastAPI) -> None:
    """Route every error through :func:`error_response`."""
    app.add_exception_handler(Exception, _unexpected)
    app.add_exception_handler(GoodwordError, _goodword)
    app.add_exception_handler(HTTPException, _http)
    app.add_exception_handler(RequestValidationError, _validation)
