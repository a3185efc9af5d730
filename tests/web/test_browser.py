"""The web app clicked through in Debian's chromium, driven by Playwright.

The server runs in-process on a free loopback port over a synthetic network.
Each flow saves screenshots under ``test-artifacts/web/`` and runs axe-core
on the pages it visits: no serious or critical accessibility violation is
allowed. Without ``/usr/bin/chromium`` these tests skip and say why, unless
``GOODWORD_REQUIRE_BROWSER=1`` (set by CI) makes that a failure. Playwright
never downloads a browser here: it launches the system one.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from goodword.config import Settings
from goodword.demo import SAMPLE_JOB, build_network, write_export_zip
from goodword.demo.workspace import write_workspace
from goodword.service import Service
from goodword.web.server import running
from tests.web.conftest import HOSTILE_NAME, HOSTILE_ORG, HOSTILE_SUBJECT, hostile_export

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "web"
BLOCKING = ("serious", "critical")


def _need_browser() -> None:
    problem = None
    if not CHROMIUM.exists():
        problem = f"Debian's chromium is not installed ({CHROMIUM}): apt-get install chromium"
    else:
        try:
            import axe_playwright_python  # noqa: F401
            import playwright.sync_api  # noqa: F401
        except ImportError as exc:
            problem = f"{exc.name} is not installed: pip install -e '.[dev]'"
    if problem is None:
        return
    if os.environ.get("GOODWORD_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{problem} (GOODWORD_REQUIRE_BROWSER=1)")
    pytest.skip(f"browser tests skipped: {problem}")


@dataclass
class Site:
    """The running app, one browser page on it, and what the checks found."""

    base: str
    page: Any
    folder: Path
    dialogs: list[str] = field(default_factory=list)

    def go(self, path: str) -> None:
        """Open ``path`` and wait until the page has settled."""
        self.page.goto(self.base + path)
        self.page.wait_for_load_state("networkidle")

    def shot(self, name: str) -> None:
        """Save a full-page screenshot as a test artefact."""
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

    def accessible(self, name: str) -> None:
        """Run axe-core on the page; fail on serious or critical violations."""
        from axe_playwright_python.sync_playwright import Axe

        found = Axe().run(self.page).response["violations"]
        blocking = [
            f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
            for v in found
            if v.get("impact") in BLOCKING
        ]
        assert not blocking, f"{name}: " + "; ".join(blocking)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """A synthetic network with a job (and a hostile one), served and opened in chromium."""
    _need_browser()
    from playwright.sync_api import sync_playwright

    folder = tmp_path_factory.mktemp("browser")
    network = build_network(seed=5, contacts=160)
    service = Service(Settings(home=folder / "home"))
    service.import_path(write_export_zip(network, folder / "export"))
    for path in write_workspace(network, folder / "workspace"):  # mail, calendar, contacts
        service.import_path(path)
    service.add_job(
        title=SAMPLE_JOB.title,
        organization=SAMPLE_JOB.organization,
        description=SAMPLE_JOB.description,
        needs=SAMPLE_JOB.needs,
    )
    service.add_job(title=HOSTILE_NAME, organization=HOSTILE_ORG)
    with running(service) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM))
        context = browser.new_context(
            viewport={"width": 1280, "height": 900}, accept_downloads=True
        )
        page = context.new_page()
        page.set_default_timeout(15_000)
        found = Site(base, page, folder)
        page.on("dialog", lambda dialog: (found.dialogs.append(dialog.message), dialog.dismiss()))
        yield found
        browser.close()
    service.close()


def _count(site: Site) -> str:
    return str(site.page.locator("#people-table .count").inner_text())


def test_dashboard_then_people_sorted_filtered_and_paged(site: Site) -> None:
    site.go("/")
    assert "Today" in site.page.locator("h1").inner_text()
    assert site.page.get_by_role("heading", name="Open opportunities").is_visible()
    site.shot("01-dashboard")
    site.accessible("dashboard")

    site.page.get_by_role("navigation", name="Main").get_by_role("link", name="People").click()
    site.page.wait_for_url(re.compile(r"/people$"))
    assert site.page.locator("table.people tbody tr").count() == 50
    assert "page 1 of 4" in _count(site)
    site.shot("02-people")
    site.accessible("people")

    site.page.get_by_role("link", name="Communication").click()
    site.page.wait_for_url(re.compile(r"sort=communication"))
    assert site.page.locator("th[aria-sort]").inner_text().strip() == "Communication"

    site.page.get_by_role("link", name="Next →").click()
    site.page.wait_for_url(re.compile(r"page=2"))
    assert "page 2 of 4" in _count(site)

    first = site.page.locator("table.people tbody tr td:nth-child(2) a").first.inner_text()
    site.page.get_by_label("Name", exact=True).fill(first)
    site.page.wait_for_function(
        "() => !document.querySelector('#people-table .count').innerText.includes('of 4')"
    )
    names = site.page.locator("table.people tbody tr td:nth-child(2) a").all_inner_texts()
    assert names
    assert all(first.casefold() in n.casefold() for n in names)

    site.page.get_by_label("Name", exact=True).fill("")
    site.page.locator("select[name=filter]").select_option("familiar")
    site.page.wait_for_url(re.compile(r"filter=familiar"))
    site.page.wait_for_load_state("networkidle")
    assert "of 4" not in _count(site)
    site.shot("03-people-filtered")


def test_a_person_has_the_why_and_two_charts(site: Site) -> None:
    site.go("/people?sort=communication")
    site.page.locator("table.people tbody tr td:nth-child(2) a").first.click()
    site.page.wait_for_url(re.compile(r"/people/\d+$"))
    charts = site.page.locator("figure.chart svg[role=img]")
    assert charts.count() == 2
    assert site.page.locator("#timeline-chart rect").count() > 0
    assert site.page.locator("#latency-chart circle, #latency-chart path").count() > 0
    assert site.page.get_by_role("heading", name=re.compile("Communication")).is_visible()
    site.shot("04-person")
    site.accessible("person")


def test_an_opportunity_from_slate_to_prep_brief(site: Site) -> None:
    site.go("/opportunities")
    site.accessible("opportunities")
    site.page.get_by_role("link", name=SAMPLE_JOB.title).click()
    site.page.wait_for_url(re.compile(r"/opportunities/\d+$"))
    assert site.page.locator("table.slate tbody tr").count() >= 1
    site.shot("05-opportunity-slate")
    site.accessible("opportunity")

    site.page.get_by_role("button", name="Propose asks for the ticked people").click()
    site.page.wait_for_load_state("networkidle")
    rows = site.page.locator("table.pipeline tbody tr")
    assert rows.count() >= 1
    assert rows.first.locator(".state").inner_text() == "proposed"
    job_url = site.page.url.split("#")[0]

    # Vet: the honest conversation, recorded on the person's page, moves the ask on.
    rows.first.locator("td").first.get_by_role("link").click()
    site.page.get_by_label("Their answer").select_option("yes")
    site.page.get_by_role("button", name="Record the conversation").click()
    site.page.wait_for_load_state("networkidle")
    site.page.goto(job_url)
    first = site.page.locator("table.pipeline tbody tr").first
    assert first.locator(".state").inner_text() == "vetted"

    # Ask, then mark as agreed.
    for state in ("asked", "agreed"):
        site.page.locator("table.pipeline tbody tr").first.get_by_role(
            "button", name=state, exact=True
        ).click()
        site.page.wait_for_load_state("networkidle")
        assert (
            site.page.locator("table.pipeline tbody tr").first.locator(".state").inner_text()
            == state
        )
    site.shot("06-opportunity-pipeline")

    with site.page.expect_download() as download:
        site.page.locator("table.pipeline tbody tr").first.get_by_role("link", name="PDF").click()
    saved = ARTIFACTS / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF")
    with site.page.expect_download() as sheet:
        site.page.get_by_role("link", name="Markdown").last.click()
    assert sheet.value.suggested_filename.startswith("references-")


def test_a_no_is_respected_until_anyway_is_ticked(site: Site) -> None:
    """After the slate-to-brief test: the agreed person then says no."""
    site.go("/opportunities")
    site.page.get_by_role("link", name=SAMPLE_JOB.title).click()
    site.page.wait_for_url(re.compile(r"/opportunities/\d+$"))
    job_url = site.page.url
    first = site.page.locator("table.pipeline tbody tr").first
    assert first.locator(".state").inner_text() == "agreed"
    first.locator("td").first.get_by_role("link").click()
    site.page.get_by_label("Their answer").select_option("no")
    site.page.get_by_role("button", name="Record the conversation").click()
    site.page.wait_for_load_state("networkidle")

    site.page.goto(job_url)
    first = site.page.locator("table.pipeline tbody tr").first
    assert "said no on" in first.inner_text()
    assert "make the references sheet anyway" in site.page.locator("#pipeline").inner_text()
    site.shot("06b-opportunity-said-no")
    site.accessible("opportunity, said no")
    first.get_by_role("button", name="briefed", exact=True).click()
    site.page.wait_for_load_state("networkidle")
    assert "said no in the honest conversation" in site.page.locator("main").inner_text()

    site.page.goto(job_url)
    first = site.page.locator("table.pipeline tbody tr").first
    first.get_by_label("anyway (they said no)").check()
    first.get_by_role("button", name="briefed", exact=True).click()
    site.page.wait_for_load_state("networkidle")
    assert site.page.locator("table.pipeline tbody tr").first.locator(".state").inner_text() == (
        "briefed"
    )


def test_import_an_upload_and_watch_it_finish(site: Site) -> None:
    export = hostile_export(site.folder / "upload")
    site.go("/import")
    site.accessible("import")
    site.page.get_by_label("File").set_input_files(str(export))
    site.page.get_by_role("button", name="Import").click()
    site.page.wait_for_url(re.compile(r"/import/[0-9a-f]+$"))
    site.page.wait_for_selector("[data-stage=done]", timeout=60_000)
    assert "Connections.csv" in site.page.locator("table").first.inner_text()
    site.shot("07-import-done")
    site.accessible("import summary")


def test_strangers_html_stays_text_in_the_browser(site: Site) -> None:
    site.go("/opportunities")
    assert site.page.get_by_role("link", name=HOSTILE_NAME).is_visible()
    site.go("/people?q=Mallory")
    if site.page.locator("table.people").count():  # imported by the upload test
        assert HOSTILE_ORG in site.page.locator("table.people").inner_text()
        site.page.locator("table.people tbody a").first.click()
        site.page.wait_for_load_state("networkidle")
        assert HOSTILE_SUBJECT in site.page.locator("main").inner_text()
    assert site.page.locator("main script, main img, main svg:not([role=img])").count() == 0
    assert site.dialogs == []
    site.shot("08-hostile-text")


def test_who_is_who_takes_an_answer_in_the_browser(site: Site) -> None:
    site.go("/")
    site.page.get_by_role("navigation", name="Main").get_by_role("link", name="Who is who").click()
    site.page.wait_for_url(re.compile(r"/review$"))
    rows = site.page.locator("tbody tr")
    before = rows.count()
    assert before > 0, "the demo's mail leaves some people to review"
    site.shot("09-review")
    site.accessible("review")
    # The demo's second account is asked about first ("is this you?"): answer a pair instead.
    pair = rows.filter(has=site.page.get_by_role("button", name="Same person")).first
    with site.page.expect_navigation():  # the form posts, then the list comes back
        pair.get_by_role("button", name="Same person").click()
    assert site.page.locator("tbody tr").count() == before - 1
    site.go("/review?status=merged")
    assert "you" in site.page.locator("tbody").inner_text()


def test_the_whole_export_downloads_from_settings_after_a_confirmation(site: Site) -> None:
    site.go("/settings")
    site.accessible("settings with export")
    form = site.page.locator("form[action='/settings/export']")
    assert "private notes about other people" in form.inner_text()
    assert "Scores are left out" in site.page.locator("main").inner_text()
    site.shot("10-settings-export")
    box = site.page.get_by_label("I understand the file holds private notes")
    assert box.evaluate("el => !el.checkValidity()")  # the browser will not post it unticked
    box.check()
    with site.page.expect_download() as waiting:
        site.page.get_by_role("button", name="Download the export (JSON)").click()
    download = waiting.value
    assert re.fullmatch(r"goodword-export-\d{4}-\d{2}-\d{2}\.json", download.suggested_filename)
    saved = site.folder / "downloaded.json"
    download.save_as(str(saved))
    document = json.loads(saved.read_text(encoding="utf-8"))
    assert (document["format"], document["version"]) == ("goodword-export", 1)
    names = {person["display_name"] for person in document["people"]}
    assert len(document["people"]) == document["counts"]["people"] > 100
    people = site.page  # the people list shows the same people the file holds
    site.go("/people")
    first = people.locator("table.people tbody tr a").first.inner_text()
    assert first in names
    assert [job["title"] for job in document["jobs"]][:1] == [SAMPLE_JOB.title]
