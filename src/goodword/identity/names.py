"""Name similarity: whether two names, or a name and an address, may be one person's.

Every rule compares :func:`~goodword.identity.normalise.name_key` forms
(no accents, case or punctuation), so ``Zoë Bašić`` and ``zoe basic`` are
already one key. What remains is closeness: a typo or a missing letter
(:func:`similarity`), words in another order, and an address or profile URL
that spells the name (:func:`spells_name`, :func:`address_name`,
:func:`profile_name`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rapidfuzz import fuzz, process

NAME_SIMILARITY = 88
"""How alike (rapidfuzz token-sorted ratio, 0–100) two names must be to be weighed as one."""

MIN_LOCAL_PART = 5
"""An address's local part shorter than this ("jo", "info") says nothing about whose it is."""

_PROFILE_SUFFIX = re.compile(r"-[0-9a-z]*[0-9][0-9a-z]*$")


def similarity(a: str, b: str) -> float:
    """How alike two name keys are (0–100), word order aside: ``ana ruiz`` and ``ruiz anna`` ≈ 89."""
    return fuzz.token_sort_ratio(a, b)


def close_names(key: str, keys: Sequence[str]) -> list[tuple[int, float]]:
    """The positions in ``keys`` of names at least :data:`NAME_SIMILARITY` alike to ``key``.

    Each with its :func:`similarity`, most alike first (rapidfuzz filters in C,
    so a surname shared by thousands costs little).
    """
    found = process.extract(
        key, keys, scorer=fuzz.token_sort_ratio, score_cutoff=NAME_SIMILARITY, limit=None
    )
    return [(position, score) for _key, score, position in found]


def spells_name(address: str, name_key: str) -> bool:
    """Whether the local part of ``address`` spells the name: ``ann.lee@``, ``leeann@``, ``alee@``.

    A name needs two words at least: one word spells too many people.
    """
    local = address.partition("@")[0].casefold()
    parts = [p for p in re.split(r"[._\-+0-9]+", local) if p]
    words = name_key.split()
    if len(words) < 2:
        return False
    first, last = words[0], words[-1]
    joined = "".join(parts)
    return (
        (first in parts and last in parts)
        or joined in {first + last, last + first}
        or (len(parts) == 1 and joined == first[0] + last)
    )


def address_name(address: str) -> str:
    """``Sam.Rivera+jobs@x`` → ``samrivera``: the name an address is made of ("" when too short)."""
    local = address.partition("@")[0].split("+", 1)[0].replace(".", "").lower()
    return local if len(local) >= MIN_LOCAL_PART else ""


def profile_name(key: str) -> str:
    """``linkedin.com/in/sam-rivera-0a1b2c3d`` → ``sam-rivera``: the name part of a profile key."""
    if not key.startswith("linkedin.com/in/"):
        return ""
    stem = _PROFILE_SUFFIX.sub("", key.removeprefix("linkedin.com/in/"))
    return stem if len(stem.replace("-", "")) >= MIN_LOCAL_PART else ""
