"""Normalise the ways the same person or organisation is written (docs/formats.md).

Every function is pure and total: it returns a normalised key, or ``None``
(or ``""``) when the input holds nothing usable. Keys are for matching only;
display values are kept as the source wrote them (after cleanup).
"""

from __future__ import annotations

import html
import re
import unicodedata
from email.utils import parseaddr
from urllib.parse import unquote

_EMPTY = {"", "n/a", "#n/a", "null", "none", "-"}
# "NA" as spreadsheets write it, in either case; "Na" is a name (the Korean surname Na).
_EMPTY_EXACT = {"NA", "na"}

_EMAIL = re.compile(r"^[^@\s<>()\[\],;:\"]+@[^@\s<>()\[\],;:\"]+\.[^@\s<>()\[\],;:\"]+$")


def clean_text(value: str | None) -> str:
    """Repair mojibake, unescape HTML entities, NFC-normalise and strip ``value``."""
    if not value:
        return ""
    text = value
    if "Ã" in text or "â€" in text or "Â" in text:
        import ftfy  # a twentieth of a second to load, for the rare broken text

        text = ftfy.fix_text(text, normalization="NFC", uncurl_quotes=False)
    if "&" in text:
        text = html.unescape(text)
    return unicodedata.normalize("NFC", text).strip()


def is_blank(value: str | None) -> bool:
    """True for empty cells and the placeholders spreadsheets write into them (``NA``, ``null``)."""
    if value is None:
        return True
    text = value.strip()
    return text in _EMPTY_EXACT or text.lower() in _EMPTY


def email(value: str | None) -> str | None:
    """A lowercased address, or None when ``value`` is not an email address.

    ``mailto:`` prefixes, angle brackets and surrounding spaces are removed.
    """
    if is_blank(value):
        return None
    assert value is not None
    text = value.strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1].strip()
    if text.lower().startswith("mailto:"):
        text = text[7:].strip()
    if "<" in text:
        text = parseaddr(text)[1] or text
    text = text.strip("<>").strip()
    text = unicodedata.normalize("NFC", text).lower()
    return text if _EMAIL.match(text) else None


_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):(?://)?", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_LINKEDIN_HOST = re.compile(r"^(?:[a-z]{1,3}\.|www\.|mobile\.)?linkedin\.com$")
# Characters a decoded slug may hold that would read differently inside a URL.
_RESERVED = {"%": "%25", "?": "%3f", "#": "%23", " ": "%20", "/": "%2f"}


def linkedin_url(value: str | None) -> str | None:
    """The profile key ``linkedin.com/in/<slug>`` for any spelling of a profile URL.

    Handles the percent-encoded form (Connections), raw Unicode (messages,
    invitations), scheme-less (endorsements), country sub-domains, query
    strings and trailing slashes. Returns None for empty cells, URNs and
    anything that is not a member profile.
    """
    if is_blank(value):
        return None
    assert value is not None
    text = value.strip()
    if text.lower().startswith("urn:"):
        return None
    # Only the web's schemes name a profile (javascript: or file: never do), and a
    # control character, raw or percent-encoded, has no place in one.
    scheme = _SCHEME.match(text)
    if scheme and scheme.group(1).lower() not in {"http", "https"}:
        return None
    if _CONTROL.search(text) or _CONTROL.search(unquote(text)):
        return None
    text = text[scheme.end() :] if scheme else text
    text = text.split("?", 1)[0].split("#", 1)[0]
    host, _, path = text.partition("/")
    if not _LINKEDIN_HOST.match(host.lower()):
        return None
    parts = [_slug(p) for p in path.split("/") if p]
    if len(parts) < 2 or parts[0] not in {"in", "pub"}:
        return None
    if parts[0] == "pub":
        # Old public URLs: /pub/<name>/<a>/<b>/<c> — the numbers tell namesakes apart.
        return "linkedin.com/pub/" + "/".join(parts[1:5])
    return f"linkedin.com/in/{parts[1]}" if parts[1] else None


def _slug(part: str) -> str:
    decoded = unicodedata.normalize("NFC", unquote(part)).lower()
    return "".join(_RESERVED.get(ch, ch) for ch in decoded)


_URN = re.compile(r"^urn:li:(member|fsd_profile|person):([A-Za-z0-9_-]+)$")


def linkedin_urn(value: str | None) -> str | None:
    """A ``urn:li:member:N`` value (as mid-2023 invitations carry), or None; the kind is kept."""
    if is_blank(value):
        return None
    assert value is not None
    match = _URN.match(value.strip())
    return f"urn:li:{match.group(1)}:{match.group(2)}" if match else None


def phone(value: str | None) -> str | None:
    """Digits with a leading ``+`` when given; None when fewer than 7 digits remain.

    No region is guessed: ``+1 (555) 010-2000`` and ``001 555 010 2000``
    both become ``+15550102000``; a national number stays national.
    """
    if is_blank(value):
        return None
    assert value is not None
    text = value.strip()
    text = re.split(r"(?i)\s*(?:ext\.?|x|#)\s*\d+$", text)[0]
    plus = text.startswith("+")
    digits = re.sub(r"\D", "", text)
    if not plus and digits.startswith("00"):
        plus, digits = True, digits[2:]
    if len(digits) < 7:
        return None
    return ("+" if plus else "") + digits


# Letters and marks survive; emoji, flags and symbols go.
def _strip_symbols(text: str) -> str:
    return "".join(
        ch
        for ch in text
        if unicodedata.category(ch)[0] in {"L", "M", "N", "Z"} or ch in "-'’.,()&/"
    )


_CREDENTIAL = re.compile(
    r"^(?:ph\.?\s?d|m\.?b\.?a|m\.?sc|b\.?sc|m\.?eng|b\.?eng|m\.?phil|d\.?phil|ed\.?d|"
    r"cpa|cfa|frm|caia|pmp|csm|cissp|cism|cisa|ceh|acca|aca|cima|cmgr|esq|jr|sr|ii|iii|iv|"
    r"llb|llm|dds|dmd|mph|msw|phr|sphr|shrm-[a-z]+|pmi-[a-z]+|pe|rn|np|fics|frcs|frcp|mrcp|"
    r"mrcs|facs|fca|ceng|peng|itil|aws|gisp|leed(?:\s?ap)?|"
    # two-letter degrees count only when dotted (M.A.): "Ma" and "Ba" are surnames too
    r"m\.a|b\.a|m\.s|b\.s|m\.d|j\.d|d\.o|p\.e)\.?$",
    re.IGNORECASE,
)


def _is_credential(part: str) -> bool:
    """``Ph.D.``, ``MBA``, ``FICS (UK)``, ``3rd Dan KWF (JP).``; never an ordinary surname.

    The first word decides (whatever its case, so ``JONES`` stays a name); a
    part opening with an ordinal ("3rd Dan …") counts when it also carries
    an abbreviation.
    """
    tokens = [t.strip(".,") for t in re.sub(r"\([^)]*\)", " ", part).split()]
    tokens = [t for t in tokens if t]
    if not tokens or len(tokens) > 4:
        return False
    if _CREDENTIAL.match(tokens[0]):
        return True
    return tokens[0][0].isdigit() and any(t.isupper() and len(t) > 1 for t in tokens[1:])


def split_credentials(last_name: str) -> tuple[str, list[str]]:
    """Split ``"Božić, Ph.D."`` into ``("Božić", ["Ph.D."])``; a comma before a name is kept."""
    parts = [p.strip() for p in last_name.split(",")]
    if len(parts) == 1:
        return last_name.strip(), []
    head, rest = parts[0], [p for p in parts[1:] if p]
    if head and all(_is_credential(p) for p in rest):
        return head, rest
    return last_name.strip(), []


def clean_name_part(value: str | None) -> str:
    """One name part for display: NFKC (fancy letters to plain), no emoji, single spaces."""
    if is_blank(value):
        return ""
    assert value is not None
    text = unicodedata.normalize("NFKC", clean_text(value))
    text = _strip_symbols(text)
    return re.sub(r"\s+", " ", text).strip(" ,")


def display_name(first: str | None, last: str | None) -> str:
    """The display name from LinkedIn's first and last name cells, credentials dropped."""
    first_clean = clean_name_part(first)
    last_clean, _ = split_credentials(clean_name_part(last))
    return " ".join(p for p in (first_clean, last_clean) if p)


_FOLD = str.maketrans(
    {"ø": "o", "ł": "l", "đ": "d", "ı": "i", "ß": "ss", "æ": "ae", "œ": "oe", "þ": "th"}
)


def name_key(name: str | None) -> str:
    """A matching key for a person's name: no accents, case or punctuation; words sorted as written.

    ``"Zoë Bašić, Ph.D."`` and ``"zoe basic"`` share the key ``"zoe basic"``.
    """
    if not name:
        return ""
    text = unicodedata.normalize("NFKC", name)
    head, _ = split_credentials(text) if "," in text else (text, [])
    text = unicodedata.normalize("NFKD", head.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.translate(_FOLD)
    text = re.sub(r"[^\w\s]|_", " ", text)
    return re.sub(r"\s+", " ", text).strip()


_LEGAL_SUFFIX = re.compile(
    r"(?:\s|,)+(?:inc|incorporated|llc|l\.l\.c|ltd|limited|gmbh|ag|sa|s\.a|sas|sarl|bv|nv|"
    r"plc|corp|corporation|co|company|pty|pte|oy|ab|as|aps|spa|srl|kk|llp|lp)\.?$",
    re.IGNORECASE,
)


def org_key(name: str | None) -> str:
    """A matching key for an organisation: ``"Globex LLC"`` and ``"globex"`` share ``"globex"``."""
    if is_blank(name):
        return ""
    assert name is not None
    text = unicodedata.normalize("NFKC", clean_text(name)).casefold()
    text = re.sub(r"^the\s+", "", text)
    text = text.replace("&", " and ")
    previous = None
    while previous != text:
        previous = text
        stripped = _LEGAL_SUFFIX.sub("", text).strip(" ,.")
        # "Bain & Company" is a name, not "Bain" plus a legal form.
        if stripped and not stripped.endswith(" and"):
            text = stripped
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"[^\w\s]|_", " ", text)
    return re.sub(r"\s+", " ", text).strip()


_SUBJECT_PREFIX = re.compile(
    r"^\s*((re|fwd?|aw|wg|sv|vs|tr|rv)\s*(\[\d+\])?\s*:\s*)+", re.IGNORECASE
)


def subject_key(subject: str | None) -> str:
    """``Re: Fwd: Budget`` → ``budget``: the subject a thread shares (empty when there is none)."""
    if not subject:
        return ""
    return re.sub(r"\s+", " ", _SUBJECT_PREFIX.sub("", subject)).strip().casefold()
