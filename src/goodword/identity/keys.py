"""Stable keys: the one string that stands for an identity, or for a person, across imports.

A key is ``kind:value`` for an identity (``email:ann@acme.com``); a person is
known by their best identity, ranked by :data:`KEY_ORDER`, or by their name
and organisation when they have none (``name:ann lee@acme``). Stored
decisions ("these two are one human") and the natural keys of rows that name
a person are built from these keys, so changing them orphans what was stored.
Values must already be normalised (:mod:`goodword.identity.normalise`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable

from goodword.identity import normalise

KEY_ORDER = ("linkedin", "email", "urn", "phone")
"""The kinds of identity, surest first.

A profile URL and an address are chosen by their holder; a URN is LinkedIn's
own number for a member; a phone number may be a switchboard or a household's.
"""

_NORMALISERS: dict[str, Callable[[str | None], str | None]] = {
    "linkedin": normalise.linkedin_url,
    "email": normalise.email,
    "urn": normalise.linkedin_urn,
    "phone": normalise.phone,
}


def identity_key(kind: str, value: str) -> str:
    """``("email", "ann@acme.com")`` → ``email:ann@acme.com``."""
    return f"{kind}:{value}"


def name_key_of(name_key: str, where: str) -> str:
    """The key of someone known by name alone: ``name:ann lee@acme`` (``where`` tells namesakes apart)."""
    return f"name:{name_key}@{where}"


ROW = "row"
"""The kind of a row key (:func:`row_key`): held like an identity, never ranked as one."""


def row_key(file: str, name_key: str, org_key: str, occurrence: int) -> str:
    """The key of a row that names someone by name and organisation alone.

    A Connections row with no profile URL and no address: the file's name,
    the person's name and organisation, and which of the file's rows with
    that same name and organisation it is (1, 2, ...). The same row of the
    same export, or of a newer one, gives the same key, so a re-import finds
    the person the row meant last time, even when it was merged with
    another since or a namesake joined them.
    """
    digest = hashlib.sha256(f"{name_key}\0{org_key}\0{occurrence}".encode()).hexdigest()[:24]
    return f"{file.rsplit('/', 1)[-1].lower()[:60]}:{digest}"


def ranked(identities: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """``identities`` surest first (by :data:`KEY_ORDER`, then by value); row keys left out."""
    known = [pair for pair in identities if pair[0] in KEY_ORDER]
    return sorted(known, key=lambda pair: (KEY_ORDER.index(pair[0]), pair[1]))


def person_key(identities: Iterable[tuple[str, str]], name_key: str, org_key: str = "") -> str:
    """The key that stands for a person: their surest identity, else their name at their organisation.

    ``name_key`` and ``org_key`` are :func:`~goodword.identity.normalise.name_key`
    and :func:`~goodword.identity.normalise.org_key` forms.
    """
    best = ranked(identities)
    if best:
        return identity_key(*best[0])
    return name_key_of(name_key, org_key)


def parse_identity(text: str) -> tuple[str, str]:
    """``email:ann@acme.com``, a bare address or a profile URL → the normalised (kind, value).

    Raises ``ValueError`` naming ``text`` when it holds no identity.
    """
    kind, _, value = text.partition(":")
    if kind in _NORMALISERS and value:
        raw = value
    else:
        kind, raw = ("email", text) if "@" in text else ("linkedin", text)
    normal = _NORMALISERS[kind](raw)
    if normal is None:
        raise ValueError(text)
    return kind, normal
