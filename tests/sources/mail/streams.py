"""Takeout-shaped mboxes written at test time, and reading them through the mail stream."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TypeVar

from goodword import records as rec
from goodword.sources.base import Parsed

MBOX = Path(__file__).resolve().parents[2] / "fixtures" / "mbox"
OWNER = "Sam Owner <sam.owner@example.com>"


def consume(parsed: Parsed) -> list[rec.Record]:
    """Every record, checking the report accounts for every row once the stream is exhausted."""
    records = list(parsed.records)
    [report] = parsed.files
    assert report.rows == report.records + sum(report.skipped.values()) + report.problems
    rows = {r.origin for r in records if not isinstance(r, rec.OwnerIdentity)}
    assert len(rows) == report.rows  # one origin per row, none lost
    return records


T = TypeVar("T")


def of(records: Iterable[rec.Record], kind: type[T]) -> list[T]:
    return [r for r in records if isinstance(r, kind)]


def mail(
    n: int,
    sender: str,
    to: str,
    subject: str,
    *,
    labels: str = "Inbox",
    when: str = "Mon, 03 Mar 2025 09:00:00 +0000",
    extra: str = "",
    mid: str | None = None,
    body: str = "Hello.\n",
) -> str:
    """One Takeout-shaped message."""
    header = [
        f"From 17238533049402841{n:02d}@xxx Mon Mar 03 09:00:00 +0000 2025",
        f"X-Gmail-Labels: {labels}",
        f"Message-ID: <{mid or f'm{n}@mail.example.com'}>",
        f"From: {sender}",
        f"To: {to}",
        f"Date: {when}",
        f"Subject: {subject}",
        *[line for line in extra.split("\n") if line],
    ]
    return "\n".join(header) + "\n\n" + body + "\n"


def write(tmp_path: Path, *messages: str) -> Path:
    path = tmp_path / "mail.mbox"
    path.write_text("".join(messages), encoding="utf-8")
    return path


def big_mbox(tmp_path: Path, count: int) -> Path:
    body = ("Some words about the project, written out at length.\n" * 40) + "Bye.\n"
    messages = [
        mail(
            n % 100, f"P{n} <p{n}@example.org>", OWNER, f"Subject {n}", mid=f"big-{n}@x", body=body
        )
        for n in range(count)
    ]
    return write(tmp_path, *messages)
