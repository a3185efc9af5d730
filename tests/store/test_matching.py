"""Identity resolution across sources: LinkedIn people found again in mail and address books.

Each scenario writes the evidence right above what it expects: a LinkedIn
Connections file, a mailbox, a vCard. Runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from goodword.errors import InvalidInput
from goodword.service import Service
from tests.store.test_mbox_import import message

HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
ME = "Sam Rivera <sam.rivera@example.com>"


@pytest.fixture
def service(db_url: str, monkeypatch: pytest.MonkeyPatch) -> Service:
    monkeypatch.setenv("GOODWORD_DATABASE_URL", db_url)
    return Service()


def connections(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "Connections.csv"
    path.write_text(HEADER + "".join(f"{row}\n" for row in rows), encoding="utf-8")
    return path


def mbox(tmp_path: Path, *parts: str, name: str = "mail.mbox") -> Path:
    path = tmp_path / name
    path.write_text("".join(parts), encoding="utf-8")
    return path


def sent(n: int, to: str, day: int = 3) -> str:
    return message(
        n, ME, to, f"Mon, {day:02d} Mar 2025 09:00:00 +0000", f"Hello {n}", labels="Sent"
    )


def reply(n: int, sender: str, to_message: int, day: int = 3) -> str:
    return message(
        n, sender, ME, f"Mon, {day:02d} Mar 2025 15:00:00 +0000", "Re: hello", reply_to=to_message
    )


def people_called(service: Service, name: str) -> list[int]:
    return [a.person.id for a in service.people(as_of=date(2025, 6, 1), search=name)]


def test_a_work_address_at_their_company_joins_the_linkedin_connection(
    service: Service, tmp_path: Path
) -> None:
    service.import_path(
        connections(
            tmp_path,
            "Zoë,Bašić,https://www.linkedin.com/in/zoe-basic-1,,Globex LLC,Director,04 Mar 2020",
        )
    )
    # Mail from the same name at globex.com: the name and the organisation agree.
    summary = service.import_path(
        mbox(
            tmp_path,
            sent(1, "Zoe Basic <zoe.basic@globex.com>"),
            reply(2, "Zoe Basic <zoe.basic@globex.com>", 1),
        )
    )
    assert summary.matches_merged == 1 and summary.matches_pending == 0
    [zoe] = people_called(service, "Zoe Basic")
    detail = service.person(str(zoe), as_of=date(2025, 6, 1))
    kinds = {(i.kind, i.value) for i in detail.record.identities}
    assert ("email", "zoe.basic@globex.com") in kinds
    assert ("linkedin", "linkedin.com/in/zoe-basic-1") in kinds
    assert detail.assessment.communication.details["replied"] == 1
    [merged] = service.review("merged")
    assert merged.decided_by == "auto" and merged.confidence >= 0.9
    assert any("organisation" in line for line in merged.evidence)


def test_a_private_address_with_the_same_name_waits_for_review_and_the_answer_sticks(
    service: Service, tmp_path: Path
) -> None:
    service.import_path(
        connections(
            tmp_path, "Ana,Ruiz,https://www.linkedin.com/in/ana-ruiz-9,,Acme,Engineer,01 Jan 2022"
        )
    )
    # Gmail says nothing about where she works; the address spells her name.
    mail = mbox(
        tmp_path,
        sent(1, "Ana Ruiz <ana.ruiz@gmail.com>"),
        reply(2, "Ana Ruiz <ana.ruiz@gmail.com>", 1),
    )
    summary = service.import_path(mail)
    assert (summary.matches_merged, summary.matches_pending) == (0, 1)
    [question] = service.review()
    assert 0.6 <= question.confidence < 0.9
    assert question.evidence == [
        "the same name, 'Ana Ruiz'",
        "the address ana.ruiz@gmail.com spells the name",
    ]
    assert len(people_called(service, "Ana Ruiz")) == 2

    service.decide_match(question.id, same=True)
    assert len(people_called(service, "Ana Ruiz")) == 1
    assert service.review() == []
    # A newer mailbox with more of her mail: still one person, nothing asked again.
    again = service.import_path(
        mbox(tmp_path, sent(3, "Ana Ruiz <ana.ruiz@gmail.com>", day=5), name="newer.mbox")
    )
    assert (again.matches_merged, again.matches_pending, again.people_added) == (0, 0, 0)
    assert len(people_called(service, "Ana Ruiz")) == 1


def test_a_rejected_pair_is_never_proposed_again(service: Service, tmp_path: Path) -> None:
    service.import_path(
        connections(
            tmp_path, "Ana,Ruiz,https://www.linkedin.com/in/ana-ruiz-9,,Acme,Engineer,01 Jan 2022"
        )
    )
    service.import_path(mbox(tmp_path, sent(1, "Ana Ruiz <ana.ruiz@gmail.com>")))
    [question] = service.review()
    service.decide_match(question.id, same=False)
    again = service.import_path(
        mbox(tmp_path, sent(3, "Ana Ruiz <ana.ruiz@gmail.com>", day=5), name="newer.mbox")
    )
    assert again.matches_pending == 0
    assert service.review() == []
    assert len(people_called(service, "Ana Ruiz")) == 2
    [rejected] = service.review("rejected")
    assert rejected.decided_by == "user"


def test_a_name_two_connections_share_is_never_merged_with_mail(
    service: Service, tmp_path: Path
) -> None:
    service.import_path(
        connections(
            tmp_path,
            "John,Smith,https://www.linkedin.com/in/john-smith-1,,Acme,Engineer,01 Jan 2022",
            "John,Smith,https://www.linkedin.com/in/john-smith-2,,Initech,Designer,01 Jan 2022",
        )
    )
    summary = service.import_path(mbox(tmp_path, sent(1, "John Smith <john.smith@gmail.com>")))
    # Same name, but two people already have it: too weak to ask about, let alone merge.
    assert (summary.matches_merged, summary.matches_pending) == (0, 0)
    assert len(people_called(service, "John Smith")) == 3


def test_split_moves_an_address_and_its_mail_and_survives_reimport(
    service: Service, tmp_path: Path
) -> None:
    service.import_path(
        connections(
            tmp_path,
            "Zoë,Bašić,https://www.linkedin.com/in/zoe-basic-1,,Globex LLC,Director,04 Mar 2020",
        )
    )
    mail = mbox(
        tmp_path,
        sent(1, "Zoe Basic <zoe.basic@globex.com>"),
        reply(2, "Zoe Basic <zoe.basic@globex.com>", 1),
    )
    assert service.import_path(mail).matches_merged == 1
    [zoe] = people_called(service, "Zoe Basic")
    # She says that address was her namesake in the sales team: split it off.
    decision = service.split(str(zoe), ["zoe.basic@globex.com"])
    other = decision.other_id
    assert other is not None and other != zoe
    moved = service.person(str(other), as_of=date(2025, 6, 1)).assessment.communication
    assert (moved.details["asked"], moved.details["replied"]) == (1, 1)
    stayed = service.person(str(zoe), as_of=date(2025, 6, 1))
    assert {i.kind for i in stayed.record.identities} == {"linkedin"}
    # Re-importing the same mailbox does not merge them again.
    again = service.import_path(mail)
    assert (again.matches_merged, again.matches_pending) == (0, 0)
    assert sorted(people_called(service, "Zoe Basic")) == sorted([zoe, other])


def test_split_says_what_a_person_holds_when_asked_for_something_else(
    service: Service, tmp_path: Path
) -> None:
    service.import_path(
        connections(
            tmp_path, "Ana,Ruiz,https://www.linkedin.com/in/ana-ruiz-9,,Acme,Engineer,01 Jan 2022"
        )
    )
    with pytest.raises(InvalidInput, match=r"has: linkedin:linkedin.com/in/ana-ruiz-9"):
        service.split("Ana Ruiz", ["ana@elsewhere.org"])
    with pytest.raises(InvalidInput, match="every identity"):
        service.split("Ana Ruiz", ["linkedin:https://www.linkedin.com/in/ana-ruiz-9"])


def test_merge_by_hand_folds_every_row_and_is_kept(service: Service, tmp_path: Path) -> None:
    service.import_path(
        mbox(
            tmp_path,
            sent(1, "Bo Chen <bo@chen.example>"),
            sent(2, "Robert Chen <rchen@other.example>"),
        )
    )
    [bo] = people_called(service, "Bo Chen")
    [robert] = people_called(service, "Robert Chen")
    decision = service.merge(str(robert), str(bo))
    assert decision.message == f"Bo Chen (#{bo}) merged into #{robert}"
    detail = service.person(str(robert), as_of=date(2025, 6, 1))
    assert {i.value for i in detail.record.identities} == {"bo@chen.example", "rchen@other.example"}
    assert detail.assessment.communication.details["asked"] == 2
    [kept] = service.review("merged")
    assert kept.decided_by == "user"


def test_an_address_book_card_listing_two_addresses_makes_one_person(
    service: Service, tmp_path: Path
) -> None:
    service.import_path(
        mbox(
            tmp_path,
            sent(1, "Kim Lee <kim@work.example>"),
            sent(2, "Kimberly Lee <kim.lee@home.example>"),
        )
    )
    assert len(people_called(service, "Lee")) == 2
    card = tmp_path / "kim.vcf"
    card.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Kim Lee\r\nN:Lee;Kim;;;\r\n"
        "EMAIL;TYPE=WORK:kim@work.example\r\nEMAIL;TYPE=HOME:kim.lee@home.example\r\n"
        "TEL;TYPE=CELL:+1 415 555 0100\r\nORG:Work Example Inc\r\nTITLE:Staff Engineer\r\n"
        "END:VCARD\r\n",
        encoding="utf-8",
    )
    summary = service.import_path(card)
    assert summary.matches_merged == 1
    [kim] = people_called(service, "Lee")
    detail = service.person(str(kim), as_of=date(2025, 6, 1))
    assert {i.kind for i in detail.record.identities} == {"email", "phone"}
    assert detail.assessment.communication.details["asked"] == 2
    [merged] = service.review("merged")
    assert "address-book card" in merged.evidence[0]


def test_a_former_colleague_writing_from_your_old_employer_is_joined(
    service: Service, tmp_path: Path
) -> None:
    # You worked at Northwind Labs; Lena is on LinkedIn at her new company, with no email.
    positions = tmp_path / "Positions.csv"
    positions.write_text(
        "Company Name,Title,Description,Location,Started On,Finished On\n"
        "Northwind Labs,Data Scientist,,,Jan 2016,Dec 2019\n",
        encoding="utf-8",
    )
    service.import_path(positions)
    service.import_path(
        connections(
            tmp_path,
            "Lena,Okafor,https://www.linkedin.com/in/lena-okafor,,Fabrikam,CTO,01 Jan 2020",
        )
    )
    # Her old work address spells her name, at the organisation where you worked together.
    summary = service.import_path(
        mbox(tmp_path, sent(1, "Lena Okafor <lena.okafor@northwindlabs.example>"))
    )
    assert (summary.matches_merged, summary.matches_pending) == (1, 0)
    [merged] = service.review("merged")
    assert merged.evidence == [
        "the same name, 'Lena Okafor'",
        "writes from northwindlabs, where you worked too",
        "the address lena.okafor@northwindlabs.example spells the name",
    ]


def test_answering_a_question_after_more_imports_decides_that_question(
    service: Service, tmp_path: Path
) -> None:
    service.import_path(
        connections(
            tmp_path, "Ana,Ruiz,https://www.linkedin.com/in/ana-ruiz-9,,Acme,Engineer,01 Jan 2022"
        )
    )
    service.import_path(mbox(tmp_path, sent(1, "Ana Ruiz <ana.ruiz@gmail.com>")))
    [question] = service.review()
    # Her card then adds an address that sorts before the one the question was asked about.
    card = tmp_path / "ana.vcf"
    card.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana Ruiz\r\n"
        "EMAIL:ana.ruiz@gmail.com\r\nEMAIL:aaa.ruiz@home.example\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )
    service.import_path(card)
    service.decide_match(question.id, same=True)
    assert service.review() == []
    [decided] = service.review("merged")
    assert (decided.id, decided.decided_by) == (question.id, "user")
    assert len(people_called(service, "Ana Ruiz")) == 1
