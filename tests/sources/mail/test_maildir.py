"""Maildir folders and one-message folder trees: every file accounted for, labels, sent folders.

Each fixture folder in ``tests/fixtures/mail`` is named by the quirk it
holds. Every test checks that each file of the tree lands somewhere: a
record, a skip with its reason, or a problem naming its path.
"""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import TypeVar

import pytest

from goodword import records as rec
from goodword.errors import UnsupportedInput
from goodword.sources import pick
from goodword.sources.base import Parsed
from goodword.sources.mail.maildir import (
    MaildirImporter,
    MailFolderImporter,
    folder_labels,
    tree_fingerprint,
)
from goodword.sources.mail.mbox import MboxImporter
from goodword.sources.mail.stream import COPY
from tests.linkedin_exports import EXPORT_2025

MAIL = Path(__file__).resolve().parents[2] / "fixtures" / "mail"
T = TypeVar("T")


def of(records: Iterable[rec.Record], kind: type[T]) -> list[T]:
    return [r for r in records if isinstance(r, kind)]


def files_of(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def consume(parsed: Parsed) -> list[rec.Record]:
    """Every record; checks each file of the tree is accounted for, and the report adds up."""
    records = list(parsed.records)
    [report] = parsed.files
    assert report.rows == report.records + sum(report.skipped.values()) + report.problems
    origins = [r.origin for r in records if not isinstance(r, rec.OwnerIdentity)]
    assert len(set(origins)) == report.rows
    root = parsed.path
    assert {o.file for o in origins} == files_of(root)
    assert parsed.position is not None
    assert (
        parsed.position()[0]
        == parsed.size
        == sum(p.stat().st_size for p in root.rglob("*") if p.is_file())
    )
    return records


def by_file(records: Iterable[rec.Record]) -> dict[str, str]:
    """What became of each file: ``Message``, ``away``, or ``skip: <reason>`` ..."""
    found: dict[str, str] = {}
    for r in records:
        if isinstance(r, rec.Message):
            found[str(r.origin)] = "Message"
        elif isinstance(r, rec.Availability):
            found[str(r.origin)] = r.kind
        elif isinstance(r, rec.Skip):
            found[str(r.origin)] = f"skip: {r.reason}"
        elif isinstance(r, rec.Problem):
            found[str(r.origin)] = f"problem: {r.code}"
    return found


# --- choosing the importer -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("maildir_plus_dot_folders", "maildir"),
        ("maildir_nested_plain", "maildir"),
        ("enron_like_tree", "mail-folder"),
        ("enron_like_tree/allen-p/inbox", "mail-folder"),
        ("eml_signals", "mail-folder"),
        ("eml_signals/Inbox/reply_from_ada.eml", "mail-folder"),
        ("thunderbird_local_folders", "mail-folder"),
    ],
)
def test_mail_folders_pick_their_importer(name: str, kind: str) -> None:
    assert pick(MAIL / name).kind == kind


def test_a_linkedin_export_folder_is_not_mail() -> None:
    assert MaildirImporter().score(EXPORT_2025) == 0
    assert MailFolderImporter().score(EXPORT_2025) == 0
    assert pick(EXPORT_2025).kind == "linkedin"


def test_a_folder_without_mail_is_not_mail(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("Notes:\nnothing here\n")
    (tmp_path / "table.csv").write_text("From,To,Date\na,b,c\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "cur").mkdir()  # a cur/ alone does not make a maildir
    assert MaildirImporter().score(tmp_path) == 0
    assert MailFolderImporter().score(tmp_path) == 0
    with pytest.raises(UnsupportedInput, match="Maildir folder"):
        pick(tmp_path)


def test_an_mbox_file_stays_with_the_mbox_importer() -> None:
    mbox = MAIL.parent / "mbox" / "folded_headers.mbox"
    assert pick(mbox).kind == "mbox"
    assert MailFolderImporter().score(mbox) == 0  # a From_ line is not a header line


# --- Maildir ------------------------------------------------------------------------------


def test_maildir_plus_dot_folders() -> None:
    parsed = pick(MAIL / "maildir_plus_dot_folders").parse(MAIL / "maildir_plus_dot_folders")
    records = consume(parsed)
    assert by_file(records) == {
        ".INBOX.Archive/cur/1700000600.M6P600.host,S=420:2,S": "Message",
        ".INBOX.Archive/new/1700000700.M7P700.host": "Message",
        ".Sent/cur/1700000400.M4P400.host,S=400:2,S": "Message",
        ".Sent/maildirfolder": "skip: not mail: a mail program's index or settings file",
        ".Sent/new/1700000500.M5P500.host": "Message",
        ".Trash/cur/1700000800.M8P800.host,S=400:2,ST": "skip: trash",
        # An out-of-office reply is a signal even when it was thrown away.
        ".Trash/new/1700000900.M9P900.host": "away",
        "cur/.DS_Store": "skip: not mail: hidden file",
        # The same Message-ID as the copy in .INBOX.Archive, read first.
        "cur/1700000200.M2P200.host,S=420:2,S": "skip: duplicate of an earlier message "
        "(same Message-ID)",
        "dovecot-uidlist": "skip: not mail: a mail program's index or settings file",
        "dovecot.index.log": "skip: not mail: a mail program's index or settings file",
        "new/1700000100.M1P100.host": "Message",
        "tmp/1700000300.M3P300.host": "skip: maildir tmp/: not delivered yet",
    }
    folders = {str(m.origin).split("/")[0]: m.folder for m in of(records, rec.Message)}
    assert folders == {".INBOX.Archive": "INBOX/Archive", ".Sent": "Sent", "new": "INBOX"}
    [owner] = of(records, rec.OwnerIdentity)
    assert owner.value == "sam.owner@example.com"
    assert records[-1] == owner
    assert parsed.export_date == date(2025, 3, 5)
    # The reply in .Sent is read before the message it answers: the thread still joins.
    threads = {m.subject: m.thread_key for m in of(records, rec.Message)}
    assert threads["Reference?"] == threads["Re: Reference?"] == "mid:md-1@example.org"
    assert threads["Lunch"] == threads["Re: Lunch"]


def test_nested_plain_maildirs_and_a_sent_items_folder() -> None:
    records = consume(MaildirImporter().parse(MAIL / "maildir_nested_plain"))
    assert set(by_file(records).values()) == {"Message"}
    folders = Counter(m.folder for m in of(records, rec.Message))
    assert folders == {"Inbox": 2, "Sent Items,Sent": 2, "Archive/2019": 2}
    assert [o.value for o in of(records, rec.OwnerIdentity)] == ["sam.owner@example.com"]
    crlf = next(m for m in of(records, rec.Message) if m.subject == "Re: Slides")
    assert crlf.recipients == (rec.PersonRef("Ada Lovelace", email="ada.lovelace@example.org"),)


# --- folder trees ---------------------------------------------------------------------------


def test_enron_like_tree() -> None:
    parsed = MailFolderImporter().parse(MAIL / "enron_like_tree")
    records = consume(parsed)
    assert by_file(records) == {
        "allen-p/.DS_Store": "skip: not mail: hidden file",
        "allen-p/_sent_mail/1.": "Message",
        "allen-p/_sent_mail/2.": "Message",
        "allen-p/all_documents/1.": "skip: duplicate of an earlier message (same Message-ID)",
        "allen-p/deleted_items/1.": "skip: trash",
        "allen-p/discussion_threads/1.": "Message",
        "allen-p/inbox/1.": "Message",
        "allen-p/inbox/2.": "skip: automated: Precedence: bulk",
        "allen-p/inbox/Thumbs.db": "skip: not mail: a mail program's index or settings file",
        "allen-p/notes.txt": "skip: not mail: no mail header lines at the start",
        "allen-p/sent/1.": "Message",
        "allen-p/sent_items/1.": "Message",
    }
    sent = [m for m in of(records, rec.Message) if "Sent" in m.folder.split(",")]
    assert {m.folder for m in sent} == {
        "allen-p/_sent_mail,Sent",
        "allen-p/sent,Sent",
        "allen-p/sent_items,Sent",
    }
    [owner] = of(records, rec.OwnerIdentity)
    assert (owner.value, owner.evidence) == (
        "phillip.allen@enron.com",
        "the sender of 4 of the messages labelled Sent",
    )
    reply = next(m for m in of(records, rec.Message) if m.subject == "Re: Forecast")
    forecast = next(m for m in of(records, rec.Message) if m.subject == "Forecast")
    assert reply.thread_key == forecast.thread_key
    assert parsed.export_date == date(2001, 11, 20)


def test_a_copy_in_a_sent_folder_counts_though_the_first_copy_was_elsewhere(
    tmp_path: Path,
) -> None:
    tree = tmp_path / "tree"
    shutil.copytree(MAIL / "enron_like_tree", tree)
    message = tree / "allen-p" / "discussion_threads" / "1."
    (tree / "allen-p" / "zz_sent").mkdir()
    shutil.copyfile(message, tree / "allen-p" / "zz_sent" / "1.")  # read last
    records = consume(MailFolderImporter().parse(tree))
    recorded = next(m for m in of(records, rec.Message) if m.subject == "Trading desk")
    assert recorded.folder == "allen-p/discussion_threads"  # the first copy's record stands
    assert by_file(records)["allen-p/zz_sent/1."].startswith("skip: duplicate")
    owners = [o.value for o in of(records, rec.OwnerIdentity)]
    assert owners == ["phillip.allen@enron.com"]  # Tim's one Sent copy is under a fifth of 5
    assert "tim.belden@enron.com" not in owners


def test_each_folders_copy_under_its_own_message_id_is_one_message(tmp_path: Path) -> None:
    # The corpus gives each folder's copy of a message its own Message-ID and X-Folder.
    tree = tmp_path / "tree"
    shutil.copytree(MAIL / "enron_like_tree", tree)
    original = (tree / "allen-p" / "discussion_threads" / "1.").read_bytes()
    copy = original.replace(b"9348274.1075855374355", b"1234567.1075855999999").replace(
        b"Discussion threads", b"Notes inbox"
    )
    (tree / "allen-p" / "notes_inbox").mkdir()
    (tree / "allen-p" / "notes_inbox" / "1.").write_bytes(copy)
    records = consume(MailFolderImporter().parse(tree))
    assert [m.subject for m in of(records, rec.Message)].count("Trading desk") == 1
    assert by_file(records)["allen-p/notes_inbox/1."] == f"skip: {COPY}"


def test_eml_files_with_availability_signals() -> None:
    parsed = pick(MAIL / "eml_signals").parse(MAIL / "eml_signals")
    records = consume(parsed)
    assert by_file(records) == {
        "Inbox/abwesenheitsnotiz_no_date.eml": "away",
        "Inbox/bounce_address_only_in_body.eml": "skip: bounce: failed address not in headers",
        "Inbox/bounce_x_failed_recipients.eml": "bounced",
        "Inbox/from_line_first.eml": "Message",
        "Inbox/notification_no_reply.eml": "skip: automated: no-reply sender",
        "Inbox/ooo_back_on_iso.eml": "away",
        "Inbox/ooo_until_3_march.eml": "away",
        "Inbox/ooo_until_weekday_slash.eml": "away",
        "Inbox/reply_from_ada.eml": "Message",
        "Sent Messages/index.html": "skip: not mail: no mail header lines at the start",
        "Sent Messages/no_date.eml": "problem: bad-date",
        "Sent Messages/request_to_ada.eml": "Message",
    }
    signals = {str(a.origin): a for a in of(records, rec.Availability)}
    assert {name: a.until for name, a in signals.items()} == {
        "Inbox/abwesenheitsnotiz_no_date.eml": None,
        "Inbox/bounce_x_failed_recipients.eml": None,
        "Inbox/ooo_back_on_iso.eml": date(2025, 3, 14),
        "Inbox/ooo_until_3_march.eml": date(2025, 3, 3),
        "Inbox/ooo_until_weekday_slash.eml": date(2025, 3, 10),
    }
    bounce = signals["Inbox/bounce_x_failed_recipients.eml"]
    assert (bounce.person.email, bounce.address) == (
        "old.address@example.org",
        "old.address@example.org",
    )
    assert bounce.key == "bounce:mid:eml-7@mail.example.com"
    away = signals["Inbox/ooo_until_3_march.eml"]
    assert (away.person.name, away.person.email) == ("Carol Jones", "carol@example.com")
    assert away.key == "away:mid:eml-3@example.com"
    [problem] = of(records, rec.Problem)
    assert problem.message.startswith("no usable date: Date header 'whenever' cannot be read")
    from_line = next(m for m in of(records, rec.Message) if m.subject == "Coffee")
    assert from_line.folder == "Inbox"  # one message, though it opens with a From_ line
    assert [o.value for o in of(records, rec.OwnerIdentity)] == ["sam.owner@example.com"]
    assert parsed.files[0].records == 8


def test_a_single_eml_file() -> None:
    path = MAIL / "eml_signals" / "Inbox" / "ooo_until_3_march.eml"
    parsed = pick(path).parse(path)
    records = list(parsed.records)
    [away] = of(records, rec.Availability)
    assert (str(away.origin), away.until) == ("ooo_until_3_march.eml", date(2025, 3, 3))
    assert parsed.position is not None and parsed.position() == (parsed.size, 1)


def test_mbox_files_inside_a_tree_are_read_as_folders() -> None:
    records = consume(MailFolderImporter().parse(MAIL / "thunderbird_local_folders"))
    assert by_file(records) == {
        "Inbox:1": "Message",
        "Inbox:2": "Message",
        "Inbox.msf": "skip: not mail: a mail program's index or settings file",
        "Sent:1": "Message",
        "Sent.msf": "skip: not mail: a mail program's index or settings file",
    }
    assert [m.folder for m in of(records, rec.Message)] == ["Inbox", "Inbox", "Sent"]
    assert [o.value for o in of(records, rec.OwnerIdentity)] == ["sam.owner@example.com"]


def test_unreadable_files_are_problems_with_their_path(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    shutil.copytree(MAIL / "enron_like_tree", tree)
    (tree / "allen-p" / "inbox" / "3.").symlink_to(tree / "allen-p" / "nowhere")
    records = list(MailFolderImporter().parse(tree).records)
    assert by_file(records)["allen-p/inbox/3."] == (
        "skip: not a regular file (link, device or socket)"
    )


# --- labels, fingerprint, streaming ---------------------------------------------------------


@pytest.mark.parametrize(
    ("parts", "labels"),
    [
        ((), ()),
        (("Sent",), ("Sent",)),
        (("INBOX", "Sent"), ("INBOX/Sent", "Sent")),
        (("allen-p", "_sent_mail"), ("allen-p/_sent_mail", "Sent")),
        (("Sent Messages",), ("Sent Messages", "Sent")),
        (("Archive", "2019"), ("Archive/2019",)),
    ],
)
def test_folder_labels(parts: tuple[str, ...], labels: tuple[str, ...]) -> None:
    assert folder_labels(parts) == labels


def test_the_tree_fingerprint_follows_names_and_sizes(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    shutil.copytree(MAIL / "maildir_nested_plain", tree)
    fingerprint, size = tree_fingerprint(tree)
    assert size == sum(p.stat().st_size for p in tree.rglob("*") if p.is_file())
    assert tree_fingerprint(tree) == (fingerprint, size)
    (tree / "Inbox" / "new" / "2.host").rename(tree / "Inbox" / "new" / "2b.host")
    assert tree_fingerprint(tree)[0] != fingerprint


def test_a_big_tree_streams(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    for folder in ("inbox", "sent"):
        (tree / folder).mkdir(parents=True)
        for n in range(300):
            sender, to = (
                ("Sam <sam@example.com>", f"p{n}@example.org")
                if folder == "sent"
                else (f"P{n} <p{n}@example.org>", "Sam <sam@example.com>")
            )
            (tree / folder / f"{n}.").write_text(
                f"Message-ID: <{folder}-{n}@x>\nDate: Mon, 03 Mar 2025 09:00:00 +0000\n"
                f"From: {sender}\nTo: {to}\nSubject: s{n}\n\nHello.\n"
            )
    parsed = MailFolderImporter().parse(tree)
    assert parsed.position is not None
    records: Iterator[rec.Record] = iter(parsed.records)
    assert records is parsed.records
    assert isinstance(next(records), rec.Message)
    done, messages = parsed.position()
    assert messages == 1 and 0 < done < parsed.size / 100
    rest = list(records)
    assert parsed.position() == (parsed.size, 600)
    assert parsed.files[0].records == 600
    assert isinstance(rest[-1], rec.OwnerIdentity) and rest[-1].value == "sam@example.com"


def test_mbox_and_folder_readers_agree(tmp_path: Path) -> None:
    """The same messages as an mbox and as files: the same records, bar origins and labels."""
    tree = MAIL / "eml_signals" / "Inbox"
    mbox = tmp_path / "inbox.mbox"
    with mbox.open("wb") as out:
        for path in sorted(tree.iterdir()):
            data = path.read_bytes().replace(b"\r\n", b"\n")
            if not data.startswith(b"From "):
                data = b"From - Mon Mar  3 09:00:00 2025\n" + data
            out.write(data.rstrip(b"\n") + b"\n\n")
    from_files = [type(r).__name__ for r in MailFolderImporter().parse(tree).records]
    from_mbox = [type(r).__name__ for r in MboxImporter().parse(mbox).records]
    assert from_files == from_mbox
