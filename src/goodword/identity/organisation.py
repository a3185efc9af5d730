"""Organisation sameness: whether two ways of naming an organisation name the same one.

Every rule here compares :func:`~goodword.identity.normalise.org_key` forms,
which already fold case, accents, legal forms (``LLC``, ``GmbH``) and a
leading "The". Two such keys from different places may still differ:

* a name and a mail domain: ``northwind labs`` and ``northwindlabs``;
* a short name and a long one: ``acme analytics`` and ``acme analytics group``;
* a typo: ``globex`` and ``globx``.

:func:`same_organisation` is the one rule for "the same organisation", used
wherever two keys come from different places (a person's employer and a
mail domain, a typed job and a contact's employer). Stored organisations are
one row per key, so code comparing stored keys with each other compares
them exactly. :func:`org_name_matches` answers a different question: whether
the organisation a user asked for by name is this one.
"""

from __future__ import annotations

from rapidfuzz import fuzz

ORG_SIMILARITY = 90
"""How alike (rapidfuzz, 0–100) two organisation keys must be to be one organisation."""

ORG_NAME_SIMILARITY = 90
"""How alike (rapidfuzz ratio, 0–100) two organisation names must be to be one name."""

# Domains that say nothing about where someone works.
FREE_MAIL = frozenset(
    [
        "gmail.com",
        "googlemail.com",
        "yahoo.com",
        "yahoo.co.uk",
        "yahoo.fr",
        "ymail.com",
        "hotmail.com",
        "hotmail.co.uk",
        "hotmail.fr",
        "outlook.com",
        "live.com",
        "msn.com",
        "aol.com",
        "icloud.com",
        "me.com",
        "mac.com",
        "protonmail.com",
        "proton.me",
        "gmx.de",
        "gmx.net",
        "gmx.com",
        "web.de",
        "t-online.de",
        "mail.ru",
        "yandex.ru",
        "fastmail.com",
        "hey.com",
        "zoho.com",
        "qq.com",
        "163.com",
        "orange.fr",
        "free.fr",
        "laposte.net",
        "libero.it",
        "comcast.net",
        "verizon.net",
        "att.net",
        "btinternet.com",
    ]
)
_SECOND_LEVEL = frozenset({"co", "com", "ac", "org", "net", "gov", "edu"})


def same_organisation(a: str, b: str) -> bool:
    """Whether the organisation keys ``a`` and ``b`` name one organisation (never when one is empty).

    Alike as sets of words (``acme analytics`` and ``acme analytics group``:
    a name's words all in the other's), or alike squeezed the way a domain
    spells a name (``orchard and vine`` and ``orchardvine``).
    """
    if not a or not b:
        return False
    if a == b or fuzz.token_set_ratio(a, b) >= ORG_SIMILARITY:
        return True
    squeezed_a, squeezed_b = _squeezed(a), _squeezed(b)
    return bool(squeezed_a and squeezed_b) and fuzz.ratio(squeezed_a, squeezed_b) >= ORG_SIMILARITY


def _squeezed(key: str) -> str:
    """An organisation key as a domain spells it: ``orchard and vine`` → ``orchardvine``."""
    return "".join(word for word in key.split() if word != "and")


def mail_domain_key(address: str) -> str:
    """``ann@mail.acme.co.uk`` → ``acme``: the organisation a work address names ("" for free mail)."""
    domain = address.rpartition("@")[2].casefold()
    if not domain or domain in FREE_MAIL:
        return ""
    labels = domain.split(".")
    if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL:
        return labels[-3]
    return labels[-2] if len(labels) >= 2 else labels[0]


def org_name_matches(wanted: str, key: str) -> bool:
    """Whether the organisation asked for by name (``--org``) is the one with ``key``.

    Both are :func:`~goodword.identity.normalise.org_key` forms. They match as
    names, never as substrings: the whole names are alike ("Globx" finds
    "globex"), or the name asked for is the organisation's first words
    ("Globex" finds "globex research"). A short name never matches inside a
    longer one ("u" is not "uber", and "uber" is not the organisation "u").
    """
    if not wanted or not key:
        return False
    if fuzz.ratio(wanted, key) >= ORG_NAME_SIMILARITY:
        return True
    words = key.split()
    asked = wanted.split()
    if len(asked) >= len(words):
        return False
    return fuzz.ratio(wanted, " ".join(words[: len(asked)])) >= ORG_NAME_SIMILARITY
