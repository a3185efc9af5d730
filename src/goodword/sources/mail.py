"""The mail pipeline every mail format shares: raw messages in, records out, one at a time.

An mbox, a Maildir and a folder of one-message files differ only in how
they cut messages apart and where labels come from. Each reader turns its
input into :class:`MailItem` values (a :class:`~goodword.sources.mailparse.RawMessage`,
its origin and the labels its folder gives it), or into a ready
:class:`Skip` / :class:`Problem` for a file that is not a message, and
:class:`MailStream` turns them into records lazily: a record leaves as soon
as its message is read, so memory stays flat on a multi-GB input.

What the stream keeps while it runs is compact: one dict from an 8-byte
blake2b digest of each message's dedup key (``mid:<Message-ID>``, or a hash
of what copies share) to its thread key, the latest date, and a count of
the senders of Sent messages. At the end it emits the owner's addresses as
:class:`OwnerIdentity` records (senders of at least a fifth of the Sent
messages, at most three); the loader merges a person who turns out to be
the owner.

Copies of one message (Takeout labels, the same mail in two folders) give
one record, the first copy's. Only the owner-address count sees every copy:
a message counts as Sent once when *any* copy is in a Sent folder or label,
but the record already emitted for an earlier copy keeps that copy's labels.

Automatic mail is accounted for, not lost: out-of-office replies become
:class:`Availability` ``away`` records (with the return date the subject
states, see :func:`return_date`), delivery failures that name the failed
address in their headers become ``bounced`` records, and everything else
automatic (no-reply senders, notifications, lists, bulk) is a :class:`Skip`
with its reason. The order: a copy already seen is a duplicate; spam,
drafts and chat are skipped (without claiming the message, so a copy kept
in another folder still counts); then bounces and out-of-office replies
become signals, even from the trash, where people throw them; then trash
and other automatic mail are skipped.
"""

from __future__ import annotations

import re
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import Literal, NamedTuple

from goodword.identity.normalise import subject_key
from goodword.records import (
    Availability,
    FileReport,
    Message,
    Origin,
    OwnerIdentity,
    PersonRef,
    Problem,
    Record,
    Skip,
    digest,
)
from goodword.sources.mailparse import (
    Address,
    MailHeader,
    MailProblem,
    RawMessage,
    classify,
    parse_headers,
)

MASS_MAIL_RECIPIENTS = 20
"""Mail to more people than this is mass mail, not a conversation."""

MAX_KEY = 100
"""Longest natural key a record carries (the store's column width)."""

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
DUPLICATE = "duplicate of an earlier message (same Message-ID)"
_SENT, _CLAIMED, _FLAGS, _FLAG_BITS = 1, 2, 3, 2
_GM_LIMIT = 1 << 61  # Gmail thread ids (about 1.7e18 today) fit the state table as numbers
BOUNCE_UNKNOWN = "bounce: failed address not in headers"


@lru_cache(maxsize=4096)  # a mailbox has few distinct label sets, each on many messages
def _kinds(labels: tuple[str, ...]) -> frozenset[LabelKind]:
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


def normal_subject(subject: str) -> str:
    """``Re: Fwd: Budget`` → ``budget``: the subject a thread shares (:func:`subject_key`)."""
    return subject_key(subject)


def compact_key(text: str) -> int:
    """A 64-bit hash of ``text`` as a non-zero int: what the stream keeps of a key.

    Python's own string hash (SipHash, with a key drawn per process): the
    table lives only as long as one import in one process, so a stable
    digest buys nothing, and this one costs a tenth of blake2b. Two
    different Message-IDs share one with odds of about n²/2⁶⁵, under one in
    a hundred million for a million messages.
    """
    return hash(text) or 1


class CompactTable:
    """A hash map from non-zero 64-bit ints to 64-bit ints, in two flat arrays.

    16 bytes a slot (a Python dict of ints costs about 10 times that), open
    addressing with linear probing, grown at 60 % load. Missing keys read
    as 0. Made for the stream's per-message state on million-message inputs.
    """

    __slots__ = ("_keys", "_mask", "_used", "_values")

    def __init__(self, capacity: int = 1 << 12) -> None:
        size = 1 << max(capacity - 1, 1).bit_length()
        self._keys = array("q", bytes(8 * size))
        self._values = array("q", bytes(8 * size))
        self._mask = size - 1
        self._used = 0

    def __len__(self) -> int:
        return self._used

    def _slot(self, key: int) -> int:
        keys, mask = self._keys, self._mask
        slot = key & mask
        while True:
            found = keys[slot]
            if found == key or found == 0:
                return slot
            slot = (slot + 1) & mask

    def get(self, key: int) -> int:
        """The value stored for ``key``; 0 when there is none."""
        return self._values[self._slot(key)]

    def set(self, key: int, value: int) -> None:
        """Store ``value`` for ``key`` (a non-zero int)."""
        slot = self._slot(key)
        if self._keys[slot] == 0:
            self._keys[slot] = key
            self._used += 1
            if self._used * 5 > (self._mask + 1) * 3:
                self._values[slot] = value
                self._grow()
                return
        self._values[slot] = value

    def _grow(self) -> None:
        keys, values = self._keys, self._values
        size = (self._mask + 1) * 2
        self._keys = array("q", bytes(8 * size))
        self._values = array("q", bytes(8 * size))
        self._mask = size - 1
        for key, value in zip(keys, values, strict=True):
            if key:
                slot = self._slot(key)
                self._keys[slot] = key
                self._values[slot] = value


def natural_key(prefix: str, dedup_key: str) -> str:
    """``prefix`` + ``dedup_key``, or + a digest of it when that would pass :data:`MAX_KEY`."""
    key = prefix + dedup_key
    return key if len(key) <= MAX_KEY else f"{prefix}h:{digest(dedup_key)}"


@dataclass(frozen=True, slots=True)
class MailItem:
    """One message to read: its raw bytes, where it is, and the labels its folder gives it.

    ``labels`` are added to the message's own (Gmail's X-Gmail-Labels).
    ``place`` is how a problem names where the message is; empty for an
    mbox, whose problems name the byte offset themselves.
    """

    raw: RawMessage
    origin: Origin
    labels: tuple[str, ...] = ()
    place: str = ""


Item = MailItem | Skip | Problem
"""What a mail reader yields: a message, or a file already judged not to be one."""


class ReadMessage(NamedTuple):
    """A message whose headers were read: what the stream needs of it, without its bytes.

    ``header`` is still the :class:`RawMessage` when :func:`read` left the
    message for the stream to read.
    """

    header: MailHeader | MailProblem | RawMessage
    origin: Origin
    labels: tuple[str, ...] = ()
    place: str = ""


Read = ReadMessage | Skip | Problem
"""What the stream takes: a read message, or an item that is not one."""


def read(items: Iterable[Item], now: datetime, leave: int = 0) -> Iterator[Read]:
    """Read each message's headers (``now`` bounds plausible dates).

    Each item is read on its own, knowing nothing of the others, so this
    stage can run in another process than :meth:`MailStream.records`. With
    ``leave`` = n, every n-th message is passed on unread, for the stream to
    read: a second process can so hand part of its work back to balance the
    two (see ``sources.background``).
    """
    count = 0
    for item in items:
        if isinstance(item, MailItem):
            count += 1
            if leave and count % leave == 0:
                yield ReadMessage(item.raw, item.origin, item.labels, item.place)
            else:
                yield ReadMessage(
                    parse_headers(item.raw, now=now), item.origin, item.labels, item.place
                )
        else:
            yield item


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


# --------------------------------------------------------------------------------------------
# The stream


@lru_cache(maxsize=8192)
def _ref(address: Address) -> PersonRef:
    # One object per correspondent: pickling a batch for another process then writes each
    # person once, and building it costs nothing the second time.
    return PersonRef(name=address.name or "", email=address.address)


class MailStream:
    """Turns mail items into records, one message at a time, for one input.

    ``report`` is updated as items pass: it is complete once
    :meth:`records` is exhausted, and so are :attr:`latest` (the newest
    message date) and the owner's addresses, which :meth:`records` emits
    last. ``name`` names the input in the owner identities' origin.
    """

    def __init__(self, name: str, report: FileReport, *, now: datetime | None = None) -> None:
        self.name = name
        self.report = report
        self.now = now or datetime.now(UTC)
        self.latest: datetime | None = None
        # One slot per message (by the digest of its dedup key): bit 0 says it counted as
        # Sent, bit 1 that a copy was claimed, the rest its thread (see _thread_code). A
        # reply read before its parent promises its thread in the parent's slot, so the
        # parent joins its replies' thread whatever the reading order.
        self._state = CompactTable()
        self._thread_names: list[str] = []  # threads that are not Gmail's numbered ones
        self._senders: Counter[str] = Counter()

    def records(self, items: Iterable[Read]) -> Iterator[Record]:
        """Every item's record(s), in input order, then the owner's addresses.

        ``items`` come from :func:`read`.
        """
        report = self.report
        for item in items:
            report.rows += 1
            if isinstance(item, Skip):
                report.skip(item.reason)
                yield item
                continue
            if isinstance(item, Problem):
                report.problems += 1
                yield item
                continue
            header = item.header
            if isinstance(header, RawMessage):
                header = parse_headers(header, now=self.now)
            if isinstance(header, MailProblem):
                report.problems += 1
                message = (
                    f"{item.place}: {header.reason}; the file is skipped — open it to inspect it"
                    if item.place
                    else header.message
                )
                yield Problem(message, item.origin, code="unparseable-headers")
                continue
            yield from self._message(header, item)
        yield from self._owner_identities()

    def _message(self, header: MailHeader, item: ReadMessage) -> Iterator[Record]:
        """The record(s) of one parsed message (counted in the report)."""
        report, origin, table = self.report, item.origin, self._state
        labels = header.labels + item.labels if item.labels else header.labels
        kinds = _kinds(labels)
        if header.date is not None and (self.latest is None or header.date > self.latest):
            self.latest = header.date
        key = compact_key(header.dedup_key)
        state = table.get(key)
        sent = "sent" in kinds and not state & _SENT
        if sent:
            state |= _SENT
            sender = header.from_.address if header.from_ else None
            if sender and "@" in sender:
                self._senders[sender] += 1
        if state & _CLAIMED:
            if sent:
                table.set(key, state)
            report.skip(DUPLICATE)
            yield Skip(DUPLICATE, origin)
            return
        if kinds:
            for label, reason in _SKIP_KINDS.items():
                if label in kinds:
                    # The key is not claimed: a copy kept in another folder still counts.
                    if sent:
                        table.set(key, state)
                    report.skip(reason)
                    yield Skip(reason, origin)
                    return
        kind, automated = classify(header)
        if kind == "bounce":
            table.set(key, state | _CLAIMED)
            yield from self._bounce(header, item)
            return
        if kind == "away":
            table.set(key, state | _CLAIMED)
            yield from self._away(header, item)
            return
        if "trash" in kinds:
            if sent:
                table.set(key, state)
            report.skip("trash")
            yield Skip("trash", origin)
            return
        reason = _skip_reason(header, automated)
        if reason:
            table.set(key, state | _CLAIMED)
            report.skip(reason)
            yield Skip(reason, origin)
            return
        if header.date is None:
            table.set(key, state | _CLAIMED)
            yield self._no_date(header, item)
            return
        assert header.from_ is not None
        recipients = tuple(_ref(a) for a in (*header.to, *header.cc) if a.address)
        thread = self._thread_key(header, recipients, state >> _FLAG_BITS)
        if header.message_id:
            table.set(key, (self._thread_code(thread) << _FLAG_BITS) | _CLAIMED | state & _SENT)
        else:
            table.set(key, state | _CLAIMED)
        report.records += 1
        if header.warnings:
            report.warnings += 1
        yield Message(
            key=f"mail:{header.dedup_key}"[:MAX_KEY],
            thread_key=thread,
            occurred_at=header.date,
            sender=_ref(header.from_),
            recipients=recipients,
            subject=header.subject or "",
            folder=",".join(labels)[:100],
            channel="email",
            origin=origin,
        )

    def _no_date(self, header: MailHeader, item: ReadMessage) -> Problem:
        """The problem of a message that has no usable date (counted in the report)."""
        self.report.problems += 1
        where = "" if item.place else f" (offset {header.offset})"
        return Problem(
            f"no usable date{where}: {'; '.join(header.warnings)}", item.origin, code="bad-date"
        )

    def _bounce(self, header: MailHeader, item: ReadMessage) -> Iterator[Record]:
        """A delivery failure: a ``bounced`` signal per failed address, or a Skip."""
        origin = item.origin
        if not header.failed_recipients:
            self.report.skip(BOUNCE_UNKNOWN)
            yield Skip(BOUNCE_UNKNOWN, origin)
            return
        if header.date is None:
            yield self._no_date(header, item)
            return
        self.report.records += 1
        first = natural_key("bounce:", header.dedup_key)
        for n, address in enumerate(header.failed_recipients):
            yield Availability(
                key=first if n == 0 else natural_key("bounce:", f"{header.dedup_key}#{address}"),
                kind="bounced",
                person=PersonRef(name="", email=address),
                at=header.date,
                origin=origin,
                address=address,
                detail=header.subject or "",
            )

    def _away(self, header: MailHeader, item: ReadMessage) -> Iterator[Record]:
        """An out-of-office reply: an ``away`` signal for its sender."""
        origin = item.origin
        if header.from_ is None or not header.from_.address:
            reason = "out-of-office reply: sender unknown"
            self.report.skip(reason)
            yield Skip(reason, origin)
            return
        if header.date is None:
            yield self._no_date(header, item)
            return
        self.report.records += 1
        yield Availability(
            key=natural_key("away:", header.dedup_key),
            kind="away",
            person=_ref(header.from_),
            at=header.date,
            origin=origin,
            until=return_date(header.subject or "", header.date),
            detail=header.subject or "",
        )

    def _thread_code(self, thread: str) -> int:
        """``thread`` as a number for the state table: Gmail's id, or an index into the names."""
        if thread.startswith("gm:") and thread[3:].isdigit() and 0 < int(thread[3:]) < _GM_LIMIT:
            return int(thread[3:])
        names = self._thread_names
        if not names or names[-1] is not thread:  # a thread's messages share one string
            names.append(thread)
        return -len(names)

    def _thread_name(self, code: int) -> str:
        """The thread a state-table number stands for; empty for 0."""
        if code > 0:
            return f"gm:{code}"
        return self._thread_names[-code - 1] if code else ""

    def _thread_key(
        self, header: MailHeader, recipients: tuple[PersonRef, ...], promised: int
    ) -> str:
        """Gmail's thread id; else the parent's thread (loops ignored); else subject + people.

        A reply whose parent was not read yet takes ``mid:<thread root>`` and
        promises it to its parents (``promised`` is what a message finds in
        its own slot), so a parent read later joins the thread.
        """
        if header.thread_id:
            return f"gm:{header.thread_id}"
        parents = [
            *([header.in_reply_to] if header.in_reply_to else []),
            *reversed(header.references),
        ]
        for parent in parents:
            code = self._state.get(compact_key(f"mid:{parent}")) >> _FLAG_BITS
            if code:
                return self._thread_name(code)
        if parents:
            thread = f"mid:{header.references[0] if header.references else parents[0]}"[:200]
            code = self._thread_code(thread)
            for parent in parents:
                key = compact_key(f"mid:{parent}")
                state = self._state.get(key)
                if not state >> _FLAG_BITS:
                    self._state.set(key, (code << _FLAG_BITS) | (state & _FLAGS))
            return thread
        if promised:
            return self._thread_name(promised)
        sender = header.from_.address if header.from_ and header.from_.address else ""
        people = sorted({p.email or "" for p in recipients} | {sender})
        return f"subj:{digest(normal_subject(header.subject or ''), *people)}"

    def owner_addresses(self) -> list[tuple[str, int]]:
        """The owner's addresses so far: senders of at least a fifth of the Sent messages, top 3."""
        total = sum(self._senders.values())
        return [(a, n) for a, n in self._senders.most_common(3) if n * 5 >= total]

    def _owner_identities(self) -> Iterator[OwnerIdentity]:
        for address, count in self.owner_addresses():
            yield OwnerIdentity(
                "email",
                address,
                # Not a row of the input: proposed from all of it, so counted apart.
                Origin(f"{self.name} (your addresses, from Sent)"),
                evidence=f"the sender of {count} of the messages labelled Sent",
            )


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


__all__ = [
    "BOUNCE_UNKNOWN",
    "DUPLICATE",
    "MASS_MAIL_RECIPIENTS",
    "CompactTable",
    "Item",
    "LabelKind",
    "MailItem",
    "MailStream",
    "Read",
    "ReadMessage",
    "compact_key",
    "label_kind",
    "natural_key",
    "normal_subject",
    "read",
    "return_date",
]
