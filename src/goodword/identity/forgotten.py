"""The do-not-import list's pure half: which keys stand for a forgotten person, and their digests.

When a person is forgotten (``goodword forget``) goodword keeps nothing
readable of them, only a one-way digest of each key that could bring them
back on a re-import: every identity they held (``email:…``, ``linkedin:…``,
``phone:…``, ``urn:…``, and the row keys of :func:`~goodword.identity.keys.row_key`)
and their name at each organisation they were known at
(:func:`~goodword.identity.keys.name_key_of`), which is how a row that gives a
name alone (a recommendation, a connection without a profile URL) names them.

The digest is BLAKE2b *keyed* with a random secret of the home: a list of
plain hashes of addresses and names could be reversed by hashing guesses (a
directory of addresses, a company's staff list) and would name the same
person identically in every home; keyed, neither works without the secret
(see docs/privacy.md for what it does and does not protect).
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable

from goodword.identity import keys

SECRET_BYTES = 32
DIGEST_BYTES = 32


def new_secret() -> bytes:
    """A fresh random key for one home's list."""
    return secrets.token_bytes(SECRET_BYTES)


def digest(secret: bytes, key: str) -> str:
    """The keyed one-way digest of ``key`` (hex): what the list stores instead of ``key``."""
    return hashlib.blake2b(
        key.encode("utf-8"), key=secret, digest_size=DIGEST_BYTES, person=b"goodword-forget"
    ).hexdigest()


def person_keys(
    identities: Iterable[tuple[str, str]], name_key: str, org_keys: Iterable[str]
) -> set[str]:
    """Every key that names a person being forgotten.

    ``identities`` are their (kind, value) pairs, row keys included;
    ``name_key`` is their normalised name and ``org_keys`` the normalised
    organisations they were known at (an empty one stands for "no
    organisation", which a row giving a bare name means).
    """
    found = {keys.identity_key(kind, value) for kind, value in identities}
    if name_key:
        found.update(keys.name_key_of(name_key, org) for org in {*org_keys, ""})
    return found


def ref_keys(
    identities: Iterable[tuple[str, str]], name_key: str, org_key: str, row: str | None = None
) -> list[str]:
    """The keys a row's mention of someone is checked by.

    Its identities when it gives any (a different address or profile is a
    different identity, never held against a namesake); otherwise its name
    at its organisation, and ``row``, the row key of a list row that names
    them by name alone.
    """
    found = [keys.identity_key(kind, value) for kind, value in identities]
    if found:
        return found
    if name_key:
        found.append(keys.name_key_of(name_key, org_key))
    if row:
        found.append(keys.identity_key(keys.ROW, row))
    return found
