"""Payload snapshots: `people --json` and `suggest --json` for the fixture export.

A change to scoring or to the JSON contract shows up as a diff a reviewer
can read. Regenerate with ``GOODWORD_UPDATE_SNAPSHOTS=1 .venv/bin/pytest tests/test_snapshots.py``.
"""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from goodword.config import Settings
from goodword.service import Service, assessment_dict
from tests.linkedin_exports import EXPORT_2025

SNAPSHOTS = Path(__file__).parent / "snapshots"
AS_OF = date(2025, 10, 1)


def _check(name: str, payload: Any) -> None:
    text = json.dumps(payload, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    path = SNAPSHOTS / name
    if os.environ.get("GOODWORD_UPDATE_SNAPSHOTS") == "1":
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"{path.name} missing: run with GOODWORD_UPDATE_SNAPSHOTS=1"
    assert json.loads(path.read_text(encoding="utf-8")) == json.loads(text), (
        f"{path.name} changed: review the diff, then run with GOODWORD_UPDATE_SNAPSHOTS=1"
    )


@pytest.fixture
def imported(tmp_path: Path) -> Service:
    service = Service(Settings(home=tmp_path / "home"))
    service.import_path(EXPORT_2025)
    return service


def test_people_json_snapshot(imported: Service) -> None:
    people = [assessment_dict(a) for a in imported.people(as_of=AS_OF, sort="name")]
    _check("people_export_2025.json", people)


def test_suggest_json_snapshot(imported: Service) -> None:
    job = imported.add_job(
        title="Staff Data Scientist", organization="Fabrikam", needs="2 references, 1 supervisor"
    )
    payload = imported.suggest(str(job.id), as_of=AS_OF).as_dict()
    _check("suggest_export_2025.json", payload)
