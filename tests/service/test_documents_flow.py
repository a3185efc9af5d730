"""Prep brief, references sheet and message drafts from real evidence, on both databases."""

from __future__ import annotations

import email
from datetime import date
from email import policy
from pathlib import Path

import pytest
from pypdf import PdfReader

from goodword.errors import InvalidInput
from goodword.service import Service
from tests.linkedin_exports import EXPORT_2025

DESCRIPTION = (
    "Lead the analytics team.\n"
    "You will own experimentation end to end.\n"
    "Experience with Python and SQL required.\n"
)


@pytest.fixture
def imported(service: Service) -> Service:
    service.import_path(EXPORT_2025)
    service.add_job(
        title="Data Lead",
        organization="Fabrikam",
        description=DESCRIPTION,
        deadline=date(2026, 12, 15),
        needs="2 references",
    )
    return service


def test_the_prep_brief_tells_the_shared_stories_and_what_to_confirm(
    imported: Service, tmp_path: Path
) -> None:
    view = imported.prep("Data Lead", "Zoë", as_of=date(2025, 10, 1))
    text = view.markdown()
    assert "Prep brief for Zoë Bašić" in text
    assert "manager, Globex, 2019–2023" in text
    assert "You will own experimentation end to end" in text
    assert "I managed Sam for two years at Globex" in text  # her recommendation, as a story
    assert "LinkedIn recommendation #" in text
    assert "**Globex** — Data Analyst, 2019-06 – 2023-02" in text
    assert "you endorsed my Python, SQL" in text
    assert "15 December 2026" in text
    pdf = view.write_pdf(tmp_path / "brief.pdf")
    pages = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "Zoë Bašić" in pages
    assert "Avoiding false fraud flags" in pages


def test_the_sheet_lists_who_agreed_with_what_is_known_of_them(
    imported: Service, tmp_path: Path
) -> None:
    with pytest.raises(InvalidInput, match="nobody has agreed to vouch"):
        imported.sheet("Data Lead")
    imported.vet("Zoë", willing="yes")
    imported.ask("Data Lead", ["Zoë"], to="asked")
    imported.ask(
        "Data Lead",
        ["Zoë"],
        to="agreed",
        share={"email": "zoe@globex.example", "phone": "+1 555 0100"},
        prefer="phone",
    )
    imported.vet("Åsa", willing="yes")
    imported.ask("Data Lead", ["Åsa"], to="asked")
    imported.ask("Data Lead", ["Åsa"], to="agreed")  # agreed, but shared no contact details
    view = imported.sheet("Data Lead", on=date(2025, 10, 1))
    by_name = {e.name: e for e in view.sheet.entries}
    zoe, asa = by_name["Zoë Bašić"], by_name["Åsa Lindqvist"]
    assert zoe.name == "Zoë Bašić"
    assert zoe.relationship == "manager, Globex, 2019–2023"
    assert zoe.period.endswith("2019–2023")
    assert zoe.contacts == (("email", "zoe@globex.example"), ("phone", "+1 555 0100"))
    assert zoe.preferred == "phone"
    assert asa.contacts == ()  # only what each person agreed to share
    assert asa.preferred == "through me, the candidate"
    with pytest.raises(InvalidInput, match="share that contact too"):
        imported.ask("Data Lead", ["Zoë"], share={"email": "z@x.example"}, prefer="phone")
    pdf = view.write_pdf(tmp_path / "sheet.pdf")
    assert "Zoë Bašić" in PdfReader(pdf).pages[0].extract_text()


def test_drafts_are_personalised_and_save_as_eml(imported: Service, tmp_path: Path) -> None:
    honest = imported.draft("honest-conversation", "Data Lead", "Zoë")
    assert (
        "Would you be able to honestly recommend me for a future job opportunity?" in honest.text()
    )
    assert "Do you have any concerns about doing so?" in honest.text()
    ask = imported.draft("ask", "Data Lead", "Zoë")
    assert "Data Lead" in ask.text() and "Globex" in ask.text()
    eml = ask.write_eml(tmp_path / "ask.eml")
    message = email.message_from_bytes(eml.read_bytes(), policy=policy.default)
    assert "Data Lead" in str(message["Subject"])
    assert message["From"].addresses[0].addr_spec == "sam.rivera@example.com"
    with pytest.raises(InvalidInput, match="follow-up"):
        imported.draft("follow-up", "Data Lead", "Zoë")  # nothing asked yet: nothing to follow up
    imported.vet("Zoë", willing="yes")
    imported.ask("Data Lead", ["Zoë"], to="asked", on=date(2025, 10, 2))
    follow_up = imported.draft("follow-up", "Data Lead", "Zoë")
    assert "2 October 2025" in follow_up.text()


def test_the_outcome_of_an_opportunity_is_recorded(imported: Service) -> None:
    job = imported.job_outcome("Data Lead", "offer", note="verbal offer on the 20th")
    assert job.status == "offer"
    assert [j.status for j in imported.jobs()] == ["offer"]
    with pytest.raises(InvalidInput, match="use one of open, applied"):
        imported.job_outcome("Data Lead", "ghosted")


def test_an_ask_sent_through_a_real_smtp_server_arrives(
    imported: Service, db_url: str, tmp_path: Path
) -> None:
    """From draft to inbox: the service renders the ask and a local SMTP server receives it."""
    from goodword.config import Settings
    from tests.workflow.test_outbox import smtp_server

    with smtp_server() as (inbox, port):
        sending = Service(
            Settings(
                home=tmp_path / "home",
                database_url=db_url,
                smtp_host="127.0.0.1",
                smtp_port=port,
                smtp_security="none",
                smtp_timeout=2.0,
                mail_from="Sam Rivera <sam.rivera@example.com>",
            )
        )
        unaddressed = sending.draft("ask", "Data Lead", "Zoë")
        assert unaddressed.draft.to_email is None  # LinkedIn gave no address for her
        with pytest.raises(InvalidInput, match="no email address for Zoë Bašić"):
            sending.send(unaddressed)
        sending.ask("Data Lead", ["Zoë"], share={"email": "zoe@globex.example"})
        view = sending.draft("ask", "Data Lead", "Zoë")
        message_id = sending.send(view)
        sending.close()
        envelope, message = inbox.only_message()
    assert envelope.rcpt_tos == ["zoe@globex.example"]
    assert envelope.mail_from == "sam.rivera@example.com"
    assert message["Message-ID"] == message_id
    assert "Data Lead" in str(message["Subject"])
    assert "Zoë" in message.get_content()
