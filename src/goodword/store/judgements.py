"""What the user records about people: honest conversations, flags, stated relationships."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from goodword.store import models as m
from goodword.store.jobs import organization_id


def record_vetting(
    session: Session,
    owner: m.Owner,
    person_id: int,
    *,
    held_on: date,
    willing: str,
    concerns: str,
    channel: str,
    questions: tuple[str, str],
) -> None:
    """Store one honest conversation, with the two questions as they were asked."""
    session.add(
        m.Vetting(
            owner_id=owner.id,
            person_id=person_id,
            held_on=held_on,
            channel=channel[:30],
            willing=willing,
            concerns=concerns,
            question_recommend=questions[0],
            question_concerns=questions[1],
        )
    )


def latest_answers(
    session: Session, owner: m.Owner, person_ids: Collection[int] | None = None
) -> dict[int, tuple[str, date, str]]:
    """Each person's latest decided honest conversation as (willing, held on, concerns).

    Of ``person_ids``, or of everyone; "not yet" is not an answer.
    """
    query = select(m.Vetting).where(m.Vetting.owner_id == owner.id, m.Vetting.willing != "not-yet")
    if person_ids is not None:
        query = query.where(m.Vetting.person_id.in_(list(person_ids)))
    found: dict[int, tuple[str, date, str]] = {}
    for row in session.scalars(query.order_by(m.Vetting.held_on, m.Vetting.id)):
        found[row.person_id] = (row.willing, row.held_on, row.concerns or "")
    return found


def set_flags(
    session: Session,
    owner: m.Owner,
    person_id: int,
    *,
    soured: bool | None,
    do_not_ask: bool | None,
    note: str | None,
) -> None:
    """Change a person's soured and do-not-ask flags (None leaves a flag as it is)."""
    person = session.get(m.Person, person_id)
    if person is None or person.owner_id != owner.id:
        raise LookupError(person_id)
    if soured is not None:
        person.soured = soured
    if do_not_ask is not None:
        person.do_not_ask = do_not_ask
    if note is not None:
        person.soured_note = note


def state_relationship(
    session: Session,
    owner: m.Owner,
    person_id: int,
    *,
    kind: str | None,
    organization: str = "",
    start: date | None = None,
    end: date | None = None,
) -> None:
    """Replace what the user stated about this person (None only clears it)."""
    session.execute(
        delete(m.Relationship).where(
            m.Relationship.owner_id == owner.id,
            m.Relationship.person_id == person_id,
            m.Relationship.origin == "user",
        )
    )
    if kind is None:
        return
    session.add(
        m.Relationship(
            owner_id=owner.id,
            person_id=person_id,
            kind=kind,
            organization_id=organization_id(session, owner, organization),
            start_on=start,
            end_on=end,
            origin="user",
            confidence=1.0,
            evidence=f"you said they were your {kind}"
            + (f" at {organization}" if organization else ""),
        )
    )
