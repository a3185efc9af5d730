"""Merge two stored people into one, moving every row that points at the first."""

from __future__ import annotations

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from goodword.store import models as m

_PERSON_COLUMNS = (
    (m.Identity, m.Identity.person_id),
    (m.Tenure, m.Tenure.person_id),
    (m.Relationship, m.Relationship.person_id),
    (m.Endorsement, m.Endorsement.person_id),
    (m.Recommendation, m.Recommendation.person_id),
    (m.Vetting, m.Vetting.person_id),
    (m.Ask, m.Ask.person_id),
    (m.Interaction, m.Interaction.sender_id),
)


def merge_people(session: Session, source_id: int, target_id: int) -> None:
    """Fold person ``source_id`` into ``target_id`` and delete the source."""
    if source_id == target_id:
        return
    session.flush()
    for model, column in _PERSON_COLUMNS:
        session.execute(update(model).where(column == source_id).values({column.key: target_id}))
    # A message may already list the target as a participant: drop the duplicate pair first.
    already = select(m.InteractionParticipant.interaction_id).where(
        m.InteractionParticipant.person_id == target_id
    )
    session.execute(
        delete(m.InteractionParticipant).where(
            m.InteractionParticipant.person_id == source_id,
            m.InteractionParticipant.interaction_id.in_(already),
        )
    )
    session.execute(
        update(m.InteractionParticipant)
        .where(m.InteractionParticipant.person_id == source_id)
        .values(person_id=target_id)
    )
    session.execute(delete(m.Person).where(m.Person.id == source_id))
    session.expire_all()
