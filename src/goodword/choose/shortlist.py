"""Pick a shortlist for an opportunity: the required roles first, then the best fits.

A weak link is not hidden by a strong one: a person's fit is the geometric
mean of their weakest criterion and their average, so a famous name who
never saw your work, or never answers, cannot outrank a close, responsive
colleague. Unknown communication or satisfaction gets a cautious stand-in
and a flag ("vet first"), not a free pass.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from goodword.choose.needs import ROLE_KINDS, Needs
from goodword.evidence.assess import Assessment

UNKNOWN_COMMUNICATION = 0.4
UNKNOWN_SATISFACTION = 0.5
MIN_FAMILIARITY = 0.15
SAME_ORG_PENALTY = 0.9
RUNNERS_UP = 3


@dataclass(frozen=True, slots=True)
class Candidate:
    """A person who could vouch, with their fit and what to watch for."""

    assessment: Assessment
    fit: float
    flags: tuple[str, ...]

    @property
    def person_id(self) -> int:
        """The person's id."""
        return self.assessment.person.id

    def criteria(self) -> dict[str, float]:
        """The values used for the fit, stand-ins included."""
        return _values(self.assessment)


@dataclass(frozen=True, slots=True)
class Pick:
    """A chosen person: why, and which required role they fill."""

    candidate: Candidate
    role: str | None
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RunnerUp:
    """A close candidate who was not picked, and why."""

    candidate: Candidate
    why_not: str


@dataclass(slots=True)
class Shortlist:
    """The result: picks, runners-up, people excluded and the roles left unfilled."""

    needs: Needs
    picks: list[Pick] = field(default_factory=list)
    runners_up: list[RunnerUp] = field(default_factory=list)
    excluded: list[tuple[Assessment, str]] = field(default_factory=list)
    unfilled: dict[str, int] = field(default_factory=dict)


def _values(assessment: Assessment) -> dict[str, float]:
    comm = assessment.communication.value
    sat = assessment.satisfaction.value
    return {
        "familiarity": assessment.familiarity.value or 0.0,
        "communication": UNKNOWN_COMMUNICATION if comm is None else comm,
        "satisfaction": UNKNOWN_SATISFACTION if sat is None else sat,
    }


def fit(assessment: Assessment) -> float:
    """The weakest-link fit: sqrt(weakest criterion × mean of the three)."""
    values = list(_values(assessment).values())
    return math.sqrt(min(values) * (sum(values) / len(values)))


def exclusion(assessment: Assessment) -> str | None:
    """Why this person must not be asked at all, or None."""
    person = assessment.person
    if person.soured:
        return "relationship soured"
    if person.do_not_ask:
        return "marked do-not-ask"
    sat = assessment.satisfaction
    if sat.value is not None and sat.value <= 0.1 and sat.confidence >= 0.8:
        return f"cannot vouch for you ({sat.why})"
    if (assessment.familiarity.value or 0.0) < MIN_FAMILIARITY:
        return "does not know your work"
    return None


def _flags(assessment: Assessment) -> tuple[str, ...]:
    flags = []
    if assessment.satisfaction.value is None:
        flags.append("vet first: have the honest conversation")
    if assessment.communication.value is None:
        flags.append("responsiveness untested")
    elif assessment.communication.value < 0.4:
        flags.append("often slow or silent")
    if assessment.familiarity.details.get("stale"):
        flags.append("stale: not worked together in 18 months")
    return tuple(flags)


def candidates(
    assessments: dict[int, Assessment],
) -> tuple[list[Candidate], list[tuple[Assessment, str]]]:
    """Everyone who may be asked, best fit first, and everyone excluded with the reason."""
    ranked: list[Candidate] = []
    excluded: list[tuple[Assessment, str]] = []
    for assessment in assessments.values():
        reason = exclusion(assessment)
        if reason is not None:
            excluded.append((assessment, reason))
            continue
        ranked.append(Candidate(assessment, fit(assessment), _flags(assessment)))
    ranked.sort(key=lambda c: (-c.fit, -c.assessment.confidence, c.assessment.person.name))
    return ranked, excluded


def _reasons(candidate: Candidate, role: str | None) -> tuple[str, ...]:
    a = candidate.assessment
    reasons = []
    if role:
        reasons.append(f"fills the {role} need ({a.relationship.kind if a.relationship else role})")
    reasons.append(f"familiarity {a.familiarity.value or 0:.2f}: {a.familiarity.why}")
    if a.communication.value is not None:
        reasons.append(f"communication {a.communication.value:.2f}: {a.communication.why}")
    else:
        reasons.append(f"communication unknown: {a.communication.why}")
    if a.satisfaction.value is not None:
        reasons.append(f"satisfaction {a.satisfaction.value:.2f}: {a.satisfaction.why}")
    else:
        reasons.append(f"satisfaction unknown: {a.satisfaction.why}")
    return tuple(reasons)


def _fills(candidate: Candidate, role: str) -> bool:
    relation = candidate.assessment.relationship
    return relation is not None and relation.kind in ROLE_KINDS.get(role, frozenset())


def shortlist(assessments: dict[int, Assessment], needs: Needs) -> Shortlist:
    """Choose ``needs.count`` people: required roles first, then fit with a spread of organisations."""
    ranked, excluded = candidates(assessments)
    result = Shortlist(needs=needs, excluded=excluded)
    chosen: set[int] = set()
    org_counts: dict[str, int] = {}

    def take(candidate: Candidate, role: str | None) -> None:
        chosen.add(candidate.person_id)
        org = candidate.assessment.person.organization_key
        if org:
            org_counts[org] = org_counts.get(org, 0) + 1
        result.picks.append(Pick(candidate, role, _reasons(candidate, role)))

    for role, wanted in needs.roles.items():
        filled = 0
        for candidate in ranked:
            if filled >= wanted or len(result.picks) >= needs.count:
                break
            if candidate.person_id not in chosen and _fills(candidate, role):
                take(candidate, role)
                filled += 1
        if filled < wanted:
            result.unfilled[role] = wanted - filled
    while len(result.picks) < needs.count:
        best: Candidate | None = None
        best_value = -1.0
        for candidate in ranked:
            if candidate.person_id in chosen:
                continue
            org = candidate.assessment.person.organization_key
            value = candidate.fit * SAME_ORG_PENALTY ** org_counts.get(org, 0)
            if value > best_value:
                best, best_value = candidate, value
        if best is None:
            break
        take(best, None)
    for candidate in ranked:
        if len(result.runners_up) >= RUNNERS_UP:
            break
        if candidate.person_id not in chosen:
            result.runners_up.append(RunnerUp(candidate, _why_not(candidate, result.picks)))
    result.picks.sort(key=lambda pick: -pick.candidate.fit)
    return result


def _why_not(candidate: Candidate, picks: list[Pick]) -> str:
    """Why a close candidate lost: their weakest criterion, and what beat them."""
    values = candidate.criteria()
    low = min(values, key=lambda k: values[k])
    text = f"fit {candidate.fit:.2f}, held back by {low} ({values[low]:.2f})"
    if not picks:
        return text
    beaten_by = [p for p in picks if p.candidate.fit < candidate.fit]
    if not beaten_by:
        weakest = min(picks, key=lambda p: p.candidate.fit)
        return text + f"; every pick fits better (lowest {weakest.candidate.fit:.2f})"
    reasons = []
    for pick in beaten_by:
        name = pick.candidate.assessment.person.name
        if pick.role:
            reasons.append(f"{name} fits less well but fills the {pick.role} need")
    org = candidate.assessment.person.organization
    same_org = [
        p
        for p in picks
        if org
        and p.candidate.assessment.person.organization_key
        == candidate.assessment.person.organization_key
    ]
    if same_org:
        reasons.append(f"already {len(same_org)} pick(s) from {org}; others add a new organisation")
    return text + ("; " + "; ".join(reasons) if reasons else "")
