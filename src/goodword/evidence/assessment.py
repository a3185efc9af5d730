"""One person judged: the three criteria, the relationship and whether they are reachable.

The result type of :mod:`goodword.evidence.assess`, on its own so that
what only reads judgements back (kept scores, a list of people) loads it
without the scoring code (see ``docs/kept-scores.md``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from goodword.evidence.availability import Availability
    from goodword.evidence.criterion import Score
    from goodword.evidence.relationships import Relation
    from goodword.store.facts import PersonFact


@dataclass(frozen=True, slots=True)
class Assessment:
    """One person judged on the three criteria, and whether they are reachable now."""

    person: PersonFact
    communication: Score
    familiarity: Score
    satisfaction: Score
    relationship: Relation | None
    availability: Availability | None = None

    @property
    def confidence(self) -> float:
        """The mean confidence of the three criteria."""
        scores = (self.communication, self.familiarity, self.satisfaction)
        return sum(s.confidence for s in scores) / 3
