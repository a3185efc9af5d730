"""Export and import back: a demo home with vettings, asks, jobs and a stated relation comes
back into an empty home with the same answers, on SQLite and PostgreSQL; bad exports change
nothing; a second import is refused.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from goodword.config import Settings
from goodword.demo import SAMPLE_JOB, build_network, export_as_of, old_export_date, write_export_zip
from goodword.demo.workspace import write_workspace
from goodword.errors import InvalidInput
from goodword.service import Service, assessment_dict, is_export
from tests.conftest import postgres_schema

CONTACTS = 80


def other_database(url: str, tmp_path: Path, name: str) -> Iterator[str]:
    """A second empty database beside ``url`` on the same backend (a file, or a schema)."""
    if url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / f'{name}.db'}"
        return
    yield from postgres_schema()


@pytest.fixture
def target_url(db_url: str, tmp_path: Path) -> Iterator[str]:
    """An empty database to import into, on the same backend as ``db_url``."""
    yield from other_database(db_url, tmp_path, "target")


@dataclass(frozen=True)
class Home:
    service: Service
    day: date
    job: str


def demo_home(service: Service, base: Path) -> Home:
    """The demo's imports, a job, a vetting, asks that moved through states, a stated relation."""
    network = build_network(seed=7, contacts=CONTACTS)
    exports = [
        write_export_zip(export_as_of(network, old_export_date(network)), base / "export"),
        write_export_zip(network, base / "export"),
    ]
    for path in [*exports, *write_workspace(network, base / "workspace")]:
        service.import_path(path)
    day = network.export_date
    job = service.add_job(
        title=SAMPLE_JOB.title,
        organization=SAMPLE_JOB.organization,
        description=SAMPLE_JOB.description,
        needs=SAMPLE_JOB.needs,
    )
    slate = service.suggest(str(job.id), as_of=day).as_dict()
    chosen = [pick["id"] for pick in slate["picks"][:3]]
    assert len(chosen) == 3, slate
    service.vet(str(chosen[0]), willing="yes", concerns="", held_on=day - timedelta(days=3))
    service.vet(str(chosen[1]), willing="no", concerns="too busy", held_on=day - timedelta(days=2))
    service.ask(str(job.id), [str(chosen[0])], to="asked", on=day - timedelta(days=1))
    service.ask(str(job.id), [str(chosen[0])], to="agreed", on=day)
    service.ask(str(job.id), [str(chosen[2])], on=day)
    service.relate(str(chosen[2]), kind="mentor")
    service.flag(str(chosen[1]), do_not_ask=True, note="asked me not to")
    return Home(service, day, str(job.id))


def answers(service: Service, day: date, job: str) -> dict[str, Any]:
    """What a user sees: everyone's scores, the slate, the asks, the jobs, themselves."""
    people = [assessment_dict(a) for a in service.people(as_of=day)]
    slate = service.suggest(job, as_of=day).as_dict()
    slate.pop("scores_held_until", None)
    return {
        "people": people,
        "scores": {
            p["id"]: (p["familiarity"], p["satisfaction"], p["communication"]) for p in people
        },
        "slate": slate,
        "asks": [ask.as_dict() for ask in service.asks()],
        "jobs": [job.as_dict() for job in service.jobs()],
        "me": service.me().as_dict(),
    }


def test_an_export_comes_back_into_an_empty_home_with_the_same_answers(
    service: Service, target_url: str, tmp_path: Path
) -> None:
    home = demo_home(service, tmp_path)
    before = answers(service, home.day, home.job)
    assert before["asks"] and any(
        (p["relationship"] or {}).get("kind") == "mentor" for p in before["people"]
    )
    out = tmp_path / "everything.json"

    exported = service.export_data(out)

    assert is_export(out)
    assert exported.counts["people"] == len(before["people"]) + 1  # and the owner's own row
    assert exported.counts["vettings"] == 2 and exported.counts["ask_events"] >= 3
    document = json.loads(out.read_text(encoding="utf-8"))
    assert (document["format"], document["version"]) == ("goodword-export", 1)
    assert list(document)[:2] == ["format", "version"]
    assert "kept_score" in document["left_out"]
    target = Service(Settings(home=tmp_path / "target-home", database_url=target_url))
    try:
        assert not target.home_holds_data()
        imported = target.import_export(out)
        assert imported.counts == exported.counts
        after = answers(target, home.day, home.job)
        assert after["scores"] == before["scores"]
        assert after == before

        with pytest.raises(InvalidInput, match="already holds data"):
            target.import_export(out)  # a second import adds nothing
        assert answers(target, home.day, home.job) == before
        again = target.export_data(tmp_path / "again.json")
        assert again.counts == exported.counts
        # New rows after the import get new ids (PostgreSQL's sequences moved past the ids).
        target.add_job(title="Another role", organization="Elsewhere", description="", needs="")
    finally:
        target.close()


def _tiny_export(service: Service, tmp_path: Path) -> dict[str, Any]:
    job = service.add_job(title="Staff engineer", organization="Acme", description="", needs="")
    service.update_me(name="Ari Silva", add_emails=["ari@example.com"])
    assert job.id
    out = tmp_path / "tiny.json"
    service.export_data(out)
    document: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return document


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (lambda d: d.update(version=2), "made by a newer goodword"),
        (lambda d: d.update(version="one"), "not a version number"),
        (lambda d: d["jobs"][0].update(title=7), r"jobs\[0\]\.title: expected text"),
        (lambda d: d["jobs"][0].update(deadline="soon"), "expected a date"),
        (lambda d: d["jobs"][0].update(colour="red"), "unknown field 'colour'"),
        (lambda d: d.update(gossip=[]), "does not know: 'gossip'"),
        (lambda d: d["counts"].update(jobs=2), "cut short or edited"),
        (lambda d: d["jobs"].append(dict(d["jobs"][0])), "do not fit together"),
    ],
)
def test_a_bad_export_is_refused_in_one_line_and_changes_nothing(
    service: Service, target_url: str, tmp_path: Path, change: Any, said: str
) -> None:
    document = _tiny_export(service, tmp_path)
    change(document)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document, indent=2), encoding="utf-8")
    target = Service(Settings(home=tmp_path / "target-home", database_url=target_url))
    try:
        with pytest.raises(InvalidInput, match=said) as refused:
            target.import_export(bad)
        assert "\n" not in refused.value.message
        assert not target.home_holds_data()
        assert target.jobs() == [] and target.me().name == ""
    finally:
        target.close()


def test_a_file_that_is_not_an_export_is_refused(service: Service, tmp_path: Path) -> None:
    document = _tiny_export(service, tmp_path)
    text = json.dumps(document)
    for name, content, said in (
        ("cut.json", text[: len(text) // 2], "ends too soon|not valid JSON"),
        ("other.json", '{"format": "something-else", "version": 1}', "not a goodword export"),
        ("list.json", "[1, 2]", "expected {"),
    ):
        path = tmp_path / name
        path.write_text(content, encoding="utf-8")
        fresh = Service(Settings(home=tmp_path / f"home-{name}", database_url=None))
        try:
            with pytest.raises(InvalidInput, match=said):
                fresh.import_export(path)
            assert not fresh.home_holds_data()
        finally:
            fresh.close()


def test_csv_export_writes_one_file_a_section(service: Service, tmp_path: Path) -> None:
    _tiny_export(service, tmp_path)
    out = tmp_path / "sheets"
    exported = service.export_data(out, format="csv")
    names = sorted(path.name for path in out.iterdir())
    assert "owner.csv" in names and "people.csv" in names and "ask_events.csv" in names
    assert len(names) == len(exported.counts) + 1
    with (out / "jobs.csv").open(encoding="utf-8", newline="") as file:
        jobs = list(csv.DictReader(file))
    assert [row["title"] for row in jobs] == ["Staff engineer"]
    with (out / "owner.csv").open(encoding="utf-8", newline="") as file:
        (owner,) = list(csv.DictReader(file))
    assert owner["name"] == "Ari Silva" and json.loads(owner["profile"]) == {}
    assert not is_export(out)


def test_export_writes_no_file_over_another_and_knows_its_formats(
    service: Service, tmp_path: Path
) -> None:
    taken = tmp_path / "taken.json"
    taken.write_text("mine", encoding="utf-8")
    with pytest.raises(InvalidInput, match="exists already"):
        service.export_data(taken)
    assert taken.read_text(encoding="utf-8") == "mine"
    with pytest.raises(InvalidInput, match="choose json or csv"):
        service.export_data(tmp_path / "x.xml", format="xml")
    with pytest.raises(InvalidInput, match="no such folder"):
        service.export_data(tmp_path / "missing" / "x.json")
    assert not list(tmp_path.glob("*.partial"))
