"""The dashboard, settings, the CSRF token for API clients, and a health check."""

from __future__ import annotations

import shutil
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse
from pydantic import BaseModel, Field
from starlette.background import BackgroundTask

from goodword.errors import InvalidInput
from goodword.web.deps import CSRF, LINE, MANY, SHORT, BrowserDep, back_to
from goodword.web.pages import Json, render
from goodword.web.security import CSRF_HEADER, csrf_token

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", tags=["home"])


@pages.get("/", response_class=HTMLResponse)
def dashboard_page(request: Request, browser: BrowserDep) -> HTMLResponse:
    """What is due today, open opportunities and their progress, references going stale."""
    return render(
        request,
        "dashboard.html",
        board=browser.dashboard(),
        nav="dashboard",
        json_url="/api/dashboard",
    )


@api.get("/dashboard", summary="What is due, open opportunities, references going stale")
def dashboard_api(browser: BrowserDep) -> Json:
    """The dashboard's content: ``due`` are ``goodword due --json`` objects."""
    return Json(browser.dashboard().as_dict())


@pages.get("/settings", response_class=HTMLResponse)
def settings_page(request: Request, browser: BrowserDep) -> HTMLResponse:
    """Where the data lives, who you are (editable), and how this server is reachable."""
    return render(
        request, "settings.html", view=browser.settings(), nav="settings", json_url="/api/settings"
    )


@api.get("/settings", summary="Where the data lives, who you are, how this server runs")
def settings_api(browser: BrowserDep) -> Json:
    """``goodword db status --json`` and ``goodword me --json``, with the server's settings."""
    return Json(browser.settings().as_dict())


class MeIn(BaseModel):
    """Corrections to who you are (as ``goodword me`` takes them)."""

    name: str | None = Field(None, max_length=SHORT)
    add_emails: list[Annotated[str, Field(max_length=SHORT)]] = Field([], max_length=MANY)
    remove_emails: list[Annotated[str, Field(max_length=SHORT)]] = Field([], max_length=MANY)
    linkedin: str | None = Field(None, max_length=LINE)


@pages.post("/settings/me", dependencies=[CSRF])
def me_form(
    browser: BrowserDep,
    name: Annotated[str, Form(max_length=SHORT)] = "",
    add_email: Annotated[str, Form(max_length=SHORT)] = "",
    linkedin: Annotated[str, Form(max_length=LINE)] = "",
) -> RedirectResponse:
    """Save your name, an extra address or your LinkedIn URL; then show the settings again."""
    browser.service.update_me(
        name=name or None,
        add_emails=[add_email] if add_email.strip() else [],
        linkedin=linkedin or None,
    )
    browser.changed()
    return back_to("/settings", "/settings")


@api.post("/settings/me", dependencies=[CSRF], summary="Correct who you are")
def me_api(body: MeIn, browser: BrowserDep) -> Json:
    """Like ``goodword me --name ... --add-email ...``; returns ``goodword me --json``."""
    view = browser.service.update_me(
        name=body.name,
        add_emails=body.add_emails,
        remove_emails=body.remove_emails,
        linkedin=body.linkedin,
    )
    browser.changed()
    return Json(view.as_dict())


@pages.post("/settings/export", dependencies=[CSRF])
def export_download(
    browser: BrowserDep, understood: Annotated[str, Form(max_length=SHORT)] = ""
) -> FileResponse:
    """Everything this home holds as the JSON of ``goodword export``, as a download.

    Asked for with a POST (and its CSRF token) and a ticked box, never a plain link: the
    file holds private notes about other people, so no page can fetch it by a link.
    """
    if understood != "yes":
        raise InvalidInput("tick the box to say you understand what the file holds, then download")
    folder = Path(tempfile.mkdtemp(prefix="goodword-export-"))
    try:
        out = folder / f"goodword-export-{datetime.now(UTC):%Y-%m-%d}.json"
        browser.service.export_data(out)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return FileResponse(
        out,
        media_type="application/json",
        filename=out.name,
        background=BackgroundTask(shutil.rmtree, folder, ignore_errors=True),
    )


@api.get("/csrf", summary="The CSRF token API clients send with every POST")
def csrf_api(request: Request) -> Json:
    """The token for this session (the cookie comes with this answer); send it as a header."""
    return Json({"token": csrf_token(request), "header": CSRF_HEADER})


@pages.get("/healthz")
def healthz() -> Json:
    """A trivial answer, for checks and as the benchmark's baseline."""
    return Json({"ok": True})
