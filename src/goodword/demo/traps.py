"""Where the demo's traps are: the people a scenario test or a reader should look at.

``find_traps(network)`` reads them off the generated truth (it adds nothing):
the strangers at the owner's current employer and the executives and
senior-sounding titles among them, the owner's own second account, people who
share a name, and the acquaintance who endorsed a stack of skills in one day.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from goodword.demo.truth import Contact, Network

SENIOR_SOUNDING = ("Senior", "Manager", "SVP", "VP", "Chief", "Director", "Head")
"""Title words that sound like a supervisor's."""


@dataclass(frozen=True, slots=True)
class Traps:
    """Contact indexes (``Contact.index``) of the demo's trap people.

    ``coworkers``: at the owner's current employer, never worked with them;
    ``executives``: those of them at VP or C-level; ``senior_titles``:
    coworkers whose title sounds senior though they never managed the owner;
    ``second_account``: the owner's own other account (None in networks under
    20 contacts); ``namesakes``: groups of different contacts with one name;
    ``burst``: who endorsed 20 or more skills in one day, and how many.
    """

    coworkers: tuple[int, ...]
    executives: tuple[int, ...]
    senior_titles: tuple[int, ...]
    second_account: int | None
    namesakes: tuple[tuple[int, ...], ...]
    burst: tuple[int, int] | None


def _sounds_senior(contact: Contact) -> bool:
    return any(word in contact.position for word in SENIOR_SOUNDING)


def find_traps(network: Network) -> Traps:
    """The trap people of ``network`` (see ``Traps``)."""
    coworkers = [c for c in network.contacts if c.role == "coworker"]
    own = [c.index for c in network.contacts if c.role == "self"]
    by_name: dict[str, list[int]] = defaultdict(list)
    for c in network.contacts:
        if not c.ghost and c.role != "self":
            by_name[c.clean_name].append(c.index)
    per_day: dict[tuple[int, str], int] = defaultdict(int)
    for e in network.endorsements_received:
        per_day[(e.contact, e.endorsed_at.date().isoformat())] += 1
    bursts = sorted(((n, who) for (who, _), n in per_day.items() if n >= 20), reverse=True)
    return Traps(
        coworkers=tuple(c.index for c in coworkers),
        executives=tuple(c.index for c in coworkers if c.seniority == "executive"),
        senior_titles=tuple(
            c.index for c in coworkers if c.seniority != "executive" and _sounds_senior(c)
        ),
        second_account=own[0] if own else None,
        namesakes=tuple(tuple(group) for group in by_name.values() if len(group) > 1),
        burst=(bursts[0][1], bursts[0][0]) if bursts else None,
    )


__all__ = ["SENIOR_SOUNDING", "Traps", "find_traps"]
