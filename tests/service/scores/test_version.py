"""The scoring version moves whenever the scores do: kept scores of other scoring are never used.

A fixed synthetic network (the fixture LinkedIn export, a shared calendar
and a couple of mail threads) is scored at a fixed moment; a fingerprint of
every score, why, evidence reference and relevance document must be the
one recorded for :data:`SCORING_VERSION`. A change to scoring that moves
any of them fails here until the version is bumped.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from goodword.config import Settings
from goodword.service import Service
from goodword.service.scores.codec import encode_person
from goodword.service.scores.compute import compute, score_row
from goodword.service.scores.version import FINGERPRINTS, SCORING_VERSION
from goodword.store.owner import local_owner
from tests.linkedin_exports import EXPORT_2025

FIXTURES = Path(__file__).parents[2] / "fixtures"
MOMENT = datetime(2025, 10, 1, 12, 0, tzinfo=UTC)


def _rounded(value: Any) -> Any:
    """Floats to 12 significant digits: the last bits of a libm may differ between machines."""
    if isinstance(value, float):
        return float(f"{value:.12g}")
    if isinstance(value, list):
        return [_rounded(v) for v in value]
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    return value


def fingerprint(service: Service) -> tuple[str, int]:
    """A digest of everyone's scores at :data:`MOMENT`, and how many people it covers."""
    digest = hashlib.sha256()
    with service.store.session() as session:
        scores = compute(session, local_owner(session), MOMENT)
        everyone = scores.everyone(session)
        for assessment in everyone:
            pieces = scores.documents(session, [assessment.person.id]).get(assessment.person.id)
            row = score_row(assessment, pieces)._asdict()
            row["away_until"] = str(row["away_until"])
            payload = json.loads(encode_person(assessment, pieces))
            line = json.dumps(_rounded([row, payload]), sort_keys=True, ensure_ascii=False)
            digest.update(line.encode() + b"\n")
    return digest.hexdigest()[:32], len(everyone)


def test_the_scores_of_a_fixed_network_match_the_scoring_version(tmp_path: Path) -> None:
    service = Service(Settings(home=tmp_path / "home"))
    service.import_path(EXPORT_2025)
    service.import_path(FIXTURES / "ics" / "two_people_equally_present.ics")
    service.import_path(FIXTURES / "contacts" / "vcard30_google.vcf")

    found, people = fingerprint(service)
    service.close()

    assert people >= 5, "the fixed network is too small to say anything"
    assert max(FINGERPRINTS) == SCORING_VERSION
    assert found == FINGERPRINTS[SCORING_VERSION], (
        f"scoring changed: bump SCORING_VERSION and update the fingerprint "
        f"(add {SCORING_VERSION + 1}: {found!r} to FINGERPRINTS in "
        "src/goodword/service/scores/version.py)"
    )


def test_each_scoring_version_has_its_own_fingerprint() -> None:
    """A version bumped without new scores, or scores changed back, would be a mistake to see."""
    assert len(set(FINGERPRINTS.values())) == len(FINGERPRINTS)
    assert list(FINGERPRINTS) == list(range(1, len(FINGERPRINTS) + 1))
