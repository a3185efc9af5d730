"""The ask state machine: legal moves, clear errors, what is due next."""

from __future__ import annotations

from datetime import date
from itertools import pairwise

import pytest

from goodword.errors import InvalidInput
from goodword.workflow.asks import STATES, TRANSITIONS, check, due, normal_state


def test_the_happy_path_is_legal_step_by_step() -> None:
    route = ["proposed", "vetted", "asked", "agreed", "briefed", "used", "thanked"]
    for current, target in pairwise(route):
        check(current, target)


@pytest.mark.parametrize(
    ("current", "target"),
    [("proposed", "asked"), ("asked", "thanked"), ("declined", "asked"), ("thanked", "used")],
)
def test_illegal_moves_name_the_allowed_ones(current: str, target: str) -> None:
    with pytest.raises(InvalidInput, match=f"an ask that is {current} cannot become {target}"):
        check(current, target)


def test_closed_asks_say_so() -> None:
    with pytest.raises(InvalidInput, match="nothing: the ask is closed"):
        check("thanked", "asked")


def test_every_state_is_in_the_table_and_every_target_is_a_state() -> None:
    assert set(TRANSITIONS) == set(STATES)
    assert all(target in STATES for targets in TRANSITIONS.values() for target in targets)


def test_states_are_read_loosely_but_not_guessed() -> None:
    assert normal_state("No Answer") == "no-answer"
    assert normal_state("no_answer") == "no-answer"
    with pytest.raises(InvalidInput, match="use one of proposed"):
        normal_state("maybe")


def test_waiting_states_set_a_due_date_and_closed_ones_do_not() -> None:
    assert due("asked", date(2026, 1, 1)) == (date(2026, 1, 8), "follow up: no answer yet")
    assert due("used", date(2026, 1, 1))[1] == "thank them"
    assert due("thanked", date(2026, 1, 1)) == (None, "")
