"""The owner: their self person, name and identities (created on first use)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from goodword.errors import StoreError
from goodword.identity import keys, normalise
from goodword.store import models as m
from goodword.store.merge import merge_people


def local_owner(session: Session) -> m.Owner:
    """The single owner of a local database, created on first use.

    Two commands that start together on an empty home both come here: the
    owner is inserted with ``ON CONFLICT DO NOTHING`` on its unique
    ``is_local``, so the second waits for the first to commit and then takes
    its owner instead of making another.
    """
    owner = _find_local(session)
    if owner is not None:
        return owner
    values = {"name": "", "profile": {}, "is_local": True, "created_at": m.utcnow()}
    if session.get_bind().dialect.name == "postgresql":
        session.execute(postgresql_insert(m.Owner).values(values).on_conflict_do_nothing())
    else:
        session.execute(sqlite_insert(m.Owner).values(values).on_conflict_do_nothing())
    owner = _find_local(session)
    if owner is None:  # pragma: no cover - only a snapshot reader that lost the race
        raise StoreError("another goodword command is setting up this home; run this one again")
    ensure_self_person(session, owner)
    return owner


def _find_local(session: Session) -> m.Owner | None:
    return session.scalars(select(m.Owner).where(m.Owner.is_local.is_(True))).first()


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


def owner_identities(session: Session, owner: m.Owner) -> list[tuple[str, str]]:
    """The owner's (kind, value) identities, sorted."""
    return [
        (kind, value)
        for kind, value in session.execute(
            select(m.Identity.kind, m.Identity.value)
            .where(m.Identity.owner_id == owner.id, m.Identity.person_id == owner.self_person_id)
            .order_by(m.Identity.kind, m.Identity.value)
        )
    ]


def owner_positions(
    session: Session, owner: m.Owner
) -> list[tuple[str, str, date | None, date | None, bool]]:
    """The owner's tenures as (title, organisation, start, end, current), newest first."""
    return [
        (title, name, start, end, current)
        for title, name, start, end, current in session.execute(
            select(
                m.Tenure.title,
                m.Organization.name,
                m.Tenure.start_on,
                m.Tenure.end_on,
                m.Tenure.is_current,
            )
            .join(m.Organization, m.Tenure.organization_id == m.Organization.id)
            .where(m.Tenure.owner_id == owner.id, m.Tenure.person_id == owner.self_person_id)
            .order_by(m.Tenure.start_on.desc())
        )
    ]


def rename_owner(session: Session, owner: m.Owner, name: str) -> None:
    """Set the owner's name (and their self person's)."""
    me = ensure_self_person(session, owner)
    owner.name = me.display_name = name
    me.name_key = normalise.name_key(name)


def claim_identity(session: Session, owner: m.Owner, kind: str, value: str) -> str | None:
    """Make (kind, value) the owner's; a contact holding it is the owner and is merged in.

    Returns the merged contact's label, or None when nobody was merged.
    """
    me = ensure_self_person(session, owner)
    holder = session.scalars(
        select(m.Identity).where(
            m.Identity.owner_id == owner.id, m.Identity.kind == kind, m.Identity.value == value
        )
    ).first()
    if holder is None:
        session.add(
            m.Identity(
                owner_id=owner.id,
                person_id=me.id,
                kind=kind,
                value=value,
                set_by_user=True,
                natural_key=keys.identity_key(kind, value)[:100],
            )
        )
        return None
    if holder.person_id == me.id:
        return None
    contact = session.get(m.Person, holder.person_id)
    label = f"{contact.display_name} (#{contact.id})" if contact else f"#{holder.person_id}"
    merge_people(session, holder.person_id, me.id)
    return label


def drop_identity(session: Session, owner: m.Owner, kind: str, value: str) -> bool:
    """Remove one of the owner's identities; False when they do not have it."""
    identity = session.scalars(
        select(m.Identity).where(
            m.Identity.owner_id == owner.id,
            m.Identity.person_id == owner.self_person_id,
            m.Identity.kind == kind,
            m.Identity.value == value,
        )
    ).first()
    if identity is None:
        return False
    session.delete(identity)
    return True
