"""The web face over a real database on each backend: pages, their JSON twins, safety.

Each page and its twin are read from the same seeded network (the LinkedIn
fixture export plus a hostile contact); actions are made through forms and
the API exactly as a browser or a script would, CSRF token included.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from goodword.cli.app import app as cli
from goodword.service import Service
from goodword.web import create_app
from goodword.web.app import AREAS
from tests.linkedin_exports import EXPORT_2025, zip_folder
from tests.web.conftest import (
    HOSTILE_NAME,
    HOSTILE_ORG,
    HOSTILE_SUBJECT,
    HOSTILE_TITLE,
    LOCAL,
    TestClient,
    token,
)

AS_OF = "2025-10-01"


def ok(response: Any) -> Any:
    """The response, after checking it succeeded (the body is shown when it did not)."""
    assert response.status_code < 400, response.text
    return response


def person_id(client: TestClient, name: str) -> int:
    """The id of the one person whose name contains ``name``."""
    found = ok(client.get("/api/people", params={"q": name})).json()["people"]
    assert len(found) == 1, found
    return int(found[0]["id"])


def job_id(client: TestClient, title: str) -> int:
    """The id of the opportunity called ``title``."""
    jobs = ok(client.get("/api/opportunities")).json()
    return next(int(p["job"]["id"]) for p in jobs if p["job"]["title"] == title)


# ---------------------------------------------------------------- pages and twins


def test_every_page_renders_and_links_its_json_twin(client: TestClient) -> None:
    zoe = person_id(client, "Zoë")
    job = job_id(client, "Data Lead")
    pages = [
        "/",
        "/people",
        "/people?sort=communication&filter=familiar&page_size=3",
        f"/people/{zoe}",
        "/opportunities",
        f"/opportunities/{job}",
        "/import",
        "/settings",
        "/review",
        "/review?status=all",
    ]
    for path in pages:
        page = ok(client.get(path))
        assert page.headers["content-type"].startswith("text/html")
        twin = re.search(r'<a href="([^"]+)" class="json">', page.text)
        assert twin, f"{path} has no JSON twin link"
        data = ok(client.get(twin.group(1).replace("&amp;", "&")))
        assert data.headers["content-type"] == "application/json", path


def test_api_people_objects_are_the_cli_json_objects(
    client: TestClient, seeded: Service, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GOODWORD_DATABASE_URL", seeded.settings.resolved_database_url())
    for sort in ("fit", "name"):
        result = CliRunner().invoke(cli, ["people", "--json", "--as-of", AS_OF, "--sort", sort])
        assert result.exit_code == 0, result.output
        expected = json.loads(result.stdout)
        page = ok(client.get("/api/people", params={"as_of": AS_OF, "sort": sort})).json()
        assert page["people"] == expected
        assert page["total"] == len(expected) > 5


def test_people_pages_sort_filter_and_search(client: TestClient) -> None:
    everyone = ok(client.get("/api/people", params={"as_of": AS_OF})).json()
    pages = [
        ok(client.get("/api/people", params={"as_of": AS_OF, "page_size": 3, "page": n})).json()
        for n in (1, 2, 3, 4)
    ]
    assert pages[0]["pages"] == -(-everyone["total"] // 3)
    assert [p["id"] for page in pages for p in page["people"]] == [
        p["id"] for p in everyone["people"]
    ]
    by_name = ok(client.get("/api/people", params={"sort": "name"})).json()["people"]
    names = [p["name"].casefold() for p in by_name]
    assert names == sorted(names)
    familiar = ok(client.get("/api/people", params={"filter": "familiar"})).json()["people"]
    assert familiar
    assert all(p["familiarity"]["score"] >= 0.5 for p in familiar)
    assert len(familiar) < everyone["total"]
    globex = ok(client.get("/api/people", params={"org": "Globex"})).json()["people"]
    assert globex
    assert all("Globex" in p["organization"] for p in globex)
    html = ok(client.get("/people", params={"q": "Zoë"})).text
    assert "1 person" in html
    assert "Zoë" in html


def test_htmx_gets_the_people_table_alone(client: TestClient) -> None:
    fragment = ok(
        client.get(
            "/people",
            params={"sort": "communication"},
            headers={"HX-Request": "true", "HX-Target": "people-table"},
        )
    ).text
    assert fragment.lstrip().startswith('<div id="people-table"')
    assert "<html" not in fragment
    assert 'aria-sort="descending"' in fragment


def test_the_people_page_shows_the_fit_it_sorts_by(client: TestClient) -> None:
    people = ok(client.get("/api/people")).json()["people"]
    fits = [p["fit"] for p in people]
    assert fits == sorted(fits, reverse=True)
    html = ok(client.get("/people")).text
    assert ">Fit</a>" in html
    cells = re.findall(r'<td class="num" title="rank (\d+)">([0-9.]+)</td>', html)
    assert [(int(rank), float(fit)) for rank, fit in cells[:3]] == [
        (n + 1, round(fit, 2)) for n, fit in enumerate(fits[:3])
    ]


def test_a_person_shows_the_why_and_two_svg_charts(client: TestClient) -> None:
    zoe = person_id(client, "Zoë")
    html = ok(client.get(f"/people/{zoe}")).text
    assert html.count("<svg") == 2
    assert 'role="img"' in html
    assert "chance of an answer within 14 days" in html  # the why of communication
    data = ok(client.get(f"/api/people/{zoe}")).json()
    assert sum(m["from_me"] + m["to_me"] + m["group"] for m in data["timeline"]) == len(
        data["interactions"]
    )
    assert data["replies"]
    assert data["replies"][0]["reply_hours"] == 3.0


def test_dashboard_shows_what_is_due_and_open_jobs(client: TestClient) -> None:
    job = job_id(client, "Data Lead")
    zoe = person_id(client, "Zoë")
    secret = token(client)
    ok(
        client.post(
            f"/api/opportunities/{job}/asks",
            json={"people": [str(zoe)]},
            headers={"X-CSRF-Token": secret},
        )
    )
    board = ok(client.get("/api/dashboard")).json()
    data_lead = next(p for p in board["open_jobs"] if p["job"]["id"] == job)
    assert data_lead["asks"] == {"proposed": 1}
    assert data_lead["needed"] == 2
    html = ok(client.get("/")).text
    assert "Data Lead" in html
    assert "1 of 2" not in html  # nobody agreed yet
    assert "0 of 2 agreed" in html


def test_an_empty_dashboard_points_to_import_or_the_demo(db_url: str, tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from goodword.config import Settings

    service = Service(Settings(home=tmp_path / "home", database_url=db_url))
    with TestClient(create_app(service), base_url=LOCAL) as empty:
        board = ok(empty.get("/api/dashboard")).json()
        html = ok(empty.get("/")).text
    service.close()
    assert board["people"] == 0
    assert board["next_step"].startswith("import your evidence (POST /api/imports")
    assert '<a href="/import">Import your evidence</a>' in html
    assert "goodword demo --keep DIR" in html


def test_a_dashboard_with_people_needs_no_first_step(client: TestClient) -> None:
    board = ok(client.get("/api/dashboard")).json()
    assert board["people"] > 0 and board["next_step"] is None
    assert "Start here" not in ok(client.get("/")).text


# ---------------------------------------------------------------- the ask flow through forms


def test_the_ask_flow_through_the_forms(client: TestClient) -> None:
    job = job_id(client, "Data Lead")
    page = ok(client.get(f"/opportunities/{job}")).text
    assert "Suggested slate" in page
    picks = ok(client.get(f"/api/opportunities/{job}")).json()["picks"]
    assert picks
    chosen = picks[0]["id"]
    secret = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert secret
    form = {"csrf_token": secret.group(1)}
    back = f"/opportunities/{job}#pipeline"
    answer = client.post(
        f"/opportunities/{job}/asks",
        data={**form, "person": [str(chosen)], "back": back},
        follow_redirects=False,
    )
    assert answer.status_code == 303
    assert answer.headers["location"] == back
    vet = client.post(
        f"/people/{chosen}/vet", data={**form, "willing": "yes"}, follow_redirects=False
    )
    assert vet.status_code == 303
    for state in ("asked", "agreed"):
        ok(client.post(f"/opportunities/{job}/asks", data={**form, "person": chosen, "to": state}))
    asks = ok(client.get(f"/api/opportunities/{job}")).json()["asks"]
    assert [(a["person"]["id"], a["state"]) for a in asks] == [(chosen, "agreed")]
    assert "briefed" in asks[0]["moves"]
    brief = ok(client.get(f"/opportunities/{job}/brief/{chosen}"))
    assert brief.content.startswith(b"%PDF")
    assert "attachment" in brief.headers["content-disposition"]
    sheet = ok(client.get(f"/opportunities/{job}/sheet", params={"format": "md"}))
    assert sheet.headers["content-type"].startswith("text/markdown")
    assert ok(client.get(f"/api/opportunities/{job}/sheet")).json()["markdown"] == sheet.text


def test_the_pipeline_respects_a_no_until_anyway_is_ticked(
    client: TestClient, seeded: Service
) -> None:
    job = job_id(client, "Data Lead")
    zoe = ok(client.get("/api/people?q=Zoë")).json()["people"][0]["id"]
    seeded.vet("Zoë", willing="yes")
    seeded.ask(str(job), ["Zoë"], to="asked")
    seeded.ask(str(job), ["Zoë"], to="agreed")
    seeded.vet("Zoë", willing="no")
    form = {"csrf_token": token(client), "person": str(zoe)}

    page = ok(client.get(f"/opportunities/{job}")).text
    assert "said no on" in page
    assert 'name="anyway"' in page
    assert f"/opportunities/{job}/brief/{zoe}?format=pdf&amp;anyway=true" in page
    assert "make the references sheet anyway" in page
    refused = client.post(f"/opportunities/{job}/asks", data={**form, "to": "briefed"})
    assert refused.status_code == 422
    assert "said no in the honest conversation" in refused.text
    assert "anyway" in refused.text
    api = client.get(f"/api/opportunities/{job}/brief/{zoe}")
    assert api.status_code == 422
    assert api.json()["error"]["message"].startswith("Zoë Bašić said no")
    assert client.get(f"/api/opportunities/{job}/sheet").status_code == 422
    ok(client.post(f"/opportunities/{job}/asks", data={**form, "to": "briefed", "anyway": "true"}))
    asks = ok(client.get(f"/api/opportunities/{job}")).json()["asks"]
    assert [a["state"] for a in asks] == ["briefed"]
    assert asks[0]["honest_conversation"]["willing"] == "no"
    brief = ok(client.get(f"/opportunities/{job}/brief/{zoe}?format=md&anyway=true"))
    assert "Thank you for agreeing" in brief.text  # she did agree to this ask, once
    assert ok(client.get(f"/api/opportunities/{job}/sheet?anyway=true")).json()["markdown"]


def test_concerns_show_on_the_opportunity_page_and_beside_the_brief(
    client: TestClient, seeded: Service
) -> None:
    job = job_id(client, "Data Lead")
    zoe = ok(client.get("/api/people?q=Zoë")).json()["people"][0]["id"]
    seeded.vet("Zoë", willing="concerns", concerns="missed the Q3 deadline")
    seeded.ask(str(job), ["Zoë"])

    page = ok(client.get(f"/opportunities/{job}")).text
    assert "concerns they raised: missed the Q3 deadline" in page  # on the slate
    assert "Zoë Bašić raised concerns on" in page  # in the pipeline
    brief = ok(client.get(f"/api/opportunities/{job}/brief/{zoe}")).json()
    assert brief["concerns"].endswith("missed the Q3 deadline")
    assert "Q3" not in brief["markdown"]
    assert "agreeing" not in brief["markdown"]


def test_a_new_opportunity_from_the_form(client: TestClient) -> None:
    page = ok(client.get("/opportunities")).text
    secret = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert secret
    made = client.post(
        "/opportunities",
        data={
            "csrf_token": secret.group(1),
            "title": "Fellowship",
            "kind": "recommendation",
            "needs": "2 letters",
            "deadline": "2026-12-01",
        },
        follow_redirects=False,
    )
    assert made.status_code == 303
    shown = ok(client.get(made.headers["location"].replace("/opportunities", "/api/opportunities")))
    assert shown.json()["job"]["needs"]["kind"] == "recommendation"
    assert shown.json()["job"]["deadline"] == "2026-12-01"


def test_settings_update_your_name(client: TestClient) -> None:
    ok(client.post("/settings/me", data={"csrf_token": token(client), "name": "Sam R."}))
    assert ok(client.get("/api/settings")).json()["me"]["name"] == "Sam R."


# ---------------------------------------------------------------- import


def _wait(client: TestClient, task: str) -> dict[str, Any]:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        state: dict[str, Any] = ok(client.get(f"/api/imports/{task}")).json()
        if state["stage"] in ("done", "failed"):
            return state
        time.sleep(0.05)
    raise AssertionError(f"import {task} did not finish")


def test_upload_an_export_and_watch_it_finish(client: TestClient, tmp_path: Path) -> None:
    export = zip_folder(EXPORT_2025, tmp_path / "upload")
    page = ok(client.get("/import")).text
    secret = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert secret
    with export.open("rb") as file:
        started = client.post(
            "/import",
            data={"csrf_token": secret.group(1)},
            files={"file": (export.name, file, "application/zip")},
            follow_redirects=False,
        )
    assert started.status_code == 303
    task = started.headers["location"].rsplit("/", 1)[1]
    state = _wait(client, task)
    assert state["stage"] == "done", state
    assert state["summary"]["kind"] == "linkedin"
    assert state["summary"]["people_added"] == 0  # the same export again adds nobody
    fragment = ok(client.get(f"/import/{task}/progress")).text
    assert 'data-stage="done"' in fragment
    assert "hx-trigger" not in fragment  # polling stops
    assert "Connections.csv" in fragment
    assert 'Next: <a href="/people">see your people</a>' in fragment


def test_a_broken_upload_fails_with_its_reason(client: TestClient) -> None:
    started = ok(
        client.post(
            "/api/imports",
            files={"file": ("notes.txt", b"just some text\n", "text/plain")},
            headers={"X-CSRF-Token": token(client)},
        )
    )
    assert started.status_code == 202
    state = _wait(client, started.json()["id"])
    assert state["stage"] == "failed"
    assert state["error"]["code"] == "unsupported_input"
    empty = client.post(
        "/api/imports",
        files={"file": ("x.zip", b"", "application/zip")},
        headers={"X-CSRF-Token": token(client)},
    )
    assert empty.status_code == 422
    assert "empty" in empty.json()["error"]["message"]


# ---------------------------------------------------------------- errors and safety


@pytest.mark.parametrize(
    ("path", "status", "code"),
    [
        ("/api/people/999999", 404, "not_found"),
        ("/api/people?sort=height", 422, "invalid_input"),
        ("/api/people?filter=nice", 422, "invalid_input"),
        ("/api/people?page=0", 422, "invalid_input"),
        ("/api/people?as_of=yesterday", 422, "invalid_input"),
        ("/api/opportunities/999", 404, "not_found"),
        ("/api/imports/nope", 404, "not_found"),
        ("/api/nothing-here", 404, "not_found"),
    ],
)
def test_one_error_shape(client: TestClient, path: str, status: int, code: str) -> None:
    answer = client.get(path)
    assert answer.status_code == status
    body = answer.json()
    assert list(body) == ["error"]
    assert body["error"]["code"] == code
    assert body["error"]["message"]


def test_an_ambiguous_name_is_409(client: TestClient) -> None:
    job = job_id(client, "Data Lead")
    answer = client.post(
        f"/api/opportunities/{job}/asks",
        json={"people": ["a"]},
        headers={"X-CSRF-Token": token(client)},
    )
    assert answer.status_code == 409
    assert answer.json()["error"]["code"] == "ambiguous"


def test_pages_show_a_friendly_error(client: TestClient) -> None:
    answer = client.get("/people/999999")
    assert answer.status_code == 404
    assert "text/html" in answer.headers["content-type"]
    assert "no person with id 999999" in answer.text
    assert "Back to the dashboard" in answer.text


def test_every_post_without_the_csrf_token_is_refused(client: TestClient, seeded: Service) -> None:
    posts = sorted(
        route.path
        for area in AREAS
        for router in (area.pages, area.api)
        for route in router.routes
        if "POST" in getattr(route, "methods", set())
    )
    assert len(posts) >= 9
    zoe = person_id(client, "Zoë")
    ok(client.get("/"))  # a session cookie, but no token sent
    for path in posts:
        url = (
            path.replace("{person_id}", str(zoe))
            .replace("{job_id}", "1")
            .replace("{match_id}", "1")
        )
        for answer in (
            client.post(url, data={"willing": "yes", "title": "x", "person": "1"}),
            client.post(url, json={"willing": "yes"}, headers={"X-CSRF-Token": "forged"}),
        ):
            assert answer.status_code == 403, url
    api = client.post(f"/api/people/{zoe}/vet", json={"willing": "yes"})
    assert api.json()["error"]["code"] == "forbidden"
    assert seeded.person(str(zoe)).record.vettings == []  # nothing was recorded
    stranger = TestClient(create_app(seeded), base_url=LOCAL)  # another browser: its own session
    stolen = token(client)
    refused = stranger.post(
        f"/api/people/{zoe}/vet", json={"willing": "yes"}, headers={"X-CSRF-Token": stolen}
    )
    assert refused.status_code == 403


def test_imported_html_is_shown_as_text(client: TestClient) -> None:
    mallory = person_id(client, "Mallory")
    hostile_job = job_id(client, HOSTILE_NAME)
    ok(client.post("/settings/me", data={"csrf_token": token(client), "name": HOSTILE_NAME}))
    for path, raw in (
        ("/people?q=Mallory", HOSTILE_ORG),
        (f"/people/{mallory}", HOSTILE_SUBJECT),
        (f"/people/{mallory}", HOSTILE_TITLE),
        ("/opportunities", HOSTILE_NAME),
        (f"/opportunities/{hostile_job}", HOSTILE_NAME),
        ("/", HOSTILE_NAME),
        ("/settings", HOSTILE_NAME),
    ):
        html = ok(client.get(path)).text
        assert raw not in html, path
        assert raw.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") in html, path
    assert ok(client.get(f"/api/people/{mallory}")).json()["organization"] == HOSTILE_ORG


def test_pages_are_not_framed_and_run_only_their_own_scripts(client: TestClient) -> None:
    answer = ok(client.get("/"))
    assert answer.headers["x-frame-options"] == "DENY"
    assert "script-src 'self'" in answer.headers["content-security-policy"]
    cookie = answer.headers["set-cookie"].lower()
    assert "httponly" in cookie
    assert "samesite=strict" in cookie


def test_static_files_are_served_from_the_package(client: TestClient) -> None:
    htmx = ok(client.get("/static/htmx.min.js"))
    assert "htmx" in htmx.text[:200]
    assert "0BSD" in htmx.text[:200]
    ok(client.get("/static/goodword.css"))
    html = ok(client.get("/")).text
    assert not re.search(r'(src|href)="(https?:)?//', html.replace('href="https://www.', ""))


def test_openapi_describes_the_api_only(client: TestClient) -> None:
    spec = ok(client.get("/openapi.json")).json()
    assert "/api/people" in spec["paths"]
    assert "/api/opportunities/{job_id}" in spec["paths"]
    assert all(path.startswith("/api/") for path in spec["paths"])
    names = {p["name"] for p in spec["paths"]["/api/people"]["get"]["parameters"]}
    assert {"page", "sort", "q", "org", "filter", "as_of"} <= names
    assert client.get("/docs").status_code == 404  # no CDN-loaded docs page


def test_who_is_who_asks_about_a_possible_match_and_takes_the_answer(
    client: TestClient, seeded: Service, tmp_path: Path
) -> None:
    # Mail from a private address under the name of a LinkedIn connection: only a question.
    mailbox = tmp_path / "mail.mbox"
    mailbox.write_text(
        "From 1@xxx Mon Mar 03 09:00:00 +0000 2025\n"
        "Message-ID: <q1@mail.example>\nFrom: Zoë Bašić <zoe.basic@gmail.com>\n"
        "To: Sam Rivera <sam.rivera@example.com>\nDate: Mon, 03 Mar 2025 09:00:00 +0000\n"
        "Subject: Coffee?\n\nhi\n\n",
        encoding="utf-8",
    )
    assert seeded.import_path(mailbox).matches_pending == 1
    [question] = ok(client.get("/api/review")).json()
    assert question["evidence"][0] == "the same name, 'Zoë Bašić'"
    match = question["id"]
    page = ok(client.get("/review"))
    assert f'action="/review/{match}/accept"' in page.text
    answer = client.post(
        f"/review/{match}/accept",
        data={"csrf_token": token(client)},
        follow_redirects=False,
    )
    assert answer.status_code == 303
    assert ok(client.get("/api/review")).json() == []
    [merged] = ok(client.get("/api/review?status=merged")).json()
    assert merged["decided_by"] == "user"
    people = ok(client.get("/api/people?q=Basic")).json()["people"]
    assert len(people) == 1 and "zoe.basic@gmail.com" in people[0]["emails"]


def test_who_is_who_asks_is_this_you_and_a_yes_makes_it_yours(
    client: TestClient, seeded: Service
) -> None:
    seeded.update_me(name="Zoë Bašić")  # as if a contact had the owner's own name
    [question] = ok(client.get("/api/review")).json()
    assert question["question"] == "is this you?"
    page = ok(client.get("/review")).text
    assert "is this you?" in page
    assert "Yes, it is me" in page and "No, someone else" in page
    answer = client.post(
        f"/review/{question['id']}/accept",
        data={"csrf_token": token(client)},
        follow_redirects=False,
    )
    assert answer.status_code == 303
    assert ok(client.get("/api/review")).json() == []
    me = ok(client.get("/api/settings")).json()["me"]
    assert any("zo" in other for other in me["other"])  # her profile is now yours
    assert ok(client.get("/api/people?q=Basic")).json()["people"] == []


def test_a_new_days_first_look_says_the_scores_are_from_before(
    client: TestClient, seeded: Service
) -> None:
    """Yesterday's kept scores of the same evidence answers the page, and the page says so."""
    from datetime import UTC, datetime, timedelta

    from sqlalchemy import update

    from goodword.service.scores import compute, refresh
    from goodword.store import models as m

    ok(client.get("/api/people"))  # today's scores, kept
    with seeded.store.session() as session:  # as if they had been kept yesterday
        session.execute(
            update(m.KeptScores).values(
                computed_for=datetime.now(UTC) - timedelta(days=1),
                valid_until=datetime.now(UTC) - timedelta(minutes=1),
            )
        )
    compute.forget(seeded.store.engine)
    client.app.state.browser.changed()  # type: ignore[attr-defined]

    page = ok(client.get("/api/people")).json()
    html = ok(client.get("/people")).text
    lock = refresh.lock_path(seeded.settings)
    deadline = time.monotonic() + 60
    while lock.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    client.app.state.browser.changed()  # type: ignore[attr-defined]
    after = ok(client.get("/api/people")).json()

    assert page["late"] is True and page["total"] > 5
    assert "Scores as they stood until" in html
    assert after["late"] is False
