"""Importing a LinkedIn export into the store, on SQLite and PostgreSQL.

Idempotent re-imports, newer exports, all-or-nothing failures, one person
per human across URL spellings, and the owner found in the export.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from goodword.errors import Ambiguous, BrokenFile, NotFound
from goodword.service import Service
from goodword.store import load as load_module
from goodword.store import models as m
from tests.linkedin_exports import EXPORT_2025, OWNER_URL, QUIRKS, copy_export, zip_folder

TABLES = (
    m.Person,
    m.Identity,
    m.Organization,
    m.Tenure,
    m.Interaction,
    m.InteractionParticipant,
    m.Endorsement,
    m.Recommendation,
    m.ImportRun,
    m.ImportIssue,
)


def counts(service: Service) -> dict[str, int]:
    with service.store.session() as session:
        return {
            model.__tablename__: session.scalar(select(func.count()).select_from(model)) or 0
            for model in TABLES
        }


def person_named(service: Service, name: str) -> m.Person:
    with service.store.session() as session:
        return session.scalars(select(m.Person).where(m.Person.display_name == name)).one()


def test_import_stores_people_evidence_and_provenance(service: Service, tmp_path: Path) -> None:
    summary = service.import_path(zip_folder(EXPORT_2025, tmp_path))
    stored = counts(service)
    assert summary.people_added == 9
    assert stored["person"] == 10  # nine contacts and the owner
    assert stored["interaction"] == 11 + 2  # messages kept + invitations
    assert stored["endorsement"] == 4
    assert stored["recommendation"] == 3
    with service.store.session() as session:
        message = session.scalars(select(m.Interaction).order_by(m.Interaction.id)).first()
        assert message is not None
        assert message.import_id == summary.import_id
        assert message.source_file == "messages.csv" and message.source_ref == "2"
        run = session.get(m.ImportRun, summary.import_id)
        assert run is not None and run.status == "done"
        assert run.counts["files"]["Connections.csv"]["rows"] == 10


def test_one_person_per_human_across_url_spellings(service: Service) -> None:
    service.import_path(EXPORT_2025)
    zoe = person_named(service, "Zoë Bašić")
    with service.store.session() as session:
        identities = session.scalars(
            select(m.Identity.value).where(m.Identity.person_id == zoe.id)
        ).all()
        endorsements = session.scalar(
            select(func.count()).select_from(m.Endorsement).where(m.Endorsement.person_id == zoe.id)
        )
        sent = session.scalar(
            select(func.count()).select_from(m.Interaction).where(m.Interaction.sender_id == zoe.id)
        )
        recommendation = session.scalars(
            select(m.Recommendation).where(m.Recommendation.person_id == zoe.id)
        ).one()
    assert identities == ["linkedin.com/in/zoë-bašić-ph-d-12345678"]
    assert endorsements == 2
    assert sent == 2
    assert recommendation.text.startswith("I managed Sam")


def test_same_company_written_two_ways_is_one_organisation(service: Service) -> None:
    service.import_path(EXPORT_2025)
    with service.store.session() as session:
        names = session.scalars(select(m.Organization.key)).all()
    assert sorted(names).count("globex") == 1


def test_recommendation_from_one_of_two_namesakes_goes_to_the_right_one(service: Service) -> None:
    service.import_path(EXPORT_2025)
    with service.store.session() as session:
        rows = session.execute(
            select(m.Organization.name)
            .join(m.Person, m.Person.organization_id == m.Organization.id)
            .join(m.Recommendation, m.Recommendation.person_id == m.Person.id)
            .where(m.Person.display_name == "Chris Lee")
        ).all()
    assert [r[0] for r in rows] == ["Initech"]


def test_owner_identity_comes_from_the_export(service: Service) -> None:
    summary = service.import_path(EXPORT_2025)
    assert f"linkedin:{OWNER_URL}" in summary.owner_identities
    me = service.me()
    assert me.name == "Sam Rivera"
    assert me.linkedin_url == f"https://www.{OWNER_URL}"
    assert me.emails == ["sam.rivera@example.com", "sam@old.example.org"]
    assert any("Senior Data Scientist at Northwind Labs" in p for p in me.positions)


def test_reimporting_the_same_export_adds_nothing(service: Service, tmp_path: Path) -> None:
    archive = zip_folder(EXPORT_2025, tmp_path)
    service.import_path(archive)
    before = counts(service)
    again = service.import_path(archive)
    after = counts(service)
    assert again.people_added == 0
    assert all(f.added == 0 for f in again.files if f.used), again.files
    assert {k: v for k, v in after.items() if k != "import_run"} == {
        k: v for k, v in before.items() if k != "import_run"
    }
    assert after["import_run"] == before["import_run"] + 1


def test_a_newer_export_adds_only_what_is_new(service: Service, tmp_path: Path) -> None:
    service.import_path(EXPORT_2025)
    before = counts(service)
    newer = copy_export(tmp_path / "newer")
    connections = (newer / "Connections.csv").read_text(encoding="utf-8")
    (newer / "Connections.csv").write_text(
        connections
        + "\nNoor,Haddad,https://www.linkedin.com/in/noor-haddad,,Globex,Analyst,01 Sep 2025",
        encoding="utf-8",
    )
    with (newer / "messages.csv").open("a", encoding="utf-8") as handle:
        handle.write(
            "2-TmV3,,Noor Haddad,https://www.linkedin.com/in/noor-haddad,Sam Rivera,"
            "https://www.linkedin.com/in/sam-rivera-0a1b2c3d,2025-09-02 10:00:00 UTC,,Hi Sam,INBOX,No,No\n"
        )
    summary = service.import_path(newer)
    after = counts(service)
    assert summary.people_added == 1
    assert after["person"] == before["person"] + 1
    assert after["interaction"] == before["interaction"] + 1
    assert after["endorsement"] == before["endorsement"]


def test_a_broken_file_leaves_the_database_as_it_was(service: Service, tmp_path: Path) -> None:
    service.import_path(EXPORT_2025)
    before = counts(service)
    broken = copy_export(
        tmp_path / "broken", {"Connections.csv": QUIRKS / "connections_missing_columns.csv"}
    )
    with pytest.raises(BrokenFile):
        service.import_path(broken)
    assert counts(service) == before


def test_a_crash_mid_load_rolls_back_and_a_rerun_completes(
    service: Service, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert service.store is not None  # opening migrates: count the empty tables
    empty = counts(service)
    original = load_module.Loader._message
    calls = {"n": 0}

    def crash_on_the_fifth(self: Any, message: Any) -> None:
        calls["n"] += 1
        if calls["n"] == 5:
            raise RuntimeError("power cut")
        original(self, message)

    monkeypatch.setattr(load_module.Loader, "_message", crash_on_the_fifth)
    with pytest.raises(RuntimeError, match="power cut"):
        service.import_path(EXPORT_2025)
    assert counts(service) == empty
    monkeypatch.setattr(load_module.Loader, "_message", original)
    service.import_path(EXPORT_2025)
    service.import_path(EXPORT_2025)
    stored = counts(service)
    assert stored["person"] == 10 and stored["interaction"] == 13


def test_problem_rows_are_stored_with_their_location(service: Service, tmp_path: Path) -> None:
    folder = copy_export(
        tmp_path / "export", {"Connections.csv": QUIRKS / "connections_bad_rows.csv"}
    )
    summary = service.import_path(folder)
    locations = {(p["file"], p["location"], p["code"]) for p in summary.problems}
    assert locations == {
        ("Connections.csv", "row 3", "malformed"),
        ("Connections.csv", "row 4", "bad-date"),
    }
    assert counts(service)["import_issue"] == 2


def test_strict_import_stops_at_the_first_problem(service: Service, tmp_path: Path) -> None:
    from goodword.errors import ImportFailed

    folder = copy_export(
        tmp_path / "export", {"Connections.csv": QUIRKS / "connections_bad_rows.csv"}
    )
    with pytest.raises(ImportFailed, match=r"Connections.csv:3: expected 7 fields"):
        service.import_path(folder, strict=True)
    assert counts(service)["person"] == 0


def test_claiming_a_contact_identity_as_mine_merges_it_into_me(service: Service) -> None:
    service.import_path(EXPORT_2025)
    lukas = person_named(service, "Lukas Johansson")
    me = service.update_me(linkedin="https://www.linkedin.com/in/lukas-johansson-9/")
    assert me.linkedin_url in {
        f"https://www.{OWNER_URL}",
        "https://www.linkedin.com/in/lukas-johansson-9",
    }
    with service.store.session() as session:
        assert session.get(m.Person, lukas.id) is None
        owner = session.scalars(select(m.Owner)).one()
        holder = session.scalars(
            select(m.Identity.person_id).where(
                m.Identity.value == "linkedin.com/in/lukas-johansson-9"
            )
        ).one()
        assert holder == owner.self_person_id


def test_people_can_be_found_by_name_or_id(service: Service) -> None:
    service.import_path(EXPORT_2025)
    zoe = service.person("zoe basic")
    assert zoe.assessment.person.name == "Zoë Bašić"
    assert service.person(str(zoe.assessment.person.id)).assessment.person.name == "Zoë Bašić"
    with pytest.raises(Ambiguous, match="matches 2 people"):
        service.person("Chris Lee")
    with pytest.raises(NotFound, match="did you mean"):
        service.person("Zoe Basich")


def test_a_2018_style_import_then_a_2024_one_meet(service: Service, tmp_path: Path) -> None:
    """Old exports have no URLs: the same human is matched by name when the new one arrives."""
    old = tmp_path / "old"
    old.mkdir()
    shutil.copyfile(QUIRKS / "connections_2018_no_url.csv", old / "Connections.csv")
    service.import_path(old)
    service.import_path(QUIRKS / "connections_excel_resaved.csv")
    with service.store.session() as session:
        annas = session.scalars(select(m.Person).where(m.Person.name_key == "anna berg")).all()
    assert len(annas) == 1


def _namesakes_export(tmp_path: Path) -> Path:
    """An old export (no profile URLs) with two Chen Öztürks and a message from "Chen Öztürk"."""
    folder = tmp_path / "old"
    folder.mkdir()
    (folder / "Connections.csv").write_text(
        "First Name,Last Name,Email Address,Company,Position,Connected On\n"
        'Chen,Öztürk,,Globex,Analyst,"1/8/18, 6:14 PM"\n'
        'Chen,Öztürk,,Initech,Engineer,"2/9/18, 7:15 PM"\n',
        encoding="utf-8",
    )
    (folder / "Messages.csv").write_text(
        "From,To,Date,Subject,Content,Direction,Folder\n"
        'Chen Öztürk,Sam Rivera,"10/16/18, 8:36 AM",Hi,hello,INCOMING,INBOX\n',
        encoding="utf-8",
    )
    return folder


def test_two_namesakes_in_one_connections_file_stay_two_people(
    service: Service, tmp_path: Path
) -> None:
    folder = _namesakes_export(tmp_path)
    summary = service.import_path(folder)
    with service.store.session() as session:
        chens = session.scalars(select(m.Person).where(m.Person.name_key == "chen ozturk")).all()
    assert len(chens) == 2
    assert [p["code"] for p in summary.problems] == ["ambiguous-name"]
    messages = next(f for f in summary.files if f.name == "Messages.csv")
    assert (messages.added, messages.problems) == (0, 1)


def test_a_name_shared_by_namesakes_is_reported_with_a_step_that_merges_nobody(
    service: Service, tmp_path: Path
) -> None:
    folder = _namesakes_export(tmp_path)
    [problem] = service.import_path(folder).problems
    assert problem["message"] == (
        "'Chen Öztürk' is the name of 2 people (at Globex; at Initech) and this row has nothing "
        "else to tell them apart; row not imported, nobody merged or guessed "
        '(`goodword people --search "Chen Öztürk"` shows them; a LinkedIn export with profile '
        "URLs tells them apart)"
    )
    assert "merge" not in problem["message"].replace("merged", "")


def test_a_row_with_a_profile_url_is_attached_by_it_never_to_a_namesake(
    service: Service, tmp_path: Path
) -> None:
    folder = tmp_path / "old"
    folder.mkdir()
    (folder / "Connections.csv").write_text(
        "First Name,Last Name,Email Address,Company,Position,Connected On\n"
        'Chen,Öztürk,,Globex,Analyst,"1/8/18, 6:14 PM"\n'
        'Chen,Öztürk,,Initech,Engineer,"2/9/18, 7:15 PM"\n',
        encoding="utf-8",
    )
    service.import_path(folder)
    newer = tmp_path / "newer"
    newer.mkdir()
    (newer / "messages.csv").write_text(
        "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,"
        "DATE,SUBJECT,CONTENT,FOLDER\n"
        "c1,,Chen Öztürk,https://www.linkedin.com/in/chen-ozturk-77,Sam Rivera,"
        "https://www.linkedin.com/in/sam-rivera-0a1b2c3d,2024-01-03 10:00:00 UTC,,hi,INBOX\n",
        encoding="utf-8",
    )
    summary = service.import_path(newer)
    messages = next(f for f in summary.files if f.name == "messages.csv")
    assert (messages.added, messages.problems) == (1, 0)
    with service.store.session() as session:
        holder = session.scalars(
            select(m.Person).join(m.Identity).where(m.Identity.value.contains("chen-ozturk-77"))
        ).one()
        chens = session.scalars(select(m.Person).where(m.Person.name_key == "chen ozturk")).all()
        assert holder.organization is None  # neither the Globex Chen nor the Initech one
    assert len(chens) == 3  # the namesakes stay apart: review weighs the new one


def test_reimporting_connections_without_a_company_adds_nothing(
    service: Service, tmp_path: Path
) -> None:
    folder = tmp_path / "private"
    folder.mkdir()
    (folder / "Connections.csv").write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Ana,Silva,https://www.linkedin.com/in/ana-silva-1,,,,01 Mar 2021\n"
        "Bo,Chen,https://www.linkedin.com/in/bo-chen-2,,,,02 Mar 2021\n"
        "Cy,Park,https://www.linkedin.com/in/cy-park-3,,Globex,Analyst,03 Mar 2021\n",
        encoding="utf-8",
    )
    first = service.import_path(folder)
    again = service.import_path(folder)
    [before] = [f for f in first.files if f.name == "Connections.csv"]
    [after] = [f for f in again.files if f.name == "Connections.csv"]
    assert (before.added, before.unchanged) == (3, 0)
    assert (after.added, after.unchanged) == (0, 3)
    assert again.people_added == 0


def test_eval_on_an_export_without_messages_says_what_it_needs(
    service: Service, tmp_path: Path
) -> None:
    from goodword.errors import InvalidInput

    service.import_path(copy_export(tmp_path / "export", {"messages.csv": None}))
    with pytest.raises(InvalidInput) as raised:
        service.evaluate()
    message = raised.value.message
    assert message.startswith("eval needs at least 5 direct messages of yours")
    assert "import more of your mail or LinkedIn messages" in message
    assert "split (" not in message
