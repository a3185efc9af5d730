"""``people`` read from the day's kept scores without opening the store: the service's answer, or none.

On both databases: the read-only path gives what the service gives while
the kept scores holds, and steps aside (None) whenever only the service can
answer exactly.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text, update

from goodword.config import Settings
from goodword.service import PeopleQuery, Service, scores
from goodword.service.scores import compute, quick
from goodword.service.views import assessment_dict
from goodword.store import kept as kept_store
from goodword.store import models as m
from goodword.store import reading
from goodword.store.reading import Reader
from tests.service.scores.test_people_cache import World, _small_world, _wait_for_refresh


@pytest.fixture
def world(service: Service) -> Iterator[World]:
    yield World(service)
    compute.forget(service.store.engine)


def _dicts(listing: Any) -> list[dict[str, Any]]:
    return [assessment_dict(a) for a in listing.people]


def test_with_the_kept_scores_kept_it_answers_what_the_service_answers(world: World) -> None:
    zoe, ken = _small_world(world)
    for i in range(12):
        pid = world.person(f"Person {i:02d}", f"Org {i % 3}")
        world.conversation(pid, asks=1 + i % 4, replies=i % 3, end=datetime.now(UTC))
    world.service.refresh_scores()  # as an import ends
    settings = world.service.settings
    asked: list[dict[str, Any]] = [
        {},
        {"sort": "communication", "limit": 5},
        {"sort": "name", "limit": 4, "page": 2},
        {"organization": "Globex", "minimum": {"communication": 0.1}},
        {"search": "person 1", "sort": "confidence"},
    ]

    for filters in asked:
        fast = quick.people_page(settings, PeopleQuery.of(**filters))
        assert fast is not None, filters
        assert fast.held_until is None
        assert _dicts(fast) == _dicts(world.service.people_page(**filters)), filters
    assert {zoe, ken} <= {a.person.id for a in quick.people_page(settings, PeopleQuery()).people}  # type: ignore[union-attr]


def test_a_vetting_rescored_in_place_is_read_at_once(world: World) -> None:
    zoe, _ken = _small_world(world)
    world.service.refresh_scores()
    before = quick.people_page(world.service.settings, PeopleQuery.of(search="zoe"))
    assert before is not None and before.people[0].satisfaction.value is None

    world.service.vet(str(zoe), willing="yes")  # re-scores Zoë in the kept scores
    after = quick.people_page(world.service.settings, PeopleQuery.of(search="zoe"))

    assert after is not None
    assert after.people[0].satisfaction.value is not None
    assert _dicts(after) == _dicts(world.service.people_page(search="zoe"))


def test_new_evidence_leaves_the_answer_to_the_service(world: World) -> None:
    zoe, _ken = _small_world(world)
    world.service.refresh_scores()
    world.interaction("email", datetime.now(UTC) - timedelta(hours=1), zoe, {world.self_id: "to"})

    assert (
        quick.people_page(world.service.settings, PeopleQuery()) is None
    )  # a new data version: no kept scores


def test_a_kept_scores_kept_by_other_scoring_code_leaves_the_answer_to_the_service(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    _small_world(world)
    world.service.refresh_scores()
    monkeypatch.setattr(scores.kept, "SCORING_VERSION", scores.SCORING_VERSION + 1)

    assert quick.people_page(world.service.settings, PeopleQuery()) is None


def test_a_new_day_answers_late_and_refreshes_in_the_background(world: World) -> None:
    _small_world(world)
    world.service.refresh_scores()
    with world.service.store.session() as session:
        ended = datetime.now(UTC) - timedelta(minutes=5)
        session.execute(update(m.KeptScores).values(valid_until=ended))

    late = quick.people_page(world.service.settings, PeopleQuery())
    _wait_for_refresh(world)
    fresh = quick.people_page(world.service.settings, PeopleQuery())

    assert late is not None and late.held_until is not None
    assert abs((late.held_until - ended).total_seconds()) < 0.001
    assert fresh is not None and fresh.held_until is None  # the refresher kept today's


def test_a_kept_scores_past_the_lag_limit_leaves_the_answer_to_the_service(world: World) -> None:
    _small_world(world)
    world.service.refresh_scores()
    with world.service.store.session() as session:
        long_ago = datetime.now(UTC) - scores.LAG_LIMIT - timedelta(hours=1)
        session.execute(update(m.KeptScores).values(valid_until=long_ago))

    assert quick.people_page(world.service.settings, PeopleQuery()) is None


def test_no_database_yet_leaves_it_to_the_service(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path / "nothing-here")

    assert quick.people_page(settings, PeopleQuery()) is None
    assert not (tmp_path / "nothing-here").exists()  # nothing created by looking


def test_a_pending_migration_leaves_it_to_the_service(world: World) -> None:
    _small_world(world)
    world.service.refresh_scores()
    with world.service.store.session() as session:
        session.execute(text("UPDATE alembic_version SET version_num = '0001'"))

    assert quick.people_page(world.service.settings, PeopleQuery()) is None


def test_the_data_version_read_alone_is_the_one_the_service_reads(world: World) -> None:
    zoe, _ken = _small_world(world)
    world.service.flag(str(zoe), soured=True, note="missed the deadline")
    world.service.relate(str(zoe), kind="peer", organization="Globex")
    settings = world.service.settings

    with world.service.store.session() as session:
        from goodword.store.owner import local_owner

        through_session = kept_store.data_parts(session, local_owner(session))
    with Reader.open(settings.resolved_database_url()) as reader:
        assert reader is not None
        owner = reading.owner(reader)
        assert owner is not None
        alone = kept_store.data_parts(reader, owner)

    assert alone == through_session
    assert alone.flagged and alone.flagged[0][:3] == (zoe, True, False)


def _slate_world(world: World) -> int:
    """Two dozen people, a manager among them, one asked lately for another job; a job."""
    now = datetime.now(UTC)
    for i in range(24):
        pid = world.person(f"Person {i:02d}", f"Org {i % 4}")
        world.conversation(pid, asks=5, replies=i % 6, end=now - timedelta(days=3))
        if i % 5 == 0:
            world.interaction(
                "email",
                now - timedelta(days=9),
                world.self_id,
                {pid: "to"},
                subject="Kafka migration: the data pipeline and our A/B testing",
            )
    world.service.relate("Person 03", kind="manager")
    other = world.service.add_job(title="Staff Engineer", organization="Org 2")
    world.service.ask(str(other.id), ["Person 05"])
    world.service.ask(str(other.id), ["Person 05"], to="vetted")
    world.service.ask(str(other.id), ["Person 05"], to="asked")  # asked lately: ask fatigue
    job = world.service.add_job(
        title="Head of Data",
        organization="Org 1",
        description="Own the data pipelines, A/B testing and the kafka migration; hiring.",
        needs="3 references, 1 supervisor",
    )
    return job.id


@pytest.mark.parametrize("kind", [None, "referral", "recommendation"])
def test_a_slate_from_the_kept_scores_is_the_services_slate(world: World, kind: str | None) -> None:
    job_id = _slate_world(world)
    world.service.refresh_scores()

    by_id = quick.suggest(world.service.settings, str(job_id), kind=kind)
    by_title = quick.suggest(world.service.settings, "head of data", kind=kind)
    expected = world.service.suggest(str(job_id), kind=kind).as_dict()

    assert by_id is not None and by_title is not None
    for found in (by_id, by_title):
        shown = found.as_dict()
        assert {k: v for k, v in shown.items() if k != "as_of"} == {
            k: v for k, v in expected.items() if k != "as_of"
        }
    assert expected["picks"]
    # Phrases are kept as terms in the kept scores and matched as phrases on the quick path.
    whys = [c["relevance"]["why"] for c in [*shown["picks"], *shown["runners_up"]]]
    assert any(
        w.startswith("matches the job on data pipelines, kafka, migration, A/B testing (from your")
        for w in whys
    ), whys


def test_a_long_posting_is_looked_up_in_batches_and_ranks_the_same(world: World) -> None:
    _slate_world(world)
    words = " ".join(f"skill{i}q" for i in range(3000))  # with its phrases, ~9,000 terms
    job = world.service.add_job(
        title="Platform Lead", description=f"Own the data pipelines and A/B testing. {words}"
    )
    world.service.refresh_scores()

    fast = quick.suggest(world.service.settings, str(job.id))
    expected = world.service.suggest(str(job.id)).as_dict()

    assert fast is not None
    shown = fast.as_dict()
    assert {k: v for k, v in shown.items() if k != "as_of"} == {
        k: v for k, v in expected.items() if k != "as_of"
    }
    whys = [c["relevance"]["why"] for c in [*shown["picks"], *shown["runners_up"]]]
    assert any("data pipelines, A/B testing" in w for w in whys), whys


def test_the_kept_scores_keeps_phrases_as_terms(world: World) -> None:
    _slate_world(world)
    world.service.refresh_scores()
    with world.service.store.engine.connect() as db:
        kept = set(db.execute(text("SELECT term FROM kept_score_term")).scalars())
    assert {"data_pipeline", "a/b_testing", "kafka", "migration"} <= kept
    assert not kept & {"the", "our", "and"}


def test_a_job_that_is_not_there_is_the_same_clear_error(world: World) -> None:
    from goodword.errors import NotFound

    _slate_world(world)
    world.service.refresh_scores()

    with pytest.raises(NotFound, match="no job matches 'gardener'"):
        quick.suggest(world.service.settings, "gardener")


# What a command answered from kept scores must not load: the store's engine, the scoring code,
# the CLI parser's pydantic; and for the list, the chooser and what only a slate needs.
NOT_LOADED = {
    "people": (
        "sqlalchemy",
        "pydantic",
        "goodword.evidence.assess",
        "goodword.evidence.communication",
        "goodword.choose.shortlist",
        "goodword.evidence.relevance",
        "rapidfuzz",
        "numpy",
        "bm25s",
    ),
    "suggest": (
        "sqlalchemy",
        "pydantic",
        "goodword.evidence.assess",
        "goodword.evidence.communication",
        "bm25s",
    ),
}


@pytest.mark.parametrize("command", ["people", "suggest"])
def test_answered_from_the_kept_scores_a_command_loads_no_sqlalchemy(
    world: World, command: str
) -> None:
    job_id = _slate_world(world)
    world.service.refresh_scores()
    settings = world.service.settings
    arguments = ["people"] if command == "people" else ["suggest", str(job_id)]
    code = (
        "import sys\n"
        "from goodword.cli import main\n"
        f"sys.argv = ['goodword', *{arguments!r}, '--json']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        f"print([m for m in {NOT_LOADED[command]!r} if m in sys.modules], file=sys.stderr)\n"
    )
    env = {
        "GOODWORD_HOME": str(settings.home),
        "GOODWORD_DATABASE_URL": settings.resolved_database_url(),
        "PATH": "/usr/bin:/bin",
    }

    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )

    assert done.stderr.strip().splitlines()[-1] == "[]"
    assert '"Person 03"' in done.stdout


def test_the_collector_is_paused_while_many_objects_are_made_and_back_on_after() -> None:
    """Nested pauses (a list decoding everyone inside a command printing them) end together."""
    import gc

    from goodword.service.scores import collector_paused

    assert gc.isenabled()
    with collector_paused():
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the inner pause does not turn it back on early
    assert gc.isenabled()
    with pytest.raises(ValueError, match="a bad row"), collector_paused():
        raise ValueError("a bad row")
    assert gc.isenabled()


def test_ranking_reads_the_columns_asked_for_as_the_standings_hold_them(world: World) -> None:
    zoe, _ken = _small_world(world)
    world.service.flag(str(zoe), soured=True)
    world.service.refresh_scores()

    with Reader.open(world.service.settings.resolved_database_url()) as reader:
        assert reader is not None
        owner = reading.owner(reader)
        assert owner is not None
        stored = kept_store.newest(
            reader, owner.id, kept_store.data_parts(reader, owner).version(), datetime.now(UTC)
        )
        assert stored is not None
        everyone = kept_store.score_rows(reader, stored.id)
        ranked = kept_store.ranking(reader, stored.id, {"fit", "name", "communication"})
        with pytest.raises(ValueError, match="soured"):
            kept_store.ranking(reader, stored.id, {"fit", "soured"})

    assert [(r.person_id, r.fit, r.name, r.communication) for r in ranked] == [
        (s.person_id, s.fit, s.name, s.communication) for s in everyone
    ]
    assert [s.soured for s in everyone if s.person_id == zoe] == [True]  # a bool on both


def test_a_read_that_fails_leaves_the_answer_to_the_service(db_url: str, tmp_path: Path) -> None:
    """Tables missing under a current migration mark: the driver's error is not the user's."""
    from sqlalchemy import create_engine

    engine = create_engine(db_url)
    with engine.begin() as db:
        db.execute(text("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)"))
        db.execute(
            text("INSERT INTO alembic_version VALUES (:head)"), {"head": reading.packaged_head()}
        )
    engine.dispose()
    settings = Settings(home=tmp_path / "home", database_url=db_url)

    assert quick.people_page(settings, PeopleQuery()) is None
    assert quick.suggest(settings, "1") is None


def test_org_matches_names_as_names_on_both_paths(world: World) -> None:
    """``people --org``: a name never matches inside another, in either direction."""
    people = {
        "Ann": world.person("Ann", "U"),
        "Bo": world.person("Bo", "Uber"),
        "Cy": world.person("Cy", "Globex Research"),
        "Di": world.person("Di", "Globx"),
        "Ed": world.person("Ed", "Bank of Uber"),
    }
    world.service.refresh_scores()
    names = {pid: name for name, pid in people.items()}

    for asked, expected in (
        ("Uber", {"Bo"}),
        ("U", {"Ann"}),
        ("uber ", {"Bo"}),
        ("Globex", {"Cy", "Di"}),
        ("Lobe", set()),
    ):
        fast = quick.people_page(world.service.settings, PeopleQuery.of(organization=asked))
        slow = world.service.people_page(organization=asked)
        assert fast is not None
        assert {names[a.person.id] for a in slow.people} == expected, asked
        assert _dicts(fast) == _dicts(slow), asked
