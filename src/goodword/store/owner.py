"""The owner and their self person: created on first use, found by id afterwards."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from goodword.store import models as m


def local_owner(session: Session) -> m.Owner:
    """The single owner of a local database, created on first use."""
    owner = session.scalars(select(m.Owner).order_by(m.Owner.id).limit(1)).first()
    if owner is None:
        owner = m.Owner(name="", profile={})
        session.add(owner)
        session.flush()
        ensure_self_person(session, owner)
    return owner


def ensure_self_person(session: Session, owner: m.Owner) -> m.Person:
    """The person row that stands for the owner (their identities and positions hang on it)."""
    if owner.self_person_id is not None:
        person = session.get(m.Person, owner.self_person_id)
        if person is not None:
            return person
    person = m.Person(
        owner_id=owner.id,
        display_name=owner.name or "me",
        name_key="",
        is_self=True,
    )
    session.add(person)
    session.flush()
    owner.self_person_id = person.id
    session.flush()
    return person
