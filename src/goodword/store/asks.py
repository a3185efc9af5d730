"""Asks and their events: created, moved, listed and counted for one owner.

The rules of which move is legal live in :mod:`goodword.workflow.asks`;
this module only stores what the workflow decided.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from goodword.store import models as m


@dataclass(frozen=True, slots=True)
class AskRow:
    """An ask with the names a pipeline shows and its dated events."""

    id: int
    person_id: int
    person: str
    opportunity_id: int
    opportunity: str
    kind: str
    state: str
    since: datetime
    due_on: date | None
    events: tuple[tuple[datetime, str | None, str, str], ...]
    shared_contacts: tuple[tuple[str, str], ...] = ()
    preferred_contact: str = ""


def find_ask(
    session: Session, owner: m.Owner, person_id: int, opportunity_id: int, kind: str
) -> m.Ask | None:
    """The ask for this person, opportunity and kind, if one exists."""
    return session.scalars(
        select(m.Ask).where(
            m.Ask.owner_id == owner.id,
            m.Ask.person_id == person_id,
            m.Ask.opportunity_id == opportunity_id,
            m.Ask.kind == kind,
        )
    ).first()


def open_asks(session: Session, owner: m.Owner, person_id: int, *, state: str) -> list[m.Ask]:
    """This person's asks that stand in ``state``."""
    return list(
        session.scalars(
            select(m.Ask).where(
                m.Ask.owner_id == owner.id, m.Ask.person_id == person_id, m.Ask.state == state
            )
        )
    )


def create_ask(
    session: Session,
    owner: m.Owner,
    *,
    person_id: int,
    opportunity_id: int,
    kind: str,
    at: datetime,
    due_on: date | None,
    note: str = "",
) -> m.Ask:
    """A new ask in state ``proposed``, with its first event."""
    ask = m.Ask(
        owner_id=owner.id,
        person_id=person_id,
        opportunity_id=opportunity_id,
        kind=kind,
        state="proposed",
        due_on=due_on,
        created_at=at,
        updated_at=at,
    )
    session.add(ask)
    session.flush()
    session.add(
        m.AskEvent(
            owner_id=owner.id, ask_id=ask.id, from_state=None, to_state="proposed", at=at, note=note
        )
    )
    return ask


def move_ask(
    session: Session, ask: m.Ask, *, to: str, at: datetime, due_on: date | None, note: str = ""
) -> None:
    """Record a transition the workflow allowed."""
    session.add(
        m.AskEvent(
            owner_id=ask.owner_id,
            ask_id=ask.id,
            from_state=ask.state,
            to_state=to,
            at=at,
            note=note,
        )
    )
    ask.state = to
    ask.updated_at = at
    ask.due_on = due_on


def share_contacts(ask: m.Ask, contacts: dict[str, str], preferred: str | None) -> None:
    """Record what the person agreed the employer may use to reach them (added to earlier ones)."""
    if contacts:
        ask.shared_contacts = {**(ask.shared_contacts or {}), **contacts}
    if preferred is not None:
        ask.preferred_contact = preferred


def ask_rows(
    session: Session,
    owner: m.Owner,
    *,
    opportunity_id: int | None = None,
    ask_ids: Iterable[int] | None = None,
) -> list[AskRow]:
    """Asks with their person, opportunity and events, by opportunity then person."""
    query = (
        select(m.Ask, m.Person.display_name, m.Opportunity.title)
        .join(m.Person, m.Person.id == m.Ask.person_id)
        .join(m.Opportunity, m.Opportunity.id == m.Ask.opportunity_id)
        .where(m.Ask.owner_id == owner.id)
        .order_by(m.Ask.opportunity_id, m.Person.display_name)
    )
    if opportunity_id is not None:
        query = query.where(m.Ask.opportunity_id == opportunity_id)
    if ask_ids is not None:
        query = query.where(m.Ask.id.in_(list(ask_ids)))
    found = session.execute(query).all()
    events: dict[int, list[tuple[datetime, str | None, str, str]]] = {}
    if found:
        for ask_id, at, before, after, note in session.execute(
            select(
                m.AskEvent.ask_id,
                m.AskEvent.at,
                m.AskEvent.from_state,
                m.AskEvent.to_state,
                m.AskEvent.note,
            )
            .where(m.AskEvent.ask_id.in_([ask.id for ask, _, _ in found]))
            .order_by(m.AskEvent.at, m.AskEvent.id)
        ):
            events.setdefault(ask_id, []).append((at, before, after, note))
    return [
        AskRow(
            id=ask.id,
            person_id=ask.person_id,
            person=person,
            opportunity_id=ask.opportunity_id,
            opportunity=title,
            kind=ask.kind,
            state=ask.state,
            since=ask.updated_at,
            due_on=ask.due_on,
            events=tuple(events.get(ask.id, [])),
            shared_contacts=tuple((str(k), str(v)) for k, v in (ask.shared_contacts or {}).items()),
            preferred_contact=ask.preferred_contact,
        )
        for ask, person, title in found
    ]
