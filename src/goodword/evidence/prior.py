"""What the owner's history says before looking at one person: a logistic model per channel.

The data types of :mod:`goodword.evidence.communication`'s prior, on their
own so that reading kept scores back (which keep the prior) does not load
the scoring code (see ``docs/kept-scores.md``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from goodword.evidence import communication_default as default
from goodword.evidence.criterion import plural


@dataclass(frozen=True, slots=True)
class Weights:
    """A logistic model for one channel: intercept and one weight per feature
    (:data:`goodword.evidence.communication.FEATURES`).

    ``rows`` and ``answered`` say what the owner's own fit read (0 for the
    shipped default alone).
    """

    channel: str
    intercept: float
    weights: tuple[float, ...]
    rows: int = 0
    answered: int = 0

    def chance(self, x: Sequence[float]) -> float:
        """The probability of an answer for features ``x``."""
        return _sigmoid(self.intercept + sum(w * v for w, v in zip(self.weights, x, strict=True)))

    def as_list(self) -> list[Any]:
        """JSON-ready form (:meth:`from_list` reads it back)."""
        return [self.channel, self.intercept, list(self.weights), self.rows, self.answered]

    @classmethod
    def from_list(cls, raw: list[Any]) -> Weights:
        """The weights back from :meth:`as_list`."""
        channel, intercept, weights, rows, answered = raw
        return cls(str(channel), float(intercept), tuple(float(w) for w in weights), rows, answered)


def shipped(channel: str, outgoing: bool = False) -> Weights:
    """The default fitted on real archives for ``channel`` (mail's for anything else).

    ``outgoing`` gives the model for an archive without received mail, on
    :data:`OUTGOING` alone.
    """
    found = (
        default.OUTGOING if outgoing else default.WEIGHTS.get(channel) or default.WEIGHTS["email"]
    )
    intercept, *weights = found
    return Weights(channel, intercept, tuple(weights))


@dataclass(frozen=True, slots=True)
class Prior:
    """What the owner's history says before looking at one person: a model per channel.

    ``asks`` and ``people`` count the direct messages judged and the people
    they went to; ``rate`` is the share answered (the owner's raw rate);
    ``typical_hours`` the median reply time across everyone. ``one_sided``
    names each channel whose answers were lost (:func:`one_sided`), with the
    messages from people it holds, the owner's direct ones and how many of
    those were answered.
    """

    models: tuple[Weights, ...]
    asks: int = 0
    people: int = 0
    rate: float | None = None
    typical_hours: float | None = None
    one_sided: tuple[tuple[str, int, int, int], ...] = ()

    def model(self, channel: str) -> Weights:
        """The model for ``channel`` (the default where the owner's history had none)."""
        for weights in self.models:
            if weights.channel == channel:
                return weights
        return shipped(channel, self.lost(channel) is not None)

    def lost(self, channel: str) -> tuple[int, int, int] | None:
        """(received, sent, answered) when ``channel``'s archive lost its answers, else None."""
        for name, received, sent, answered in self.one_sided:
            if name == channel:
                return received, sent, answered
        return None

    def describe(self) -> str:
        """For the why line: what the weights were learned from."""
        own = sum(w.rows for w in self.models)
        if not own:
            return "weights as learned from real archives"
        return f"weights refitted on {plural(own, 'past direct message')} of yours"

    def as_list(self) -> list[Any]:
        """JSON-ready form (kept scores keep it); :meth:`from_list` reads it back."""
        return [
            [w.as_list() for w in self.models],
            self.asks,
            self.people,
            self.rate,
            self.typical_hours,
            [list(side) for side in self.one_sided],
        ]

    @classmethod
    def from_list(cls, raw: list[Any]) -> Prior:
        """The prior back from :meth:`as_list`."""
        models, asks, people, rate, typical, sides = raw
        return cls(
            tuple(Weights.from_list(m) for m in models),
            int(asks),
            int(people),
            None if rate is None else float(rate),
            None if typical is None else float(typical),
            tuple((str(c), int(r), int(s), int(a)) for c, r, s, a in sides),
        )


def _sigmoid(x: float) -> float:
    return 1 / (1 + math.exp(-x)) if x >= 0 else math.exp(x) / (1 + math.exp(x))
