"""Kept scores: exact while it holds, dropped when the evidence or the day changes.

Also meetings and availability signals stored as interactions, read back
through the service on both databases.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest
from sqlalchemy import func, select

from goodword.evidence.assess import Assessment, assess
from goodword.identity import normalise
from goodword.service import Service, scores
from goodword.service.scores import compute
from goodword.service.views import assessment_dict
from goodword.store import kept as kept_store
from goodword.store import models as m
from goodword.store.owner import local_owner
from goodword.store.queries import load_network

MORNING = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


class World:
    """A small stored network: the owner and a few people, with helpers to add evidence."""

    def __init__(self, service: Service) -> None:
        self.service = service
        self.keys = iter(range(1, 10_000))
        with service.store.session() as session:
            owner = local_owner(session)
            self.owner_id, self.self_id = owner.id, owner.self_person_id
        assert self.self_id is not None

    def person(self, name: str, organization: str = "") -> int:
        with self.service.store.session() as session:
            org_id = None
            if organization:
                org_id = session.scalar(
                    select(m.Organization.id).where(
                        m.Organization.owner_id == self.owner_id,
                        m.Organization.key == organization.lower(),
                    )
                )
            if organization and org_id is None:
                org = m.Organization(
                    owner_id=self.owner_id, name=organization, key=organization.lower()
                )
                session.add(org)
                session.flush()
                org_id = org.id
            person = m.Person(
                owner_id=self.owner_id,
                display_name=name,
                name_key=normalise.name_key(name),
                organization_id=org_id,
                connected_on=date(2020, 1, 1),
            )
            session.add(person)
            session.flush()
            return person.id

    def interaction(
        self,
        kind: str,
        at: datetime,
        sender: int,
        to: dict[int, str],
        **extra: Any,
    ) -> int:
        with self.service.store.session() as session:
            row = m.Interaction(
                owner_id=self.owner_id,
                kind=kind,
                occurred_at=at,
                sender_id=sender,
                participant_count=1 + len(to),
                natural_key=f"k{next(self.keys)}",
                **extra,
            )
            row.participants = [
                m.InteractionParticipant(owner_id=self.owner_id, person_id=pid, role=role)
                for pid, role in to.items()
            ]
            session.add(row)
            session.flush()
            return row.id

    def conversation(self, person: int, *, asks: int, replies: int, end: datetime) -> None:
        moment = end - timedelta(days=20 * asks)
        for index in range(asks):
            self.interaction(
                "email",
                moment,
                self.self_id,
                {person: "to"},
                thread_key=f"t{person}",
                subject=f"Note {index}",
            )
            if index < replies:
                self.interaction(
                    "email",
                    moment + timedelta(hours=5),
                    person,
                    {self.self_id: "to"},
                    thread_key=f"t{person}",
                    subject=f"Re: Note {index}",
                )
            moment += timedelta(days=20)

    def exact(self, moment: datetime) -> list[dict[str, Any]]:
        """Everyone scored the slow way, from every stored fact."""
        with self.service.store.session() as session:
            owner = local_owner(session)
            judged = assess(load_network(session, owner, moment))
        return sorted((assessment_dict(a) for a in judged.values()), key=lambda d: d["id"])

    def scores(self, moment: datetime, *, keep: bool = True) -> list[dict[str, Any]]:
        with self.service.store.session() as session:
            _owner, found = compute.from_store(session, moment, keep=keep)
            everyone = found.everyone(session)
        return sorted((assessment_dict(a) for a in everyone), key=lambda d: d["id"])

    def rows(self) -> int:
        with self.service.store.session() as session:
            return session.scalar(select(func.count()).select_from(m.KeptScores)) or 0


@pytest.fixture
def world(service: Service) -> Iterator[World]:
    yield World(service)
    compute.forget(service.store.engine)


@pytest.fixture
def scored(monkeypatch: pytest.MonkeyPatch) -> list[datetime]:
    """The moments the network was scored from scratch (not read from kept scores)."""
    seen: list[datetime] = []
    real = compute.load_network

    def counting(session: Any, owner: Any, as_of: datetime, *args: Any, **kw: Any) -> Any:
        if not args:  # the whole network, not a few people re-scored after a change
            seen.append(as_of)
        return real(session, owner, as_of, *args, **kw)

    monkeypatch.setattr(compute, "load_network", counting)
    return seen


def test_later_the_same_day_the_kept_scores_answers_exactly(
    world: World, scored: list[datetime]
) -> None:
    zoe = world.person("Zoë Fast", "Globex")
    world.person("Ken Quiet")
    world.conversation(zoe, asks=8, replies=7, end=MORNING - timedelta(days=3))
    world.scores(MORNING)
    evening = MORNING + timedelta(hours=10)

    from_kept_scores = world.scores(evening)
    compute.forget(world.service.store.engine)
    from_stored_row = world.scores(evening)

    assert scored == [MORNING]
    assert world.rows() == 1
    assert from_kept_scores == world.exact(evening)
    assert from_stored_row == world.exact(evening)


def test_the_next_day_is_scored_afresh(world: World, scored: list[datetime]) -> None:
    zoe = world.person("Zoë Fast")
    world.conversation(zoe, asks=8, replies=7, end=MORNING - timedelta(days=3))
    world.scores(MORNING)
    tomorrow = MORNING + timedelta(days=1)

    assert world.scores(tomorrow) == world.exact(tomorrow)
    assert scored == [MORNING, tomorrow]


def test_a_meeting_that_starts_later_ends_the_kept_scores(
    world: World, scored: list[datetime]
) -> None:
    ann = world.person("Ann Meeting")
    world.interaction("meeting", MORNING + timedelta(hours=5), world.self_id, {ann: "accepted"})
    before = world.scores(MORNING)
    after_it = MORNING + timedelta(hours=6)

    later = world.scores(after_it)

    assert scored == [MORNING, after_it]
    assert "meeting" not in before[0]["familiarity"]["why"]
    assert "1 one-to-one meeting together" in later[0]["familiarity"]["why"]


@pytest.mark.parametrize("change", ["vet", "flag", "relate", "import"])
def test_new_evidence_changes_the_data_version(world: World, change: str) -> None:
    zoe_id = world.person("Zoë Fast")
    world.conversation(zoe_id, asks=8, replies=7, end=datetime.now(UTC) - timedelta(days=3))
    first = {a.person.id: a for a in world.service.people()}[zoe_id]

    if change == "vet":
        world.service.vet("Zoë Fast", willing="yes")
    elif change == "flag":
        world.service.flag("Zoë Fast", soured=True, note="missed the launch")
    elif change == "relate":
        world.service.relate("Zoë Fast", kind="manager")
    else:
        world.interaction(
            "bounced", datetime.now(UTC) - timedelta(hours=1), zoe_id, {}, folder="zoe@x.example"
        )
    again = {a.person.id: a for a in world.service.people()}[zoe_id]

    if change == "vet":
        assert first.satisfaction.value is None and again.satisfaction.value == 0.95
    elif change == "flag":
        assert again.satisfaction.value == 0.0 and "missed the launch" in again.satisfaction.why
    elif change == "relate":
        assert first.relationship is None
        assert again.relationship is not None and again.relationship.kind == "manager"
    else:
        assert first.availability is None
        assert again.availability is not None and again.availability.status == "bounced"


def test_scoring_a_past_day_keeps_no_kept_scores(world: World) -> None:
    zoe = world.person("Zoë Fast")
    world.conversation(zoe, asks=8, replies=7, end=datetime(2024, 1, 1, tzinfo=UTC))

    past = world.service.people(as_of=date(2023, 6, 1))

    assert world.rows() == 0
    assert [assessment_dict(a) for a in past] == world.exact(datetime(2023, 6, 1, tzinfo=UTC))


def test_meetings_and_availability_read_from_the_store(world: World) -> None:
    now = datetime.now(UTC)
    rita = world.person("Rita Report", "Initech")
    away = world.person("Ava Away", "Acme")
    for week in range(10):
        world.interaction(
            "meeting",
            now - timedelta(days=7 * week + 2),
            world.self_id,
            {rita: "accepted"},
            ends_at=now - timedelta(days=7 * week + 2) + timedelta(minutes=30),
            has_text=False,
        )
    world.interaction(
        "away",
        now - timedelta(days=1),
        away,
        {world.self_id: "to"},
        ends_at=now + timedelta(days=30),
        subject="Out of office",
    )

    people = {d["id"]: d for d in (assessment_dict(a) for a in world.service.people())}
    detail = world.service.person("Rita Report")

    assert "10 one-to-one meetings together" in people[rita]["familiarity"]["why"]
    assert people[rita]["relationship"]["kind"] == "report"
    availability = people[away]["communication"]["availability"]
    assert availability["status"] == "away"
    assert availability["until"] == (now + timedelta(days=30)).date().isoformat()
    assert "away until" in people[away]["communication"]["why"]
    assert len(detail.record.messages) == 10
    assert detail.assessment.familiarity.why == people[rita]["familiarity"]["why"]


SUBJECTS = ("data pipeline review", "hiring plan", "pricing model", "kafka migration", "lunch?")


def test_suggest_from_the_kept_scores_is_the_shortlist_of_everyone(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Relevance judged for the best fits only: the same slate, runners-up and bench as for all."""
    from goodword.choose import shortlist as chooser
    from goodword.choose.needs import parse_needs
    from goodword.choose.shortlist import Brief, shortlist
    from goodword.evidence.relevance import documents, rank

    monkeypatch.setattr(chooser, "FIRST_LOOK", 3)  # widen at least once
    rng = random.Random(11)
    now = datetime.now(UTC)
    people = [world.person(f"Person {i:02d}", f"Org {i % 4}") for i in range(24)]
    for pid in people:
        replies = rng.randrange(0, 6)
        world.conversation(pid, asks=5, replies=replies, end=now - timedelta(days=3))
        for _ in range(rng.randrange(0, 3)):
            world.interaction(
                "email",
                now - timedelta(days=rng.randrange(5, 300)),
                world.self_id,
                {pid: "to"},
                subject=rng.choice(SUBJECTS),
            )
    world.service.relate("Person 03", kind="manager")
    world.service.relate("Person 17", kind="manager")
    job = world.service.add_job(
        title="Head of Data",
        description="Own the data pipeline and the kafka migration; hiring.",
        needs="3 references, 1 supervisor",
    )

    first = world.service.suggest(str(job.id))  # cold: computed, scores kept
    compute.forget(world.service.store.engine)
    again = world.service.suggest(str(job.id))  # read back from the stored rows

    with world.service.store.session() as session:
        owner = local_owner(session)
        network = load_network(session, owner, first.as_of)
    judged = assess(network)
    brief = Brief(kind="reference")
    eligible = [pid for pid, a in judged.items() if chooser.exclusion(a, brief) is None]
    relevance = rank(
        documents(network, list(network.people)), f"{job.title}\n{job.description}", eligible
    )
    expected = shortlist(judged, parse_needs("3 references, 1 supervisor"), brief, relevance)
    assert len(expected.picks) == 3 and expected.runners_up and expected.bench
    for found in (first, again):
        assert found.as_dict()["picks"] == _shown(expected)["picks"]
        assert found.as_dict()["runners_up"] == _shown(expected)["runners_up"]
        assert found.as_dict()["bench"] == _shown(expected)["bench"]


def _shown(result: Any) -> dict[str, Any]:
    from goodword.service.views import JobView, Suggestion

    job = JobView(0, "", "", None, result.needs, False, "open", "")
    return Suggestion(job, result, MORNING).as_dict()


@pytest.mark.parametrize(
    "sort", ["fit", "familiarity", "communication", "satisfaction", "confidence", "name"]
)
def test_people_sorted_filtered_and_limited_from_the_kept_scores_match_the_exact_list(
    world: World, sort: str
) -> None:
    from rapidfuzz import fuzz

    from goodword.service.listing import score_rows_of, sort_key

    order = sort_key(sort)

    def _by_sort(assessment: Assessment) -> Any:
        return order(score_rows_of([assessment])[0])

    rng = random.Random(5)
    now = datetime.now(UTC)
    for i in range(30):
        pid = world.person(f"Person {rng.choice('ABC')}{i:02d}", f"Org {i % 3}")
        world.conversation(
            pid, asks=rng.randrange(1, 6), replies=rng.randrange(0, 4), end=now - timedelta(days=2)
        )
    with world.service.store.session() as session:
        judged = list(assess(load_network(session, local_owner(session), now)).values())
    expected = sorted(judged, key=_by_sort)
    narrowed = sorted(
        (
            a
            for a in judged
            if fuzz.partial_ratio("org 1", a.person.organization_key) >= 90
            and "person b" in normalise.name_key(a.person.name)
            and (a.communication.value or 0.0) >= 0.2
        ),
        key=_by_sort,
    )

    everyone = world.service.people(sort=sort)  # cold: computed and kept
    compute.forget(world.service.store.engine)
    top = world.service.people(sort=sort, limit=7)  # from the stored rows
    filtered = world.service.people(
        sort=sort, organization="Org 1", search="person b", minimum={"communication": 0.2}
    )

    assert [assessment_dict(a) for a in everyone] == [assessment_dict(a) for a in expected]
    assert [assessment_dict(a) for a in top] == [assessment_dict(a) for a in expected[:7]]
    assert [a.person.id for a in filtered] == [a.person.id for a in narrowed]
    assert narrowed


def test_the_network_read_through_the_driver_is_what_the_orm_reads(world: World) -> None:
    # Timestamps with microseconds, across midnight and in another zone, a meeting's end,
    # a message to several people and one after the moment asked for.
    ada, bob = world.person("Ada"), world.person("Bob")
    assert world.self_id is not None
    paris = timezone(timedelta(hours=2))
    world.interaction("email", datetime(2026, 5, 31, 23, 59, 59, 999_999, tzinfo=UTC), ada, {})
    world.interaction(
        "email",
        datetime(2026, 5, 1, 1, 30, 0, 5, tzinfo=paris),
        world.self_id,
        {ada: "to", bob: "to"},
    )
    world.interaction(
        "meeting",
        datetime(2026, 4, 2, 10, tzinfo=UTC),
        bob,
        {world.self_id: "accepted", ada: "declined"},
        ends_at=datetime(2026, 4, 2, 10, 30, 0, 250_000, tzinfo=UTC),
    )
    world.interaction("email", MORNING + timedelta(seconds=1), bob, {ada: "to"})
    with world.service.store.session() as session:
        owner = local_owner(session)
        loaded = load_network(session, owner, MORNING).messages
        rows = session.execute(
            select(m.Interaction)
            .where(m.Interaction.occurred_at < MORNING)
            .order_by(m.Interaction.occurred_at, m.Interaction.id)
        ).scalars()
        expected = [
            (
                row.id,
                row.kind,
                row.occurred_at,
                row.sender_id,
                tuple(sorted((p.person_id, p.role) for p in row.participants)),
                row.ends_at,
            )
            for row in rows
        ]
    got = [
        (
            fact.id,
            fact.kind,
            fact.occurred_at,
            fact.sender_id,
            tuple(sorted(zip(fact.recipient_ids, fact.roles, strict=True))),
            fact.ends_at,
        )
        for fact in loaded
    ]
    assert got == expected
    assert len(got) == 3  # the message after the moment is left out
    assert all(fact.occurred_at.tzinfo is UTC for fact in loaded)
    assert got[0][2] == datetime(2026, 4, 2, 10, tzinfo=UTC)
    assert got[0][5] == datetime(2026, 4, 2, 10, 30, 0, 250_000, tzinfo=UTC)
    assert got[1][2] == datetime(2026, 4, 30, 23, 30, 0, 5, tzinfo=UTC)


def _small_world(world: World) -> tuple[int, int]:
    now = datetime.now(UTC)
    zoe = world.person("Zoë Fast", "Globex")
    ken = world.person("Ken Quiet", "Globex")
    world.conversation(zoe, asks=8, replies=7, end=now - timedelta(days=3))
    world.conversation(ken, asks=5, replies=1, end=now - timedelta(days=3))
    world.interaction("meeting", now - timedelta(days=40), world.self_id, {zoe: "accepted"})
    for who, subject in ((zoe, "kafka migration"), (ken, "pricing model")):
        world.interaction(
            "email", now - timedelta(days=9), world.self_id, {who: "to"}, subject=subject
        )
    return zoe, ken


@pytest.mark.parametrize("change", ["vet", "vet no", "flag", "relate", "ask"])
def test_a_change_to_one_person_rescores_them_alone_and_exactly(
    world: World, scored: list[datetime], change: str
) -> None:
    """Vetting, flagging, relating or asking someone keeps the day's kept scores: no full re-score."""
    zoe, _ken = _small_world(world)
    job = world.service.add_job(title="Data lead", description="kafka migration")
    world.service.people()  # the day's kept scores: everyone scored once
    assert len(scored) == 1

    if change == "vet":
        world.service.vet("Zoë Fast", willing="yes")
    elif change == "vet no":
        world.service.vet("Zoë Fast", willing="no")
    elif change == "flag":
        world.service.flag("Zoë Fast", soured=True, note="missed the launch")
    elif change == "relate":
        world.service.relate("Zoë Fast", kind="manager")
    else:  # asked today: pending for two weeks, so nobody's judged asks change
        world.service.vet("Zoë Fast", willing="yes")
        world.service.ask(str(job.id), ["Zoë Fast"], to="asked")
    moment = datetime.now(UTC)
    patched = world.scores(moment)

    assert len(scored) == 1  # the change re-scored Zoë alone
    assert patched == world.exact(moment)
    changed = {row["id"]: row for row in patched}[zoe]
    if change == "vet":
        assert changed["satisfaction"]["score"] == 0.95
    elif change == "vet no":
        assert changed["satisfaction"]["score"] == 0.0
    elif change == "flag":
        assert "missed the launch" in changed["satisfaction"]["why"]
    elif change == "relate":
        assert changed["relationship"]["kind"] == "manager"
    else:
        assert changed["communication"]["asked"] == 8  # the ask is not judged yet


def test_a_change_that_moves_the_network_prior_is_scored_afresh(
    world: World, scored: list[datetime]
) -> None:
    """An ask dated three weeks back is judged at once (unanswered): everyone's prior moves."""
    _small_world(world)
    job = world.service.add_job(title="Data lead")
    world.service.people()
    three_weeks_ago = (datetime.now(UTC) - timedelta(days=21)).date()

    world.service.vet("Ken Quiet", willing="yes")
    world.service.ask(str(job.id), ["Ken Quiet"], to="asked", on=three_weeks_ago)
    moment = datetime.now(UTC)
    after = world.scores(moment)

    assert len(scored) == 2  # the kept scores was left to be recomputed, and was
    assert after == world.exact(moment)
    ken = next(row for row in after if row["name"] == "Ken Quiet")
    assert ken["communication"]["asked"] == 6


def test_a_patched_kept_scores_is_not_used_before_the_change(
    world: World, scored: list[datetime]
) -> None:
    """Scores as of a moment before Ann was asked, later the same day, do not show the ask."""
    _small_world(world)
    world.person("Ann New")
    job = world.service.add_job(title="Data lead")
    world.service.vet("Ann New", willing="yes")  # shows Ann re-scored: the kept scores is kept
    start = datetime.now(UTC)
    time.sleep(0.01)
    between = start + (datetime.now(UTC) - start) / 2

    world.service.ask(str(job.id), ["Ann New"], to="asked")
    earlier = world.scores(between, keep=False)
    now = datetime.now(UTC)
    later = world.scores(now)

    assert earlier == world.exact(between)
    assert len(scored) == 2 and scored[1] == between  # afresh for a moment before the ask
    ann_then = next(row for row in earlier if row["name"] == "Ann New")
    ann_now = next(row for row in later if row["name"] == "Ann New")
    assert "too recent to judge" not in ann_then["communication"]["why"]
    assert "1 message to them still too recent to judge" in ann_now["communication"]["why"]
    assert later == world.exact(now)


def _wait_for_refresh(world: World) -> None:
    """Until the background refresher has finished (its lock is gone), at most a minute."""
    from goodword.service.scores import refresh

    lock = refresh.lock_path(world.service.settings)
    deadline = time.monotonic() + 60
    while lock.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not lock.exists(), "the background refresh did not finish"


def test_the_days_first_call_answers_from_yesterday_and_refreshes_in_the_background(
    world: World,
) -> None:
    """Same evidence, a new day: yesterday's scores at once, said so; today's come after."""
    zoe, _ken = _small_world(world)
    now = datetime.now(UTC)
    yesterday = now - timedelta(days=1)
    world.scores(yesterday)  # kept; it holds until midnight, which has passed since

    late = world.service.people_page()
    _wait_for_refresh(world)
    with world.service.store.session() as session:
        owner = local_owner(session)
        version = kept_store.data_version(session, owner)
        kept_by_refresher = kept_store.newest(session, owner.id, version, datetime.now(UTC))
    fresh = world.service.people_page()

    midnight = datetime.combine(now.date(), datetime.min.time(), UTC)
    assert late.held_until is not None and late.held_until <= midnight
    assert _by_id(late.people) == world.exact(yesterday)
    assert kept_by_refresher is not None and kept_by_refresher.computed_for > now
    assert fresh.held_until is None
    assert _by_id(fresh.people) == world.exact(datetime.now(UTC))
    assert zoe in {a.person.id for a in fresh.people}


def _by_id(assessed: list[Any]) -> list[dict[str, Any]]:
    return sorted((assessment_dict(a) for a in assessed), key=lambda d: d["id"])


def test_changed_evidence_is_never_answered_late(world: World, scored: list[datetime]) -> None:
    """A new message since yesterday's kept scores: scored here and now, nothing in the background."""
    from goodword.service.scores import refresh

    zoe, _ken = _small_world(world)
    yesterday = datetime.now(UTC) - timedelta(days=1)
    world.scores(yesterday)
    world.interaction("email", datetime.now(UTC) - timedelta(hours=2), zoe, {world.self_id: "to"})

    page = world.service.people_page()

    assert page.held_until is None
    assert len(scored) == 2  # yesterday's, then now: the kept scores of other evidence is not used
    assert not refresh.lock_path(world.service.settings).exists()


def test_a_kept_scores_older_than_the_lag_limit_is_scored_afresh(
    world: World, scored: list[datetime]
) -> None:
    """Back after a week: the old scores are too old to show, even flagged."""
    _small_world(world)
    world.scores(datetime.now(UTC) - scores.LAG_LIMIT - timedelta(days=1))

    page = world.service.people_page()

    assert page.held_until is None and len(scored) == 2


def test_a_kept_scores_kept_by_other_scoring_code_is_not_used(
    world: World, scored: list[datetime], monkeypatch: pytest.MonkeyPatch
) -> None:
    """After an upgrade that changes how scores are computed, the kept scores is recomputed."""
    _small_world(world)
    world.service.people()
    monkeypatch.setattr(scores.kept, "SCORING_VERSION", scores.SCORING_VERSION + 1)
    compute.forget(world.service.store.engine)

    world.service.people()

    assert len(scored) == 2


def test_a_kept_scores_this_code_cannot_read_is_scored_afresh(
    world: World, scored: list[datetime]
) -> None:
    """A header kept by another goodword (its prior had other fields) is not used, nor fatal."""
    _small_world(world)
    world.service.people()
    with world.service.store.session() as session:
        row = session.scalars(select(m.KeptScores)).one()
        body = json.loads(row.payload)
        body["prior"] = [*body["prior"], 0.5, 0.25]  # two fields this code does not know
        row.payload = json.dumps(body).encode()
    compute.forget(world.service.store.engine)

    again = world.service.people()

    assert len(scored) == 2 and again


def test_asking_two_people_at_once_rescores_both_exactly(
    world: World, scored: list[datetime]
) -> None:
    zoe, ken = _small_world(world)
    job = world.service.add_job(title="Data lead", description="kafka migration")
    world.service.vet("Zoë Fast", willing="yes")  # the first call scores everyone, once
    world.service.vet("Ken Quiet", willing="concerns", concerns="slow to reply lately")

    world.service.ask(str(job.id), ["Zoë Fast", "Ken Quiet"], to="asked")
    moment = datetime.now(UTC)
    after = {row["id"]: row for row in world.scores(moment)}

    assert len(scored) == 1
    assert list(after.values()) == world.exact(moment)
    assert after[zoe]["satisfaction"]["score"] == 0.95
    assert "slow to reply lately" in after[ken]["satisfaction"]["why"]


def test_an_import_committed_meanwhile_is_not_claimed_by_a_change_to_one_person(
    world: World, scored: list[datetime]
) -> None:
    """Another process adds a message between the look at Zoë and her vetting: score afresh."""
    from goodword.service.scores.rescore import Rescoring
    from goodword.store.judgements import record_vetting

    zoe, ken = _small_world(world)
    world.service.people()
    with world.service.store.session() as session:
        owner = local_owner(session)
        keeper = Rescoring(session, owner)
        keeper.touch(zoe)
        # Meanwhile, in another session (another process): a reply from Ken arrives.
        world.interaction(
            "email", datetime.now(UTC) - timedelta(hours=1), ken, {world.self_id: "to"}
        )
        record_vetting(
            session,
            owner,
            zoe,
            held_on=datetime.now(UTC).date(),
            willing="yes",
            concerns="",
            channel="",
            questions=("q1", "q2"),
        )
        patched = keeper.finish()
    moment = datetime.now(UTC)
    after = world.scores(moment)

    assert not patched and keeper.refused == "other evidence changed meanwhile"
    assert len(scored) == 2  # scored afresh, the new message included
    assert after == world.exact(moment)
