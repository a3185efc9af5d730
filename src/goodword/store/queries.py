"""Owner-scoped reads that hand plain facts to the evidence stage.

Everything is loaded in a few bulk queries (columns, not ORM objects) and
grouped by person, so scoring a whole network costs one pass. ``as_of``
keeps only evidence dated before that moment, for honest back-tests.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import Table, func, select
from sqlalchemy.orm import Session

from goodword.identity import keys
from goodword.store import models as m
from goodword.store.bulk import driver_rows
from goodword.store.facts import (
    AskFact,
    EndorsementFact,
    IdentityFact,
    MessageFact,
    Network,
    PersonFact,
    PersonRecord,
    RecommendationFact,
    RelationshipFact,
    TenureFact,
    VettingFact,
)
from goodword.store.reading import timestamp_reader


def load_network(
    session: Session,
    owner: m.Owner,
    as_of: datetime,
    person_ids: set[int] | None = None,
    *,
    with_messages: bool = True,
) -> Network:
    """Load every fact dated before ``as_of`` for ``owner`` (optionally only some people).

    ``with_messages`` False leaves the interactions out (see :func:`person_messages`).
    """
    self_id = owner.self_person_id or -1
    people = _people(session, owner.id, as_of.date(), person_ids)
    wanted = set(people) | {self_id}
    # A few people: ask the database for their rows alone, not everyone's.
    few = None if person_ids is None else wanted
    tenures = _tenures(session, owner.id, as_of.date(), wanted, few)
    return Network(
        owner_id=owner.id,
        self_id=self_id,
        owner_name=owner.name,
        as_of=as_of,
        people=people,
        owner_tenures=tenures.pop(self_id, []),
        tenures=tenures,
        messages=_messages(session, owner.id, as_of) if with_messages else [],
        endorsements=_endorsements(session, owner.id, as_of, wanted, few),
        recommendations=_recommendations(session, owner.id, as_of, wanted, few),
        vettings=_vettings(session, owner.id, as_of.date()),
        relationships=_relationships(session, owner.id),
        asks=_asks(session, owner.id, as_of),
        exports=export_dates(session, owner.id, as_of.date()),
    )


def export_dates(session: Session, owner_id: int, day: date) -> dict[str, date]:
    """The export date of each source's newest finished import made by ``day``, by source kind."""
    query = (
        select(m.ImportRun.source_kind, func.max(m.ImportRun.export_date))
        .where(
            m.ImportRun.owner_id == owner_id,
            m.ImportRun.status == "done",
            m.ImportRun.export_date.is_not(None),
            m.ImportRun.export_date <= day,
        )
        .group_by(m.ImportRun.source_kind)
    )
    return {kind: latest for kind, latest in session.execute(query) if latest is not None}


def _people(
    session: Session, owner_id: int, day: date, person_ids: set[int] | None
) -> dict[int, PersonFact]:
    identities: dict[int, list[tuple[str, str]]] = defaultdict(list)
    query_identities = select(m.Identity.person_id, m.Identity.kind, m.Identity.value).where(
        m.Identity.owner_id == owner_id
    )
    if person_ids is not None:
        query_identities = query_identities.where(m.Identity.person_id.in_(person_ids))
    for person_id, kind, value in session.execute(query_identities):
        identities[person_id].append((kind, value))
    query = (
        select(
            m.Person.id,
            m.Person.display_name,
            m.Organization.name,
            m.Organization.key,
            m.Person.title,
            m.Person.connected_on,
            m.Person.soured,
            m.Person.soured_note,
            m.Person.do_not_ask,
        )
        .outerjoin(m.Organization, m.Person.organization_id == m.Organization.id)
        .where(m.Person.owner_id == owner_id, m.Person.is_self.is_(False))
    )
    if person_ids is not None:
        query = query.where(m.Person.id.in_(person_ids))
    people: dict[int, PersonFact] = {}
    for row in session.execute(query):
        ids = identities.get(row[0], [])
        people[row[0]] = PersonFact(
            id=row[0],
            name=row[1],
            organization=row[2] or "",
            organization_key=row[3] or "",
            title=row[4],
            connected_on=row[5] if row[5] and row[5] <= day else None,
            soured=row[6],
            soured_note=row[7],
            do_not_ask=row[8],
            emails=tuple(sorted(v for k, v in ids if k == "email")),
            linkedin=next((v for k, v in ids if k == "linkedin"), None),
        )
    return people


def _tenures(
    session: Session, owner_id: int, day: date, wanted: set[int], few: set[int] | None
) -> dict[int, list[TenureFact]]:
    tenures: dict[int, list[TenureFact]] = defaultdict(list)
    query = (
        select(
            m.Tenure.id,
            m.Tenure.person_id,
            m.Tenure.kind,
            m.Organization.name,
            m.Organization.key,
            m.Tenure.title,
            m.Tenure.start_on,
            m.Tenure.end_on,
            m.Tenure.is_current,
            m.Tenure.observed_on,
            m.Tenure.description,
        )
        .join(m.Organization, m.Tenure.organization_id == m.Organization.id)
        .where(m.Tenure.owner_id == owner_id)
    )
    if few is not None:
        query = query.where(m.Tenure.person_id.in_(few))
    for row in session.execute(query):
        fact = TenureFact(*tuple(row))
        known_from = fact.start_on or fact.observed_on
        if fact.person_id not in wanted or (known_from is not None and known_from > day):
            continue
        if fact.end_on is not None and fact.end_on > day:
            # Seen from ``day``, a period that ended later was still going on.
            fact = replace(fact, end_on=None, is_current=True)
        tenures[fact.person_id].append(fact)
    return dict(tenures)


_INTERACTION = cast(Table, m.Interaction.__table__)
_PARTICIPANT = cast(Table, m.InteractionParticipant.__table__)

# What a MessageFact is read from, in its order (everyone's messages, or one person's).
_MESSAGE_COLUMNS = (
    m.Interaction.id,
    m.Interaction.kind,
    m.Interaction.occurred_at,
    m.Interaction.sender_id,
    m.Interaction.thread_key,
    m.Interaction.participant_count,
    m.Interaction.folder,
    m.Interaction.subject,
    m.Interaction.ends_at,
)


def _messages(session: Session, owner_id: int, as_of: datetime) -> list[MessageFact]:
    # Plain tuples and positional construction, run as Core (not through the ORM's row
    # loading) with timestamps read past their column type: at a million interactions
    # the per-row overhead is most of the cost of loading.
    connection = session.connection()
    moment = timestamp_reader(connection.dialect.name)
    i, ip = _INTERACTION, _PARTICIPANT
    # Every participant row of the owner's, read straight through the table (``+ 0`` keeps
    # the owner index out of it: walking it, then each row, costs three times as much);
    # those of later interactions are simply never looked up.
    participants: dict[int, list[Any]] = defaultdict(list)
    for row in driver_rows(
        connection,
        select(ip.c.interaction_id, ip.c.person_id, ip.c.role).where(ip.c.owner_id + 0 == owner_id),
    ):
        participants[row[0]].append(row)
    found: list[MessageFact] = []
    append = found.append
    nobody: list[Any] = []
    make = tuple.__new__  # what MessageFact(...) does, without its Python-level __new__
    for row_id, kind, at, sender, thread, count, folder, subject, ends in driver_rows(
        connection,
        select(
            i.c.id,
            i.c.kind,
            i.c.occurred_at,
            i.c.sender_id,
            i.c.thread_key,
            i.c.participant_count,
            i.c.folder,
            i.c.subject,
            i.c.ends_at,
        )
        .where(i.c.owner_id == owner_id, i.c.occurred_at < as_of)
        .order_by(i.c.occurred_at, i.c.id),
    ):
        pairs = participants.get(row_id, nobody)
        if len(pairs) == 1:
            recipients: tuple[int, ...] = (pairs[0][1],)
            roles: tuple[str, ...] = (pairs[0][2],)
        else:
            recipients = tuple([p[1] for p in pairs])
            roles = tuple([p[2] for p in pairs])
        append(
            make(
                MessageFact,
                (
                    row_id,
                    kind,
                    moment(at),
                    sender,
                    recipients,
                    thread,
                    count,
                    folder,
                    subject,
                    None if ends is None else moment(ends),
                    roles,
                ),
            )
        )
    return found


def _endorsements(
    session: Session, owner_id: int, as_of: datetime, wanted: set[int], few: set[int] | None
) -> dict[int, list[EndorsementFact]]:
    found: dict[int, list[EndorsementFact]] = defaultdict(list)
    query = select(
        m.Endorsement.id,
        m.Endorsement.person_id,
        m.Endorsement.direction,
        m.Endorsement.skill,
        m.Endorsement.endorsed_at,
        m.Endorsement.status,
    ).where(m.Endorsement.owner_id == owner_id)
    if few is not None:
        query = query.where(m.Endorsement.person_id.in_(few))
    for row in session.execute(query):
        fact = EndorsementFact(*row)
        if fact.person_id in wanted and (fact.endorsed_at is None or fact.endorsed_at < as_of):
            found[fact.person_id].append(fact)
    return dict(found)


def _recommendations(
    session: Session, owner_id: int, as_of: datetime, wanted: set[int], few: set[int] | None
) -> dict[int, list[RecommendationFact]]:
    found: dict[int, list[RecommendationFact]] = defaultdict(list)
    query = select(
        m.Recommendation.id,
        m.Recommendation.person_id,
        m.Recommendation.direction,
        m.Recommendation.organization,
        m.Recommendation.title,
        m.Recommendation.text,
        m.Recommendation.created_at,
    ).where(m.Recommendation.owner_id == owner_id)
    if few is not None:
        query = query.where(m.Recommendation.person_id.in_(few))
    for row in session.execute(query):
        fact = RecommendationFact(*row)
        if fact.person_id in wanted and (fact.created_at is None or fact.created_at < as_of):
            found[fact.person_id].append(fact)
    return dict(found)


def _vettings(session: Session, owner_id: int, day: date) -> dict[int, list[VettingFact]]:
    found: dict[int, list[VettingFact]] = defaultdict(list)
    for row in session.execute(
        select(
            m.Vetting.id,
            m.Vetting.person_id,
            m.Vetting.held_on,
            m.Vetting.willing,
            m.Vetting.concerns,
            m.Vetting.channel,
            m.Vetting.question_recommend,
            m.Vetting.question_concerns,
        )
        .where(m.Vetting.owner_id == owner_id, m.Vetting.held_on <= day)
        .order_by(m.Vetting.held_on, m.Vetting.id)
    ):
        found[row[1]].append(VettingFact(*row[:6], questions=(row[6], row[7])))
    return dict(found)


ANSWERS = ("agreed", "declined")


def _asks(session: Session, owner_id: int, as_of: datetime) -> dict[int, list[AskFact]]:
    """Per person, each goodword ask that went out before ``as_of`` and when it was answered."""
    moments: dict[int, dict[str, datetime]] = defaultdict(dict)
    people: dict[int, int] = {}
    for ask_id, person_id, state, at in session.execute(
        select(m.Ask.id, m.Ask.person_id, m.AskEvent.to_state, m.AskEvent.at)
        .join(m.AskEvent, m.AskEvent.ask_id == m.Ask.id)
        .where(m.Ask.owner_id == owner_id, m.AskEvent.at < as_of)
        .order_by(m.AskEvent.at, m.AskEvent.id)
    ):
        people[ask_id] = person_id
        key = "answered" if state in ANSWERS else state
        moments[ask_id].setdefault(key, at)
    found: dict[int, list[AskFact]] = defaultdict(list)
    for ask_id, seen in moments.items():
        asked = seen.get("asked")
        if asked is None:
            continue
        answered = seen.get("answered")
        found[people[ask_id]].append(
            AskFact(
                ask_id,
                people[ask_id],
                asked,
                answered if answered and answered >= asked else None,
                marked_unanswered="no-answer" in seen,
            )
        )
    return dict(found)


def _relationships(session: Session, owner_id: int) -> dict[int, list[RelationshipFact]]:
    found: dict[int, list[RelationshipFact]] = defaultdict(list)
    for row in session.execute(
        select(
            m.Relationship.id,
            m.Relationship.person_id,
            m.Relationship.kind,
            m.Organization.key,
            m.Relationship.start_on,
            m.Relationship.end_on,
            m.Relationship.origin,
            m.Relationship.confidence,
            m.Relationship.evidence,
        )
        .outerjoin(m.Organization, m.Relationship.organization_id == m.Organization.id)
        .where(m.Relationship.owner_id == owner_id)
    ):
        found[row[1]].append(
            RelationshipFact(
                id=row[0],
                person_id=row[1],
                kind=row[2],
                organization_key=row[3] or "",
                start_on=row[4],
                end_on=row[5],
                origin=row[6],
                confidence=row[7],
                evidence=row[8],
            )
        )
    return dict(found)


def person_messages(
    session: Session, owner: m.Owner, person_id: int, as_of: datetime
) -> list[MessageFact]:
    """The interactions ``person_id`` sent or received before ``as_of``, in time order."""
    # Their interaction ids through the person and sender indexes, then those rows alone:
    # one condition with OR would make the database walk every interaction of the owner.
    ids = set(
        session.scalars(
            select(m.InteractionParticipant.interaction_id).where(
                m.InteractionParticipant.owner_id == owner.id,
                m.InteractionParticipant.person_id == person_id,
            )
        )
    )
    ids.update(
        session.scalars(
            select(m.Interaction.id).where(
                m.Interaction.owner_id == owner.id, m.Interaction.sender_id == person_id
            )
        )
    )
    wanted = sorted(ids)
    roles: dict[int, list[tuple[int, str]]] = defaultdict(list)
    rows: list[Any] = []
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        for interaction_id, other, role in session.execute(
            select(
                m.InteractionParticipant.interaction_id,
                m.InteractionParticipant.person_id,
                m.InteractionParticipant.role,
            ).where(m.InteractionParticipant.interaction_id.in_(chunk))
        ):
            roles[interaction_id].append((other, role))
        rows.extend(
            session.execute(
                select(*_MESSAGE_COLUMNS).where(
                    m.Interaction.id.in_(chunk), m.Interaction.occurred_at < as_of
                )
            )
        )
    rows.sort(key=lambda row: (row[2], row[0]))
    return [
        MessageFact(
            row[0],
            row[1],
            row[2],
            row[3],
            tuple(p for p, _ in roles.get(row[0], [])),
            row[4],
            row[5],
            row[6],
            row[7],
            row[8],
            tuple(r for _, r in roles.get(row[0], [])),
        )
        for row in rows
    ]


def person_record(
    network: Network,
    session: Session,
    person_id: int,
    messages: list[MessageFact] | None = None,
) -> PersonRecord:
    """Gather one person's rows from a loaded network plus their identities' provenance.

    ``messages`` are theirs when the network was loaded without interactions.
    """
    identities = [
        IdentityFact(kind, value, f"{source_file or 'entered by you'}{f':{ref}' if ref else ''}")
        for kind, value, source_file, ref in session.execute(
            select(m.Identity.kind, m.Identity.value, m.Identity.source_file, m.Identity.source_ref)
            .where(m.Identity.owner_id == network.owner_id, m.Identity.person_id == person_id)
            .where(m.Identity.kind != keys.ROW)  # a row's key says nothing to the reader
            .order_by(m.Identity.kind, m.Identity.value)
        )
    ]
    return PersonRecord(
        person=network.people[person_id],
        identities=identities,
        tenures=network.tenures.get(person_id, []),
        messages=messages
        if messages is not None
        else [
            msg
            for msg in network.messages
            if msg.sender_id == person_id or person_id in msg.recipient_ids
        ],
        endorsements=network.endorsements.get(person_id, []),
        recommendations=network.recommendations.get(person_id, []),
        vettings=network.vettings.get(person_id, []),
        relationships=network.relationships.get(person_id, []),
    )


@dataclass(frozen=True, slots=True)
class PersonMatch:
    """A person found by name search."""

    id: int
    name: str
    name_key: str
    organization: str | None


def people_index(
    session: Session,
    owner_id: int,
    *,
    person_id: int | None = None,
    name_key: str | None = None,
    containing: str | None = None,
) -> list[PersonMatch]:
    """Contacts' ids, names and organisations, for lookups by id or name.

    Everyone by default (a fuzzy search needs them all); or the contact with
    ``person_id``, those whose name key is ``name_key``, or whose name key
    contains ``containing`` — asked of the database, so that finding one
    person among 30,000 does not read them all.
    """
    query = (
        select(m.Person.id, m.Person.display_name, m.Person.name_key, m.Organization.name)
        .outerjoin(m.Organization, m.Person.organization_id == m.Organization.id)
        .where(m.Person.owner_id == owner_id, m.Person.is_self.is_(False))
        .order_by(m.Person.id)
    )
    if person_id is not None:
        query = query.where(m.Person.id == person_id)
    if name_key is not None:
        query = query.where(m.Person.name_key == name_key)
    if containing is not None:
        query = query.where(m.Person.name_key.contains(containing, autoescape=True))
    return [PersonMatch(*row) for row in session.execute(query)]


def import_issues(session: Session, import_id: int) -> list[dict[str, str]]:
    """The problems recorded for one import run, in order."""
    return [
        {
            "file": issue.file,
            "location": issue.location,
            "severity": issue.severity,
            "code": issue.code,
            "message": issue.message,
        }
        for issue in session.scalars(
            select(m.ImportIssue)
            .where(m.ImportIssue.import_id == import_id)
            .order_by(m.ImportIssue.id)
        )
    ]
