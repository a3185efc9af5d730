"""Opportunities: the list and a new one; one opportunity's slate, pipeline, brief and sheet."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import Annotated, Literal

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from goodword.service import KINDS, BriefView, SheetView
from goodword.web.deps import (
    CSRF,
    LINE,
    MANY,
    SHORT,
    TEXT,
    AsOfDep,
    BrowserDep,
    Id,
    back_to,
    day,
)
from goodword.web.pages import Json, render

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", tags=["opportunities"])
Format = Literal["md", "pdf"]


@pages.get("/opportunities", response_class=HTMLResponse)
def opportunities_page(request: Request, browser: BrowserDep) -> HTMLResponse:
    """Every opportunity with its progress, and a form for a new one."""
    return render(
        request,
        "opportunities.html",
        jobs=browser.opportunities(),
        kinds=KINDS,
        nav="opportunities",
        json_url="/api/opportunities",
    )


@api.get("/opportunities", summary="Every opportunity with the progress of its asks")
def opportunities_api(browser: BrowserDep) -> Json:
    """Each item: ``goodword job list --json``'s object, the asks by state, agreed and needed."""
    return Json([p.as_dict() for p in browser.opportunities()])


class JobIn(BaseModel):
    """A new opportunity, as ``goodword job add`` takes it."""

    title: str = Field(max_length=SHORT)
    organization: str = Field("", max_length=SHORT)
    description: str = Field("", max_length=TEXT)
    deadline: date | None = None
    needs: str = Field("", max_length=SHORT, description='like "3 references, 1 supervisor"')
    kind: str = Field("reference", max_length=SHORT)
    confidential: bool = False


@pages.post("/opportunities", dependencies=[CSRF])
def add_job_form(
    browser: BrowserDep,
    title: Annotated[str, Form(max_length=SHORT)],
    organization: Annotated[str, Form(max_length=SHORT)] = "",
    description: Annotated[str, Form(max_length=TEXT)] = "",
    deadline: Annotated[str, Form(max_length=SHORT)] = "",
    needs: Annotated[str, Form(max_length=SHORT)] = "",
    kind: Annotated[str, Form(max_length=SHORT)] = "reference",
    confidential: Annotated[bool, Form()] = False,
) -> RedirectResponse:
    """Record an opportunity from the form and open it."""
    job = browser.service.add_job(
        title=title,
        organization=organization,
        description=description,
        deadline=day(deadline, "deadline"),
        needs=needs,
        kind=kind,
        confidential=confidential,
    )
    return RedirectResponse(f"/opportunities/{job.id}", status_code=303)


@api.post("/opportunities", dependencies=[CSRF], status_code=201, summary="Record an opportunity")
def add_job_api(body: JobIn, browser: BrowserDep) -> Json:
    """Like ``goodword job add``; returns the opportunity."""
    job = browser.service.add_job(**body.model_dump())
    return Json(job.as_dict(), status_code=201)


@pages.get("/opportunities/{job_id}", response_class=HTMLResponse)
def opportunity_page(
    request: Request,
    job_id: Id,
    browser: BrowserDep,
    as_of: AsOfDep,
    kind: Annotated[str | None, Query(max_length=SHORT)] = None,
) -> HTMLResponse:
    """The suggested slate, the runners-up and why they lost, the pipeline and its actions."""
    found = browser.opportunity(job_id, as_of=as_of, kind=kind or None)
    return render(
        request,
        "opportunity.html",
        page=found,
        job=found.job,
        kinds=KINDS,
        nav="opportunities",
        json_url=f"/api/opportunities/{job_id}",
    )


@api.get("/opportunities/{job_id}", summary="An opportunity's slate, pipeline and progress")
def opportunity_api(
    job_id: Id,
    browser: BrowserDep,
    as_of: AsOfDep,
    kind: Annotated[str | None, Query(max_length=SHORT)] = None,
) -> Json:
    """``goodword suggest --json``, plus the asks (with their possible moves) and the progress."""
    return Json(browser.opportunity(job_id, as_of=as_of, kind=kind or None).as_dict())


class AskIn(BaseModel):
    """Propose asks, or move them to a state (as ``goodword ask`` does)."""

    people: list[Annotated[str, Field(max_length=SHORT)]] = Field(
        max_length=MANY, description="ids or names"
    )
    to: str | None = Field(
        None, max_length=SHORT, description="the state to move to; omit to propose"
    )
    note: str = Field("", max_length=TEXT)
    kind: str | None = Field(None, max_length=SHORT)
    anyway: bool = Field(False, description="go ahead for someone who said no (as --anyway)")


@pages.post("/opportunities/{job_id}/asks", dependencies=[CSRF])
def ask_form(
    job_id: Id,
    browser: BrowserDep,
    person: Annotated[list[Annotated[str, Field(max_length=SHORT)]], Form(max_length=MANY)],
    to: Annotated[str, Form(max_length=SHORT)] = "",
    note: Annotated[str, Form(max_length=TEXT)] = "",
    back: Annotated[str, Form(max_length=LINE)] = "",
    anyway: Annotated[bool, Form()] = False,
) -> RedirectResponse:
    """Propose asks for the people ticked, or move one ask along; then go back."""
    browser.service.ask(str(job_id), person, to=to or None, note=note, anyway=anyway)
    browser.changed()
    return back_to(back, f"/opportunities/{job_id}#pipeline")


@api.post("/opportunities/{job_id}/asks", dependencies=[CSRF], summary="Propose or move asks")
def ask_api(job_id: Id, body: AskIn, browser: BrowserDep) -> Json:
    """Like ``goodword ask``: returns the asks touched (``goodword asks --json`` objects)."""
    views = browser.service.ask(
        str(job_id), body.people, to=body.to, note=body.note, kind=body.kind, anyway=body.anyway
    )
    browser.changed()
    return Json([v.as_dict() for v in views])


def _download(view: BriefView | SheetView, fmt: Format, stem: str) -> Response:
    if fmt == "md":
        return Response(
            view.markdown(),
            media_type="text/markdown; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{stem}.md"'},
        )
    with tempfile.TemporaryDirectory(prefix="goodword-web-") as scratch:
        content = view.write_pdf(Path(scratch) / f"{stem}.pdf").read_bytes()
    return Response(
        content,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{stem}.pdf"'},
    )


@pages.get("/opportunities/{job_id}/brief/{person_id}")
def brief_download(
    job_id: Id,
    person_id: Id,
    browser: BrowserDep,
    format: Annotated[Format, Query()] = "pdf",
    anyway: Annotated[bool, Query()] = False,
) -> Response:
    """The prep brief for one person, as a PDF (or Markdown) download."""
    view = browser.service.prep(str(job_id), str(person_id), anyway=anyway)
    return _download(view, format, f"prep-brief-{job_id}-{person_id}")


@api.get("/opportunities/{job_id}/brief/{person_id}", summary="A person's prep brief")
def brief_api(
    job_id: Id,
    person_id: Id,
    browser: BrowserDep,
    anyway: Annotated[bool, Query()] = False,
) -> Json:
    """``goodword prep --json``: the brief's content, its Markdown and their concerns (for you)."""
    return Json(browser.service.prep(str(job_id), str(person_id), anyway=anyway).as_dict())


@pages.get("/opportunities/{job_id}/sheet")
def sheet_download(
    job_id: Id,
    browser: BrowserDep,
    format: Annotated[Format, Query()] = "pdf",
    anyway: Annotated[bool, Query()] = False,
) -> Response:
    """The references sheet (everyone who agreed), as a PDF (or Markdown) download."""
    view = browser.service.sheet(str(job_id), anyway=anyway)
    return _download(view, format, f"references-{job_id}")


@api.get("/opportunities/{job_id}/sheet", summary="The references sheet for the employer")
def sheet_api(job_id: Id, browser: BrowserDep, anyway: Annotated[bool, Query()] = False) -> Json:
    """``goodword sheet --json``: everyone who agreed, with what they chose to share."""
    return Json(browser.service.sheet(str(job_id), anyway=anyway).as_dict())
