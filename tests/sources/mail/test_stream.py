"""The shared mail pipeline: lazy records, signals from automatic mail, copies, the owner at the end.

Read through :class:`MboxImporter` (the pipeline's simplest reader); the
folder formats are in ``test_maildir.py``. Every test checks that each
message is accounted for: a record, a skip with its reason, or a problem.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from goodword import records as rec
from goodword.sources import pick
from goodword.sources.mail import stream
from goodword.sources.mail.mbox import MboxImporter
from goodword.sources.mail.stream import (
    COPY,
    DUPLICATE,
    CompactTable,
    compact_key,
    natural_key,
)
from tests.sources.mail.streams import MBOX, OWNER, big_mbox, consume, mail, of, write

# --- names and keys -----------------------------------------------------------------------


def test_the_compact_table_keeps_every_key_as_it_grows() -> None:
    table = CompactTable(capacity=4)
    keys = [compact_key(f"mid:{n}@example.org") for n in range(5000)]
    for n, key in enumerate(keys):
        table.set(key, n - 2500)
    table.set(keys[0], 7)  # overwriting adds nothing
    assert len(table) == 5000
    assert [table.get(key) for key in keys[:3]] == [7, -2499, -2498]
    assert all(table.get(key) == n - 2500 for n, key in enumerate(keys) if n)
    assert table.get(compact_key("mid:never@example.org")) == 0


def test_keys_are_compact_and_natural_keys_stay_short() -> None:
    assert compact_key("mid:a@example.org") == compact_key("mid:a@example.org")
    assert compact_key("mid:a@example.org") != compact_key("mid:b@example.org")
    assert 0 < compact_key("mid:a@example.org") < 1 << 128  # a 128-bit digest, kept whole
    assert natural_key("away:", "mid:a@example.org") == "away:mid:a@example.org"
    long = natural_key("away:", "mid:" + "x" * 200)
    assert long.startswith("away:h:") and len(long) <= 100


def test_messages_whose_python_hashes_collide_are_both_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every key is given one Python hash, as CPython gives hash(-1) == hash(-2): the copies
    # table must tell two different messages apart all the same.
    assert hash(-1) == hash(-2)
    monkeypatch.setattr(stream, "hash", lambda _text: hash(-1), raising=False)
    path = write(
        tmp_path,
        mail(1, "Ada <ada@example.org>", OWNER, "First"),
        mail(2, "Bo <bo@example.org>", OWNER, "Second", extra="In-Reply-To: <m9@x>"),
        mail(3, "Cy <cy@example.org>", OWNER, "Third", extra="References: <m8@x>"),
    )
    records = consume(MboxImporter().parse(path))
    assert [m.subject for m in of(records, rec.Message)] == ["First", "Second", "Third"]
    assert [m.thread_key for m in of(records, rec.Message)][1:] == ["mid:m9@x", "mid:m8@x"]
    assert DUPLICATE not in {s.reason for s in of(records, rec.Skip)}


# --- signals --------------------------------------------------------------------------------


def test_out_of_office_replies_become_away_signals() -> None:
    records = consume(MboxImporter().parse(MBOX / "out_of_office_reply.mbox"))
    away = of(records, rec.Availability)
    assert [(a.kind, a.person.email, a.until) for a in away] == [
        ("away", "ada.lovelace@example.org", None),
        ("away", "bob.smith@example.net", None),
        ("away", "jana.becker@example.com", None),
        ("away", "carol@example.com", None),
    ]
    assert away[0].key == "away:mid:ooo-1@example.org"
    assert away[0].detail == "Automatic reply: Reference request"
    assert away[0].at == datetime(2022, 3, 15, 8, tzinfo=UTC)
    # "Auto-Submitted: no" is a person answering.
    assert [m.subject for m in of(records, rec.Message)] == ["Re: Reference request"]


def test_bounces_name_the_failed_address_or_stay_skips(tmp_path: Path) -> None:
    daemon = "Mail Delivery Subsystem <mailer-daemon@mail.example.com>"
    path = write(
        tmp_path,
        mail(1, daemon, OWNER, "Delivery Status Notification (Failure)",
             extra="X-Failed-Recipients: old@example.org, gone@example.net"),
        mail(2, daemon, OWNER, "Undelivered Mail Returned to Sender",
             extra="Final-Recipient: rfc822; left@example.com"),
        mail(3, daemon, OWNER, "Mail delivery failed: returning message to sender"),
        mail(4, "Ada <ada@example.org>", OWNER, "Undeliverable packages, again"),
    )  # fmt: skip
    parsed = MboxImporter().parse(path)
    records = consume(parsed)
    bounced = of(records, rec.Availability)
    assert [(b.kind, b.address, b.person.email, b.origin.row) for b in bounced] == [
        ("bounced", "old@example.org", "old@example.org", 1),
        ("bounced", "gone@example.net", "gone@example.net", 1),
        ("bounced", "left@example.com", "left@example.com", 2),
    ]
    assert bounced[0].key == "bounce:mid:m1@mail.example.com"
    assert len({b.key for b in bounced}) == 3
    [skip] = of(records, rec.Skip)
    assert (skip.reason, skip.origin.row) == ("bounce: failed address not in headers", 3)
    assert parsed.files[0].records == 3  # rows: two bounces (one naming two addresses), a message
    assert [m.subject for m in of(records, rec.Message)] == ["Undeliverable packages, again"]


def test_other_automatic_mail_stays_a_skip_with_its_reason(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        mail(1, "Accounts <no-reply@accounts.example.com>", OWNER, "Your code"),
        mail(2, "News <news@lists.example.org>", OWNER, "Digest",
             extra="List-Id: <news.lists.example.org>"),
        mail(3, "Shop <shop@example.com>", OWNER, "Sale", extra="Precedence: bulk"),
        # An auto-reply from a no-reply sender is a notification, not someone away.
        mail(4, "Helpdesk <noreply@help.example.com>", OWNER, "Ticket 42 received",
             extra="Auto-Submitted: auto-replied"),
    )  # fmt: skip
    parsed = MboxImporter().parse(path)
    records = consume(parsed)
    assert not of(records, rec.Availability)
    assert parsed.files[0].skipped == {
        "automated: no-reply sender": 1,
        "automated: mailing list news.lists.example.org": 1,
        "automated: Precedence: bulk": 1,
        "automated: Auto-Submitted: auto-replied": 1,
    }


# --- copies and the owner -------------------------------------------------------------------


def test_a_copy_in_sent_counts_for_the_owner_though_the_first_copy_was_recorded(
    tmp_path: Path,
) -> None:
    path = write(
        tmp_path,
        mail(1, OWNER, "Ada <ada@example.org>", "Plans", labels="Inbox", mid="copy@example.com"),
        mail(2, "Ada <ada@example.org>", OWNER, "Re: Plans", labels="Inbox"),
        mail(3, OWNER, "Ada <ada@example.org>", "Plans", labels="Sent", mid="copy@example.com"),
    )
    parsed = MboxImporter().parse(path)
    records = consume(parsed)
    assert [m.origin.row for m in of(records, rec.Message)] == [1, 2]
    assert of(records, rec.Message)[0].folder == "Inbox"  # the first copy's labels
    assert parsed.files[0].skipped == {"duplicate of an earlier message (same Message-ID)": 1}
    [owner] = of(records, rec.OwnerIdentity)
    assert owner.value == "sam.owner@example.com"
    assert owner.evidence == "the sender of 1 of the messages labelled Sent"
    assert isinstance(records[-1], rec.OwnerIdentity)  # emitted at the end


def test_a_copy_under_another_message_id_is_one_message(tmp_path: Path) -> None:
    # An old corporate corpus gives each folder's copy of a message its own Message-ID.
    ada, bo = "Ada <ada@example.org>", "Bo <bo@example.org>"
    text = "Can we meet on Friday about the plans?\n"
    path = write(
        tmp_path,
        mail(1, OWNER, ada, "Plans", labels="Inbox", mid="a@x", body=text),
        # The same message kept in Sent, with CRLF line ends: one message, counted as Sent.
        mail(2, OWNER, ada, "Plans", labels="Sent", mid="b@x", body=text.replace("\n", "\r\n")),
        mail(3, OWNER, bo, "Plans", labels="Sent", mid="c@x", body=text),  # someone else
        mail(4, OWNER, ada, "Plans", labels="Sent", mid="d@x", body="Another text.\n"),
        mail(5, OWNER, ada, "Plans", labels="Sent", mid="e@x", body=text,
             when="Mon, 03 Mar 2025 09:05:00 +0000"),  # sent again later: a second message
        mail(6, ada, OWNER, "Re: Plans", extra="In-Reply-To: <b@x>"),  # answers the copy
    )  # fmt: skip
    parsed = MboxImporter().parse(path)
    records = consume(parsed)
    messages = of(records, rec.Message)
    assert [m.origin.row for m in messages] == [1, 3, 4, 5, 6]
    assert parsed.files[0].skipped == {COPY: 1}
    assert messages[-1].thread_key == messages[0].thread_key  # the reply finds the first copy
    [owner] = of(records, rec.OwnerIdentity)
    assert owner.evidence == "the sender of 4 of the messages labelled Sent"


def test_the_owner_is_the_dominant_sender_of_sent_mail(tmp_path: Path) -> None:
    other = "Assistant <assistant@example.com>"
    messages = [mail(n, OWNER, "Ada <ada@example.org>", f"s{n}", labels="Sent") for n in range(8)]
    messages += [mail(20, other, "Ada <ada@example.org>", "for Sam", labels="Sent")]
    messages += [mail(21, other, "Bob <bob@example.net>", "for Sam again", labels="Sent")]
    records = consume(MboxImporter().parse(write(tmp_path, *messages)))
    # 2 of 10 is a fifth: kept; the rule is "at least a fifth of the Sent messages".
    assert [o.value for o in of(records, rec.OwnerIdentity)] == [
        "sam.owner@example.com",
        "assistant@example.com",
    ]
    messages.append(mail(22, OWNER, "Bob <bob@example.net>", "s22", labels="Sent"))
    records = consume(MboxImporter().parse(write(tmp_path, *messages)))
    assert [o.value for o in of(records, rec.OwnerIdentity)] == ["sam.owner@example.com"]


def test_threads_join_whatever_the_order(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        mail(2, "Ada <ada@example.org>", OWNER, "Re: Plans", extra="In-Reply-To: <m1@mail.example.com>"),
        mail(1, OWNER, "Ada <ada@example.org>", "Plans", labels="Sent"),
        mail(3, OWNER, "Ada <ada@example.org>", "Re: Plans", labels="Sent",
             extra="In-Reply-To: <m2@mail.example.com>\nReferences: <m1@mail.example.com> <m2@mail.example.com>"),
    )  # fmt: skip
    messages = of(consume(MboxImporter().parse(path)), rec.Message)
    assert {m.thread_key for m in messages} == {"mid:m1@mail.example.com"}


# --- streaming ------------------------------------------------------------------------------


def test_records_stream_while_the_file_is_read(tmp_path: Path) -> None:
    path = big_mbox(tmp_path, 2000)  # about 4.5 MB: several read chunks
    parsed = pick(path).parse(path)
    assert parsed.size == path.stat().st_size
    assert parsed.position is not None
    assert parsed.position() == (0, 0)
    assert parsed.export_date is None  # known only at the end
    records: Iterator[rec.Record] = iter(parsed.records)
    assert records is parsed.records  # a lazy iterator, not a list
    first = next(records)
    assert isinstance(first, rec.Message)
    done, messages = parsed.position()
    assert messages == 1
    assert 0 < done < parsed.size / 100
    assert parsed.files[0].rows == 1  # the report grows as records leave
    rest = list(records)
    assert parsed.position() == (parsed.size, 2000)
    assert parsed.files[0].records == 1 + len(of(rest, rec.Message)) == 2000
    assert parsed.export_date == date(2025, 3, 3)
