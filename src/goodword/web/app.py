"""The app factory: :func:`create_app` builds the FastAPI app over one :class:`Service`.

Nothing is built at import time. The pages and their JSON twins (under
``/api``, described at ``/openapi.json``) come from the same views; static
files (htmx and the stylesheet) are served from the package, so nothing is
fetched from anywhere else.
"""

from __future__ import annotations

import secrets
from typing import Any

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from goodword import __version__
from goodword.service import Service
from goodword.web import errors
from goodword.web.browser import Browser
from goodword.web.pages import STATIC, make_environment
from goodword.web.routes import home, imports, opportunities, people, review
from goodword.web.security import BodyLimit, Guard

AREAS = (home, people, opportunities, imports, review)
DESCRIPTION = (
    "goodword's JSON API: the twin of every page of the local web app. Every error is "
    '`{"error": {"code": ..., "message": ...}}`. POST requests need the session\'s CSRF '
    "token: `GET /api/csrf`, then send it as the `X-CSRF-Token` header with the cookie."
)


def create_app(
    service: Service,
    *,
    password: str | None = None,
    secret: bytes | None = None,
    cache_seconds: float | None = None,
    server: dict[str, Any] | None = None,
) -> FastAPI:
    """The web app over ``service``; ``password`` turns on HTTP basic auth for everything.

    ``server`` says where it listens (``host``, ``port``, ``remote``): unless
    remote, only requests addressed to a loopback name at that port are
    answered (at any port when none is given, as for an app under test).
    Uploads stop at the service's ``max_upload_mb`` setting.
    """
    app = FastAPI(
        title="goodword",
        version=__version__,
        description=DESCRIPTION,
        docs_url=None,  # the interactive docs load their scripts from a CDN
        redoc_url=None,
    )
    where = server or {}
    limit = service.settings.max_upload_mb
    browser = Browser(service, server={"password": bool(password), "max_upload_mb": limit, **where})
    if cache_seconds is not None:
        browser.ttl = cache_seconds
    app.state.browser = browser
    app.state.templates = make_environment()
    app.state.secret = secret or secrets.token_bytes(32)
    app.add_middleware(BodyLimit, max_upload_bytes=limit << 20)
    app.add_middleware(
        Guard,
        secret=app.state.secret,
        password=password,
        port=where.get("port"),
        remote=bool(where.get("remote")),
    )
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")
    for area in AREAS:
        app.include_router(area.pages)
        app.include_router(area.api)
    errors.install(app)
    return app
