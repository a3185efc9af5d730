"""Pick a shortlist for an opportunity: the required roles first, then the best fits.

A weak link is not hidden by a strong one: a person's fit is the geometric
mean of their weakest criterion and their average, so a famous name who
never saw your work, or never answers, cannot outrank a close, responsive
colleague. Unknown communication or satisfaction gets a cautious stand-in
and a flag ("vet first"), not a free pass.

Titles alone never fill a supervisor need: someone whose title only
suggests they were the owner's manager is flagged "possible supervisor" with
the command that confirms it, and counts once the user confirms.

Every number in a reason or a runner-up's why is the value the JSON shows
(two decimals); an unknown criterion is called unknown, never given the
stand-in number the fit used. A slate that comes up short says so
(:meth:`Shortlist.shortfall`): how many it needs and found, why, and what
to do next.

Someone away past the job's deadline (an out-of-office reply with a later
return date, or none) is not excluded — they may answer before they leave,
or the employer may call later than planned — but their fit is multiplied
by :data:`AWAY_PENALTY`, which lets a comparable colleague who is around go
first, and the flag says why. A bounced address is flagged, not penalised:
the person may be reachable another way, and their communication
confidence already dropped.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from goodword.choose.fit import criteria_values as _values
from goodword.choose.fit import fit as fit
from goodword.choose.needs import ROLE_KINDS, Needs
from goodword.evidence.assessment import Assessment
from goodword.evidence.criterion import Score, plural
from goodword.evidence.relationships import seniority
from goodword.identity.organisation import same_organisation
from goodword.store.facts import ScoreRow

MIN_FAMILIARITY = 0.15
SAME_ORG_PENALTY = 0.9
SAME_RELATIONSHIP_PENALTY = 0.95
FATIGUE_LIMIT = 2  # asked for this many other opportunities lately: give them a rest
RUNNERS_UP = 3
RELEVANCE_FLOOR = 0.85
BENCH = 5
AWAY_PENALTY = 0.8


@dataclass(frozen=True, slots=True)
class Brief:
    """What the opportunity asks beyond its numbers: the kind of voucher and who to leave out.

    ``target_key`` names the organisation a referrer must work at now;
    ``confidential`` holds the keys of the owner's current employers, whose
    people must not hear of the search; ``recently_asked`` counts, per person,
    the other opportunities they were asked for lately (ask fatigue);
    ``deadline`` is when the vouching must be done (away past it costs fit).
    """

    kind: str = "reference"
    target_key: str = ""
    target_name: str = ""
    confidential: frozenset[str] = frozenset()
    recently_asked: dict[int, int] = field(default_factory=dict)
    deadline: date | None = None


@dataclass(frozen=True, slots=True)
class Candidate:
    """A person who could vouch, with their fit and what to watch for."""

    assessment: Assessment
    fit: float
    flags: tuple[str, ...]
    relevance: Score | None = None

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
    bench: list[Candidate] = field(default_factory=list)
    brief: Brief = field(default_factory=Brief)
    ranked: list[Candidate] = field(default_factory=list, repr=False)
    lowest_pick_value: float = math.inf

    @property
    def short(self) -> bool:
        """True when fewer people were found than needed, or a required role is unfilled."""
        return len(self.picks) < self.needs.count or bool(self.unfilled)

    def possible(self, role: str) -> list[Candidate]:
        """Candidates on the slate (picks, runners-up, bench) whose titles suggest ``role``."""
        kinds = ROLE_KINDS.get(role, frozenset())
        shown = [p.candidate for p in self.picks] + [r.candidate for r in self.runners_up]
        return [c for c in [*shown, *self.bench] if _possible(c) in kinds]

    def shortfall(self) -> dict[str, Any]:
        """What is missing, why and what to do: ``{}`` when the slate is complete.

        ``needed`` and ``found`` count people, ``roles`` the required roles
        left unfilled; ``why`` reads "needs 3, found 1: …" with the
        ``reasons``, and ``next_steps`` are commands to run.
        """
        if not self.short:
            return {}
        needed, found = self.needs.count, len(self.picks)
        reasons: list[str] = []
        steps: list[str] = []
        left_out = Counter(why.split(" (")[0] for _, why in self.excluded)
        if found < needed:
            if left_out:
                reasons.append(
                    "left out: " + ", ".join(f"{n} {why}" for why, n in left_out.most_common(3))
                )
            else:
                reasons.append("nobody else has evidence of knowing your work")
            steps.append("import more of your evidence (mail, calendar): `goodword import PATH`")
            if left_out.get("does not know your work"):
                steps.append("record who worked with you: `goodword relate NAME peer`")
            if self.brief.kind == "referral":
                target = self.brief.target_name or "the target organisation"
                steps.append(
                    f"look for people at {target}: `goodword people --org {_quote(target)}`"
                )
        for role, missing in self.unfilled.items():
            possible = self.possible(role)
            reasons.append(
                f"no {role} with evidence for {missing} place(s) (a recommendation that says so, "
                "one-to-ones they organised, or `goodword relate`)"
            )
            kind = "manager" if role in {"supervisor", "manager"} else role
            if possible:
                names = ", ".join(c.assessment.person.name for c in possible[:3])
                reasons.append(f"possible {role} by title alone: {names}")
                steps.extend(
                    f"confirm: `goodword relate {_quote(c.assessment.person.name)} {kind}`"
                    for c in possible[:3]
                )
            else:
                steps.append(f"say who it was: `goodword relate NAME {kind}`")
        if found < needed:
            head = f"needs {needed}, found {found}"
        else:  # enough people, too few of a role
            head = ", ".join(
                f"needs {plural(self.needs.roles.get(role, missing), role)}, "
                f"found {self.needs.roles.get(role, missing) - missing}"
                for role, missing in self.unfilled.items()
            )
        return {
            "needed": needed,
            "found": found,
            "roles": dict(self.unfilled),
            "why": f"{head}: " + "; ".join(reasons),
            "reasons": reasons,
            "next_steps": steps,
        }


def exclusion(assessment: Assessment, brief: Brief | None = None) -> str | None:
    """Why this person must not be asked for this opportunity at all, or None."""
    person = assessment.person
    sat = assessment.satisfaction
    return _exclusion(
        ScoreRow(
            person.id,
            person.name,
            "",
            person.organization_key,
            0.0,
            assessment.familiarity.value,
            assessment.communication.value,
            sat.value,
            sat.confidence,
            assessment.confidence,
            person.soured,
            person.do_not_ask,
            "",
            None,
            False,
            0,
            0,
        ),
        brief or Brief(),
        sat.why,
    )


def excluded_because(score_row: ScoreRow, brief: Brief) -> str | None:
    """:func:`exclusion` from a score row: the same verdict, "…" for the satisfaction why."""
    return _exclusion(score_row, brief, "…")


def _exclusion(person: ScoreRow, brief: Brief, satisfaction_why: str) -> str | None:
    if person.soured:
        return "relationship soured"
    if person.do_not_ask:
        return "marked do-not-ask"
    sat = person.satisfaction
    if sat is not None and sat <= 0.1 and person.satisfaction_confidence >= 0.8:
        return f"cannot vouch for you ({satisfaction_why})"
    asked = brief.recently_asked.get(person.person_id, 0)
    if asked >= FATIGUE_LIMIT:
        return f"asked {asked} times in the last 6 months (ask fatigue)"
    if any(same_organisation(person.organization_key, key) for key in brief.confidential):
        return "works at your current employer (confidential search)"
    familiarity = person.familiarity or 0.0
    if brief.kind == "referral":
        if not same_organisation(person.organization_key, brief.target_key):
            return f"not at {brief.target_name or 'the target organisation'} now"
        # A referrer vouches for your fit with their company: any known tie will do; fit ranks them.
        return "nothing known of them" if person.familiarity is None else None
    if familiarity < MIN_FAMILIARITY:
        return "does not know your work"
    return None


def base_fit(score_row: ScoreRow, brief: Brief) -> float:
    """The fit :func:`candidates` starts from before relevance: away past the deadline costs."""
    value = score_row.fit
    if (
        score_row.away
        and brief.deadline
        and (score_row.away_until is None or score_row.away_until > brief.deadline)
    ):
        value *= AWAY_PENALTY
    return value


# Float slack for the checks below: it only ever makes them keep a few more people.
_SLACK = 1e-9
FIRST_LOOK = 64


def shortlist_among(
    eligible: Sequence[tuple[int, float, str]],
    needs: Needs,
    brief: Brief,
    load: Callable[[list[int]], tuple[dict[int, Assessment], dict[int, Score]]],
) -> Shortlist:
    """:func:`shortlist` over everyone in ``eligible``, loading and judging relevance for a few.

    ``eligible`` holds (person id, fit before relevance — :func:`base_fit` —,
    relationship kind) for everyone not excluded, in the order they were
    scored; ``load`` gives the full assessments and relevance of some of
    them. Relevance multiplies a fit by a factor in [RELEVANCE_FLOOR, 1], so
    someone whose fit is ``f`` before it ends with at most ``f``. The best
    fits are shortlisted first (the top :data:`FIRST_LOOK`, and as many of
    each role asked for); the result stands when nobody left out can change
    it, that is when the best fit ``f`` left out is

    - two-decimal-rounded below the ``count + RUNNERS_UP + BENCH``-th final
      fit shortlisted: that many people rank strictly ahead of them, so they
      are past the bench;
    - below the lowest value a pick by fit (with the spread) was won at: they
      could never have won it;
    - for each role asked for that they could fill, rounded below the
      ``count``-th final fit of those filling it: the role walk stops before
      them.

    Otherwise four times as many are looked at, up to everyone. A test
    checks the result against :func:`shortlist` over everyone on random
    networks.
    """
    order = sorted(eligible, key=lambda e: -e[1])
    roles = {role: ROLE_KINDS.get(role, frozenset()) for role in needs.roles}
    size = FIRST_LOOK
    while True:
        kept = {pid for pid, _, _ in order[:size]}
        for kinds in roles.values():
            kept.update([pid for pid, _, kind in order if kind in kinds][:size])
        assessments, relevance = load([pid for pid, _, _ in eligible if pid in kept])
        result = shortlist(assessments, needs, brief, relevance)
        if len(kept) == len(order) or _stands(result, order, kept, needs, roles):
            return result
        size *= 4


def _stands(
    result: Shortlist,
    order: list[tuple[int, float, str]],
    kept: set[int],
    needs: Needs,
    roles: dict[str, frozenset[str]],
) -> bool:
    """True when nobody outside ``kept`` can change ``result`` (see :func:`shortlist_among`)."""
    # The first left out, and below the first of each role: walked only as far as needed.
    best_left = next(f for pid, f, _ in order if pid not in kept)
    ranked = result.ranked
    reach = needs.count + RUNNERS_UP + BENCH
    finals = sorted((round(c.fit, 2) for c in ranked), reverse=True)
    if len(finals) < reach or round(best_left, 2) >= finals[reach - 1]:
        return False
    if best_left * (1 + _SLACK) >= result.lowest_pick_value:
        return False
    for kinds in roles.values():
        filler = next((f for pid, f, kind in order if kind in kinds and pid not in kept), None)
        if filler is None:
            continue
        filling = sorted((round(c.fit, 2) for c in ranked if _kind(c) in kinds), reverse=True)
        if len(filling) < needs.count or round(filler, 2) >= filling[needs.count - 1]:
            return False
    return True


def _quote(name: str) -> str:
    """A name as it would be typed in a shell command."""
    return f'"{name}"' if any(c.isspace() for c in name) else name


def _possible(candidate: Candidate) -> str:
    relation = candidate.assessment.relationship
    return relation.possible if relation is not None else ""


def _flags(assessment: Assessment) -> tuple[str, ...]:
    flags = []
    if assessment.satisfaction.value is None or assessment.satisfaction.details.get("unconfirmed"):
        flags.append("vet first: have the honest conversation")
    relation = assessment.relationship
    if relation is not None and relation.possible == "manager":
        flags.append(
            "possible supervisor — confirm with "
            f"`goodword relate {_quote(assessment.person.name)} manager`"
        )
    if assessment.communication.value is None:
        flags.append("responsiveness untested")
    elif assessment.communication.value < 0.4:
        flags.append("often slow or silent")
    if assessment.communication.details.get("went_silent"):
        flags.append("went silent lately")
    elif assessment.communication.details.get("slower_lately"):
        flags.append("slower than usual lately")
    if assessment.familiarity.details.get("stale"):
        flags.append("stale: not worked together in 18 months")
    elif (assessment.familiarity.value or 0.0) < MIN_FAMILIARITY:
        flags.append("no sign you worked together")
    return tuple(flags)


def candidates(
    assessments: dict[int, Assessment],
    brief: Brief | None = None,
    relevance: dict[int, Score] | None = None,
) -> tuple[list[Candidate], list[tuple[Assessment, str]]]:
    """Everyone who may be asked, best fit first, and everyone excluded with the reason.

    Relevance to the opportunity moves a fit by at most 15%: it never makes
    up for not knowing your work. Seniority only breaks ties: of two fits
    equal to two decimals, the more senior title comes first.
    """
    ranked: list[Candidate] = []
    excluded: list[tuple[Assessment, str]] = []
    for assessment in assessments.values():
        reason = exclusion(assessment, brief)
        if reason is not None:
            excluded.append((assessment, reason))
            continue
        flags = _flags(assessment)
        if brief and brief.recently_asked.get(assessment.person.id):
            flags = (*flags, "asked for another opportunity in the last 6 months")
        relevant = (relevance or {}).get(assessment.person.id)
        value = fit(assessment)
        away = assessment.availability
        if away is not None and brief and brief.deadline and away.away_past(brief.deadline):
            value *= AWAY_PENALTY
            flags = (*flags, f"{away.describe()}: past the deadline ({brief.deadline:%Y-%m-%d})")
        elif away is not None:
            flags = (*flags, away.describe())
        if relevant is not None and relevant.value is not None:
            value *= RELEVANCE_FLOOR + (1 - RELEVANCE_FLOOR) * relevant.value
        ranked.append(Candidate(assessment, value, flags, relevant))
    ranked.sort(
        key=lambda c: (
            -round(c.fit, 2),
            -seniority(c.assessment.person.title),
            -c.assessment.confidence,
            c.assessment.person.name,
        )
    )
    return ranked, excluded


def _reasons(candidate: Candidate, role: str | None, brief: Brief) -> tuple[str, ...]:
    a = candidate.assessment
    reasons = []
    if brief.kind == "referral":
        reasons.append(
            f"works at {a.person.organization} now ({a.person.title or 'title unknown'})"
        )
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
    if candidate.relevance is not None and candidate.relevance.value is not None:
        reasons.append(f"relevance {candidate.relevance.value:.2f}: {candidate.relevance.why}")
    return tuple(reasons)


def _fills(candidate: Candidate, role: str) -> bool:
    relation = candidate.assessment.relationship
    return relation is not None and relation.kind in ROLE_KINDS.get(role, frozenset())


def shortlist(
    assessments: dict[int, Assessment],
    needs: Needs,
    brief: Brief | None = None,
    relevance: dict[int, Score] | None = None,
) -> Shortlist:
    """Choose ``needs.count`` people: required roles first, then fit with a spread.

    The spread: each pick from an organisation already picked from costs
    10%, each pick of a relationship kind already picked 5%. Runners-up say
    why they lost; the bench holds the next back-ups in order.
    """
    brief = brief or Brief(kind=needs.kind)
    ranked, excluded = candidates(assessments, brief, relevance)
    result = Shortlist(needs=needs, excluded=excluded, brief=brief, ranked=ranked)
    chosen: set[int] = set()
    org_counts: dict[str, int] = {}
    kind_counts: dict[str, int] = {}

    def take(candidate: Candidate, role: str | None) -> None:
        chosen.add(candidate.person_id)
        org = candidate.assessment.person.organization_key
        if org:
            org_counts[org] = org_counts.get(org, 0) + 1
        kind = _kind(candidate)
        if kind:
            kind_counts[kind] = kind_counts.get(kind, 0) + 1
        result.picks.append(Pick(candidate, role, _reasons(candidate, role, brief)))

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
            value = (
                candidate.fit
                * SAME_ORG_PENALTY ** org_counts.get(org, 0)
                * SAME_RELATIONSHIP_PENALTY ** kind_counts.get(_kind(candidate), 0)
            )
            if value > best_value:
                best, best_value = candidate, value
        if best is None:
            break
        result.lowest_pick_value = min(result.lowest_pick_value, best_value)
        take(best, None)
    rest = [c for c in ranked if c.person_id not in chosen]
    result.runners_up = [RunnerUp(c, _why_not(c, result.picks)) for c in rest[:RUNNERS_UP]]
    result.bench = rest[RUNNERS_UP : RUNNERS_UP + BENCH]
    result.picks.sort(key=lambda pick: -pick.candidate.fit)
    return result


def _kind(candidate: Candidate) -> str:
    relation = candidate.assessment.relationship
    return relation.kind if relation else ""


def _value_text(candidate: Candidate, criterion: str) -> str:
    """``communication 0.32``, or ``communication unknown``: never the stand-in number."""
    score: Score = getattr(candidate.assessment, criterion)
    return f"{criterion} unknown" if score.value is None else f"{criterion} {score.value:.2f}"


def _why_not(candidate: Candidate, picks: list[Pick]) -> str:
    """Why a close candidate lost, from the comparison itself: their weakest criterion, and
    for each pick that fits no better than them, what that pick had instead."""
    values = candidate.criteria()
    low = min(values, key=lambda k: values[k])
    mine = round(candidate.fit, 2)
    text = f"fit {mine:.2f}, held back by {_value_text(candidate, low)}"
    if not picks:
        return text
    no_better = [p for p in picks if round(p.candidate.fit, 2) <= mine]
    if not no_better:
        weakest = min(round(p.candidate.fit, 2) for p in picks)
        return text + f"; every pick fits better (lowest {weakest:.2f})"
    reasons = []
    for pick in no_better:
        name = pick.candidate.assessment.person.name
        theirs = round(pick.candidate.fit, 2)
        than = "less well" if theirs < mine else "as well"
        if pick.role:
            reasons.append(f"{name} ({theirs:.2f}) fits {than} but fills the {pick.role} need")
    if any(not pick.role for pick in no_better):
        # Picked by fit over this candidate: the spread cost them, or a tie broke against them.
        reasons.append(
            _spread(candidate, picks)
            or "as good a fit to two decimals; the picks ranked ahead on seniority or confidence"
        )
    return text + "; " + "; ".join(reasons)


def _spread(candidate: Candidate, picks: list[Pick]) -> str:
    """What the spread held against ``candidate``: picks already from their organisation or kind."""
    org_key = candidate.assessment.person.organization_key
    kind = _kind(candidate)
    same_org = [
        p for p in picks if org_key and p.candidate.assessment.person.organization_key == org_key
    ]
    same_kind = [p for p in picks if kind and _kind(p.candidate) == kind]
    bits = []
    if same_org:
        bits.append(
            f"{len(same_org)} pick(s) already from {candidate.assessment.person.organization}"
        )
    if same_kind:
        bits.append(f"{len(same_kind)} pick(s) already a {kind}")
    return "the spread: " + " and ".join(bits) + "; others add variety" if bits else ""
