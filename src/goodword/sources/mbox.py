"""mbox archives (Google Takeout's "All mail", Thunderbird, mailing-list archives) as evidence.

Only header facts become records: who wrote to whom, when, in which thread,
the subject and the labels; bodies are never kept. Every message ends as a
record, a :class:`Skip` (automatic replies, bounces, mass mail, spam,
duplicates) or a :class:`Problem` with its byte offset.

Threads: Gmail's X-GM-THRID when present; else the thread of the message it
replies to (In-Reply-To / References, loops ignored); else the normalised
subject between the same people. The owner's addresses are proposed from
the dominant sender of messages labelled Sent.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from pathlib import Path

from goodword.errors import BrokenFile
from goodword.records import (
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
from goodword.sources.base import Parsed
from goodword.sources.mailparse import (
    Address,
    MailHeader,
    MailProblem,
    is_automated,
    is_bounce,
    is_from_line,
    iter_mbox,
    parse_headers,
)

MASS_MAIL_RECIPIENTS = 20
SKIPPED_LABELS = {"spam": "spam", "trash": "trash", "drafts": "draft: never sent", "chat": "chat"}
SENT_LABELS = {"sent", "sent mail", "sent items", "gesendet", "envoyés", "enviados"}
_SUBJECT_PREFIX = re.compile(
    r"^\s*((re|fwd?|aw|wg|sv|vs|tr|rv)\s*(\[\d+\])?\s*:\s*)+", re.IGNORECASE
)


def normal_subject(subject: str) -> str:
    """``Re: Fwd: Budget`` → ``budget``: the subject a thread shares."""
    return re.sub(r"\s+", " ", _SUBJECT_PREFIX.sub("", subject)).strip().casefold()


def _ref(address: Address) -> PersonRef:
    return PersonRef(name=address.name or "", email=address.address)


class MboxImporter:
    """Reads one mbox file (streamed; bodies are read past, never kept)."""

    kind = "mbox"

    def score(self, path: Path) -> float:
        """1.0 for a ``.mbox`` file or any file that opens with a From_ separator."""
        if not path.is_file():
            return 0.0
        if path.suffix.lower() == ".mbox":
            return 1.0
        try:
            with path.open("rb") as handle:
                first = handle.readline(4096)
        except OSError:
            return 0.0
        return 0.95 if is_from_line(first) else 0.0

    def parse(self, path: Path) -> Parsed:
        """Read every message's headers and turn them into records."""
        report = FileReport(path.name, "mbox")
        records: list[Record] = []
        headers: list[MailHeader] = []
        fingerprint = hashlib.sha256()
        try:
            for raw in iter_mbox(path):
                report.rows += 1
                fingerprint.update(raw.header_bytes)
                parsed = parse_headers(raw)
                origin = Origin(path.name, raw.index + 1)
                if isinstance(parsed, MailProblem):
                    report.problems += 1
                    records.append(Problem(parsed.message, origin, code="unparseable-headers"))
                    continue
                headers.append(parsed)
        except OSError as exc:
            raise BrokenFile(f"{path}: cannot be read ({exc.strerror})") from exc
        owner = _sent_addresses(headers)
        records[:0] = [
            OwnerIdentity(
                "email",
                address,
                # Not a row of the file: proposed from all of it, so counted apart.
                Origin(f"{path.name} (your addresses, from Sent)"),
                evidence=f"the sender of {count} of the messages labelled Sent",
            )
            for address, count in owner
        ]
        records.extend(_messages(headers, path.name, report))
        latest = max((h.date for h in headers if h.date), default=None)
        return Parsed(
            kind=self.kind,
            path=path,
            fingerprint=fingerprint.hexdigest(),
            export_date=latest.date() if latest else None,
            files=[report],
            records=records,
        )


def _labels(header: MailHeader) -> set[str]:
    return {label.casefold() for label in header.labels}


def _sent_addresses(headers: list[MailHeader]) -> list[tuple[str, int]]:
    """The owner's addresses: senders of at least a fifth of the messages labelled Sent."""
    senders = Counter(
        h.from_.address
        for h in headers
        if h.from_ and h.from_.address and "@" in h.from_.address and _labels(h) & SENT_LABELS
    )
    total = sum(senders.values())
    return [(address, n) for address, n in senders.most_common(3) if n * 5 >= total]


def _skip_reason(header: MailHeader) -> str:
    labels = _labels(header)
    for label, reason in SKIPPED_LABELS.items():
        if label in labels:
            return reason
    if is_bounce(header):
        return "bounce (delivery failure)"
    automated = is_automated(header)
    if automated:
        return f"automated: {automated}"
    if header.from_ is None or not header.from_.address:
        return "sender unknown"
    if len(header.to) + len(header.cc) + len(header.bcc) > MASS_MAIL_RECIPIENTS:
        return f"mass mail (over {MASS_MAIL_RECIPIENTS} recipients)"
    return ""


def _messages(headers: list[MailHeader], name: str, report: FileReport) -> list[Record]:
    found: list[Record] = []
    seen: set[str] = set()
    thread_of: dict[str, str] = {}
    for header in headers:
        origin = Origin(name, header.index + 1)
        if header.dedup_key in seen:
            reason = "duplicate of an earlier message (same Message-ID)"
            report.skip(reason)
            found.append(Skip(reason, origin))
            continue
        seen.add(header.dedup_key)
        reason = _skip_reason(header)
        if reason:
            report.skip(reason)
            found.append(Skip(reason, origin))
            continue
        if header.date is None:
            report.problems += 1
            found.append(
                Problem(
                    f"no usable date (offset {header.offset}): {'; '.join(header.warnings)}",
                    origin,
                    code="bad-date",
                )
            )
            continue
        assert header.from_ is not None
        recipients = tuple(_ref(a) for a in (*header.to, *header.cc) if a.address)
        thread = _thread_key(header, thread_of, recipients)
        if header.message_id:
            thread_of[header.message_id] = thread
        report.records += 1
        if header.warnings:
            report.warnings += 1
        found.append(
            Message(
                key=f"mail:{header.dedup_key}"[:100],
                thread_key=thread,
                occurred_at=header.date,
                sender=_ref(header.from_),
                recipients=recipients,
                subject=header.subject or "",
                folder=",".join(header.labels)[:100],
                channel="email",
                origin=origin,
            )
        )
    return found


def _thread_key(
    header: MailHeader, thread_of: dict[str, str], recipients: tuple[PersonRef, ...]
) -> str:
    if header.thread_id:
        return f"gm:{header.thread_id}"
    parents = [*([header.in_reply_to] if header.in_reply_to else []), *reversed(header.references)]
    for parent in parents:
        if parent in thread_of:
            return thread_of[parent]
    if header.references:
        return f"mid:{header.references[0]}"[:200]
    if header.in_reply_to:
        return f"mid:{header.in_reply_to}"[:200]
    sender = header.from_.address if header.from_ and header.from_.address else ""
    people = sorted({p.email or "" for p in recipients} | {sender})
    return f"subj:{digest(normal_subject(header.subject or ''), *people)}"
