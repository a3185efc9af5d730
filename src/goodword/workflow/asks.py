"""The ask as a state machine (docs/architecture.md, "How data flows").

::

    proposed ─► vetted ─► asked ─► agreed ─► briefed ─► used ─► thanked
        │          │        ├────► declined       │        ▲
        │          │        └────► no answer ─────┼────────┘ (a late yes, or asked again)
        └──────────┴──────► declined / withdrawn   └─► used

Every transition is a dated event; an illegal one is an error that names
the moves allowed from where the ask stands. Each state that waits on
someone sets when to look again (:data:`DUE_AFTER`).
"""

from __future__ import annotations

from datetime import date, timedelta

from goodword.errors import InvalidInput

STATES = (
    "proposed",
    "vetted",
    "asked",
    "agreed",
    "declined",
    "no-answer",
    "briefed",
    "used",
    "thanked",
    "withdrawn",
)

TRANSITIONS: dict[str, frozenset[str]] = {
    "proposed": frozenset({"vetted", "declined", "withdrawn"}),
    "vetted": frozenset({"asked", "declined", "withdrawn"}),
    "asked": frozenset({"agreed", "declined", "no-answer", "withdrawn"}),
    "no-answer": frozenset({"asked", "agreed", "declined", "withdrawn"}),
    "agreed": frozenset({"briefed", "used", "withdrawn"}),
    "briefed": frozenset({"used", "withdrawn"}),
    "used": frozenset({"thanked"}),
    "declined": frozenset(),
    "thanked": frozenset(),
    "withdrawn": frozenset(),
}

# What to do next, and after how many days, once an ask reaches a state.
DUE_AFTER: dict[str, tuple[str, int]] = {
    "proposed": ("have the honest conversation", 3),
    "vetted": ("send the ask", 2),
    "asked": ("follow up: no answer yet", 7),
    "no-answer": ("follow up once more, or pick a back-up", 7),
    "agreed": ("send the prep brief", 2),
    "briefed": ("check whether they were contacted", 14),
    "used": ("thank them", 2),
}

# States that count as having asked the person (for ask fatigue).
ASKED = frozenset({"asked", "agreed", "declined", "no-answer", "briefed", "used", "thanked"})


def normal_state(text: str) -> str:
    """Accept ``no answer``, ``No_Answer``, ``no-answer``; refuse anything else with the list."""
    state = text.strip().lower().replace("_", "-").replace(" ", "-")
    if state not in STATES:
        raise InvalidInput(f"state {text!r}: use one of {', '.join(STATES)}")
    return state


def check(current: str, target: str) -> None:
    """Raise a clear error unless ``current`` may move to ``target``."""
    allowed = TRANSITIONS[current]
    if target not in allowed:
        moves = ", ".join(sorted(allowed)) or "nothing: the ask is closed"
        raise InvalidInput(
            f"an ask that is {current} cannot become {target}; from {current}: {moves}"
        )


def due(state: str, on: date) -> tuple[date | None, str]:
    """When to look at an ask again after it reached ``state`` on ``on``, and what to do."""
    if state not in DUE_AFTER:
        return None, ""
    action, days = DUE_AFTER[state]
    return on + timedelta(days=days), action
