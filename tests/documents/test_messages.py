"""Message drafts: every kind renders personalised, user overrides win, bad overrides say where."""

from __future__ import annotations

import email
import email.policy
from dataclasses import replace
from datetime import date
from email.message import EmailMessage
from email.utils import parseaddr
from pathlib import Path

import pytest

from goodword.config import Settings
from goodword.documents.messages import (
    KINDS,
    Draft,
    MessageContext,
    and_list,
    long_date,
    render_draft,
    to_eml,
    to_text,
    user_template_dir,
    write_eml,
)
from goodword.errors import InvalidInput

RECOMMEND = "Would you be able to honestly recommend me for a future job opportunity?"
CONCERNS = "Do you have any concerns about doing so?"


def make_context(**overrides: object) -> MessageContext:
    """A fully filled-in context; keyword overrides change one detail per scenario."""
    fields: dict[str, object] = {
        "owner_name": "Ada Lovelace",
        "owner_email": "ada@example.org",
        "first_name": "Zoë",
        "full_name": "Zoë Bašić",
        "email": "zoe@example.com",
        "relationship": "manager",
        "worked_on": ("the churn model at Globex (2022)", "the pricing dashboard"),
        "worked_together": "Globex, 2019–2023",
        "title": "Staff Data Scientist",
        "organization": "Fabrikam",
        "deadline": date(2026, 3, 13),
        "opportunity_kind": "reference",
        "first_asked_on": date(2026, 2, 2),
    }
    fields.update(overrides)
    return MessageContext(**fields)  # type: ignore[arg-type]


def _parse(data: bytes) -> EmailMessage:
    message = email.message_from_bytes(data, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message


# --- every kind ---------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_renders_a_subject_a_greeting_and_a_signature(kind: str) -> None:
    draft = render_draft(kind, make_context(), None)

    assert draft.kind == kind
    assert draft.subject
    assert "\n" not in draft.subject
    assert draft.body.startswith("Hi Zoë,\n\n")
    assert draft.body.rstrip().endswith("Ada Lovelace")
    assert draft.body.endswith("\n")
    assert "\n\n\n" not in draft.body
    assert (draft.to_name, draft.to_email) == ("Zoë Bašić", "zoe@example.com")


def test_honest_conversation_asks_both_questions_verbatim_and_makes_no_easy() -> None:
    draft = render_draft("honest-conversation", make_context(), None)

    assert RECOMMEND in draft.body
    assert CONCERNS in draft.body
    assert "the churn model at Globex (2022) and the pricing dashboard" in draft.body
    assert '"No" is a perfectly good answer' in draft.body
    assert "no hard feelings" in draft.body


def test_honest_conversation_needs_no_opportunity() -> None:
    context = make_context(
        title="", organization="", deadline=None, worked_on=(), worked_together=""
    )

    draft = render_draft("honest-conversation", context, None)

    assert RECOMMEND in draft.body
    assert CONCERNS in draft.body
    assert "my next role" in draft.body


def test_ask_for_a_reference_names_the_role_the_work_and_offers_a_brief() -> None:
    draft = render_draft("ask", make_context(opportunity_kind="reference"), None)

    assert draft.subject == "Would you be a reference for me (Staff Data Scientist)?"
    assert "Staff Data Scientist at Fabrikam" in draft.body
    assert "list you as a reference" in draft.body
    assert "the churn model at Globex (2022) and the pricing dashboard" in draft.body
    assert "(Globex, 2019–2023)" in draft.body
    assert "prep brief" in draft.body
    assert "you'd rather not" in draft.body


def test_ask_for_a_letter_gives_the_deadline() -> None:
    draft = render_draft("ask", make_context(opportunity_kind="recommendation"), None)

    assert "recommendation" in draft.subject
    assert "write a letter of recommendation" in draft.body
    assert "The letter is due by Friday 13 March 2026." in draft.body
    assert "prep brief" in draft.body


def test_ask_for_a_letter_without_a_deadline_says_so() -> None:
    draft = render_draft(
        "ask", make_context(opportunity_kind="recommendation", deadline=None), None
    )

    assert "There is no deadline yet" in draft.body


def test_ask_for_a_referral_asks_to_be_referred_at_their_organization() -> None:
    draft = render_draft("ask", make_context(opportunity_kind="referral"), None)

    assert draft.subject == "Would you refer me for Staff Data Scientist at Fabrikam?"
    assert "Fabrikam is hiring for Staff Data Scientist" in draft.body
    assert "referring me" in draft.body
    assert "the churn model at Globex (2022)" in draft.body


def test_ask_leaves_out_what_is_not_known() -> None:
    context = make_context(worked_on=(), worked_together="", organization="", deadline=None)

    draft = render_draft("ask", context, None)

    assert "know my work" not in draft.body
    assert " at ," not in draft.body
    assert "()" not in draft.body


def test_follow_up_is_short_cites_the_first_ask_and_offers_an_out() -> None:
    draft = render_draft("follow-up", make_context(opportunity_kind="recommendation"), None)

    assert "Staff Data Scientist" in draft.subject
    assert "my note of Monday 2 February 2026" in draft.body
    assert "write a recommendation for me" in draft.body
    assert "The deadline is Friday 13 March 2026." in draft.body
    assert 'a one-line "no" is perfectly fine' in draft.body
    assert len(draft.body.split()) < 100


def test_thank_you_is_specific_and_promises_the_outcome() -> None:
    draft = render_draft("thank-you", make_context(opportunity_kind="referral"), None)

    assert "Thank you for referring me for Staff Data Scientist at Fabrikam." in draft.body
    assert "the churn model at Globex (2022)" in draft.body
    assert "let you know how it turns out" in draft.body


@pytest.mark.parametrize(
    ("kind", "missing", "said"),
    [
        ("ask", {"title": ""}, "the opportunity's title"),
        ("thank-you", {"title": ""}, "the opportunity's title"),
        ("follow-up", {"first_asked_on": None}, "the date of the first ask"),
    ],
)
def test_a_kind_refuses_without_what_it_needs(
    kind: str, missing: dict[str, object], said: str
) -> None:
    with pytest.raises(InvalidInput, match=said):
        render_draft(kind, make_context(**missing), None)


def test_an_unknown_kind_lists_the_kinds() -> None:
    with pytest.raises(InvalidInput) as caught:
        render_draft("reminder", make_context(), None)

    assert "reminder" in caught.value.message
    for kind in KINDS:
        assert kind in caught.value.message


def test_an_unknown_opportunity_kind_lists_the_kinds() -> None:
    with pytest.raises(InvalidInput, match="reference, recommendation, referral"):
        make_context(opportunity_kind="endorsement")


# --- user overrides -----------------------------------------------------------------------


def test_user_templates_live_in_the_data_dir(tmp_path: Path) -> None:
    assert user_template_dir(Settings(home=tmp_path)) == tmp_path / "templates"


def test_a_user_override_wins_and_the_other_kinds_stay_built_in(tmp_path: Path) -> None:
    templates = user_template_dir(Settings(home=tmp_path))
    templates.mkdir(parents=True)
    (templates / "ask.txt.j2").write_text(
        "Subject: Quick favour, {{ first_name }}?\n\n"
        "Hey {{ first_name }}, could you vouch for me for {{ title }} by {{ deadline | long_date }}?\n"
        "We did {{ worked_on | and_list }} together.\n",
        encoding="utf-8",
    )

    mine = render_draft("ask", make_context(), templates)
    built_in = render_draft("follow-up", make_context(), templates)

    assert mine.subject == "Quick favour, Zoë?"
    assert mine.body == (
        "Hey Zoë, could you vouch for me for Staff Data Scientist by Friday 13 March 2026?\n"
        "We did the churn model at Globex (2022) and the pricing dashboard together.\n"
    )
    assert "my note of Monday 2 February 2026" in built_in.body


def test_an_override_with_an_unknown_variable_names_the_file_line_and_variable(
    tmp_path: Path,
) -> None:
    override = tmp_path / "thank-you.txt.j2"
    override.write_text("Subject: Thanks\n\nHi {{ first_name }},\n{{ nickname }}\n", "utf-8")

    with pytest.raises(InvalidInput) as caught:
        render_draft("thank-you", make_context(), tmp_path)

    message = caught.value.message
    assert str(override) in message
    assert "line 4" in message
    assert "nickname" in message
    assert "first_name" in message  # the variables that do exist
    assert "\n" not in message


def test_an_override_with_a_syntax_error_names_the_file_and_line(tmp_path: Path) -> None:
    override = tmp_path / "ask.txt.j2"
    override.write_text("Subject: Hi\n\nHello\n{% if title %}\nno end\n", "utf-8")

    with pytest.raises(InvalidInput) as caught:
        render_draft("ask", make_context(), tmp_path)

    message = caught.value.message
    assert str(override) in message
    assert "line" in message
    assert "\n" not in message


def test_an_override_without_a_subject_line_says_how_to_write_one(tmp_path: Path) -> None:
    (tmp_path / "ask.txt.j2").write_text("Hello {{ first_name }}\n", "utf-8")

    with pytest.raises(InvalidInput, match="must start with a 'Subject: …' line"):
        render_draft("ask", make_context(), tmp_path)


# --- text and .eml ------------------------------------------------------------------------


def test_text_shows_recipient_subject_and_body() -> None:
    draft = Draft("ask", "Hello", "Body\n", "Zoë Bašić", "zoe@example.com")

    assert to_text(draft) == "To: Zoë Bašić <zoe@example.com>\nSubject: Hello\n\nBody\n"


def test_eml_round_trips_a_non_ascii_name_and_subject() -> None:
    draft = Draft(
        kind="thank-you",
        subject="Merci, Zoë — thank you",
        body="Hi Zoë,\n\nThanks from Ada Lovelace (and from Łódź).\n",
        to_name="Zoë Bašić",
        to_email="zoe@example.com",
    )

    message = _parse(to_eml(draft, "Åda Lovelace", "ada@example.org"))

    assert message["Subject"] == "Merci, Zoë — thank you"
    assert parseaddr(str(message["To"])) == ("Zoë Bašić", "zoe@example.com")
    assert parseaddr(str(message["From"])) == ("Åda Lovelace", "ada@example.org")
    assert message["Date"] is not None
    assert str(message["Message-ID"]).endswith("@example.org>")
    assert message.get_content_type() == "text/plain"
    assert message.get_content_charset() == "utf-8"
    assert message.get_content() == draft.body


def test_eml_headers_are_plain_ascii_on_the_wire() -> None:
    draft = render_draft("ask", make_context(), None)

    data = to_eml(draft, "Ada Lovelace", "ada@example.org")

    head = data.split(b"\n\n", 1)[0]
    head.decode("ascii")  # non-ASCII names and subjects are encoded words
    assert b"\nTo: " in head


def test_eml_leaves_out_to_when_the_address_is_unknown() -> None:
    draft = render_draft("ask", make_context(email=None), None)

    message = _parse(to_eml(draft, "Ada Lovelace", "ada@example.org"))

    assert draft.to_email is None
    assert message["To"] is None
    assert message["Subject"] == draft.subject


def test_eml_refuses_a_sender_that_is_not_an_address() -> None:
    draft = render_draft("ask", make_context(), None)

    with pytest.raises(InvalidInput, match="GOODWORD_MAIL_FROM"):
        to_eml(draft, "Ada", "ada at example")


def test_eml_refuses_a_recipient_address_with_a_line_break() -> None:
    draft = replace(render_draft("ask", make_context(), None), to_email="a@b.c\nBcc: x@y.z")

    with pytest.raises(InvalidInput, match="not a usable email address"):
        to_eml(draft, "Ada", "ada@example.org")


def test_write_eml_to_a_file_and_into_a_folder(tmp_path: Path) -> None:
    draft = render_draft("ask", make_context(), None)

    file = write_eml(draft, tmp_path / "out" / "ask.eml", "Ada Lovelace", "ada@example.org")
    in_folder = write_eml(draft, tmp_path, "Ada Lovelace", "ada@example.org")

    assert file == tmp_path / "out" / "ask.eml"
    assert in_folder == tmp_path / "ask-zoe-basic.eml"
    for path in (file, in_folder):
        assert _parse(path.read_bytes())["Subject"] == draft.subject


def test_helpers_format_dates_and_lists_without_the_locale() -> None:
    assert long_date(date(2026, 3, 13)) == "Friday 13 March 2026"
    assert long_date(None) == ""
    assert and_list([]) == ""
    assert and_list(["a"]) == "a"
    assert and_list(["a", "b"]) == "a and b"
    assert and_list(["a", "b", "c"]) == "a, b and c"
