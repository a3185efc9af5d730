"""``goodword people``, the people page's API and the shared pager list the same people alike."""

from __future__ import annotations

import json
from typing import Any

import pytest
from typer.testing import CliRunner

import goodword.cli.app
from goodword.service import SORT_KEYS, Service
from tests.web.conftest import TestClient

PAGE = 3


def cli_people(
    service: Service, monkeypatch: pytest.MonkeyPatch, *args: str
) -> list[dict[str, Any]]:
    """``goodword people --json ARGS`` on the service's database."""
    monkeypatch.setenv("GOODWORD_HOME", str(service.settings.data_dir()))
    monkeypatch.setenv("GOODWORD_DATABASE_URL", service.settings.resolved_database_url())
    result = CliRunner().invoke(goodword.cli.app.app, ["people", "--json", *args])
    assert result.exit_code == 0, result.output
    found: list[dict[str, Any]] = json.loads(result.stdout)
    return found


def api_pages(client: TestClient, sort: str) -> list[list[dict[str, Any]]]:
    """Every page of ``/api/people`` for ``sort``, ``PAGE`` people a page."""
    first = client.get("/api/people", params={"sort": sort, "page_size": PAGE}).json()
    pages = [first["people"]]
    for number in range(2, first["pages"] + 1):
        answer = client.get("/api/people", params={"sort": sort, "page_size": PAGE, "page": number})
        assert answer.json()["page"] == number
        pages.append(answer.json()["people"])
    assert sum(map(len, pages)) == first["total"]
    return pages


@pytest.mark.parametrize("sort", SORT_KEYS)
def test_the_cli_and_the_api_list_everyone_in_one_order(
    sort: str, seeded: Service, client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    everyone = cli_people(seeded, monkeypatch, "--sort", sort)
    pages = api_pages(client, sort)

    assert len(pages) > 2  # the fixture fills several pages of three
    assert [p["id"] for page in pages for p in page] == [p["id"] for p in everyone]


def test_a_page_of_the_api_is_the_same_slice_as_the_cli_shows(
    seeded: Service, client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown = cli_people(seeded, monkeypatch, "--sort", "name", "--limit", str(2 * PAGE))
    page_two = client.get("/api/people", params={"sort": "name", "page_size": PAGE, "page": 2})

    assert page_two.json()["people"] == shown[PAGE:]
