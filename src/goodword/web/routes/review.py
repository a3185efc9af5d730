"""Who is who: the matches identity resolution was unsure of, answered in the browser.

The same questions and decisions as ``goodword review``, ``--accept`` and
``--reject``, over the same facade methods.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from goodword.service import MATCH_STATUSES, match_dict
from goodword.web.deps import CSRF, BrowserDep, Id, back_to
from goodword.web.pages import Json, render

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", tags=["review"])

STATUSES = (*MATCH_STATUSES, "all")
Status = Annotated[str, Query(pattern=f"^({'|'.join(STATUSES)})$")]


@pages.get("/review", response_class=HTMLResponse)
def review_page(request: Request, browser: BrowserDep, status: Status = "pending") -> HTMLResponse:
    """The possible matches (or the decisions taken), each with its confidence and evidence."""
    found = browser.service.review(None if status == "all" else status)
    return render(
        request,
        "review.html",
        matches=found,
        status=status,
        statuses=STATUSES,
        nav="review",
        json_url=f"/api/review?status={status}",
    )


@api.get("/review", summary="Possible matches and match decisions (goodword review --json)")
def review_api(browser: BrowserDep, status: Status = "pending") -> Json:
    """``goodword review --json``: the pending matches by default."""
    found = browser.service.review(None if status == "all" else status)
    return Json([match_dict(view) for view in found])


def _decide(browser: BrowserDep, match_id: int, *, same: bool) -> str:
    decision = browser.service.decide_match(match_id, same=same)
    browser.changed()  # a merge changes people, their evidence and their scores
    return str(decision.message)


@pages.post("/review/{match_id}/accept", dependencies=[CSRF])
def accept_form(browser: BrowserDep, match_id: Id) -> RedirectResponse:
    """They are the same person: merge them, then show the rest of the questions."""
    _decide(browser, match_id, same=True)
    return back_to("/review", "/review")


@pages.post("/review/{match_id}/reject", dependencies=[CSRF])
def reject_form(browser: BrowserDep, match_id: Id) -> RedirectResponse:
    """They are two people: never ask again."""
    _decide(browser, match_id, same=False)
    return back_to("/review", "/review")


@api.post("/review/{match_id}/accept", dependencies=[CSRF], summary="Merge a proposed pair")
def accept_api(browser: BrowserDep, match_id: Id) -> Json:
    """Like ``goodword review --accept ID``."""
    return Json({"message": _decide(browser, match_id, same=True)})


@api.post("/review/{match_id}/reject", dependencies=[CSRF], summary="Keep a proposed pair apart")
def reject_api(browser: BrowserDep, match_id: Id) -> Json:
    """Like ``goodword review --reject ID``."""
    return Json({"message": _decide(browser, match_id, same=False)})
