"""What a person is to the owner: stated by the user, or inferred from evidence.

Inference reads what the evidence says outright — the relationship a
recommender states in their text ("I managed Sam", "Sam was my manager",
"as Sam's client"), the reporting line the owner's own positions name
("Reporting to Ana Lee", :func:`reports_to`) — and recurring one-to-one meetings (see
:func:`meetings.pattern`: who organises them tells a manager from a report,
a mix says close peer). A relationship the user set with ``goodword
relate`` wins.

Titles at an organisation both worked at are read too, but they never make
anyone a manager or a report: "Senior Software Engineer", "Key Account
Manager" or an SVP says nothing of who the owner reported to. A title two
or three levels above the owner's makes them a colleague who is a
*possible* manager (:attr:`Relation.possible`: the slate offers them, to be
confirmed with ``goodword relate``, and does not count them as a
supervisor); one far above — a chief officer over an intern — makes a
direct-supervisor reading less likely, not more, and is said so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from goodword.evidence import meetings as meeting_evidence
from goodword.evidence.criterion import EvidenceRef
from goodword.identity.normalise import name_key
from goodword.store.facts import Network, TenureFact

if TYPE_CHECKING:
    from goodword.evidence.threads import Exchange

# kind reads "this person was the owner's <kind>".
KINDS = ("manager", "report", "peer", "client", "mentor", "professor", "classmate", "other")
SUPERVISOR_KINDS = frozenset({"manager", "professor"})
# Recurring one-to-ones say more than titles, less than the words of a recommendation.
MEETING_CONFIDENCE = 0.4
TITLE_CONFIDENCE = 0.35
REPORTING_CONFIDENCE = 0.8  # the owner's own words, as sure as a recommender's
# Levels apart (see :func:`seniority`) for titles to suggest a possible manager or report;
# from FAR_ABOVE up, too senior to have been the owner's direct supervisor.
POSSIBLE_GAP = 2
FAR_ABOVE = 4

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, re.IGNORECASE))
    for kind, pattern in (
        (
            "manager",
            r"\b(?:I|we) (?:directly )?(?:managed|supervised|hired|led|mentored and managed)\b"
            r"|\breported (?:directly )?to me\b|\bon my team\b|\bmy direct report\b"
            r"|\bworked (?:for|under) me\b|\bas (?:his|her|their) (?:manager|supervisor|boss|lead)\b"
            r"|\bI was (?:his|her|their) (?:manager|supervisor|boss|lead)\b",
        ),
        (
            "report",
            r"\bwas my (?:manager|supervisor|boss|team lead|lead)\b|\bI reported (?:directly )?to\b"
            r"|\b(?:managed|supervised|hired) me\b|\bI worked (?:for|under) (?:him|her|them)\b"
            r"|\bon (?:his|her|their) team\b",
        ),
        (
            "client",
            r"\bas (?:his|her|their|\w+'s) client\b|\b(?:our|my) (?:consultant|vendor|agency|contractor)\b"
            r"|\bwe (?:hired|engaged|retained) \w+ (?:as|to)\b|\bclient\b",
        ),
        (
            "professor",
            r"\b(?:was|as) (?:a |my )?(?:student|advisee|teaching assistant|TA)\b"
            r"|\bin my (?:course|class|lab|seminar)\b|\bI (?:taught|advised)\b",
        ),
        ("mentor", r"\bI mentored\b|\bas (?:his|her|their) mentor\b|\bmentee\b"),
        (
            "peer",
            r"\bworked (?:closely )?(?:alongside|with)\b|\bcolleague\b|\bteammate\b|\bpeer\b"
            r"|\bsame team\b|\bcollaborat",
        ),
    )
)

_LEVELS: tuple[tuple[int, re.Pattern[str]], ...] = tuple(
    (level, re.compile(pattern, re.IGNORECASE))
    for level, pattern in (
        (
            6,
            r"\b(?:chief|ceo|cto|cfo|coo|cpo|founder|co-founder|(?<!vice )(?<!vice-)president|partner)\b",
        ),
        (5, r"\b(?:vp|vice[- ]president|svp|evp|head of)\b"),
        (4, r"\bdirector\b"),
        (3, r"\b(?:manager|lead|principal|professor|supervisor)\b"),
        (2, r"\b(?:senior|sr\.?|staff|specialist)\b"),
        (0, r"\b(?:intern|student|trainee|apprentice|junior|jr\.?)\b"),
    )
)


# Words that look senior and are not, taken out before ranking: a "Talent Acquisition
# Partner" or an "HR Business Partner" is no partner of the firm, an assistant to the
# CEO no chief, and a "Key Account Manager" no one's manager.
_NOT_RANKS = re.compile(
    r"\b(?:(?:hr|people|business|talent acquisition|talent|acquisition|recruiting|recruitment"
    r"|channel|sales|success|customer success|account|alliances?|solutions?|strategic"
    r"|technology|learning|delivery)\s+)+partner\b"
    r"|\bto the (?:ceo|cto|cfo|coo|cpo|founders?|president|chief \w+ officer)\b"
    # Managers of accounts, products, projects or communities manage no one by the title.
    r"|\b(?:(?:key|national|global|technical)\s+)?(?:account|product|project|program|programme"
    r"|community|customer success|success|social media|office|case)\s+manager\b",
    re.IGNORECASE,
)


def seniority(title: str) -> int:
    """A rough rank from a job title: 0 intern … 1 individual contributor … 6 C-level/founder."""
    plain = _NOT_RANKS.sub(" ", title)
    for level, pattern in _LEVELS:
        if pattern.search(plain):
            return level
    return 1


# Words of a title that say its level, not its function ("Senior Data Engineer" is data, engineer).
_LEVEL_WORDS = frozenset(
    [
        "senior",
        "sr",
        "junior",
        "jr",
        "lead",
        "principal",
        "staff",
        "head",
        "chief",
        "officer",
        "vice",
        "president",
        "vp",
        "svp",
        "evp",
        "director",
        "manager",
        "associate",
        "assistant",
        "intern",
        "trainee",
        "apprentice",
        "of",
        "the",
        "and",
        "for",
        "to",
        "in",
        "at",
        "i",
        "ii",
        "iii",
        "iv",
        "global",
        "group",
        "team",
        "executive",
    ]
)


@dataclass(frozen=True, slots=True)
class Relation:
    """A relationship with its confidence and the evidence behind it."""

    kind: str
    confidence: float
    why: str
    evidence: EvidenceRef | None = None
    organization_key: str = ""
    # What titles alone suggest and only the user can confirm ("manager", "report"), if anything.
    possible: str = ""

    @property
    def from_titles(self) -> bool:
        """True when read from titles alone: no evidence of how you worked together."""
        return self.kind == "colleague"


def same_function(own_title: str, their_title: str) -> bool:
    """Do two titles name the same function ("Data Scientist", "Senior Data Engineer")?"""
    own = set(_title_words(own_title))
    return bool(own and own & set(_title_words(their_title)))


def _title_words(title: str) -> list[str]:
    """The words of a title that name a function, cut to a stem ("analytics", "analyst": analy)."""
    words = "".join(c if c.isalnum() else " " for c in title.casefold()).split()
    return [w[:5] for w in words if w not in _LEVEL_WORDS and len(w) > 1]


_WORD = r"[A-ZÀ-Þ](?:\.|[\w'’-]+)"  # a capitalised word, or an initial
_NAME = rf"{_WORD}(?:[ ](?:{_WORD}|(?:van|von|der|den|del|de|da|di|la|le|bin)\b)){{1,4}}"
_REPORTS_TO = re.compile(
    r"\b[Rr]eport(?:s|ed|ing)?[ ](?:directly[ ])?to:?[ ]+"
    r"(?:(?:the|our|my)[ ][^,;()\n]{1,60}?,[ ]|(?:the|our|my)[ ][^,;()\n]{1,60}?[ ]\()?"
    rf"(?P<name>{_NAME})"
)


def reports_to(description: str) -> list[str]:
    """The names a position's description says its holder reported to.

    "Reporting to Ana Lee", "Reports to: Ken Ito", "reported directly to the
    VP of Data, Zoë Bašić" name a person; "reporting to the CTO" names none.
    """
    names = []
    for match in _REPORTS_TO.finditer(description):
        words = match.group("name").split(" ")
        while len(words) > 2 and words[0].isupper() and len(words[0]) > 2:
            words.pop(0)  # "CTO Ana Lee": the title before the name
        names.append(" ".join(words))
    return names


def from_text(text: str) -> str | None:
    """The relationship a recommender states about the owner, or None."""
    for kind, pattern in _PATTERNS:
        if pattern.search(text):
            return kind
    return None


def shared_tenures(network: Network, person_id: int) -> list[tuple[TenureFact, TenureFact]]:
    """Pairs (owner's tenure, their tenure) at the same organisation, for work."""
    mine = [t for t in network.owner_tenures if t.kind == "work"]
    pairs = []
    for theirs in network.tenures.get(person_id, []):
        for own in mine:
            if own.organization_key and own.organization_key == theirs.organization_key:
                pairs.append((own, theirs))
    return pairs


def relations(
    network: Network,
    person_id: int,
    meetings: meeting_evidence.Meetings | None = None,
    exchange: Exchange | None = None,
) -> list[Relation]:
    """Every relationship known or inferred for ``person_id``, strongest first.

    ``meetings`` are the small meetings shared with them, when the caller
    has counted them (see :func:`goodword.evidence.meetings.small_meetings`);
    ``exchange`` what passed between you (see :func:`goodword.evidence.threads.exchanges`).
    Without either, or a recommendation of theirs, nothing shows a working
    tie, and titles alone never make them a possible manager or report.
    """
    found: list[Relation] = []
    for stated in network.relationships.get(person_id, []):
        found.append(
            Relation(
                stated.kind,
                stated.confidence if stated.origin != "user" else 1.0,
                stated.evidence or f"you said they were your {stated.kind}",
                EvidenceRef("relationship", stated.id, f"{stated.kind} (set by you)"),
                stated.organization_key,
            )
        )
    for recommendation in network.recommendations.get(person_id, []):
        if recommendation.direction != "received":
            continue
        kind = from_text(recommendation.text)
        if kind:
            found.append(
                Relation(
                    kind,
                    0.8,
                    f"their recommendation says so ({_quote(recommendation.text, kind)})",
                    EvidenceRef("recommendation", recommendation.id, "recommendation they wrote"),
                )
            )
    found.extend(_reporting_lines(network, person_id))
    tie = working_tie(network, person_id, meetings, exchange)
    for own, theirs in shared_tenures(network, person_id):
        if _overlap_possible(own, theirs):
            found.append(from_titles(own, theirs, tie))
    read = meeting_evidence.pattern(meetings)
    if read is not None and meetings is not None and meetings.last_id is not None:
        kind, why = read
        found.append(
            Relation(
                kind,
                MEETING_CONFIDENCE,
                why,
                EvidenceRef("interaction", meetings.last_id, "latest one-to-one meeting"),
            )
        )
    found.sort(key=lambda relation: -relation.confidence)
    return found


def _reporting_lines(network: Network, person_id: int) -> list[Relation]:
    """The owner's positions that name ``person_id`` as whom they reported to.

    Only where they were too (a tenure there, or their current organisation):
    a namesake elsewhere is somebody else.
    """
    person = network.people.get(person_id)
    key = name_key(person.name) if person else ""
    if person is None or not key:
        return []
    where = {t.organization_key for t in network.tenures.get(person_id, [])}
    where.add(person.organization_key)
    return [
        Relation(
            "manager",
            REPORTING_CONFIDENCE,
            f"your position at {own.organization} says you reported to {named}",
            EvidenceRef("tenure", own.id, f"{own.title} at {own.organization}"),
            own.organization_key,
        )
        for own in network.owner_tenures
        if own.organization_key in where
        for named in reports_to(own.description)
        if name_key(named) == key
    ]


def working_tie(
    network: Network,
    person_id: int,
    meetings: meeting_evidence.Meetings | None,
    exchange: Exchange | None,
) -> bool:
    """Does anything show you worked with them: a direct message either way, a small
    meeting, or a recommendation of theirs? (Endorsements do not: anyone can click them.)"""
    if exchange is not None and exchange.sent_by_owner + exchange.sent_by_them > 0:
        return True
    if meetings is not None and meetings.count > 0:
        return True
    return any(r.direction == "received" for r in network.recommendations.get(person_id, []))


def from_titles(own: TenureFact, theirs: TenureFact, tie: bool = True) -> Relation:
    """What the two titles at one organisation say: a colleague, at most a possible manager.

    ``kind`` is always "colleague" (see :attr:`Relation.from_titles`);
    ``possible`` is "manager" when their title, in the same function as the
    owner's (or in none), is :data:`POSSIBLE_GAP` to :data:`FAR_ABOVE` levels
    above it, "report" when as far below, and only with a working ``tie``
    (:func:`working_tie`): a senior title at a large employer you never wrote
    to or met is nobody you can ask to confirm it.
    """
    gap = seniority(theirs.title) - seniority(own.title)
    titles = (
        f"titles at {own.organization}: theirs {theirs.title or '?'!r}, yours {own.title or '?'!r}"
    )
    possible = ""
    # A title that names no function ("Manager", "Director") might be anyone's.
    related = same_function(own.title, theirs.title) or not _title_words(theirs.title)
    if gap >= FAR_ABOVE:
        titles += "; far more senior than you, unlikely your direct supervisor"
    elif gap >= POSSIBLE_GAP and not related:
        titles += "; senior to you in another function"
    elif gap >= POSSIBLE_GAP and not tie:
        titles += "; senior to you, but nothing shows you worked with them"
    elif gap >= POSSIBLE_GAP:
        possible = "manager"
        titles += "; senior to you, possibly your manager (titles alone do not say)"
    elif gap <= -POSSIBLE_GAP and related and not tie:
        titles += "; junior to you, but nothing shows you worked with them"
    elif gap <= -POSSIBLE_GAP and related:
        possible = "report"
        titles += "; junior to you, possibly your report (titles alone do not say)"
    return Relation(
        "colleague",
        TITLE_CONFIDENCE,
        titles,
        EvidenceRef("tenure", theirs.id, f"{theirs.title} at {theirs.organization}"),
        own.organization_key,
        possible,
    )


def _overlap_possible(own: TenureFact, theirs: TenureFact) -> bool:
    """Both there now, or their dated periods overlap (undated past periods prove nothing)."""
    if own.is_current and theirs.is_current:
        return True
    if theirs.start_on and own.end_on and theirs.start_on > own.end_on:
        return False
    if own.start_on and theirs.end_on and own.start_on > theirs.end_on:
        return False
    return bool(theirs.start_on or theirs.end_on)


def _quote(text: str, kind: str) -> str:
    for candidate, pattern in _PATTERNS:
        if candidate == kind:
            match = pattern.search(text)
            if match:
                return f'"…{match.group(0)}…"'
    return kind


def best(
    network: Network,
    person_id: int,
    meetings: meeting_evidence.Meetings | None = None,
    exchange: Exchange | None = None,
) -> Relation | None:
    """The most certain relationship for ``person_id``, if any (see :func:`relations`)."""
    found = relations(network, person_id, meetings, exchange)
    return found[0] if found else None
