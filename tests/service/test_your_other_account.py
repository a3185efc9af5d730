"""Your own other account: asked about as "is this you?", left out of slates until answered.

On both databases, and on both paths a slate is read by (the store, and
the kept scores read without it).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from goodword.service import Service
from goodword.service.scores import compute, quick
from goodword.service.slates import MAYBE_YOU
from tests.linkedin_exports import OWNER_URL, copy_export, zip_folder

SECOND = "https://www.linkedin.com/in/sam-rivera-2"
AS_OF = date(2025, 10, 1)


def export_with_a_second_account(destination: Path) -> Path:
    """The fixture export (owner Sam Rivera) with a connection named Sam Rivera, and a chat."""
    folder = copy_export(destination / "export")
    connections = folder / "Connections.csv"
    connections.write_text(
        connections.read_text(encoding="utf-8").rstrip("\n")
        + f"\nSam,Rivera,{SECOND},,Globex LLC,Data Analyst,04 Mar 2020\n",
        encoding="utf-8",
    )
    messages = folder / "messages.csv"
    messages.write_text(
        messages.read_text(encoding="utf-8").rstrip("\n")
        + f"\nalt-1,,Sam Rivera,https://www.{OWNER_URL},Sam Rivera,{SECOND},"
        "2025-08-01 10:00:00 UTC,,testing my other account,INBOX,No,No\n"
        f"alt-1,,Sam Rivera,{SECOND},Sam Rivera,https://www.{OWNER_URL},"
        "2025-08-01 11:00:00 UTC,,it works,INBOX,No,No\n",
        encoding="utf-8",
    )
    return zip_folder(folder, destination)


@pytest.fixture
def imported(service: Service, tmp_path: Path) -> Service:
    service.import_path(export_with_a_second_account(tmp_path))
    service.add_job(title="Data Lead", organization="Fabrikam", needs="2 references")
    return service


def _second(service: Service) -> int:
    return next(a.person.id for a in service.people() if a.person.linkedin == SECOND[12:])


def test_a_contact_with_your_name_is_asked_about_and_left_out_of_slates(
    imported: Service,
) -> None:
    second = _second(imported)
    [question] = imported.review()
    assert question.is_you and question.question == "is this you?"
    assert question.other_id == second
    assert question.evidence[0] == "your own name, 'Sam Rivera'"
    assert "linkedin.com/in/sam-rivera-2 has the same name as yours" in question.evidence[1]

    slate = imported.suggest("Data Lead")
    assert slate.excluded_counts[MAYBE_YOU] == 1
    assert (second, MAYBE_YOU) in [(a.person.id, why) for a, why in slate.shortlist.excluded]
    # The kept scores give the very same slate.
    imported.refresh_scores()
    fast = quick.suggest(imported.settings, "Data Lead")
    assert fast is not None
    assert fast.excluded_counts == imported.suggest("Data Lead").excluded_counts
    assert fast.as_dict()["picks"] == imported.suggest("Data Lead").as_dict()["picks"]
    compute.forget(imported.store.engine)


def test_yes_makes_the_account_yours(imported: Service, tmp_path: Path) -> None:
    second = _second(imported)
    [question] = imported.review()
    people = len(imported.people())

    decision = imported.decide_match(question.id, same=True)

    assert "now yours" in decision.message and "goodword me" in decision.message
    me = imported.me()
    assert "linkedin:linkedin.com/in/sam-rivera-2" in me.other
    assert len(imported.people()) == people - 1
    assert second not in {a.person.id for a in imported.people()}
    assert MAYBE_YOU not in imported.suggest("Data Lead").excluded_counts
    # A re-import of the same export neither brings the contact back nor asks again.
    imported.import_path(export_with_a_second_account(tmp_path / "again"))
    assert len(imported.people()) == people - 1
    assert imported.review() == []


def test_no_keeps_them_a_contact_never_asked_again(imported: Service, tmp_path: Path) -> None:
    second = _second(imported)
    [question] = imported.review()

    decision = imported.decide_match(question.id, same=False)

    assert "stays a contact" in decision.message
    assert imported.review() == []
    assert [r.status for r in imported.review("rejected")] == ["rejected"]
    slate = imported.suggest("Data Lead")
    assert MAYBE_YOU not in slate.excluded_counts
    assert second in {a.person.id for a in imported.people()}
    imported.import_path(export_with_a_second_account(tmp_path / "again"))
    imported.update_me(name="Sam Rivera")  # asking again for any reason does not re-ask
    assert imported.review() == []


def test_a_new_name_or_an_address_like_yours_is_asked_about(service: Service) -> None:
    service.update_me(name="Ana Ruiz", add_emails=["ana.ruiz@acme.example"])
    mailbox = service.settings.data_dir() / "mail.mbox"
    mailbox.parent.mkdir(parents=True, exist_ok=True)
    mailbox.write_text(
        "From 1@xxx Mon Mar 03 09:00:00 +0000 2025\n"
        "Message-ID: <a1@mail.example>\nFrom: A. R. <anaruiz@gmail.com>\n"
        "To: Ana Ruiz <ana.ruiz@acme.example>\nDate: Mon, 03 Mar 2025 09:00:00 +0000\n"
        "Subject: note to self\n\nhi\n\n"
        "From 2@xxx Mon Mar 03 10:00:00 +0000 2025\n"
        "Message-ID: <a2@mail.example>\nFrom: Jo Park <jo.park@acme.example>\n"
        "To: Ana Ruiz <ana.ruiz@acme.example>\nDate: Mon, 03 Mar 2025 10:00:00 +0000\n"
        "Subject: lunch\n\nhi\n\n",
        encoding="utf-8",
    )
    service.import_path(mailbox)
    [question] = service.review()
    assert question.is_you and question.other_name == "A. R."
    assert question.evidence == ["the address anaruiz@gmail.com has the same name as one of yours"]

    service.update_me(name="Jo Park")  # a name someone in the network has
    assert sorted(q.other_name for q in service.review()) == ["A. R.", "Jo Park"]


def test_without_a_profile_your_name_comes_from_the_rows_naming_your_own_profile(
    service: Service, tmp_path: Path
) -> None:
    """Real exports often lack Profile.csv: messages still name your profile, and so you."""
    export_with_a_second_account(tmp_path)  # its folder lends the two files below
    without = copy_export(tmp_path / "no-profile", {"Profile.csv": None})
    for name in ("Connections.csv", "messages.csv"):
        (without / name).write_bytes((tmp_path / "export" / name).read_bytes())

    service.import_path(without)

    assert service.me().name == "Sam Rivera"
    [question] = service.review()
    assert question.is_you and question.evidence[0] == "your own name, 'Sam Rivera'"


def test_a_waiting_question_follows_its_contact_through_a_merge(imported: Service) -> None:
    second = _second(imported)
    keep = next(a.person.id for a in imported.people() if a.person.name == "Åsa Lindqvist")
    imported.merge(str(keep), str(second))  # a wrong merge, say: the identities move to Åsa

    [question] = imported.review()
    assert question.is_you and question.other_id == keep
    assert MAYBE_YOU in imported.suggest("Data Lead").excluded_counts
