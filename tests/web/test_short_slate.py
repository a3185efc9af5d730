"""The opportunity page says when its slate comes up short, as its JSON twin does."""

from __future__ import annotations

import html

from goodword.service import Service
from tests.slate_checks import check_slate
from tests.web.conftest import TestClient
from tests.web.test_app import job_id, ok


def test_a_short_slate_says_how_short_on_the_page_and_in_its_twin(
    seeded: Service, client: TestClient
) -> None:
    seeded.add_job(title="Fellowship", needs="8 letters, 2 professors")
    job = job_id(client, "Fellowship")
    twin = ok(client.get(f"/api/opportunities/{job}")).json()
    check_slate(twin)
    unfilled = twin["unfilled"]
    assert unfilled["why"].startswith(f"needs 8, found {len(twin['picks'])}: ")
    page = html.unescape(ok(client.get(f"/opportunities/{job}")).text)
    assert unfilled["why"] in page
    assert all(step in page for step in unfilled["next_steps"])
