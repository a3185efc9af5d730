"""Small helpers every route uses: the browser, dates from query strings, safe redirects."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Depends, Query, Request
from fastapi.responses import RedirectResponse

from goodword.errors import InvalidInput
from goodword.service import Service
from goodword.web.browser import Browser
from goodword.web.security import require_csrf


def browser(request: Request) -> Browser:
    """The app's :class:`Browser` (one per app, made by ``create_app``)."""
    found: Browser = request.app.state.browser
    return found


def service(request: Request) -> Service:
    """The app's :class:`Service`."""
    return browser(request).service


def day(value: str | None, name: str = "as_of") -> date | None:
    """A ``YYYY-MM-DD`` parameter, or :class:`InvalidInput` saying how to write it."""
    if value is None or not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidInput(f"{name} {value!r}: write the date as YYYY-MM-DD") from None


def as_of(
    as_of: Annotated[
        str | None, Query(description="Score from evidence before this day (YYYY-MM-DD).")
    ] = None,
) -> date | None:
    """The ``as_of`` query parameter as a date."""
    return day(as_of)


def back_to(target: str | None, default: str) -> RedirectResponse:
    """Redirect (303) to a local path given by a form, else to ``default``."""
    path = target or ""
    if not path.startswith("/") or path.startswith("//") or "\\" in path:
        path = default
    return RedirectResponse(path, status_code=303)


BrowserDep = Annotated[Browser, Depends(browser)]
ServiceDep = Annotated[Service, Depends(service)]
AsOfDep = Annotated[date | None, Depends(as_of)]
CSRF = Depends(require_csrf)
