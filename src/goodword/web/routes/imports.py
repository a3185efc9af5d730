"""Import: upload an export, watch its progress, read the summary and the issues."""

from __future__ import annotations

import shutil
from typing import Annotated

from fastapi import APIRouter, File, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse

from goodword.errors import InvalidInput
from goodword.web.browser import Browser, ImportTask, upload_name
from goodword.web.deps import CSRF, BrowserDep
from goodword.web.pages import Json, render

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", tags=["import"])
CHUNK = 1 << 20


def _start(browser: Browser, upload: UploadFile) -> ImportTask:
    """Save the upload under the data directory, then import it in the background."""
    if not upload.filename:
        raise InvalidInput("choose a file to import: a LinkedIn export (.zip or .csv) or an mbox")
    target = browser.upload_dir() / upload_name(upload.filename)
    with target.open("wb") as out:
        shutil.copyfileobj(upload.file, out, CHUNK)
    if target.stat().st_size == 0:
        shutil.rmtree(target.parent, ignore_errors=True)
        raise InvalidInput(f"{upload.filename} is empty; choose the export file itself")
    return browser.start_import(target, upload.filename)


@pages.get("/import", response_class=HTMLResponse)
def import_page(request: Request, browser: BrowserDep) -> HTMLResponse:
    """The upload form and the imports started since the server started."""
    return render(
        request, "import.html", tasks=browser.import_tasks(), nav="import", json_url="/api/imports"
    )


@pages.post("/import", dependencies=[CSRF])
def upload_form(browser: BrowserDep, file: Annotated[UploadFile, File()]) -> RedirectResponse:
    """Start importing the uploaded file and show its progress."""
    task = _start(browser, file)
    return RedirectResponse(f"/import/{task.id}", status_code=303)


@pages.get("/import/{task_id}", response_class=HTMLResponse)
def task_page(request: Request, task_id: str, browser: BrowserDep) -> HTMLResponse:
    """One import: its progress while it runs, then the summary and the issues."""
    task = browser.import_task(task_id)
    return render(
        request, "import_task.html", task=task, nav="import", json_url=f"/api/imports/{task_id}"
    )


@pages.get("/import/{task_id}/progress", response_class=HTMLResponse)
def task_progress(request: Request, task_id: str, browser: BrowserDep) -> HTMLResponse:
    """The progress fragment htmx polls; once finished it stops asking and shows the summary."""
    return render(request, "import_progress.html", task=browser.import_task(task_id))


@api.get("/imports", summary="The imports started since the server started")
def tasks_api(browser: BrowserDep) -> Json:
    """Each import's stage, progress, and its summary (``goodword import --json``) or error."""
    return Json([t.as_dict() for t in browser.import_tasks()])


@api.post("/imports", dependencies=[CSRF], status_code=202, summary="Upload and import a file")
def upload_api(browser: BrowserDep, file: Annotated[UploadFile, File()]) -> Json:
    """Start an import in the background; poll ``/api/imports/{id}`` until it is done."""
    return Json(_start(browser, file).as_dict(), status_code=202)


@api.get("/imports/{task_id}", summary="One import's progress, then its summary or error")
def task_api(task_id: str, browser: BrowserDep) -> Json:
    """The stage, how far loading is, and at the end ``goodword import --json``'s summary."""
    return Json(browser.import_task(task_id).as_dict())
