"""Assess everyone in a network at once: the three criteria and the relationship per person."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from goodword.evidence import communication, familiarity, relationships, satisfaction
from goodword.evidence.assessment import Assessment as Assessment
from goodword.evidence.availability import availability
from goodword.evidence.meetings import small_meetings
from goodword.evidence.threads import JUDGE_AFTER, Exchange, add_goodword_asks, exchanges
from goodword.store.facts import Network


@dataclass(frozen=True, slots=True)
class Assessed:
    """Everyone scored, the network prior their replies were smoothed with, and how long it holds.

    ``judgeable`` is when the first ask still too recent to judge becomes
    old enough: until then (and the next midnight, and the next dated
    evidence) the scores stay exactly the same, so the evidence summary
    keeps them so long. ``exchanges`` are each person's asks and replies the
    scores were read from (what the prior learned from someone is
    :func:`communication.prior_share` of theirs). ``crowd`` is how many of
    the owner's connections worked at each of the owner's employers
    (:func:`familiarity.crowd_sizes`), which familiarity weighs sharing one by.
    """

    people: dict[int, Assessment]
    prior: communication.Prior
    judgeable: datetime | None
    exchanges: dict[int, Exchange]
    crowd: dict[str, int]


def assess(network: Network) -> dict[int, Assessment]:
    """Score every person in ``network`` as of ``network.as_of``."""
    return assess_until(network).people


def assess_until(
    network: Network,
    prior: communication.Prior | None = None,
    crowd: dict[str, int] | None = None,
) -> Assessed:
    """Score everyone in ``network``; with ``prior``, smooth replies towards it.

    Without ``prior`` the network's own is learned from ``network``, and
    without ``crowd`` the connections per employer are counted in it: pass
    the whole network's when ``network`` holds only some people (a few
    people re-scored after a change to them).
    """
    found = exchanges(network.messages, network.self_id, network.as_of)
    add_goodword_asks(found, network.asks, network.as_of)
    if prior is None:
        prior = communication.network_prior(found, network.as_of)
    if crowd is None:
        crowd = familiarity.crowd_sizes(network)
    met = small_meetings(network.messages, network.self_id)
    away = availability(network.messages, network.people, network.as_of)
    assessed: dict[int, Assessment] = {}
    for person_id, person in network.people.items():
        exchange = found.get(person_id)
        meetings = met.get(person_id)
        reachable = away.get(person_id)
        relation = relationships.best(network, person_id, meetings, exchange)
        assessed[person_id] = Assessment(
            person=person,
            communication=communication.score(exchange, prior, network.as_of, reachable),
            familiarity=familiarity.score(network, person_id, exchange, relation, meetings, crowd),
            satisfaction=satisfaction.score(network, person_id, exchange),
            relationship=relation,
            availability=reachable,
        )
    judgeable = min(
        (ask.opened_at + JUDGE_AFTER for e in found.values() for ask in e.pending),
        default=None,
    )
    return Assessed(assessed, prior, judgeable, found, crowd)
