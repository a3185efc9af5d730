"""Forgetting a person removes everything about them, and no re-import brings them back.

On both databases: the fixture LinkedIn export (with Zoë's address added to
her connection row) and a mailbox where Zoë writes alone and in a group
with Maria are imported; Zoë is forgotten; the same files, and new mail,
are imported again.
"""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, or_, select

from goodword.config import Settings
from goodword.errors import Ambiguous, InvalidInput
from goodword.identity import forgotten
from goodword.service import Service
from goodword.store import forget as store_forget
from goodword.store import models as m
from tests.linkedin_exports import copy_export, zip_folder
from tests.store.test_mbox_import import MARIA, SAM, message

ZOE = "Zoë Bašić <zoe.basic@globex.example>"
ZOE_EMAIL = "zoe.basic@globex.example"
ZOE_PROFILE = "linkedin.com/in/zoë-bašić-ph-d-12345678"


def export_with_zoes_address(destination: Path) -> Path:
    """The fixture export, zipped, with Zoë's address on her connection row."""
    folder = copy_export(destination / "export")
    connections = folder / "Connections.csv"
    text = connections.read_text(encoding="utf-8")
    row = "ph-d-12345678,,Globex LLC"
    assert row in text
    connections.write_text(
        text.replace(row, f"ph-d-12345678,{ZOE_EMAIL},Globex LLC"), encoding="utf-8"
    )
    return zip_folder(folder, destination)


def zoes_mail(path: Path) -> Path:
    """Two mails with Zoë alone, and two in a group with Maria (Zoë writing one of them)."""
    parts = [
        message(21, SAM, ZOE, "Mon, 03 Mar 2025 09:00:00 +0000", "Churn model", labels="Sent"),
        message(22, ZOE, SAM, "Mon, 03 Mar 2025 12:00:00 +0000", "Re: Churn model", reply_to=21),
        message(23, MARIA, SAM, "Tue, 04 Mar 2025 09:00:00 +0000", "Offsite", extra=f"Cc: {ZOE}"),
        message(
            24, ZOE, SAM, "Tue, 04 Mar 2025 10:00:00 +0000", "Re: Offsite", extra=f"Cc: {MARIA}"
        ),
        message(25, SAM, MARIA, "Wed, 05 Mar 2025 09:00:00 +0000", "Lunch", labels="Sent"),
        message(26, MARIA, SAM, "Wed, 05 Mar 2025 11:00:00 +0000", "Re: Lunch", reply_to=25),
    ]
    path.write_text("".join(parts), encoding="utf-8")
    return path


def _one(service: Service, statement: Any) -> Any:
    with service.store.session() as session:
        return session.scalar(statement)


def zoes_rows(service: Service, zoe_id: int) -> dict[str, int]:
    """Every row anywhere that names Zoë: by id, by address, by profile or by name."""
    ip = m.InteractionParticipant
    return {
        "person": _one(
            service,
            select(func.count()).where(
                or_(m.Person.id == zoe_id, m.Person.name_key.like("%zoe%basic%"))
            ),
        ),
        "identity": _one(
            service,
            select(func.count()).where(
                or_(
                    m.Identity.person_id == zoe_id,
                    m.Identity.value.in_([ZOE_EMAIL, ZOE_PROFILE]),
                )
            ),
        ),
        "sent": _one(service, select(func.count()).where(m.Interaction.sender_id == zoe_id)),
        "received": _one(service, select(func.count()).where(ip.person_id == zoe_id)),
        "endorsement": _one(service, select(func.count()).where(m.Endorsement.person_id == zoe_id)),
        "recommendation": _one(
            service,
            select(func.count()).where(
                or_(
                    m.Recommendation.person_id == zoe_id,
                    m.Recommendation.text.like("%managed Sam%"),
                )
            ),
        ),
        "tenure": _one(service, select(func.count()).where(m.Tenure.person_id == zoe_id)),
    }


def _zoe(service: Service) -> int:
    return service.forget_preview("Zoë").person_id


@pytest.fixture
def imported(service: Service, tmp_path: Path) -> tuple[Service, Path, Path]:
    export = export_with_zoes_address(tmp_path)
    mail = zoes_mail(tmp_path / "mail.mbox")
    service.import_path(export)
    service.import_path(mail)
    return service, export, mail


def test_forgetting_removes_them_everywhere_and_a_reimport_brings_nothing_back(
    imported: tuple[Service, Path, Path],
) -> None:
    service, export, mail = imported
    zoe = _zoe(service)
    before = zoes_rows(service, zoe)
    assert before["identity"] == 2 and before["sent"] >= 3 and before["endorsement"] == 2
    assert before["recommendation"] == 1 and before["received"] >= 3
    # What only you know about her, too: a vetting, a relationship, an ask and its events.
    service.vet(str(zoe), willing="yes", channel="call")
    service.relate(str(zoe), kind="manager", organization="Globex LLC")
    service.add_job(title="Data Lead", organization="Fabrikam")
    service.ask("Data Lead", [str(zoe)], anyway=True)
    service.ask("Data Lead", ["Maria"], anyway=True)
    everyone = {a.person.id for a in service.people()}  # kept scores now exist
    assert zoe in everyone
    assert _one(service, select(func.count()).select_from(m.KeptScores)) == 1
    people_before = _one(service, select(func.count()).select_from(m.Person))

    preview = service.forget_preview(str(zoe))
    assert _one(service, select(func.count()).select_from(m.Person)) == people_before
    done = service.forget(str(zoe))
    assert done.as_dict()["removed"] == preview.as_dict()["removed"]
    removed = done.as_dict()["removed"]
    assert removed["identities"] == 2
    assert removed["endorsements"] == 2 and removed["recommendations"] == 1
    assert removed["left_out_of"] == 2  # the two group mails with Maria stay
    assert removed["interactions"] == before["sent"] + before["received"] - 2
    assert done.kept_scores == 1 and done.digests >= 3
    assert removed["vettings"] == 1 and removed["relationships"] == 1
    assert removed["asks"] == 1 and removed["ask_events"] >= 1

    gone = dict.fromkeys(before, 0)
    assert zoes_rows(service, zoe) == gone
    for model in (m.Vetting, m.Relationship, m.Ask):
        assert _one(service, select(func.count()).where(model.person_id == zoe)) == 0
    assert _one(service, select(func.count()).select_from(m.Ask)) == 1  # Maria's stays
    assert [a.person for a in service.asks()] == ["Maria Edde"]
    assert _one(service, select(func.count()).select_from(m.Person)) == people_before - 1
    assert _one(service, select(func.count()).select_from(m.KeptScores)) == 0
    with service.store.session() as session:
        offsite = session.scalars(
            select(m.Interaction).where(m.Interaction.subject.like("%Offsite%"))
        ).all()
        assert len(offsite) == 2  # the group thread stays, for Maria
        reply = next(i for i in offsite if i.subject.startswith("Re:"))
        assert reply.sender_id is None and reply.sender_identity_id is None
        stored = set(session.scalars(select(m.DoNotImport.digest)))
        assert len(stored) == done.digests
    plain = {ZOE_EMAIL, ZOE_PROFILE, f"email:{ZOE_EMAIL}", f"linkedin:{ZOE_PROFILE}"}
    unkeyed = {hashlib.blake2b(v.encode(), digest_size=32).hexdigest() for v in plain}
    unkeyed |= {hashlib.sha256(v.encode()).hexdigest() for v in plain}
    assert not (stored & (plain | unkeyed))  # neither the values nor a plain hash of them

    again = service.import_path(export)
    files = {f.name: f for f in again.files}
    assert again.people_added == 0
    assert files["Connections.csv"].skipped["forgotten person"] == 1
    assert files["messages.csv"].skipped["forgotten person"] == 4
    assert files["Endorsement_Received_Info.csv"].skipped["forgotten person"] == 2
    assert files["Recommendations_Received.csv"].skipped["forgotten person"] == 1  # a name only
    for report in again.files:
        assert "Zo" not in report.note and all("Zo" not in r for r in report.skipped)
        assert report.added == 0
    mail_again = service.import_path(mail)
    [mbox] = mail_again.files
    assert mbox.skipped["forgotten person"] == 2 and mbox.added == 0
    assert mbox.unchanged == 4  # the group thread and Maria's lunch, stored already
    assert zoes_rows(service, zoe) == gone
    assert _one(service, select(func.count()).select_from(m.Person)) == people_before - 1

    scored = service.people()  # everyone else is scored again, without her
    assert {a.person.id for a in scored} == everyone - {zoe}
    maria = service.person("Maria Edde", as_of=date(2025, 6, 1))
    assert maria.assessment.communication.value is not None


def test_new_mail_keeps_the_others_and_drops_the_forgotten(
    imported: tuple[Service, Path, Path], tmp_path: Path
) -> None:
    service, _export, _mail = imported
    zoe = _zoe(service)
    service.forget(str(zoe))
    new = tmp_path / "new.mbox"
    new.write_text(
        message(31, ZOE, SAM, "Mon, 07 Apr 2025 09:00:00 +0000", "Hello again")
        + message(32, ZOE, SAM, "Tue, 08 Apr 2025 09:00:00 +0000", "Team", extra=f"Cc: {MARIA}")
        + message(33, MARIA, SAM, "Wed, 09 Apr 2025 09:00:00 +0000", "Plan", extra=f"Cc: {ZOE}"),
        encoding="utf-8",
    )
    summary = service.import_path(new)
    [report] = summary.files
    assert summary.people_added == 0
    assert report.skipped == {"forgotten person": 1}
    assert report.added == 2
    assert "2 row(s) stored without a forgotten person" in report.note
    with service.store.session() as session:
        team = session.scalars(select(m.Interaction).where(m.Interaction.subject == "Team")).one()
        plan = session.scalars(select(m.Interaction).where(m.Interaction.subject == "Plan")).one()
        assert team.sender_id is None  # she wrote it: it stays, from nobody, to the others
        assert {p.person.display_name for p in team.participants} == {"Sam Rivera", "Maria Edde"}
        assert plan.sender is not None and plan.sender.display_name == "Maria Edde"
        assert {p.person.display_name for p in plan.participants} == {"Sam Rivera"}
    assert zoes_rows(service, zoe)["identity"] == 0


def test_a_namesake_with_an_identity_never_on_the_list_is_imported(
    imported: tuple[Service, Path, Path], tmp_path: Path
) -> None:
    service, _export, _mail = imported
    service.forget(str(_zoe(service)))
    other = tmp_path / "other.mbox"
    other.write_text(
        message(
            41, "Zoë Bašić <zoe@elsewhere.example>", SAM, "Mon, 07 Apr 2025 09:00:00 +0000", "Hi"
        )
        + message(
            42, "Omar Haddad <omar@contoso.example>", SAM, "Mon, 07 Apr 2025 10:00:00 +0000", "Yo"
        ),
        encoding="utf-8",
    )
    summary = service.import_path(other)
    assert summary.people_added == 2
    assert summary.files[0].skipped == {}
    assert summary.files[0].added == 2


def test_the_owner_cannot_be_forgotten(imported: tuple[Service, Path, Path]) -> None:
    service, _export, _mail = imported
    with service.store.session() as session:
        me = session.scalars(select(m.Person.id).where(m.Person.is_self.is_(True))).one()
    with pytest.raises(InvalidInput, match="that is you"):
        service.forget(str(me))
    with pytest.raises(InvalidInput, match="that is you"):
        service.forget_preview(str(me))
    with pytest.raises(InvalidInput, match="that is you"):
        service.forget("Sam Rivera")


def test_a_name_that_matches_several_people_is_refused(
    imported: tuple[Service, Path, Path],
) -> None:
    service, _export, _mail = imported
    people = _one(service, select(func.count()).select_from(m.Person))
    with pytest.raises(Ambiguous):
        service.forget("Lee")  # Chris Lee, twice (Initech, Umbrella)
    assert _one(service, select(func.count()).select_from(m.Person)) == people


def test_a_failure_mid_forget_leaves_everything_as_it_was(
    imported: tuple[Service, Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    service, _export, _mail = imported
    zoe = _zoe(service)
    service.people()
    before = zoes_rows(service, zoe)

    def broken(*_args: object) -> int:
        raise RuntimeError("disk full")

    monkeypatch.setattr(store_forget, "invalidate", broken)
    with pytest.raises(RuntimeError):
        service.forget(str(zoe))
    assert zoes_rows(service, zoe) == before
    assert _one(service, select(func.count()).select_from(m.DoNotImport)) == 0
    assert _one(service, select(func.count()).select_from(m.KeptScores)) == 1
    monkeypatch.undo()
    assert service.forget(str(zoe)).done  # and a second try completes


def test_the_digest_is_keyed_by_the_home() -> None:
    one, two = forgotten.new_secret(), forgotten.new_secret()
    key = f"email:{ZOE_EMAIL}"
    assert forgotten.digest(one, key) == forgotten.digest(one, key)
    assert forgotten.digest(one, key) != forgotten.digest(two, key)
    assert ZOE_EMAIL not in forgotten.digest(one, key)
    names = forgotten.person_keys([("email", ZOE_EMAIL)], "zoe basic", ["globex"])
    assert names == {f"email:{ZOE_EMAIL}", "name:zoe basic@globex", "name:zoe basic@"}
    # A row with an address is checked by it alone; a bare name by name and organisation.
    assert forgotten.ref_keys([("email", "x@y.example")], "zoe basic", "globex") == [
        "email:x@y.example"
    ]
    assert forgotten.ref_keys([], "zoe basic", "globex") == ["name:zoe basic@globex"]


WEEKLY = (
    Path(__file__).parent.parent
    / "fixtures"
    / "ics"
    / "recurring_weekly_with_exdate_and_override.ics"
)
ROSA_CARD = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Rosa Diaz\r\nN:Diaz;Rosa;;;\r\n"
    "EMAIL;TYPE=WORK:rosa@example.org\r\nTEL;TYPE=CELL:+1 (415) 555-0199\r\n"
    "ORG:Example Org\r\nEND:VCARD\r\n"
)
GOOGLE_HEADER = (
    "First Name,Middle Name,Last Name,Organization Name,Organization Title,"
    "E-mail 1 - Label,E-mail 1 - Value,Phone 1 - Label,Phone 1 - Value\n"
)


def test_calendars_and_address_books_leave_the_forgotten_out(
    service: Service, tmp_path: Path
) -> None:
    card = tmp_path / "contacts.vcf"
    card.write_text(ROSA_CARD, encoding="utf-8")
    service.import_path(card)
    first = service.import_path(WEEKLY)
    assert first.files[0].added == 7
    rosa = service.forget_preview("Rosa Diaz")
    removed = service.forget(str(rosa.person_id)).as_dict()["removed"]
    assert removed["interactions"] == 6 and removed["left_out_of"] == 1  # Tom's week stays
    again = service.import_path(WEEKLY)
    assert again.files[0].skipped["forgotten person"] == 6
    assert (again.files[0].added, again.files[0].unchanged) == (0, 1)
    assert service.import_path(card).files[0].skipped == {"forgotten person": 1}
    # Another card that gives only her phone number among new addresses, and a CSV row with
    # her address: both hers. A card for someone else is imported.
    other = tmp_path / "other.vcf"
    other.write_text(
        ROSA_CARD.replace("rosa@example.org", "r.diaz@new.example")
        + "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Tom Ng\r\nEMAIL:tom.ng@new.example\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )
    summary = service.import_path(other)
    assert summary.files[0].skipped == {"forgotten person": 1}
    assert summary.files[0].added == 1
    google = tmp_path / "google.csv"
    google.write_text(
        GOOGLE_HEADER + "Rosa,,Diaz,Example Org,,Work,rosa@example.org,,\n"
        "Ann,,Lee,Acme,,Work,ann@acme.example,,\n",
        encoding="utf-8",
    )
    summary = service.import_path(google)
    assert summary.files[0].skipped == {"forgotten person": 1}
    assert summary.people_added == 1
    with service.store.session() as session:
        assert not session.scalars(
            select(m.Identity).where(
                m.Identity.value.in_(["rosa@example.org", "+14155550199", "r.diaz@new.example"])
            )
        ).all()
        assert not session.scalars(
            select(m.Person).where(m.Person.display_name == "Rosa Diaz")
        ).all()


def test_match_decisions_naming_them_go_and_merged_addresses_stay_out(
    service: Service, tmp_path: Path
) -> None:
    service.import_path(export_with_zoes_address(tmp_path))
    other = tmp_path / "other.mbox"
    other.write_text(
        message(
            51, "Zoë Bašić <zoe@elsewhere.example>", SAM, "Mon, 07 Apr 2025 09:00:00 +0000", "Hi"
        ),
        encoding="utf-8",
    )
    service.import_path(other)
    zoe = _zoe(service)  # her second address was merged into her: one Zoë
    with service.store.session() as session:
        pairs = session.scalar(
            select(func.count()).where(
                or_(m.PersonMatch.person_id == zoe, m.PersonMatch.other_id == zoe)
            )
        )
        addresses = set(
            session.scalars(select(m.Identity.value).where(m.Identity.person_id == zoe))
        )
    assert pairs and "zoe@elsewhere.example" in addresses
    done = service.forget(str(zoe))
    assert done.as_dict()["removed"]["matches"] == pairs
    with service.store.session() as session:
        assert session.scalar(select(func.count()).select_from(m.PersonMatch)) == 0
    again = service.import_path(other)
    assert again.files[0].skipped == {"forgotten person": 1} and again.people_added == 0


def test_of_two_namesakes_known_by_name_alone_only_the_forgotten_one_stays_out(
    service: Service, tmp_path: Path
) -> None:
    from tests.store.test_reimport_name_only import ROWS, export

    folder = export(tmp_path / "export", ROWS)
    service.import_path(folder)
    with service.store.session() as session:
        dees = session.scalars(
            select(m.Person.id).where(m.Person.name_key == "cy dee").order_by(m.Person.id)
        ).all()
    assert len(dees) == 2
    service.forget(str(dees[1]))
    again = service.import_path(folder)
    assert again.files[0].skipped == {"forgotten person": 1}
    assert again.people_added == 0 and again.problems == []
    with service.store.session() as session:
        left = session.scalars(select(m.Person.id).where(m.Person.name_key == "cy dee")).all()
    assert list(left) == [dees[0]]


def test_an_export_and_its_import_keep_them_forgotten(
    imported: tuple[Service, Path, Path], tmp_path: Path
) -> None:
    from tests.service.test_export import other_database

    service, export, mail = imported
    service.forget(str(_zoe(service)))
    out = tmp_path / "everything.json"
    exported = service.export_data(out)
    assert exported.counts["do_not_import"] >= 3 and exported.counts["do_not_import_key"] == 1
    assert ZOE_EMAIL not in out.read_text(encoding="utf-8")
    urls = other_database(service.settings.resolved_database_url(), tmp_path, "target")
    target = Service(Settings(home=tmp_path / "target-home", database_url=next(urls)))
    try:
        target.import_export(out)
        again = target.import_path(export)
        assert again.people_added == 0
        files = {f.name: f for f in again.files}
        assert files["Connections.csv"].skipped["forgotten person"] == 1
        assert target.import_path(mail).files[0].skipped["forgotten person"] == 2
    finally:
        target.close()
        for _ in urls:  # drops the target database
            pass


def test_import_problems_that_name_them_go(service: Service, tmp_path: Path) -> None:
    from tests.store.test_import import _namesakes_export

    folder = _namesakes_export(tmp_path)
    summary = service.import_path(folder)
    assert [p["code"] for p in summary.problems] == ["ambiguous-name"]  # 'Chen Öztürk' is two
    with service.store.session() as session:
        initech = session.scalars(
            select(m.Person.id)
            .join(m.Organization, m.Person.organization_id == m.Organization.id)
            .where(m.Person.name_key == "chen ozturk", m.Organization.key == "initech")
        ).one()
    done = service.forget(str(initech))
    assert done.as_dict()["removed"]["import_problems"] == 1
    with service.store.session() as session:
        assert session.scalar(select(func.count()).select_from(m.ImportIssue)) == 0
    again = service.import_path(folder)
    files = {f.name: f for f in again.files}
    assert files["Connections.csv"].skipped == {"forgotten person": 1}
    assert files["Connections.csv"].unchanged == 1  # the Chen at Globex is still theirs
    # A message giving the shared name alone is left out too: forgetting errs that way.
    assert files["Messages.csv"].skipped.get("forgotten person") == 1
    assert again.people_added == 0
