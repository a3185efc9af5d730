"""Importing an mbox: replies counted, automatic mail skipped, the owner found, on both databases."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from goodword.service import Service, as_of_moment
from tests.linkedin_exports import EXPORT_2025


def message(
    n: int,
    sender: str,
    to: str,
    when: str,
    subject: str,
    *,
    labels: str = "Inbox",
    reply_to: int | None = None,
    extra: str = "",
    thread: int | None = None,
) -> str:
    headers = [
        f"From 17238533049402841{n:02d}@xxx {when.split(',')[0]} Mar 0{n % 9 + 1} 10:00:00 +0000 2025",
        f"X-GM-THRID: {thread}" if thread else "",
        f"X-Gmail-Labels: {labels}",
        f"Message-ID: <m{n}@mail.example.com>",
        f"In-Reply-To: <m{reply_to}@mail.example.com>" if reply_to else "",
        f"From: {sender}",
        f"To: {to}",
        f"Date: {when}",
        f"Subject: {subject}",
        extra,
    ]
    return "\n".join(h for h in headers if h) + "\n\nbody text\nFrom what I heard, fine.\n\n"


SAM = "Sam Rivera <sam.rivera@example.com>"
MARIA = "Maria Edde <maria.edde@example.net>"
OMAR = "Omar Haddad <omar@contoso.example>"


def mailbox(path: Path) -> Path:
    parts = [
        message(
            1, SAM, MARIA, "Mon, 03 Mar 2025 09:00:00 +0000", "Reference?", labels="Sent", thread=11
        ),
        message(
            2,
            MARIA,
            SAM,
            "Mon, 03 Mar 2025 15:00:00 +0000",
            "Re: Reference?",
            reply_to=1,
            thread=11,
        ),
        message(3, SAM, OMAR, "Tue, 04 Mar 2025 09:00:00 +0000", "Lunch", labels="Sent"),
        message(
            4,
            OMAR,
            SAM,
            "Tue, 04 Mar 2025 09:01:00 +0000",
            "Automatic reply: Lunch",
            reply_to=3,
            extra="Auto-Submitted: auto-replied",
        ),
        message(5, SAM, OMAR, "Wed, 12 Mar 2025 09:00:00 +0000", "Lunch again", labels="Sent"),
        message(6, OMAR, SAM, "Thu, 13 Mar 2025 10:00:00 +0000", "Re: Lunch again", reply_to=5),
        message(
            7,
            "Mail Delivery Subsystem <mailer-daemon@example.com>",
            SAM,
            "Thu, 13 Mar 2025 11:00:00 +0000",
            "Delivery Status Notification (Failure)",
        ),
        message(
            8,
            "News <news@lists.example.org>",
            SAM,
            "Fri, 14 Mar 2025 11:00:00 +0000",
            "Weekly digest",
            extra="List-Id: <news.lists.example.org>",
        ),
        message(
            2,
            MARIA,
            SAM,
            "Mon, 03 Mar 2025 15:00:00 +0000",
            "Re: Reference?",
            reply_to=1,
            thread=11,
        ),
    ]
    path.write_text("".join(parts), encoding="utf-8")
    return path


def test_an_mbox_counts_replies_and_accounts_for_every_message(
    service: Service, tmp_path: Path
) -> None:
    summary = service.import_path(mailbox(tmp_path / "All mail Including Spam and Trash.mbox"))
    [report] = summary.files
    assert report.rows == 9
    assert report.added == 6  # five messages and Omar's out-of-office reply, kept as a signal
    assert report.skipped == {
        "bounce: failed address not in headers": 1,
        "automated: mailing list news.lists.example.org": 1,
        "duplicate of an earlier message (same Message-ID)": 1,
    }
    assert (
        report.rows
        == report.added + report.unchanged + sum(report.skipped.values()) + report.problems
    )
    assert "email:sam.rivera@example.com" in summary.owner_identities_added
    omar = service.person("Omar Haddad", as_of=date(2025, 6, 1)).assessment.communication
    assert (omar.details["asked"], omar.details["replied"]) == (2, 1)  # the auto-reply is no answer
    maria = service.person("Maria Edde", as_of=date(2025, 6, 1)).assessment.communication
    assert maria.details["median_reply_hours"] == 6.0
    again = service.import_path(tmp_path / "All mail Including Spam and Trash.mbox")
    assert again.files[0].added == 0 and again.people_added == 0


def test_mail_and_linkedin_meet_on_the_email_address(service: Service, tmp_path: Path) -> None:
    service.import_path(EXPORT_2025)
    before = len(service.people())
    service.import_path(mailbox(tmp_path / "mail.mbox"))
    names = [a.person.name for a in service.people()]
    assert names.count("Maria Edde") == 1  # LinkedIn gave her address: one person
    assert len(names) == before + 1  # only Omar is new


def test_me_sets_the_owner_when_nothing_is_labelled_sent(service: Service, tmp_path: Path) -> None:
    path = mailbox(tmp_path / "mail.mbox")
    path.write_text(
        path.read_text(encoding="utf-8").replace("X-Gmail-Labels: Sent", "X-Gmail-Labels: Inbox")
    )
    summary = service.import_path(path, me=["Sam.Rivera@example.com"])
    assert "email:sam.rivera@example.com" in summary.owner_identities
    omar = service.person("Omar Haddad", as_of=date(2025, 6, 1)).assessment.communication
    assert omar.details["asked"] == 2
    with pytest.raises(Exception, match="not an email address"):
        service.import_path(path, me=["sam"])


@pytest.mark.parametrize(
    "tree", ["maildir_plus_dot_folders", "maildir_nested_plain", "enron_like_tree"]
)
def test_a_mail_folder_import_accounts_for_every_file_in_its_summary(
    service: Service, tree: str
) -> None:
    folder = Path(__file__).parent.parent / "fixtures" / "mail" / tree
    summary = service.import_path(folder)
    [report] = summary.files
    # Each message names its own file inside the tree; the summary counts them all as the tree's.
    assert report.added > 0
    assert report.rows == report.added + report.unchanged + sum(report.skipped.values()) + (
        report.problems
    )
    again = service.import_path(folder)
    assert again.files[0].added == 0 and again.files[0].unchanged == report.added


def test_a_key_longer_than_the_column_is_cut_once_and_a_reimport_adds_nothing(
    service: Service, tmp_path: Path
) -> None:
    from datetime import UTC, datetime

    from goodword import records as rec
    from goodword.sources.base import Parsed
    from goodword.store.load import load
    from goodword.store.owner import local_owner

    # A Message-ID of 150 characters makes a natural key wider than its column.
    origin = rec.Origin("long.mbox", 1)
    message = rec.Message(
        key="mail:mid:" + "x" * 150,
        thread_key="t",
        occurred_at=datetime(2025, 3, 3, tzinfo=UTC),
        sender=rec.PersonRef("Omar Haddad", email="omar@contoso.example"),
        recipients=(rec.PersonRef("Sam", email="sam@example.com"),),
        subject="Hello",
        folder="",
        channel="email",
        origin=origin,
    )
    for expected in ((1, 0), (0, 1)):
        parsed = Parsed(
            "mbox", tmp_path, "f", None, [rec.FileReport("long.mbox", "mbox")], [message]
        )
        with service.store.session() as session:
            result = load(session, local_owner(session), parsed)
            outcome = result.files["long.mbox"]
            assert (outcome.added, outcome.unchanged) == expected


def test_who_was_copied_is_kept_apart_from_who_was_addressed(
    service: Service, tmp_path: Path
) -> None:
    from goodword.store.owner import local_owner
    from goodword.store.queries import load_network

    path = tmp_path / "mail.mbox"
    path.write_text(
        message(
            1,
            SAM,
            MARIA,
            "Mon, 03 Mar 2025 09:00:00 +0000",
            "The plan",
            labels="Sent",
            extra=f"Cc: {OMAR}",
        ),
        encoding="utf-8",
    )
    service.import_path(path)
    with service.store.session() as session:
        network = load_network(session, local_owner(session), as_of_moment(date(2025, 6, 1)))
    (sent,) = network.messages
    names = {p.id: p.name for p in network.people.values()}
    assert sorted(
        (names[p], role) for p, role in zip(sent.recipient_ids, sent.roles, strict=True)
    ) == [("Maria Edde", "to"), ("Omar Haddad", "cc")]
