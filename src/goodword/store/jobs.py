"""Opportunities: stored, listed and found for one owner."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from goodword.identity import normalise
from goodword.store import models as m


def organization_id(session: Session, owner: m.Owner, name: str) -> int | None:
    """The id of the known organisation called ``name`` (by normalised key), if any."""
    key = normalise.org_key(name)
    if not key:
        return None
    return session.scalars(
        select(m.Organization.id).where(
            m.Organization.owner_id == owner.id, m.Organization.key == key
        )
    ).first()


def add_opportunity(
    session: Session,
    owner: m.Owner,
    *,
    title: str,
    organization: str,
    description: str,
    deadline: date | None,
    needs_text: str,
    needs: dict[str, Any],
    kind: str,
    confidential: bool,
) -> m.Opportunity:
    """Store a new opportunity."""
    job = m.Opportunity(
        owner_id=owner.id,
        title=title[:300],
        organization_name=organization[:300],
        organization_id=organization_id(session, owner, organization),
        description=description,
        deadline=deadline,
        needs_text=needs_text[:300],
        needs=needs,
        kind=kind,
        confidential=confidential,
        status="open",
    )
    session.add(job)
    session.flush()
    return job


def opportunities(session: Session, owner: m.Owner) -> list[m.Opportunity]:
    """Every opportunity of the owner, newest first."""
    return list(
        session.scalars(
            select(m.Opportunity)
            .where(m.Opportunity.owner_id == owner.id)
            .order_by(m.Opportunity.id.desc())
        )
    )


def set_outcome(job: m.Opportunity, status: str, note: str) -> None:
    """Record where the opportunity stands (offer, hired, rejected, ...)."""
    job.status = status
    if note:
        job.outcome_note = note
