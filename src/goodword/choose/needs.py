"""Parse what an opportunity needs: "3 references, 1 supervisor", "2 letters", "2 managers + 3 peers"."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from goodword.errors import InvalidInput

KIND_WORDS = {
    "reference": "reference",
    "references": "reference",
    "referee": "reference",
    "referees": "reference",
    "letter": "recommendation",
    "letters": "recommendation",
    "recommendation": "recommendation",
    "recommendations": "recommendation",
    "recommender": "recommendation",
    "recommenders": "recommendation",
    "referral": "referral",
    "referrals": "referral",
    "referrer": "referral",
}
ROLE_WORDS = {
    "supervisor": "supervisor",
    "supervisors": "supervisor",
    "manager": "manager",
    "managers": "manager",
    "boss": "manager",
    "peer": "peer",
    "peers": "peer",
    "colleague": "peer",
    "colleagues": "peer",
    "report": "report",
    "reports": "report",
    "direct report": "report",
    "direct reports": "report",
    "client": "client",
    "clients": "client",
    "professor": "professor",
    "professors": "professor",
    "academic": "professor",
    "academics": "professor",
    "mentor": "mentor",
    "mentors": "mentor",
}
# Which relationship kinds satisfy a role.
ROLE_KINDS = {
    "supervisor": frozenset({"manager", "professor"}),
    "manager": frozenset({"manager"}),
    "peer": frozenset({"peer"}),
    "report": frozenset({"report"}),
    "client": frozenset({"client"}),
    "professor": frozenset({"professor"}),
    "mentor": frozenset({"mentor"}),
}
DEFAULT_COUNT = {"reference": 3, "recommendation": 3, "referral": 1}
_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "a": 1, "an": 1}
_PART = re.compile(r"^(\d+|one|two|three|four|five|six|a|an)\s+(.+?)s?$")


@dataclass(frozen=True, slots=True)
class Needs:
    """How many people, of which kind, with at least so many of each role."""

    count: int
    kind: str = "reference"
    roles: dict[str, int] = field(default_factory=dict)
    text: str = ""

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form (stored on the opportunity)."""
        return {"count": self.count, "kind": self.kind, "roles": dict(self.roles)}

    @classmethod
    def from_dict(cls, data: dict[str, Any], text: str = "") -> Needs:
        """Rebuild from :meth:`as_dict`."""
        return cls(
            count=int(data.get("count", 3)),
            kind=str(data.get("kind", "reference")),
            roles={str(k): int(v) for k, v in dict(data.get("roles", {})).items()},
            text=text,
        )

    def describe(self) -> str:
        """``3 references, at least 1 supervisor``."""
        noun = {"reference": "reference", "recommendation": "letter", "referral": "referral"}
        base = f"{self.count} {noun.get(self.kind, self.kind)}{'s' if self.count != 1 else ''}"
        extra = ", ".join(f"at least {n} {role}" for role, n in self.roles.items())
        return f"{base}, {extra}" if extra else base


def parse_needs(text: str, default_kind: str = "reference") -> Needs:
    """Parse a needs phrase; an unknown word is an error that shows the accepted forms."""
    cleaned = text.strip().lower()
    if not cleaned:
        return Needs(DEFAULT_COUNT.get(default_kind, 3), default_kind, {}, "")
    parts = [p.strip() for p in re.split(r",|\+|\band\b|\bincluding\b|\bof which\b", cleaned)]
    kind_counts: dict[str, int] = {}
    roles: dict[str, int] = {}
    for part in filter(None, parts):
        match = _PART.match(part)
        if not match:
            raise _bad(text, part)
        number = match.group(1)
        count = int(number) if number.isdigit() else _NUMBERS[number]
        word = match.group(2).strip()
        word = re.sub(r"^(?:is |are |must be |should be )?(?:a |an )?", "", word)
        if word in KIND_WORDS or word + "s" in KIND_WORDS:
            kind = KIND_WORDS.get(word) or KIND_WORDS[word + "s"]
            kind_counts[kind] = kind_counts.get(kind, 0) + count
        elif word in ROLE_WORDS or word + "s" in ROLE_WORDS:
            role = ROLE_WORDS.get(word) or ROLE_WORDS[word + "s"]
            roles[role] = roles.get(role, 0) + count
        else:
            raise _bad(text, part)
    if len(kind_counts) > 1:
        raise InvalidInput(
            f"needs {text!r}: mixes kinds ({', '.join(kind_counts)}); add one job per kind"
        )
    kind = next(iter(kind_counts), default_kind)
    total = kind_counts.get(kind, 0) or sum(roles.values()) or 3
    if sum(roles.values()) > total:
        total = sum(roles.values())
    return Needs(total, kind, roles, text.strip())


def _bad(text: str, part: str) -> InvalidInput:
    return InvalidInput(
        f"needs {text!r}: cannot read {part!r}; write it like "
        "'3 references, 1 supervisor', '2 letters' or '2 managers + 3 peers'"
    )
