"""The shape every criterion returns: a value or unknown, a confidence, a why and its evidence."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, NamedTuple


class EvidenceRef(NamedTuple):
    """One stored row behind a score: its kind, id and what it says.

    A named tuple rather than a dataclass: a network holds hundreds of
    thousands of them, and reading the evidence summary back builds them all.
    """

    kind: str
    id: int
    text: str

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"kind": self.kind, "id": self.id, "text": self.text}


@dataclass(frozen=True, slots=True)
class Score:
    """A criterion's judgement. ``value`` None means unknown, never a made-up 0.5."""

    value: float | None
    confidence: float
    why: str
    evidence: tuple[EvidenceRef, ...] = ()
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def known(self) -> bool:
        """True when there was evidence enough to give a value."""
        return self.value is not None

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form: ``score`` (number or null), ``confidence``, ``why``, evidence."""
        return {
            "score": None if self.value is None else round(self.value, 3),
            "confidence": round(self.confidence, 3),
            "why": self.why,
            **self.details,
            "evidence": [e.as_dict() for e in self.evidence],
        }


def clamp(value: float, low: float = 0.0, high: float = 1.0) -> float:
    """``value`` limited to [low, high]."""
    return max(low, min(high, value))


def plural(count: int, word: str, plural_word: str | None = None) -> str:
    """``3 messages``, ``1 message``."""
    return f"{count} {word if count == 1 else (plural_word or word + 's')}"


def years_between(earlier: date, later: date) -> float:
    """Years from ``earlier`` to ``later`` (two dates, or two datetimes)."""
    return (later - earlier).days / 365.25


def human_hours(hours: float) -> str:
    """``45 min``, ``3.2 h``, ``2.5 days``."""
    if hours < 1:
        return f"{max(1, round(hours * 60))} min"
    if hours < 48:
        return f"{hours:.1f} h"
    return f"{hours / 24:.1f} days"
