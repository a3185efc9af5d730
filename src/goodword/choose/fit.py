"""The weakest-link fit of one person's three criteria, on its own.

A list of people shows each one's fit; loading the whole chooser
(:mod:`goodword.choose.shortlist`, and the evidence stage behind it) to
work out a square root would cost a command that reads kept scores more
than the rest of what it does (see ``docs/kept-scores.md``). The chooser
ranks by this same function.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from goodword.evidence.assessment import Assessment

UNKNOWN_COMMUNICATION = 0.4
UNKNOWN_SATISFACTION = 0.5


def criteria_values(assessment: Assessment) -> dict[str, float]:
    """The three criteria as the fit weighs them: an unknown one at its assumed value."""
    comm = assessment.communication.value
    sat = assessment.satisfaction.value
    return {
        "familiarity": assessment.familiarity.value or 0.0,
        "communication": UNKNOWN_COMMUNICATION if comm is None else comm,
        "satisfaction": UNKNOWN_SATISFACTION if sat is None else sat,
    }


def fit(assessment: Assessment) -> float:
    """The weakest-link fit: sqrt(weakest criterion × mean of the three)."""
    values = list(criteria_values(assessment).values())
    return math.sqrt(min(values) * (sum(values) / len(values)))
