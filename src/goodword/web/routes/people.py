"""People: the paged, sortable, filterable list; one person with charts; the honest conversation."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import BaseModel, Field

from goodword.service import FILTERS, MAX_ID, MAX_PAGE_SIZE, PAGE_SIZE, SORT_KEYS, PeopleQuery
from goodword.web import charts
from goodword.web.deps import CSRF, LINE, SHORT, TEXT, AsOfDep, BrowserDep, Id, back_to, day
from goodword.web.notices import flash
from goodword.web.pages import Json, query_url, render

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", tags=["people"])


def people_query(
    page: Annotated[int, Query(ge=1, le=MAX_ID, description="Page number, from 1.")] = 1,
    sort: Annotated[
        str, Query(max_length=SHORT, description=f"One of: {', '.join(SORT_KEYS)}.")
    ] = "fit",
    q: Annotated[str, Query(max_length=SHORT, description="Only names containing this.")] = "",
    org: Annotated[
        str, Query(max_length=SHORT, description="Only people at this organisation.")
    ] = "",
    filter_: Annotated[
        str, Query(alias="filter", max_length=SHORT, description=f"One of: {', '.join(FILTERS)}.")
    ] = "",
    as_of: Annotated[
        str | None, Query(max_length=SHORT, description="Score as of YYYY-MM-DD.")
    ] = None,
    page_size: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = PAGE_SIZE,
    min_familiarity: Annotated[float | None, Query(ge=0, le=1)] = None,
    min_communication: Annotated[float | None, Query(ge=0, le=1)] = None,
    min_satisfaction: Annotated[float | None, Query(ge=0, le=1)] = None,
) -> PeopleQuery:
    """The people page's query string (the options of ``goodword people``, plus paging)."""
    minimum = tuple(
        (name, value)
        for name, value in (
            ("familiarity", min_familiarity),
            ("communication", min_communication),
            ("satisfaction", min_satisfaction),
        )
        if value is not None
    )
    return PeopleQuery(
        sort=sort,
        search=q.strip(),
        organization=org.strip(),
        filter=filter_.strip(),
        minimum=minimum,
        as_of=day(as_of),
        page=page,
        page_size=page_size,
    )


QueryDep = Annotated[PeopleQuery, Depends(people_query)]


def _params(query: PeopleQuery) -> dict[str, Any]:
    params: dict[str, Any] = {
        "q": query.search,
        "org": query.organization,
        "filter": query.filter,
        "sort": query.sort if query.sort != "fit" else "",
        "as_of": query.as_of.isoformat() if query.as_of else "",
        "page_size": query.page_size if query.page_size != PAGE_SIZE else "",
    }
    params.update({f"min_{k}": v for k, v in query.minimum})
    return params


@pages.get("/people", response_class=HTMLResponse)
def people_page(request: Request, browser: BrowserDep, query: QueryDep) -> HTMLResponse:
    """Everyone, the three criteria side by side; htmx asks for the table alone."""
    found = browser.people(query)
    params = _params(query)
    context: dict[str, Any] = {
        "found": found,
        "params": params,
        "filters": FILTERS,
        "sort_keys": SORT_KEYS,
        "nav": "people",
        "json_url": query_url("/api/people", params, page=query.page),
    }
    if request.headers.get("HX-Request") and request.headers.get("HX-Target") == "people-table":
        return render(request, "people_table.html", **context)
    return render(request, "people.html", **context)


@api.get("/people", summary="People, paged: the objects of `goodword people --json`")
def people_api(browser: BrowserDep, query: QueryDep) -> Json:
    """A page of people; each item is exactly what ``goodword people --json`` prints."""
    return Json(browser.people(query).as_dict())


@pages.get("/people/{person_id}", response_class=HTMLResponse)
def person_page(
    request: Request, person_id: Id, browser: BrowserDep, as_of: AsOfDep
) -> HTMLResponse:
    """One person: the why of each score, the evidence timeline and the reply-latency chart."""
    found = browser.person(str(person_id), as_of)
    return render(
        request,
        "person.html",
        page=found,
        a=found.detail.assessment,
        record=found.detail.record,
        timeline=charts.timeline(found.timeline),
        latency=charts.latency(found.replies),
        nav="people",
        json_url=f"/api/people/{person_id}" + (f"?as_of={as_of.isoformat()}" if as_of else ""),
    )


@api.get("/people/{person_id}", summary="One person, their evidence and the charts' data")
def person_api(person_id: Id, browser: BrowserDep, as_of: AsOfDep) -> Json:
    """``goodword person --json``, plus interactions per month, reply latencies and asks."""
    return Json(browser.person(str(person_id), as_of).as_dict())


class VetIn(BaseModel):
    """The honest conversation's answer."""

    willing: str = Field(max_length=SHORT, description="yes, concerns, no or not-yet")
    concerns: str = Field("", max_length=TEXT)
    channel: str = Field("", max_length=SHORT)


@pages.post("/people/{person_id}/vet", dependencies=[CSRF])
def vet_form(
    person_id: Id,
    browser: BrowserDep,
    willing: Annotated[str, Form(max_length=SHORT)],
    concerns: Annotated[str, Form(max_length=TEXT)] = "",
    channel: Annotated[str, Form(max_length=SHORT)] = "",
    back: Annotated[str, Form(max_length=LINE)] = "",
) -> RedirectResponse:
    """Record the honest conversation from a form, then go back."""
    browser.service.vet(str(person_id), willing=willing, concerns=concerns, channel=channel)
    browser.changed()
    return back_to(back, f"/people/{person_id}")


@api.post(
    "/people/{person_id}/vet",
    dependencies=[CSRF],
    summary="Record the honest conversation; returns the person re-scored",
)
def vet_api(person_id: Id, body: VetIn, browser: BrowserDep) -> Json:
    """Like ``goodword vet``: returns ``goodword person --json`` of the re-scored person."""
    detail = browser.service.vet(
        str(person_id), willing=body.willing, concerns=body.concerns, channel=body.channel
    )
    browser.changed()
    return Json(detail.as_dict())


@pages.get("/people/{person_id}/forget", response_class=HTMLResponse)
def forget_page(request: Request, person_id: Id, browser: BrowserDep) -> HTMLResponse:
    """Forgetting someone, to confirm: what goes with them, counted; nothing is changed yet."""
    plan = browser.service.forget_preview(str(person_id))
    return render(
        request,
        "forget.html",
        plan=plan,
        nav="people",
        json_url=f"/api/people/{person_id}/forget",
    )


@pages.post("/people/{person_id}/forget", dependencies=[CSRF])
def forget_form(request: Request, person_id: Id, browser: BrowserDep) -> RedirectResponse:
    """Forget them (one transaction), then back to the people list with a notice."""
    done = browser.service.forget(str(person_id))
    browser.changed()
    removed = sum(count for _words, count in done.listed)
    flash(
        request,
        f"Forgotten: {done.name} and {removed} row(s) about them are gone, and later imports "
        "will leave them out.",
    )
    return RedirectResponse("/people", status_code=303)


@api.get("/people/{person_id}/forget", summary="What forgetting a person would remove")
def forget_preview_api(person_id: Id, browser: BrowserDep) -> Json:
    """``goodword forget`` before its confirmation: counts per kind of row; nothing changes."""
    return Json(browser.service.forget_preview(str(person_id)).as_dict())


@api.post(
    "/people/{person_id}/forget",
    dependencies=[CSRF],
    summary="Forget a person and everything about them (cannot be undone)",
)
def forget_api(person_id: Id, browser: BrowserDep) -> Json:
    """Like ``goodword forget --yes --json``."""
    done = browser.service.forget(str(person_id))
    browser.changed()
    return Json(done.as_dict())
