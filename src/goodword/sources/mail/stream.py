"""The mail pipeline every mail format shares: raw messages in, records out, one at a time.

An mbox, a Maildir and a folder of one-message files differ only in how
they cut messages apart and where labels come from. Each reader turns its
input into :class:`MailItem` values (a :class:`~goodword.sources.mail.framing.RawMessage`,
its origin and the labels its folder gives it), or into a ready
:class:`Skip` / :class:`Problem` for a file that is not a message, and
:class:`MailStream` turns them into records lazily: a record leaves as soon
as its message is read, so memory stays flat on a multi-GB input.

What the stream keeps while it runs is compact: one table from a digest of
each message's dedup key (``mid:<Message-ID>``, or a hash of what copies
share) to its thread key, the latest date, and a count of the senders of
Sent messages. At the end it emits the owner's addresses as
:class:`OwnerIdentity` records (senders of at least a fifth of the Sent
messages, at most three); the loader merges a person who turns out to be
the owner.

Copies of one message (Takeout labels, the same mail in two folders) give
one record, the first copy's. A copy is known by its Message-ID, and also
by its copy key (sender, date, recipients, subject and opening text): an
old corporate mail corpus gives each folder's copy an id of its own, and
without the copy key one message in its sent, all-documents and
discussion-threads folders counted as three. Only the owner-address count sees every copy:
a message counts as Sent once when *any* copy is in a Sent folder or label,
but the record already emitted for an earlier copy keeps that copy's labels.

Automatic mail is accounted for, not lost: out-of-office replies become
:class:`Availability` ``away`` records (with the return date the subject
states), delivery failures that name the failed address in their headers
become ``bounced`` records, and everything else automatic (no-reply
senders, notifications, lists, bulk) is a :class:`Skip` with its reason.
A copy already seen is a duplicate; every other message gets the verdict
of :func:`goodword.sources.mail.classify.judge`, which holds the rules and
their order. A message set aside (spam, drafts, chat, trash) is not
claimed, so a copy kept in another folder still counts.
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from hashlib import blake2b
from typing import NamedTuple

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
from goodword.sources.mail.classify import judge, label_kinds, return_date
from goodword.sources.mail.framing import RawMessage
from goodword.sources.mail.headers import Address, MailHeader, MailProblem, parse_headers

MAX_KEY = 100
"""Longest natural key a record carries (the store's column width)."""

DUPLICATE = "duplicate of an earlier message (same Message-ID)"
COPY = "copy of an earlier message under another Message-ID (same sender, date, people and text)"
_SENT, _CLAIMED, _FLAGS, _FLAG_BITS = 1, 2, 3, 2
_GM_LIMIT = 1 << 61  # Gmail thread ids (about 1.7e18 today) fit the state table as numbers
BOUNCE_UNKNOWN = "bounce: failed address not in headers"


def normal_subject(subject: str) -> str:
    """``Re: Fwd: Budget`` → ``budget``: the subject a thread shares (:func:`subject_key`)."""
    return subject_key(subject)


def compact_key(text: str) -> int:
    """A 127-bit digest of ``text`` as a non-zero int: what the stream keeps of a key.

    blake2b of the text (its lowest bit set, so no key is 0). Two different
    keys share one with odds of about n²/2¹²⁸, under one in 10²⁶ for a
    million messages, so a message is never dropped as a copy of another
    by chance. Python's own ``hash()`` would be cheaper but gives 64 bits,
    keyed per process: a collision there dropped a message silently.
    """
    hashed = blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
    return int.from_bytes(hashed) | 1


_LOW = (1 << 64) - 1


class CompactTable:
    """A hash map from non-zero 128-bit ints to 64-bit ints, in three flat arrays.

    24 bytes a slot (a Python dict of such ints costs about 8 times that),
    open addressing with linear probing, grown at 60 % load. Each key is
    kept whole, as its low and high 64 bits, so two keys never share a slot
    however they hash. Missing keys read as 0. Made for the stream's
    per-message state on million-message inputs.
    """

    __slots__ = ("_highs", "_lows", "_mask", "_used", "_values")

    def __init__(self, capacity: int = 1 << 12) -> None:
        size = 1 << max(capacity - 1, 1).bit_length()
        self._lows = array("Q", bytes(8 * size))
        self._highs = array("Q", bytes(8 * size))
        self._values = array("q", bytes(8 * size))
        self._mask = size - 1
        self._used = 0

    def __len__(self) -> int:
        return self._used

    def _slot(self, low: int, high: int) -> int:
        """The slot that holds the key (``low``, ``high``), or the empty one where it would go."""
        lows, highs, mask = self._lows, self._highs, self._mask
        slot = low & mask
        while True:
            found = lows[slot]
            if found == 0 or (found == low and highs[slot] == high):
                return slot
            slot = (slot + 1) & mask

    def get(self, key: int) -> int:
        """The value stored for ``key``; 0 when there is none."""
        return self._values[self._slot(key & _LOW, key >> 64)]

    def set(self, key: int, value: int) -> None:
        """Store ``value`` for ``key`` (a non-zero int below 2¹²⁸ whose low 64 bits are not 0)."""
        low, high = key & _LOW, key >> 64
        slot = self._slot(low, high)
        if self._lows[slot] == 0:
            self._lows[slot] = low
            self._highs[slot] = high
            self._used += 1
            if self._used * 5 > (self._mask + 1) * 3:
                self._values[slot] = value
                self._grow()
                return
        self._values[slot] = value

    def _grow(self) -> None:
        lows, highs, values = self._lows, self._highs, self._values
        size = (self._mask + 1) * 2
        self._lows = array("Q", bytes(8 * size))
        self._highs = array("Q", bytes(8 * size))
        self._values = array("q", bytes(8 * size))
        self._mask = size - 1
        for low, high, value in zip(lows, highs, values, strict=True):
            if low:
                slot = self._slot(low, high)
                self._lows[slot] = low
                self._highs[slot] = high
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
    two (see :mod:`goodword.sources.mail.background`).
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
        kinds = label_kinds(labels)
        if header.date is not None and (self.latest is None or header.date > self.latest):
            self.latest = header.date
        key = compact_key(header.dedup_key)
        state = table.get(key)
        # The copy key's slot mirrors the message's own: a copy under another Message-ID
        # (each folder's, in an old corporate corpus) finds the first copy's state there.
        twin = compact_key(f"copy:{header.copy_key}") if header.copy_key else 0
        copied = False
        if twin and not state & _CLAIMED:
            first = table.get(twin)
            state |= first & _SENT
            if first & _CLAIMED:
                state, copied = first | state & _SENT, True
        sent = "sent" in kinds and not state & _SENT
        if sent:
            state |= _SENT
            sender = header.from_.address if header.from_ else None
            if sender and "@" in sender:
                self._senders[sender] += 1
        if state & _CLAIMED:
            self._keep(key, twin, state)
            reason = COPY if copied else DUPLICATE
            report.skip(reason)
            yield Skip(reason, origin)
            return
        verdict, reason = judge(header, kinds)
        if verdict == "aside":
            # The key is not claimed: a copy kept in another folder still counts.
            if sent:
                self._keep(key, twin, state)
            report.skip(reason)
            yield Skip(reason, origin)
            return
        if verdict == "bounce":
            self._keep(key, twin, state | _CLAIMED)
            yield from self._bounce(header, item)
            return
        if verdict == "away":
            self._keep(key, twin, state | _CLAIMED)
            yield from self._away(header, item)
            return
        if verdict == "skip":
            self._keep(key, twin, state | _CLAIMED)
            report.skip(reason)
            yield Skip(reason, origin)
            return
        if header.date is None:
            self._keep(key, twin, state | _CLAIMED)
            yield self._no_date(header, item)
            return
        assert header.from_ is not None
        to = [_ref(a) for a in header.to if a.address]
        copied_to = [_ref(a) for a in header.cc if a.address]
        recipients = (*to, *copied_to)
        thread = self._thread_key(header, recipients, state >> _FLAG_BITS)
        if header.message_id:
            state = (self._thread_code(thread) << _FLAG_BITS) | _CLAIMED | state & _SENT
        else:
            state |= _CLAIMED
        self._keep(key, twin, state)
        report.records += 1
        if header.warnings:
            report.warnings += 1
        yield Message(
            key=f"mail:{header.dedup_key}"[:MAX_KEY],
            thread_key=thread,
            occurred_at=header.date,
            sender=_ref(header.from_),
            recipients=recipients,
            roles=("to",) * len(to) + ("cc",) * len(copied_to),
            subject=header.subject or "",
            folder=",".join(labels)[:100],
            channel="email",
            origin=origin,
        )

    def _keep(self, key: int, twin: int, state: int) -> None:
        """``state`` in the message's slot, and in its copy key's (``twin``) when it has one."""
        self._state.set(key, state)
        if twin:
            self._state.set(twin, state)

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
        keys = []  # each parent's key, worked out once
        for parent in parents:
            key = compact_key(f"mid:{parent}")
            code = self._state.get(key) >> _FLAG_BITS
            if code:
                return self._thread_name(code)
            keys.append(key)
        if parents:
            thread = f"mid:{header.references[0] if header.references else parents[0]}"[:200]
            code = self._thread_code(thread)
            for key in keys:
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


__all__ = [
    "BOUNCE_UNKNOWN",
    "COPY",
    "DUPLICATE",
    "MAX_KEY",
    "CompactTable",
    "Item",
    "MailItem",
    "MailStream",
    "Read",
    "ReadMessage",
    "compact_key",
    "natural_key",
    "normal_subject",
    "read",
]
