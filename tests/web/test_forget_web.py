"""Forgetting someone from the web app: a confirmation page with counts, then a CSRF-checked POST.

Run on each backend through the test client, then clicked through in
chromium (see ``tests/web/test_browser.py`` for the browser set-up).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from goodword.config import Settings
from goodword.service import Service
from goodword.web.server import running
from tests.web.conftest import TestClient, hostile_export, token
from tests.web.test_app import ok, person_id
from tests.web.test_browser import CHROMIUM, Site, _need_browser


def test_the_confirmation_page_lists_what_goes_and_changes_nothing(
    client: TestClient, seeded: Service
) -> None:
    zoe = person_id(client, "Zoë")
    person = ok(client.get(f"/people/{zoe}")).text
    assert f'href="/people/{zoe}/forget"' in person and "Forget this person" in person
    page = ok(client.get(f"/people/{zoe}/forget")).text
    assert "Forget Zoë Bašić?" in page and "cannot be undone" in page
    assert "<strong>2</strong> endorsements" in page
    assert "<strong>1</strong> recommendations" in page
    assert f'action="/people/{zoe}/forget"' in page and 'name="csrf_token"' in page
    twin = ok(client.get(f"/api/people/{zoe}/forget")).json()
    assert twin["done"] is False and twin["removed"]["endorsements"] == 2
    assert seeded.person(str(zoe)).assessment.person.name == "Zoë Bašić"


def test_forgetting_without_the_csrf_token_is_refused(client: TestClient, seeded: Service) -> None:
    zoe = person_id(client, "Zoë")
    ok(client.get("/"))  # a session, but no token sent
    assert client.post(f"/people/{zoe}/forget", data={}).status_code == 403
    forged = client.post(f"/people/{zoe}/forget", data={"csrf_token": "forged"})
    assert forged.status_code == 403
    assert client.post(f"/api/people/{zoe}/forget").status_code == 403
    assert seeded.forget_preview(str(zoe)).name == "Zoë Bašić"  # still there


def test_forgetting_redirects_to_the_people_list_with_a_notice(client: TestClient) -> None:
    zoe = person_id(client, "Zoë")
    before = ok(client.get("/api/people")).json()["total"]
    answer = client.post(
        f"/people/{zoe}/forget", data={"csrf_token": token(client)}, follow_redirects=False
    )
    assert answer.status_code == 303 and answer.headers["location"] == "/people"
    people = ok(client.get("/people")).text
    assert re.search(r'class="notice" role="status">Forgotten: Zoë Bašić and \d+ row', people)
    assert "Forgotten:" not in ok(client.get("/people")).text  # shown once
    assert ok(client.get("/api/people")).json()["total"] == before - 1
    assert client.get(f"/people/{zoe}").status_code == 404
    asa = person_id(client, "Åsa")
    done = ok(
        client.post(f"/api/people/{asa}/forget", headers={"X-CSRF-Token": token(client)})
    ).json()
    assert done["done"] is True and done["removed"]["interactions"] == 4
    assert ok(client.get("/api/people")).json()["total"] == before - 2


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    """The hostile fixture export served and opened in chromium (a home of its own)."""
    _need_browser()
    from playwright.sync_api import sync_playwright

    service = Service(Settings(home=tmp_path / "home"))
    service.import_path(hostile_export(tmp_path))
    with running(service) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM))
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.set_default_timeout(15_000)
        yield Site(base, page, tmp_path)
        browser.close()
    service.close()


def test_forget_in_the_browser(site: Site) -> None:
    site.go("/people?q=Zo")
    site.page.get_by_role("link", name="Zoë Bašić").first.click()
    site.page.wait_for_load_state("networkidle")
    site.page.get_by_role("link", name="Forget this person").click()
    site.page.wait_for_load_state("networkidle")
    assert site.page.get_by_role("heading", level=1).inner_text() == "Forget Zoë Bašić?"
    listed = site.page.locator("ul.removed").inner_text()
    assert "2 endorsements" in listed and "conversations and meetings with you alone" in listed
    site.accessible("forget")
    site.shot("forget-confirm")
    site.page.get_by_role("button", name="Forget Zoë Bašić").click()
    site.page.wait_for_load_state("networkidle")
    assert site.page.url.endswith("/people")
    notice = site.page.get_by_role("status").filter(has_text="Forgotten").inner_text()
    assert notice.startswith("Forgotten: Zoë Bašić and ")
    site.accessible("forgotten")
    site.shot("forget-done")
    site.go("/people?q=Zo")
    assert "Zoë" not in site.page.locator("#people-table").inner_text()
