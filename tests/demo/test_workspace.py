"""The demo's mailbox, calendar and address book: every importer and identity matching at work."""

from __future__ import annotations

from pathlib import Path

import pytest

from goodword.config import Settings
from goodword.demo import build_network, write_export_zip
from goodword.demo.workspace import private_mail, work_address, write_workspace
from goodword.service import Service


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Service, list, object]:
    network = build_network(seed=11, contacts=120)
    base = tmp_path_factory.mktemp("demo")
    service = Service(Settings(home=base / "home", database_url=f"sqlite:///{base / 'db.sqlite'}"))
    service.import_path(write_export_zip(network, base / "export"))
    summaries = [service.import_path(path) for path in write_workspace(network, base / "ws")]
    return service, summaries, network


def test_every_message_event_and_card_is_accounted_for(imported: tuple) -> None:
    _service, summaries, _network = imported
    mail, calendar, contacts = summaries
    [m] = mail.files
    assert m.rows == m.added + m.unchanged + sum(m.skipped.values()) + m.problems
    assert m.skipped.get("automated: Precedence: list", 0) > 0  # the newsletter
    assert calendar.files[0].added > calendar.files[0].rows  # weekly series expand
    assert contacts.files[0].rows == contacts.files[0].added


def test_mail_people_are_found_on_linkedin(imported: tuple) -> None:
    service, summaries, network = imported
    mail = summaries[0]
    # LinkedIn gives no emails: the same colleagues arrive again from mail, and are joined.
    assert mail.matches_merged > 0
    # Everyone mailed is a connection: a person mail adds is one still waiting for review.
    assert mail.people_added == mail.matches_pending
    manager = next(
        c for c in network.contacts if c.role == "manager" and not c.ghost and c.worked_at
    )
    detail = service.person(manager.clean_name, as_of=network.export_date)
    emails = {i.value for i in detail.record.identities if i.kind == "email"}
    assert work_address(manager, manager.worked_at) in emails
    assert any(i.kind == "linkedin" for i in detail.record.identities)


def test_an_address_book_card_adds_the_private_address_to_the_same_person(imported: tuple) -> None:
    service, _summaries, network = imported
    names = [c.clean_name for c in network.contacts]
    contact, address = next(
        (c, a) for c, a in private_mail(network) if names.count(c.clean_name) == 1
    )
    detail = service.person(contact.clean_name, as_of=network.export_date)
    kinds = {(i.kind, i.value) for i in detail.record.identities}
    assert ("email", address) in kinds
    assert any(kind == "phone" for kind, _ in kinds)


def test_no_demo_file_is_left_unread(tmp_path: Path) -> None:
    network = build_network(seed=3, contacts=40)
    paths = write_workspace(network, tmp_path)
    assert [p.name for p in paths] == [
        "All mail Including Spam and Trash.mbox",
        "calendar.ics",
        "contacts.vcf",
    ]
    assert all(p.stat().st_size > 0 for p in paths)
