"""Small helpers every route uses: the browser, dates, ids, text limits, safe redirects.

Every id in a path is an :data:`Id` (a whole number either database can
hold; anything else is a 404), and every text field is bounded by one of
:data:`SHORT`, :data:`LINE` or :data:`TEXT`, so a megabyte of job title is
refused with a 422 that says which field and how long it may be.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Depends, Path, Query, Request
from fastapi.responses import RedirectResponse

from goodword.errors import InvalidInput
from goodword.service import MAX_ID, Service
from goodword.web.browser import Browser
from goodword.web.security import require_csrf

SHORT = 300  # a name, title, organisation, kind, state, channel, address, search
LINE = 2_000  # a URL or a path to go back to
TEXT = 50_000  # a description, a note, concerns: a long job posting fits
MANY = 200  # people in one ask, addresses in one correction


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
        str | None,
        Query(max_length=SHORT, description="Score from evidence before this day (YYYY-MM-DD)."),
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


Id = Annotated[int, Path(ge=1, le=MAX_ID)]
BrowserDep = Annotated[Browser, Depends(browser)]
ServiceDep = Annotated[Service, Depends(service)]
AsOfDep = Annotated[date | None, Depends(as_of)]
CSRF = Depends(require_csrf)
