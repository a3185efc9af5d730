"""Benchmark: read the header facts of a large synthetic Gmail Takeout mbox.

Generates a Takeout-shaped mbox (From_ lines with the zone before the year,
X-GM-THRID, X-Gmail-Labels (one encoded word when a label is not ASCII),
Received chains, DKIM and ARC signatures on received mail, multipart
bodies with a base64 attachment in about 10% of the messages, reply chains
with In-Reply-To/References, about 2,000 correspondents) in a temp folder,
then times, each in a fresh process so peak RSS is its own:

* the naive baseline: stdlib ``mailbox.mbox``, reading Message-ID, From, To,
  Cc, Date, Subject, In-Reply-To, References, X-GM-THRID and X-Gmail-Labels
  of every message;
* ``iter_mbox`` alone (splitting only);
* ``iter_mbox`` + ``parse_headers`` (every header fact goodword uses);
* ``records``: the whole import pipeline without a database
  (``MboxImporter().parse(path).records`` consumed: skips, threads, dedup,
  signals and the owner's addresses), whose peak RSS must stay flat.

    .venv/bin/python bench/bench_mailparse.py                     # 50,000 messages
    .venv/bin/python bench/bench_mailparse.py --messages 5000     # quicker
    .venv/bin/python bench/bench_mailparse.py --messages 500000 --only records
"""

from __future__ import annotations

import argparse
import base64
import json
import mailbox
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

BASELINE_HEADERS = (
    "Message-ID",
    "From",
    "To",
    "Cc",
    "Date",
    "Subject",
    "In-Reply-To",
    "References",
    "X-GM-THRID",
    "X-Gmail-Labels",
)

_FIRST = [
    "Ada",
    "Ben",
    "Chloé",
    "Dmitri",
    "Eva",
    "Farid",
    "Greta",
    "Hiro",
    "Ines",
    "Jonas",
    "Kai",
    "Lena",
    "Mateo",
    "Nora",
    "Omar",
    "Pia",
]
_LAST = [
    "Albers",
    "Björk",
    "Castillo",
    "Dubois",
    "Eriksen",
    "Fontaine",
    "Gruber",
    "Haddad",
    "Ivanova",
    "Jensen",
    "Kowalski",
]
_DOMAINS = ("example.com", "example.org", "example.net", "mail.example.com", "corp.example.org")
_WORDS = [
    "meeting",
    "notes",
    "project",
    "review",
    "draft",
    "budget",
    "quarterly",
    "lunch",
    "reference",
    "letter",
    "thanks",
    "follow",
    "up",
    "schedule",
    "invoice",
    "travel",
    "plan",
    "workshop",
    "slides",
    "feedback",
    "proposal",
    "update",
]
_LABELS = (
    "Inbox",
    "Opened",
    "Unread",
    "Important",
    "Archived",
    "Category Personal",
    "Category Updates",
    "Category Promotions",
    "Work/Projects",
    "Åpnet",
)
OWNER = "Sam Owner <sam.owner@example.com>"


def _correspondents(rng: random.Random, count: int) -> list[str]:
    people = []
    for i in range(count):
        first, last = rng.choice(_FIRST), rng.choice(_LAST)
        address = f"{first.lower()}.{last.lower()}{i}@{rng.choice(_DOMAINS)}".encode(
            "ascii", "ignore"
        ).decode()
        if rng.random() < 0.15:
            encoded = base64.b64encode(f"{first} {last}".encode()).decode()
            people.append(f"=?utf-8?B?{encoded}?= <{address}>")
        else:
            people.append(f'"{first} {last}" <{address}>')
    return people


def _folded_base64(rng: random.Random, size: int, width: int = 76) -> str:
    blob = base64.b64encode(rng.randbytes(size)).decode()
    return "\n".join(blob[i : i + width] for i in range(0, len(blob), width))


def _body_text(rng: random.Random) -> str:
    lines = []
    for _ in range(rng.randint(5, 40)):
        line = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(4, 14)))
        if rng.random() < 0.02:
            line = ">From " + line  # Gmail escapes body lines that start with "From "
        lines.append(line.capitalize())
    return "\n".join(lines)


def _inbound_trace(rng: random.Random, n: int, stamp: str) -> str:
    """The fields Gmail adds to received mail: X-Received, ARC, SPF and authentication results."""
    seal = _folded_base64(rng, 300, 70).replace("\n", "\n        ")
    signature = _folded_base64(rng, 300, 70).replace("\n", "\n        ")
    return (
        f"X-Google-Smtp-Source: {_folded_base64(rng, 60, 200)}\n"
        f"X-Received: by 2002:a17:90a:{n % 9999:x} with SMTP id x{n}; {stamp}\n"
        "ARC-Seal: i=1; a=rsa-sha256; t=1612345678; cv=none; d=google.com; s=arc-20160816;\n"
        f"        b={seal}\n"
        "ARC-Message-Signature: i=1; a=rsa-sha256; c=relaxed/relaxed; d=google.com;\n"
        "        s=arc-20160816; h=to:subject:message-id:date:from:mime-version;\n"
        f"        b={signature}\n"
        "ARC-Authentication-Results: i=1; mx.google.com;\n"
        "       dkim=pass header.i=@example.org;\n"
        "       spf=pass (google.com: domain of sender@example.org designates 192.0.2.1 as\n"
        "       permitted sender) smtp.mailfrom=sender@example.org\n"
        "Received-SPF: pass (google.com: domain of sender@example.org designates 192.0.2.1\n"
        "       as permitted sender) client-ip=192.0.2.1;\n"
        "Authentication-Results: mx.google.com;\n"
        "       dkim=pass header.i=@example.org;\n"
        "       spf=pass smtp.mailfrom=sender@example.org\n"
    )


def generate(
    path: Path,
    messages: int,
    seed: int = 7,
    *,
    attachment_bytes: tuple[int, int] = (20_000, 200_000),
) -> None:
    """Write a Takeout-shaped mbox of ``messages`` messages to ``path``.

    About one message in ten carries an attachment of ``attachment_bytes``
    (smallest, largest) before base64.
    """
    rng = random.Random(seed)
    people = _correspondents(rng, 2000)
    moment = datetime(2019, 1, 1, tzinfo=UTC)
    # Gaps of up to 5,000 s, shorter for big files so that every date stays in the past.
    max_gap = max(60, min(5000, 2 * 6 * 365 * 86400 // max(messages, 1)))
    threads: list[tuple[str, str, list[str]]] = []  # (thread id, subject, message ids)
    with path.open("w", encoding="utf-8", newline="\n") as out:
        for n in range(messages):
            moment += timedelta(seconds=rng.randint(30, max_gap))
            gmail_id = 1600000000000000000 + n * 7919
            message_id = f"<{gmail_id:x}.{n}@mail.example.com>"
            if threads and rng.random() < 0.4:
                thread_id, subject, ids = rng.choice(threads)
                subject = "Re: " + subject
                refs = ids[-10:]
                ids.append(message_id)
                reply = f"In-Reply-To: {refs[-1]}\nReferences: {' '.join(refs)}\n"
            else:
                thread_id = str(gmail_id)
                subject = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(2, 7)))
                threads.append((thread_id, subject, [message_id]))
                if len(threads) > 500:
                    threads.pop(0)
                reply = ""
            sent = rng.random() < 0.3
            other = rng.choice(people)
            sender, recipient = (OWNER, other) if sent else (other, OWNER)
            labels = ["Sent"] if sent else rng.sample(_LABELS, rng.randint(1, 4))
            cc = ", ".join(rng.sample(people, rng.randint(1, 3))) if rng.random() < 0.25 else ""
            stamp = format_datetime(moment)
            received = "".join(
                f"Received: by 10.{hop}.{n % 250}.{hop * 3} with SMTP id x{n}y{hop}\n"
                f"        for <sam.owner@example.com>; {stamp}\n"
                for hop in range(rng.randint(3, 5))
            )
            dkim = _folded_base64(rng, 180, 70).replace("\n", "\n        ")
            boundary = f"000000000000{n:08x}"
            text = _body_text(rng)
            parts = [
                f"--{boundary}\nContent-Type: text/plain; charset=UTF-8\n\n{text}\n",
                f'--{boundary}\nContent-Type: text/html; charset=UTF-8\n\n<div dir="ltr">'
                + text.replace("\n", "<br>\n")
                + "</div>\n",
            ]
            if rng.random() < 0.1:
                parts.append(
                    f"--{boundary}\nContent-Type: application/pdf; name=doc{n}.pdf\n"
                    "Content-Transfer-Encoding: base64\n"
                    f'Content-Disposition: attachment; filename="doc{n}.pdf"\n\n'
                    + _folded_base64(rng, rng.randint(*attachment_bytes))
                    + "\n"
                )
            content_type = "mixed" if len(parts) == 3 else "alternative"
            label_value = ",".join(labels)
            if not label_value.isascii():  # Takeout writes one encoded word for the lot
                label_value = f"=?UTF-8?B?{base64.b64encode(label_value.encode()).decode()}?="
            trace = "" if sent else _inbound_trace(rng, n, stamp)
            out.write(
                f"From {gmail_id}@xxx {moment:%a %b %d %H:%M:%S} +0000 {moment:%Y}\n"
                f"X-GM-THRID: {thread_id}\n"
                f"X-Gmail-Labels: {label_value}\n"
                "Delivered-To: sam.owner@example.com\n"
                f"{received}{trace}"
                "Return-Path: <bounce@example.net>\n"
                "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.com; s=20210112;\n"
                f"        h=mime-version:from:date:message-id:subject:to;\n        b={dkim}\n"
                "MIME-Version: 1.0\n"
                f"From: {sender}\n"
                f"Date: {stamp}\n"
                f"Message-ID: {message_id}\n"
                f"{reply}"
                f"Subject: {subject}\n"
                f"To: {recipient}\n" + (f"Cc: {cc}\n" if cc else "") + "Content-Type: multipart/"
                f'{content_type}; boundary="{boundary}"\n\n'
                + "".join(parts)
                + f"--{boundary}--\n\n"
            )


def measure_baseline(path: Path) -> int:
    """The naive way: stdlib mailbox.mbox, reading the usual headers of every message."""
    count = 0
    for message in mailbox.mbox(path, create=False):
        for name in BASELINE_HEADERS:
            message[name]
        count += 1
    return count


def measure_split(path: Path) -> int:
    """iter_mbox alone."""
    from goodword.sources.mail.framing import iter_mbox

    return sum(1 for _ in iter_mbox(path))


def measure_goodword(path: Path) -> int:
    """iter_mbox + parse_headers, failing loudly if any message is not read."""
    from goodword.sources.mail.framing import iter_mbox
    from goodword.sources.mail.headers import MailProblem, parse_headers

    now = datetime.now(UTC)
    count = 0
    for raw in iter_mbox(path):
        header = parse_headers(raw, now=now)
        if isinstance(header, MailProblem):
            raise SystemExit(header.message)
        count += 1
    return count


def measure_records(path: Path) -> int:
    """The lazy record stream of the mbox importer, consumed without a database; rows read."""
    from goodword.sources.mail.mbox import MboxImporter

    parsed = MboxImporter().parse(path)
    for _record in parsed.records:
        pass
    [report] = parsed.files
    if report.problems:
        raise SystemExit(f"{report.problems} messages were problems (dates in the future?)")
    return report.rows


MEASURES = {
    "baseline": measure_baseline,
    "split": measure_split,
    "goodword": measure_goodword,
    "records": measure_records,
}


def child(which: str, path: Path) -> None:
    """Run one measurement in this (fresh) process and print it as JSON."""
    started, cpu_started = time.perf_counter(), time.process_time()
    count = MEASURES[which](path)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {"messages": count, "seconds": elapsed, "cpu": cpu, "peak_rss_mb": peak_kb / 1024}
        )
    )


def run(which: str, path: Path) -> dict[str, float]:
    """Run one measurement in a subprocess."""
    done = subprocess.run(
        [sys.executable, __file__, "--child", which, str(path)],
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, float] = json.loads(done.stdout)
    return result


def main() -> None:
    """Generate the mbox, time each reader, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--messages", type=int, default=50_000)
    parser.add_argument(
        "--only",
        nargs="+",
        choices=list(MEASURES),
        default=list(MEASURES),
        help="which readers to time (default: all)",
    )
    parser.add_argument("--child", nargs=2, metavar=("WHICH", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]))
        return
    with tempfile.TemporaryDirectory(prefix="goodword-bench-") as scratch:
        path = Path(scratch) / "All mail Including Spam and Trash.mbox"
        started = time.perf_counter()
        generate(path, args.messages)
        size_mb = path.stat().st_size / 1e6
        print(
            f"generated {args.messages:,} messages, {size_mb:,.1f} MB "
            f"in {time.perf_counter() - started:.1f} s"
        )
        results = {which: run(which, path) for which in args.only}
        for which, result in results.items():
            assert result["messages"] == args.messages, (which, result)
            print(
                f"{which:>9}: {result['seconds']:7.2f} s ({result['cpu']:.2f} s CPU)  "
                f"{result['messages'] / result['seconds']:>9,.0f} messages/s  "
                f"{size_mb / result['seconds']:>7,.1f} MB/s  "
                f"peak RSS {result['peak_rss_mb']:,.0f} MB"
            )
        if "baseline" in results and "goodword" in results:
            wall = results["baseline"]["seconds"] / results["goodword"]["seconds"]
            cpu = results["baseline"]["cpu"] / results["goodword"]["cpu"]
            print(
                f"iter_mbox + parse_headers is {wall:.1f}x the baseline's speed "
                f"({cpu:.1f}x by CPU time, which other processes disturb less)"
            )


if __name__ == "__main__":
    main()
