"""Classifying mail: automatic mail, bounces, out-of-office replies and what folders mean."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from goodword.sources.mail.classify import (
    is_automated,
    is_bounce,
    judge,
    label_kind,
    label_kinds,
    return_date,
)
from goodword.sources.mail.framing import RawMessage
from goodword.sources.mail.headers import Address, MailHeader, parse_headers
from tests.sources.mail.rawmail import NOW, read

# --- the verdict ----------------------------------------------------------------------------

PERSON = "From: Ada <ada@example.org>\nTo: sam@example.com\nDate: Mon, 03 Mar 2025 09:00:00 +0000\n"
AWAY = PERSON + "Subject: Out of office until 10 March\n"
BOUNCE = (
    "From: MAILER-DAEMON@example.org\nTo: sam@example.com\n"
    "Date: Mon, 03 Mar 2025 09:00:00 +0000\nSubject: Undeliverable: hello\n"
)
LIST = PERSON + "List-Id: <team.lists.example.org>\nSubject: minutes\n"
MASS = PERSON + "Cc: " + ", ".join(f"p{n}@example.org" for n in range(21)) + "\n"


@pytest.mark.parametrize(
    ("headers", "labels", "verdict"),
    [
        (PERSON, (), ("conversation", "")),
        (PERSON, ("Inbox", "Spam"), ("aside", "spam")),
        (AWAY, ("Spam",), ("aside", "spam")),  # spam first, whatever it holds
        (PERSON, ("Drafts",), ("aside", "draft: never sent")),
        (AWAY, ("Trash",), ("away", "")),  # signals count even from the trash
        (BOUNCE, ("Trash",), ("bounce", "")),
        (PERSON, ("Trash",), ("aside", "trash")),
        (LIST, (), ("skip", "automated: mailing list team.lists.example.org")),
        (MASS, (), ("skip", "mass mail (over 20 recipients)")),
        ("To: sam@example.com\nSubject: hi\n", (), ("skip", "sender unknown")),
    ],
    ids=[
        "person",
        "spam",
        "away-in-spam",
        "draft",
        "away-in-trash",
        "bounce-in-trash",
        "trash",
        "list",
        "mass-mail",
        "no-sender",
    ],
)
def test_the_verdict_follows_the_rules_in_their_order(
    headers: str, labels: tuple[str, ...], verdict: tuple[str, str]
) -> None:
    block = headers.encode()
    header = parse_headers(RawMessage(0, 0, block, len(block)), now=NOW)
    assert isinstance(header, MailHeader)
    assert judge(header, label_kinds(labels)) == verdict


# --- automated mail -------------------------------------------------------------------------


def test_out_of_office_replies_are_automated() -> None:
    headers = read("out_of_office_reply.mbox")
    assert [is_automated(h) for h in headers] == [
        "Auto-Submitted: auto-replied",
        "X-Autoreply header",
        "automatic-reply subject",
        "Precedence: auto_reply",
        None,  # Auto-Submitted: no, a person answering
    ]
    assert not any(is_bounce(h) for h in headers)


def test_bounces() -> None:
    report, undeliverable, person = read("bounce_delivery_status.mbox")
    assert (report.content_type, report.report_type) == ("multipart/report", "delivery-status")
    assert [is_bounce(h) for h in (report, undeliverable, person)] == [True, True, False]
    assert is_automated(report) == is_automated(undeliverable) == "delivery failure report"
    assert is_automated(person) is None


def header_of(block: bytes) -> MailHeader:
    """Parse one header block given inline."""
    header = parse_headers(RawMessage(0, 0, block, len(block)), now=NOW)
    assert isinstance(header, MailHeader)
    return header


@pytest.mark.parametrize(
    ("sender", "automated"),
    [
        ("noreply@example.com", True),
        ("No_Reply@example.com", True),
        ("do-not-reply@example.com", True),
        ("notifications-noreply@example.com", True),
        ("MAILER-DAEMON@example.com", True),
        ("postmaster@example.com", True),
        ("MAILER-DAEMON", True),  # no domain: an opaque key, still a daemon
        ("noreplyhelp@example.com", False),
        ("norbert.reply@example.com", False),
        ("ada@example.org", False),
    ],
)
def test_no_reply_senders(sender: str, automated: bool) -> None:
    header = header_of(f"From: {sender}\nSubject: Hello\n".encode())
    assert (is_automated(header) == "no-reply sender") is automated


@pytest.mark.parametrize(
    ("subject", "bounce"),
    [
        ("Delivery Status Notification (Failure)", True),
        ("Undeliverable: Reference request", True),
        ("Mail delivery failed: returning message to sender", True),
        ("Undelivered Mail Returned to Sender", True),
        ("Delivery Status Notification (Delay)", False),  # it may still arrive
        ("Delivery Status Notification (Success)", False),
        ("Your mailbox is almost full", False),
    ],
)
def test_daemon_subjects_that_mean_a_bounce(subject: str, bounce: bool) -> None:
    header = header_of(
        f"From: Mail Delivery System <mailer-daemon@example.net>\nSubject: {subject}\n".encode()
    )
    assert is_bounce(header) is bounce
    assert is_automated(header) is not None  # a daemon writes it either way


def test_mailing_lists_and_no_reply_senders() -> None:
    listed, bulk, no_reply = read("mailing_list_message.mbox")
    assert listed.list_id == "dev.lists.example.org"
    assert is_automated(listed) == "mailing list dev.lists.example.org"
    assert bulk.precedence == "bulk"
    assert is_automated(bulk) == "Precedence: bulk"
    assert no_reply.from_ == Address("Example Accounts", "no-reply@accounts.example.com")
    assert is_automated(no_reply) == "no-reply sender"
    assert not any(is_bounce(h) for h in (listed, bulk, no_reply))


# --- return dates -------------------------------------------------------------------------

SENT = datetime(2025, 3, 5, 8, 0, tzinfo=UTC)  # a Wednesday


@pytest.mark.parametrize(
    ("subject", "until"),
    [
        ("Out of office until 3 March", date(2026, 3, 3)),  # already past this year: next year
        ("Out of office until 13 March", date(2025, 3, 13)),
        ("Out of office until March 13th, 2025", date(2025, 3, 13)),
        ("Automatic reply: back on 2025-03-14", date(2025, 3, 14)),
        ("OOO until Mon 3/10", date(2025, 3, 10)),
        ("OOO until 14/3", date(2025, 3, 14)),  # a 14th month is read day first
        ("Abwesend bis 14.03.2025", date(2025, 3, 14)),
        ("Abwesenheitsnotiz: bis zum 17. März", date(2025, 3, 17)),
        ("Réponse automatique : de retour le 10 mars", date(2025, 3, 10)),
        ("I am away until Monday", date(2025, 3, 10)),
        ("Away until Wednesday", date(2025, 3, 12)),  # never the day it was sent
        ("Out of office, back tomorrow", date(2025, 3, 6)),
        ("Out of office until 1 March 2025", None),  # in the past of the message
        ("Out of office until 2031-01-01", None),  # implausibly far
        ("Out of office until 31 February", None),
        ("Out of office", None),
        ("Automatic reply: Reference request", None),
    ],
)
def test_return_dates_are_read_relative_to_the_message(subject: str, until: date | None) -> None:
    assert return_date(subject, SENT) == until


# --- names and keys -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "kind"),
    [
        ("Sent", "sent"),
        ("sent mail", "sent"),
        ("_sent_mail", "sent"),
        ("sent_items", "sent"),
        ("Sent Items", "sent"),
        ("Sent Messages", "sent"),
        ("INBOX/Sent", "sent"),
        ("[Gmail]/Sent Mail", "sent"),
        ("allen-p/sent", "sent"),
        ("Gesendete Objekte", "sent"),
        ("deleted_items", "trash"),
        ("Junk E-mail", "spam"),
        ("Drafts", "drafts"),
        ("Inbox", None),
        ("Sentimental", None),
        ("discussion_threads", None),
    ],
)
def test_folder_and_label_names(label: str, kind: str | None) -> None:
    assert label_kind(label) == kind
