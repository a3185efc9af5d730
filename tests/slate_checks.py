"""Check a slate's words against its numbers: every why must say what the JSON holds.

:func:`check_slate` reads a ``suggest --json`` object and fails on the first
sentence that contradicts a value beside it: a criterion given a number in a
reason while the JSON says unknown (or the other way round), a number that is
not the JSON's, "fits less well" about a pick that fits better, a flag that
the values do not support, or a short slate that does not say it is short.
"""

from __future__ import annotations

import re
from typing import Any

CRITERIA = ("familiarity", "communication", "satisfaction", "relevance")
_REASON = re.compile(
    r"^(familiarity|communication|satisfaction|relevance) (unknown|\d\.\d\d): (.*)$"
)
_HELD = re.compile(r"^fit (\d\.\d\d), held back by (\w+) (unknown|\d\.\d\d)(?:; |$)")
_LESS = re.compile(
    r"(?:^|; )([^;]+?) \((\d\.\d\d)\) fits (less well|as well) but fills the (\w+) need"
)
_EVERY = re.compile(r"every pick fits better \(lowest (\d\.\d\d)\)")
# Two decimals of a value the JSON rounds to three: they may differ by one in the last place.
_TOLERANCE = 0.0051


def _score(person: dict[str, Any], criterion: str) -> float | None:
    part = person.get(criterion)
    return None if part is None else part["score"]


def _same(text: str, value: float | None, where: str) -> None:
    if text == "unknown":
        assert value is None, f"{where}: says unknown, the JSON says {value}"
    else:
        assert value is not None, f"{where}: says {text}, the JSON says unknown"
        assert abs(float(text) - value) <= _TOLERANCE, f"{where}: says {text}, the JSON {value}"


def check_person(person: dict[str, Any], where: str) -> None:
    """Flags and whys of one candidate agree with their values."""
    flags = person["flags"]
    comm, sat = person["communication"], person["satisfaction"]
    assert ("responsiveness untested" in flags) == (comm["score"] is None), where
    unconfirmed = sat["score"] is None or bool(sat.get("unconfirmed"))
    assert ("vet first: have the honest conversation" in flags) == unconfirmed, where
    relation = person["relationship"] or {}
    offered = any(f.startswith("possible supervisor — confirm with") for f in flags)
    assert offered == (relation.get("possible") == "manager"), where
    familiarity = person["familiarity"]
    if "at most 0.30" in familiarity["why"]:
        assert familiarity["score"] == 0.3 and familiarity["worked_together"] is False, where


def check_slate(slate: dict[str, Any]) -> None:
    """Fail unless every reason, why-not and shortfall of ``slate`` agrees with its values."""
    picks, runners = slate["picks"], slate["runners_up"]
    fits = {p["name"]: round(p["fit"], 2) for p in picks}
    for pick in picks:
        where = f"pick {pick['name']}"
        check_person(pick, where)
        named = set()
        for reason in pick["reasons"]:
            found = _REASON.match(reason)
            if found:
                criterion, number, why = found.groups()
                named.add(criterion)
                _same(number, _score(pick, criterion), f"{where}, {criterion}")
                assert why == pick[criterion]["why"], f"{where}: {criterion} why differs"
            role = re.match(r"^fills the (\w+) need", reason)
            if role:
                assert pick["role"] == role.group(1), where
        assert {"familiarity", "communication", "satisfaction"} <= named, where
        assert pick["role"] is None or any(r.startswith("fills the") for r in pick["reasons"])
    for runner in runners:
        where = f"runner-up {runner['name']}"
        check_person(runner, where)
        why = runner["why_not"]
        held = _HELD.match(why)
        assert held, f"{where}: {why!r}"
        fit, criterion, number = held.groups()
        assert abs(float(fit) - runner["fit"]) <= _TOLERANCE, where
        _same(number, _score(runner, criterion), f"{where}, held back by {criterion}")
        mine = float(fit)
        for name, theirs, than, role in _LESS.findall(why):
            raw = next(p["fit"] for p in picks if p["name"] == name)
            assert abs(raw - float(theirs)) <= _TOLERANCE, f"{where}: {name}'s fit"
            assert (float(theirs) < mine) == (than == "less well"), f"{where}: {why!r}"
            assert float(theirs) <= mine, f"{where}: {name} fits better, yet 'fits {than}'"
            assert any(p["name"] == name and p["role"] == role for p in picks), where
        every = _EVERY.search(why)
        if every:
            assert all(f > mine for f in fits.values()), f"{where}: {why!r}"
            lowest = min(p["fit"] for p in picks)  # three decimals in the JSON, two in the text
            assert abs(float(every.group(1)) - lowest) <= _TOLERANCE, (where, why)
    for person in slate["bench"]:
        check_person(person, f"bench {person['name']}")
    check_shortfall(slate)


def check_shortfall(slate: dict[str, Any]) -> None:
    """A short slate says how short, why and what next; a complete one says nothing."""
    needs, unfilled = slate["job"]["needs"], slate["unfilled"]
    wanted = needs["count"] if slate["kind"] == needs["kind"] else None
    found = len(slate["picks"])
    short_of_people = wanted is not None and found < wanted
    if not unfilled:
        assert not short_of_people, f"needs {wanted}, found {found}, and unfilled is empty"
        return
    assert unfilled["found"] == found
    assert unfilled["why"] and unfilled["reasons"] and unfilled["next_steps"]
    if found < unfilled["needed"]:
        assert unfilled["why"].startswith(f"needs {unfilled['needed']}, found {found}: ")
    else:
        assert unfilled["roles"], unfilled
