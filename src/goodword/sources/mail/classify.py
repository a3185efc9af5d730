"""What wrote a message, and what the stream does with it: every rule in one place.

A message read by :mod:`~goodword.sources.mail.headers` is judged here,
from its headers and the labels (folders) it sits in:

* :func:`label_kind` says what a folder or label name means (sent, trash,
  spam, drafts, chat), in the spellings mail programs use;
* :func:`classify` says who wrote it: a delivery failure (``bounce``), an
  out-of-office reply (``away``), other automatic mail (``automated``), or
  a person;
* :func:`judge` puts the two together in the order the stream follows (see
  :class:`Verdict`): spam, drafts and chat are set aside; bounces and
  out-of-office replies become signals, even from the trash; the rest of
  the trash is set aside; automatic mail, mail with no sender and mass mail
  are skipped; what is left is a conversation;
* :func:`return_date` reads the date an out-of-office subject says its
  sender is back.

Pure functions over header facts; the stream keeps the state (which copy
of a message was seen first).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import Literal

from goodword.sources.mail.headers import OPAQUE_PREFIX, MailHeader

MASS_MAIL_RECIPIENTS = 20
"""Mail to more people than this is mass mail, not a conversation."""

# --------------------------------------------------------------------------------------------
# Folders and labels

LabelKind = Literal["sent", "trash", "spam", "drafts", "chat"]

# Folder and label names, normalised by label_kind (case-folded, "_", "." and "-" read as
# spaces). Mail programs localise them; the common spellings are listed.
_KINDS: dict[str, LabelKind] = {
    **dict.fromkeys(
        (
            "sent",
            "sent mail",
            "sent mails",
            "sent items",
            "sent messages",
            "sent email",
            "sent e mail",
            "gesendet",
            "gesendete objekte",
            "gesendete elemente",
            "gesendete nachrichten",
            "envoyés",
            "envoyes",
            "éléments envoyés",
            "messages envoyés",
            "enviados",
            "elementos enviados",
            "correo enviado",
            "enviadas",
            "itens enviados",
            "inviati",
            "posta inviata",
            "elementi inviati",
            "verzonden",
            "verzonden items",
            "skickat",
            "skickade objekt",
            "sendt",
            "sendte elementer",
            "sendte",
        ),
        "sent",
    ),
    **dict.fromkeys(
        (
            "trash",
            "bin",
            "deleted",
            "deleted items",
            "deleted messages",
            "papierkorb",
            "gelöschte objekte",
            "gelöschte elemente",
            "corbeille",
            "éléments supprimés",
            "papelera",
            "elementos eliminados",
            "cestino",
            "prullenbak",
        ),
        "trash",
    ),
    **dict.fromkeys(
        (
            "spam",
            "junk",
            "junk mail",
            "junk email",
            "junk e mail",
            "spamverdacht",
            "courrier indésirable",
            "correo no deseado",
        ),
        "spam",
    ),
    **dict.fromkeys(
        ("drafts", "draft", "entwürfe", "brouillons", "borradores", "bozze", "concepten"),
        "drafts",
    ),
    **dict.fromkeys(("chat", "chats"), "chat"),
}
_SEPARATORS = re.compile(r"[\s_.\-]+")
_SKIP_KINDS: dict[LabelKind, str] = {
    "spam": "spam",
    "drafts": "draft: never sent",
    "chat": "chat",
}


@lru_cache(maxsize=4096)  # a mailbox has few distinct label sets, each on many messages
def label_kinds(labels: tuple[str, ...]) -> frozenset[LabelKind]:
    """What the labels of one message mean to goodword (see :func:`label_kind`)."""
    return frozenset(kind for label in labels if (kind := label_kind(label)))


@lru_cache(maxsize=4096)  # a mailbox has few distinct labels, each on many messages
def label_kind(label: str) -> LabelKind | None:
    """What a folder or label name means to goodword: ``sent``, ``trash``, … or None.

    ``_sent_mail``, ``Sent Items``, ``.Sent`` and ``sent`` all mean sent
    mail (case, ``_``, ``.``, ``-`` and spaces do not matter). A nested name
    (``Archive/Sent``, ``[Gmail]/Sent Mail``) is read component by
    component, the deepest first.
    """
    for part in reversed(label.split("/")):
        kind = _KINDS.get(_SEPARATORS.sub(" ", part).strip().casefold())
        if kind is not None:
            return kind
    return None


# --------------------------------------------------------------------------------------------
# Who wrote it

_AUTO_SUBJECT = re.compile(
    r"\s*(?:\[[^\]]*\]\s*)?"
    r"(?:out of (?:the )?office|automatic reply|auto(?:matic)?[- ]?(?:reply|response)"
    r"|automatische antwort"
    r"|autoreply|abwesenheitsnotiz|abwesend|réponse automatique|absence du bureau"
    r"|respuesta automática|fuera de la oficina|risposta automatica|automatisch antwoord"
    r"|afwezigheidsbericht|autosvar|frånvaromeddelande)\b",
    re.IGNORECASE,
)
# Subjects only a person who is away writes (or has their mail program write).
_AWAY_SUBJECT = re.compile(
    r"\s*(?:\[[^\]]*\]\s*)?"
    r"(?:out of (?:the )?office|ooo\b|i am away|i'm away|i am out of|i'm out of"
    r"|away from (?:the )?office|(?:currently )?away until"
    r"|(?:i am |i'm )?on (?:vacation|holiday|holidays|annual leave|parental leave|leave)\b"
    r"|vacation (?:reply|notice|message)|nicht im büro|im urlaub|absence du bureau"
    r"|en congés?\b|en vacances|de vacaciones|fuori ufficio|in ferie\b|niet aanwezig"
    r"|frånvarande)",
    re.IGNORECASE,
)
_NO_REPLY = re.compile(
    r"[^@]*?(?<![a-z0-9])(?:no[-_.]?reply|do[-_.]?not[-_.]?reply)(?![a-z0-9])[^@]*@"
    r"|(?:mailer-daemon|postmaster)(?:[+-][^@]*)?@",
    re.IGNORECASE,
)
_DAEMON = re.compile(r"(?:mailer-daemon|postmaster)(?:[+-][^@]*)?@", re.IGNORECASE)
_BOUNCE_SUBJECT = re.compile(
    r"\s*(?:undeliverable|undelivered mail|delivery status notification(?! \((?:delay|success)\))|"
    r"mail delivery (?:failed|failure|subsystem)|returned mail|failure notice|"
    r"delivery failure|nicht zustellbar|unzustellbar|non remis|non distribuable)",
    re.IGNORECASE,
)
_NOT_AUTOMATED = frozenset({"no"})
_BULK_PRECEDENCE = frozenset({"auto_reply", "bulk", "junk", "list"})
_LIST_PRECEDENCE = frozenset({"bulk", "junk", "list"})


def _sender_key(h: MailHeader) -> str:
    """The sender's address (or opaque key) with an ``@`` appended, for prefix checks."""
    if h.from_ is None or h.from_.address is None:
        return ""
    return h.from_.address.removeprefix(OPAQUE_PREFIX) + ("" if "@" in h.from_.address else "@")


def is_bounce(h: MailHeader) -> bool:
    """True for a delivery-failure report: a delivery-status report, or a daemon's failure notice."""
    return _bounce(h, _sender_key(h))


def _bounce(h: MailHeader, sender: str) -> bool:
    if h.content_type == "multipart/report" and h.report_type == "delivery-status":
        return True
    return bool(h.subject and _DAEMON.match(sender) and _BOUNCE_SUBJECT.match(h.subject))


MailKind = Literal["bounce", "away", "automated", "person"]


def classify(h: MailHeader) -> tuple[MailKind, str | None]:
    """What wrote ``h``, and why it is automatic (None when a person wrote it), in one pass.

    ``bounce``: a delivery failure report. ``away``: an out-of-office reply —
    the subject says so (``Out of office``, ``Automatic reply``,
    ``Abwesenheitsnotiz``, ``Réponse automatique``, ``I am away``, ``on
    vacation`` …, at its start), or it is marked as an automatic reply
    (``Auto-Submitted: auto-replied``, ``X-Autoreply``, ``Precedence:
    auto_reply``), and it comes from a person: not a list, not bulk mail,
    not a no-reply or daemon sender. ``automated``: anything else no person
    answering wrote: ``Auto-Submitted`` other than ``no``, ``X-Autoreply`` /
    ``X-Autorespond``, ``Precedence: auto_reply|bulk|junk|list``,
    out-of-office subjects, mailing-list mail (``List-Id``), no-reply or
    daemon senders. ``person``: none of these.
    """
    sender = _sender_key(h)
    if _bounce(h, sender):
        return "bounce", "delivery failure report"
    subject, precedence = h.subject, h.precedence
    automatic_subject = bool(
        subject and (_AUTO_SUBJECT.match(subject) or _AWAY_SUBJECT.match(subject))
    )
    no_reply = bool(_NO_REPLY.match(sender))
    reason: str | None = None
    if h.auto_submitted is not None and h.auto_submitted not in _NOT_AUTOMATED:
        reason = f"Auto-Submitted: {h.auto_submitted}"
    elif h.autoreply_header:
        reason = "X-Autoreply header"
    elif precedence in _BULK_PRECEDENCE:
        reason = f"Precedence: {precedence}"
    elif automatic_subject:
        reason = "automatic-reply subject"
    elif h.list_id:
        reason = f"mailing list {h.list_id}"
    elif no_reply:
        reason = "no-reply sender"
    if not (h.list_id or precedence in _LIST_PRECEDENCE or no_reply) and (
        automatic_subject
        or h.auto_submitted == "auto-replied"
        or h.autoreply_header
        or precedence == "auto_reply"
    ):
        return "away", reason
    return ("automated" if reason else "person"), reason


def is_automated(h: MailHeader) -> str | None:
    """Why ``h`` was not written by a person answering (a short reason), or None.

    See :func:`classify`; bounces and out-of-office replies are automatic too.
    """
    return classify(h)[1]


def is_out_of_office(h: MailHeader) -> bool:
    """True for an out-of-office reply: a person's mail program answering while they are away.

    See :func:`classify`.
    """
    return classify(h)[0] == "away"


def _skip_reason(header: MailHeader, automated: str | None) -> str:
    """Why a message that is no signal is not a conversation either; empty when it is one.

    ``automated`` is why :func:`classify` found it automatic.
    """
    if automated:
        return f"automated: {automated}"
    if header.from_ is None or not header.from_.address:
        return "sender unknown"
    if len(header.to) + len(header.cc) + len(header.bcc) > MASS_MAIL_RECIPIENTS:
        return f"mass mail (over {MASS_MAIL_RECIPIENTS} recipients)"
    return ""


# --------------------------------------------------------------------------------------------
# The verdict

Verdict = Literal["aside", "bounce", "away", "skip", "conversation"]
"""What the stream does with a message that is not a copy of one already read.

``aside``: skipped, but a copy of it elsewhere may still count (spam,
drafts, chat, trash). ``bounce`` and ``away``: a signal about a person.
``skip``: skipped for good, with its reason (automatic mail, no sender,
mass mail). ``conversation``: a message between people.
"""


def judge(header: MailHeader, kinds: frozenset[LabelKind]) -> tuple[Verdict, str]:
    """The :class:`Verdict` on a message with these label kinds, and the reason to skip it.

    The order matters: spam, drafts and chat are set aside first; then
    bounces and out-of-office replies become signals, even from the trash,
    where people throw them; then trash is set aside; then automatic mail,
    mail without a sender and mass mail are skipped. The reason is empty
    for a signal and a conversation.
    """
    if kinds:
        for label, reason in _SKIP_KINDS.items():
            if label in kinds:
                return "aside", reason
    kind, automated = classify(header)
    if kind == "bounce" or kind == "away":
        return kind, ""
    if "trash" in kinds:
        return "aside", "trash"
    reason = _skip_reason(header, automated)
    return ("skip", reason) if reason else ("conversation", "")


# --------------------------------------------------------------------------------------------
# Return dates of out-of-office replies

_MONTH_NAMES: dict[str, int] = {}
for _number, _names in enumerate(
    (
        "january jan januar jänner janvier enero gennaio januari",
        "february feb februar février fevrier febrero febbraio februari",
        "march mar märz maerz mars marzo maart",
        "april apr avril abril aprile",
        "may mai mayo maggio mei",
        "june jun juni juin junio giugno",
        "july jul juli juillet julio luglio",
        "august aug août aout agosto augustus",
        "september sep sept septembre septiembre setiembre settembre",
        "october oct oktober octobre octubre ottobre okt",
        "november nov novembre noviembre",
        "december dec dezember décembre decembre diciembre dicembre dez",
    ),
    1,
):
    for _name in _names.split():
        _MONTH_NAMES[_name] = _number
_WEEKDAY_NAMES: dict[str, int] = {}
for _number, _names in enumerate(
    (
        "monday mon montag lundi lunes",
        "tuesday tue tues dienstag mardi martes",
        "wednesday wed mittwoch mercredi miércoles miercoles",
        "thursday thu thur thurs donnerstag jeudi jueves",
        "friday fri freitag vendredi viernes",
        "saturday sat samstag samedi sábado sabado",
        "sunday sun sonntag dimanche domingo",
    )
):
    for _name in _names.split():
        _WEEKDAY_NAMES.setdefault(_name, _number)


def _alternation(names: Iterable[str]) -> str:
    return "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))


_MONTH = rf"(?P<month_name>{_alternation(_MONTH_NAMES)})\b\.?"
_WEEKDAY = rf"(?:{_alternation(_WEEKDAY_NAMES)})\b\.?,?"
_TRIGGER = (
    r"(?:until|till|til|thru|through|back(?:\s+in\s+the\s+office)?(?:\s+on)?"
    r"|returning(?:\s+on)?|return(?:ing)?\s+on|bis(?:\s+(?:zum|einschließlich|einschl\.))?"
    r"|zurück\s+am|ab|jusqu'?\s?au|jusqu’au|(?:de\s+)?retour\s+le|hasta(?:\s+el)?"
    r"|fino\s+al|tot\s+en\s+met|t/m|tot)"
)
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th|er|\.)?"
_YEAR = r"(?:,?\s+(?P<year>\d{4}))?"
_RETURN = re.compile(
    rf"\b{_TRIGGER}\s+(?:the\s+)?(?:(?P<weekday>{_WEEKDAY})\s*)?(?:the\s+|den\s+|le\s+)?"
    r"(?:"
    r"(?P<iso_y>\d{4})-(?P<iso_m>\d{1,2})-(?P<iso_d>\d{1,2})"
    r"|(?P<a>\d{1,2})(?P<sep>[./])(?P<b>\d{1,2})(?:(?P=sep)(?P<c>\d{4}|\d{2}))?(?!\d)"
    rf"|{_DAY}\s*(?:of\s+|de\s+)?{_MONTH}{_YEAR}"
    rf"|(?P<month_name2>{_alternation(_MONTH_NAMES)})\b\.?\s+(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?"
    r"(?:,?\s+(?P<year2>\d{4}))?"
    r"|(?P<tomorrow>tomorrow|morgen|demain|mañana|domani)"
    r")?",
    re.IGNORECASE,
)
_LONGEST_AWAY = timedelta(days=400)


def return_date(subject: str, sent: datetime) -> date | None:
    """The return date an out-of-office subject states, read relative to when it was sent.

    ``Out of office until 3 March``, ``back on 2026-03-14``, ``OOO until
    Mon 3/14`` (US order with a slash, day first with a dot), ``Abwesend
    bis 14.03.``, ``until Monday`` (the next Monday after ``sent``). A date
    without a year is the first one on or after the day it was sent; a
    date that would lie before that day, or more than 400 days after it,
    is not trusted and gives None, as does a subject naming no date.
    """
    day0 = sent.astimezone(UTC).date()
    for match in _RETURN.finditer(subject):
        found = _date_of(match, day0)
        if found is not None:
            return found
    return None


def _date_of(match: re.Match[str], day0: date) -> date | None:
    """The date one :data:`_RETURN` match names, or None."""
    group = match.group
    if group("iso_y"):
        return _checked(int(group("iso_y")), int(group("iso_m")), int(group("iso_d")), day0)
    if group("a"):
        a, b = int(group("a")), int(group("b"))
        month, day = (a, b) if group("sep") == "/" else (b, a)
        if month > 12:
            month, day = day, month
        year = group("c")
        return _checked(_full_year(year) if year else None, month, day, day0)
    if group("month_name"):
        year = group("year")
        month = _MONTH_NAMES[group("month_name").lower()]
        return _checked(int(year) if year else None, month, int(group("day")), day0)
    if group("month_name2"):
        year = group("year2")
        month = _MONTH_NAMES[group("month_name2").lower()]
        return _checked(int(year) if year else None, month, int(group("day2")), day0)
    if group("tomorrow"):
        return day0 + timedelta(days=1)
    if group("weekday"):
        name = group("weekday").rstrip(".,").lower()
        ahead = (_WEEKDAY_NAMES[name] - day0.weekday() - 1) % 7 + 1
        return day0 + timedelta(days=ahead)
    return None


def _full_year(text: str) -> int:
    return int(text) + 2000 if len(text) == 2 else int(text)


def _checked(year: int | None, month: int, day: int, day0: date) -> date | None:
    """The date, with the year filled in when missing; None when impossible or implausible."""
    for candidate_year in (year,) if year else (day0.year, day0.year + 1):
        try:
            found = date(candidate_year, month, day)
        except ValueError:
            return None
        if found >= day0:
            return found if found - day0 <= _LONGEST_AWAY else None
    return None


__all__ = [
    "MASS_MAIL_RECIPIENTS",
    "LabelKind",
    "MailKind",
    "Verdict",
    "classify",
    "is_automated",
    "is_bounce",
    "is_out_of_office",
    "judge",
    "label_kind",
    "label_kinds",
    "return_date",
]
