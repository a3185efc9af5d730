"""Assess everyone in a network at once: the three criteria and the relationship per person."""

from __future__ import annotations

from dataclasses import dataclass

from goodword.evidence import communication, familiarity, relationships, satisfaction
from goodword.evidence.score import Score
from goodword.evidence.threads import add_goodword_asks, exchanges
from goodword.store.queries import Network, PersonFact


@dataclass(frozen=True, slots=True)
class Assessment:
    """One person judged on the three criteria."""

    person: PersonFact
    communication: Score
    familiarity: Score
    satisfaction: Score
    relationship: relationships.Relation | None

    @property
    def confidence(self) -> float:
        """The mean confidence of the three criteria."""
        scores = (self.communication, self.familiarity, self.satisfaction)
        return sum(s.confidence for s in scores) / 3


def assess(network: Network) -> dict[int, Assessment]:
    """Score every person in ``network`` as of ``network.as_of``."""
    found = exchanges(network.messages, network.self_id, network.as_of)
    add_goodword_asks(found, network.asks, network.as_of)
    prior = communication.network_prior(found, network.as_of)
    assessed: dict[int, Assessment] = {}
    for person_id, person in network.people.items():
        exchange = found.get(person_id)
        relation = relationships.best(network, person_id)
        assessed[person_id] = Assessment(
            person=person,
            communication=communication.score(exchange, prior, network.as_of),
            familiarity=familiarity.score(network, person_id, exchange, relation),
            satisfaction=satisfaction.score(network, person_id),
            relationship=relation,
        )
    return assessed
