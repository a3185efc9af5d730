"""The honest conversation: the two questions, asked verbatim, before anyone is asked to vouch.

Better that a disagreement surfaces now than behind your back. A "no"
is respected everywhere the ask goes on (:func:`refuse_if_no`), and concerns
follow the person to wherever the ask is prepared (:meth:`Answer.concerns_line`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from goodword.errors import InvalidInput

RECOMMEND = "Would you be able to honestly recommend me for a future job opportunity?"
CONCERNS = "Do you have any concerns about doing so?"

ANSWERS = {
    "yes": "yes",
    "concerns": "concerns",
    "yes-with-concerns": "concerns",
    "yes with concerns": "concerns",
    "no": "no",
    "not-yet": "not-yet",
    "not yet": "not-yet",
}

# What the ask of someone who said no may still move to without --anyway: it closes.
CLOSING_STATES = frozenset({"declined", "withdrawn", "thanked"})


@dataclass(frozen=True, slots=True)
class Answer:
    """The latest decided answer of one person's honest conversation."""

    willing: str  # yes, concerns or no
    held_on: date
    concerns: str

    @property
    def said_no(self) -> bool:
        """True when they said they cannot recommend you."""
        return self.willing == "no"

    def concerns_line(self, name: str) -> str | None:
        """``Zoë raised concerns on 2026-11-02: …`` for the user, or None when there were none."""
        if not self.concerns.strip():
            return None
        return f"{name} raised concerns on {self.held_on:%Y-%m-%d}: {self.concerns.strip()}"

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "willing": self.willing,
            "on": self.held_on.isoformat(),
            "concerns": self.concerns or None,
        }


def refuse_if_no(name: str, answer: Answer | None, doing: str, *, anyway: bool) -> None:
    """Refuse ``doing`` for someone who said no, unless the user says ``anyway``.

    One line: who said no and when, and how to override it (``--anyway`` on
    the command line, the "anyway" box on the web page).
    """
    if anyway or answer is None or not answer.said_no:
        return
    raise InvalidInput(
        f"{name} said no in the honest conversation on {answer.held_on:%Y-%m-%d}, so goodword "
        f"will not {doing}; to go ahead regardless, add --anyway (on the web: tick “anyway”)"
    )
