"""Point 5: relevance on the demo's postings matches skills and phrases, never filler."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from goodword.demo import SAMPLE_JOB
from goodword.evidence.vocabulary import GENERIC_WORDS, STOP_WORDS
from goodword.service import Service
from tests.scenarios.conftest import DemoHome, everyone, slate_people
from tests.slate_checks import check_slate

POSTINGS = Path(__file__).parent.parent / "fixtures" / "postings"
_GROUP = re.compile(r"(.+?) \(from ([^)]+)\)")


def matched(why: str) -> list[tuple[str, str]]:
    """(term, where from) for every skill or phrase a relevance why names."""
    if not why.startswith("matches the job on "):
        return []
    found = []
    for group in why.removeprefix("matches the job on ").split("; "):
        hit = _GROUP.fullmatch(group)
        if hit:
            found += [(term, hit.group(2)) for term in hit.group(1).split(", ")]
    return found


def _slate(service: Service, home: DemoHome, title: str, text: str) -> dict[str, Any]:
    job = service.add_job(
        title=title, organization="Fabrikam", description=text, needs="8 references"
    )
    slate = service.suggest(str(job.id), as_of=home.day).as_dict()
    check_slate(slate)
    return slate


def test_every_match_on_the_demo_postings_is_a_skill_or_phrase(
    full_home: DemoHome, service_on: Service
) -> None:
    postings = {SAMPLE_JOB.title: SAMPLE_JOB.description}
    for path in sorted(POSTINGS.glob("*.txt")):
        title, _, body = path.read_text(encoding="utf-8").partition("\n")
        postings[title] = body
    named = 0
    for title, text in postings.items():
        slate = _slate(service_on, full_home, title, text)
        for person in slate_people(slate):
            relevance = person.get("relevance")
            if relevance is None:
                continue
            for term, _where in matched(relevance["why"]):
                named += 1
                words = term.lower().split()
                assert not all(w in STOP_WORDS | GENERIC_WORDS for w in words), (title, term)
            if "filler" in title.lower() or title == "Team Member":
                assert not relevance["score"], (title, relevance)
    assert named >= 20


def test_the_owners_title_does_not_make_every_coworker_relevant(
    full_home: DemoHome, service_on: Service
) -> None:
    own = full_home.network.owner.positions[-1].title
    slate = _slate(service_on, full_home, own, f"{own}. Lead the team and own the roadmap.")
    people = everyone(full_home, service_on)
    colleagues = [p for p in slate_people(slate) if p.get("relevance")]
    assert len(colleagues) >= 5
    scores = {p["relevance"]["score"] for p in colleagues}
    assert len(scores) > 1, scores  # the same title words give everyone the same score
    for person in colleagues:
        for _term, where in matched(person["relevance"]["why"]):
            if where.startswith("your role at"):
                # Only someone whose own title shares the field gets it.
                title = next(p["title"] or "" for p in people.values() if p["id"] == person["id"])
                assert set(title.lower().split()) & set(own.lower().split()), (
                    person["name"],
                    title,
                )
