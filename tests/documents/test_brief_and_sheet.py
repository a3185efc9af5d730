"""The prep brief and the references sheet, as Markdown and as PDF.

The people are made up; their names carry accents (and, where a test says
so, Markdown special characters) because real names do.
"""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import date
from importlib import resources
from pathlib import Path

import pytest
from pypdf import PdfReader

from goodword.documents import (
    Fact,
    Opportunity,
    PrepBrief,
    ReferencesSheet,
    SheetEntry,
    Story,
    care_points,
    render_brief_markdown,
    render_sheet_markdown,
    write_brief_pdf,
    write_sheet_pdf,
)
from goodword.errors import InvalidInput

SNAPSHOT = Path(__file__).parent.parent / "snapshots" / "brief_example.md"

DESCRIPTION = """\
Fabrikam builds pricing tools for small retailers.

What you'll do:
- You will own our churn and retention models end to end.
- Partner with product managers on experiments.
Requirements:
- 5+ years of experience with Python and SQL in production.
- Strong written communication skills are a must.
A degree in statistics, economics or a related field is required. We offer remote work.
"""

MISMATCH = "they list you as Analyst; your record says Senior Analyst"
SECTIONS = (
    "The role and what they will care about",
    "Stories you can tell",
    "What you can confirm",
    "The questions you will likely get",
    "When to expect the call or email",
    "Avoiding false fraud flags",
    "What I am highlighting now",
    "Thank you",
)


def make_brief(**changes: object) -> PrepBrief:
    brief = PrepBrief(
        reference_name="Zoë Bašić",
        relationship="manager at Globex, 2019–2023",
        kind="reference",
        opportunity=Opportunity(
            title="Staff Data Scientist",
            organization="Fabrikam",
            deadline=date(2026, 12, 15),
            description=DESCRIPTION,
        ),
        owner_name="Nguyễn Văn An",
        owner_headline="Senior Data Scientist · churn and pricing models",
        expected_contact="a call or email from Fabrikam's recruiter within two weeks of 2026-12-15",
        stories=(
            Story("2022-03", "you reviewed my churn model", "LinkedIn message #12"),
            Story("2021-11", "we presented the pricing test to the board", "calendar: Board prep"),
        ),
        confirmable=(
            Fact("Globex", "Senior Analyst", "2019-04", "2023-06", "Analyst", MISMATCH),
            Fact("Globex", "Data Scientist", "2023-07", "", None, None),
        ),
        highlights=("Cut churn 12% with the retention model", "Led a team of three"),
        agreed=True,
    )
    return replace(brief, **changes)  # type: ignore[arg-type]


def make_sheet(**changes: object) -> ReferencesSheet:
    sheet = ReferencesSheet(
        owner_name="Nguyễn Văn An",
        owner_contact="an.nguyen@example.com · +1 555 0199 · Seattle",
        opportunity_title="Staff Data Scientist",
        organization="Fabrikam",
        prepared_on=date(2026, 11, 30),
        entries=(
            SheetEntry(
                name="Zoë Bašić",
                title="Director of Analytics",
                organization="Globex",
                relationship="My manager",
                period="4 years, 2019–2023",
                contacts=(("email", "zoe@example.com"), ("phone", "+1 555 0100")),
                preferred="email, weekday mornings",
            ),
            SheetEntry(
                name="Åsa Lindqvist",
                title="Principal Engineer",
                organization="Contoso",
                relationship="Peer on the pricing team",
                period="2 years, 2017–2019",
                contacts=(("email", "asa@example.com"),),
                preferred="email",
            ),
        ),
    )
    return replace(sheet, **changes)  # type: ignore[arg-type]


def pdf_pages(path: Path) -> list[str]:
    """Each page's text with whitespace collapsed, so wrapped lines read as one."""
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(path).pages]


def section(markdown: str, heading: str) -> str:
    """The Markdown under ``## heading`` (or ``### heading``), up to the next heading."""
    start = markdown.index(f" {heading}\n")
    following = [markdown.find("\n#", start + 1)]
    return markdown[start : following[0] if following[0] != -1 else None]


# -- the brief as Markdown ---------------------------------------------------


def test_brief_has_every_section_in_order() -> None:
    markdown = render_brief_markdown(make_brief())

    assert markdown.startswith("# Prep brief for Zoë Bašić\n")
    positions = [markdown.index(f"## {title}\n") for title in SECTIONS]
    assert positions == sorted(positions)
    assert "From Nguyễn Văn An — Senior Data Scientist" in markdown
    assert "**Deadline:** Tuesday 15 December 2026" in markdown


def test_brief_lists_each_story_with_its_source() -> None:
    stories = section(render_brief_markdown(make_brief()), "Stories you can tell")

    assert "- **2022-03** · you reviewed my churn model *(source: LinkedIn message #12)*" in stories
    assert "*(source: calendar: Board prep)*" in stories


def test_brief_flags_a_mismatch_before_the_list_of_facts() -> None:
    confirm = section(render_brief_markdown(make_brief()), "What you can confirm")

    assert "**One of these differs**" in confirm
    assert (
        "> **Records differ:** **Globex** — my record: Senior Analyst, 2019-04 – 2023-06; "
        f"you may know it as: Analyst *({MISMATCH})*\n"
    ) in confirm
    assert confirm.index("Records differ:") < confirm.index("- **Globex** — Senior Analyst")
    assert (
        "- **Globex** — Senior Analyst, 2019-04 – 2023-06 **— records differ, see above**"
        in confirm
    )
    assert "- **Globex** — Data Scientist, 2023-07 – present\n" in confirm


def test_brief_without_mismatches_has_no_warning() -> None:
    facts = (Fact("Globex", "Senior Analyst", "2019-04", "2023-06", their_view="Analyst"),)
    markdown = render_brief_markdown(make_brief(confirmable=facts))

    assert "Records differ" not in markdown
    assert (
        "- **Globex** — Senior Analyst, 2019-04 – 2023-06 *(you may know it as: Analyst)*"
        in markdown
    )
    assert "Dates and titles you may be asked to confirm:" in markdown


def test_brief_covers_questions_timing_and_fraud_flags() -> None:
    markdown = render_brief_markdown(make_brief())

    assert "- Would you hire them, or work with them, again?" in markdown
    assert "- Where could they improve?" in markdown
    assert (
        "Expect **a call or email from Fabrikam's recruiter within two weeks of 2026-12-15**."
        in markdown
    )
    assert "number you don't recognise" in markdown
    assert "third-party reference-check service" in markdown
    assert "look like spam" in markdown
    fraud = section(markdown, "Avoiding false fraud flags")
    assert "your own network" in fraud
    assert "Use your work email" in fraud
    assert "Don't forward the link to me or let me join the call" in fraud
    assert "Answer yourself" in fraud


def test_brief_points_come_from_requirement_lines_of_the_description() -> None:
    role = section(render_brief_markdown(make_brief()), "The role and what they will care about")

    assert "- You will own our churn and retention models end to end\n" in role
    assert "- 5+ years of experience with Python and SQL in production\n" in role
    assert "- Strong written communication skills are a must\n" in role
    assert "- A degree in statistics, economics or a related field is required\n" in role
    assert "Partner with product managers" not in role  # no requirement word
    assert "remote work" not in role
    assert "Requirements" not in role  # a header, not a point


def test_care_points_stop_at_six_and_drop_repeats() -> None:
    lines = [f"- Experience with tool number {n}." for n in range(10)]
    description = "\n".join([*lines, "- Experience with tool number 0."])

    points = care_points(description)

    assert len(points) == 6
    assert points[0] == "Experience with tool number 0"
    assert len(set(points)) == 6


def test_care_points_split_prose_into_sentences_and_shorten_long_lines() -> None:
    long_line = "- Experience with " + ", ".join(f"system {n}" for n in range(60)) + "."
    description = f"We like tea. Skills in SQL, e.g. window functions, are a plus.\n{long_line}"

    points = care_points(description)

    assert points[0] == "Skills in SQL, e.g. window functions, are a plus"
    assert points[1].startswith("Experience with system 0, system 1")
    assert points[1].endswith("…")
    assert len(points[1]) <= 161


def test_a_description_without_requirements_says_so_instead_of_inventing() -> None:
    job = Opportunity(
        "Analyst", "Northwind", None, "We are a friendly team in Oslo. We ship weekly."
    )

    markdown = render_brief_markdown(make_brief(opportunity=job))

    assert care_points(job.description) == ()
    role = section(markdown, "The role and what they will care about")
    assert "doesn't spell out requirements" in role
    assert "\n- " not in role
    assert "**Deadline:** none given" in markdown


def test_the_kind_of_voucher_changes_the_wording() -> None:
    letter = render_brief_markdown(make_brief(kind="recommendation"))
    referral = render_brief_markdown(make_brief(kind="referral"))

    assert "agreeing to write a recommendation for me" in letter
    assert "**You are vouching as:** a recommender" in letter
    assert "agreeing to refer me" in referral


@pytest.mark.parametrize("kind", ["reference", "recommendation", "referral"])
def test_a_brief_before_they_said_yes_never_thanks_them_for_agreeing(kind: str) -> None:
    before = render_brief_markdown(make_brief(kind=kind, agreed=False))
    after = render_brief_markdown(make_brief(kind=kind, agreed=True))

    assert "agreeing" not in before
    assert "Thank you for considering" in before
    assert "Thank you for agreeing" in after


def test_an_unknown_kind_is_refused_with_the_choices() -> None:
    with pytest.raises(InvalidInput, match="reference, recommendation, referral"):
        make_brief(kind="endorsement")


def test_markdown_special_characters_in_names_are_escaped() -> None:
    brief = make_brief(reference_name="Zoë *Z* Baš_ić", owner_name="An [the] Nguyễn")

    markdown = render_brief_markdown(brief)

    assert markdown.startswith("# Prep brief for Zoë \\*Z\\* Baš\\_ić\n")
    assert "*Z*" not in markdown.replace("\\*Z\\*", "")
    assert "— An \\[the\\] Nguyễn\n" in markdown


# -- the sheet as Markdown ---------------------------------------------------


def test_sheet_has_owner_title_and_one_block_per_reference() -> None:
    markdown = render_sheet_markdown(make_sheet())

    assert markdown.startswith("# Nguyễn Văn An\n\nan.nguyen@example.com · +1 555 0199 · Seattle\n")
    assert "## References for Staff Data Scientist at Fabrikam\n" in markdown
    assert "Prepared Monday 30 November 2026" in markdown
    zoe = section(markdown, "Zoë Bašić")
    assert "Director of Analytics at Globex" in zoe
    assert "- **Relationship:** My manager" in zoe
    assert "- **Worked together:** 4 years, 2019–2023" in zoe
    assert "- **Email:** zoe@example.com" in zoe
    assert "- **Phone:** +1 555 0100" in zoe
    assert "- **Preferred contact:** email, weekday mornings" in zoe


def test_sheet_shows_only_the_contacts_each_person_agreed_to_share() -> None:
    asa = section(render_sheet_markdown(make_sheet()), "Åsa Lindqvist")

    assert "- **Email:** asa@example.com" in asa
    assert "Phone" not in asa
    assert "555" not in asa


def test_sheet_escapes_markdown_in_names() -> None:
    entry = replace(make_sheet().entries[1], name="Åsa *Star* Lind_qvist")

    markdown = render_sheet_markdown(make_sheet(entries=(entry,)))

    assert "### Åsa \\*Star\\* Lind\\_qvist\n" in markdown


def test_an_empty_sheet_is_refused() -> None:
    with pytest.raises(InvalidInput, match="at least one person"):
        make_sheet(entries=())


# -- PDF ---------------------------------------------------------------------


def test_brief_pdf_has_names_sections_mismatch_and_fraud_advice(tmp_path: Path) -> None:
    path = write_brief_pdf(make_brief(), tmp_path / "brief.pdf")

    text = " ".join(pdf_pages(path))
    assert "Prep brief for Zoë Bašić" in text
    assert "Nguyễn Văn An" in text
    for title in SECTIONS:
        assert title in text
    assert "Records differ: Globex — my record: Senior Analyst" in text
    assert f"you may know it as: Analyst ({MISMATCH})" in text
    assert "Don't forward the link to me or let me join the call" in text
    assert "your own network" in text
    metadata = PdfReader(path).metadata
    assert metadata is not None
    assert metadata.title == "Prep brief for Zoë Bašić"
    assert metadata.author == "Nguyễn Văn An"


def test_sheet_pdf_has_every_reference_and_only_shared_contacts(tmp_path: Path) -> None:
    path = write_sheet_pdf(make_sheet(), tmp_path / "sheet.pdf")

    pages = pdf_pages(path)
    assert len(pages) == 1
    text = pages[0]
    assert "References for Staff Data Scientist at Fabrikam" in text
    assert "Zoë Bašić" in text
    assert "Åsa Lindqvist" in text
    assert "Phone: +1 555 0100" in text
    assert text.count("Phone:") == 1
    assert "Page 1 of 1" in text


def test_a_long_brief_breaks_across_pages_and_numbers_each(tmp_path: Path) -> None:
    stories = tuple(
        Story(
            f"2021-{n % 12 + 1:02d}",
            f"shared project number {n}: a dashboard that " * 2,
            f"email #{n}",
        )
        for n in range(40)
    )

    pages = pdf_pages(write_brief_pdf(make_brief(stories=stories), tmp_path / "long.pdf"))

    assert len(pages) > 1
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in text
    assert "email #39" in " ".join(pages)


def test_writing_into_a_missing_folder_names_the_fix(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="does not exist; create it first"):
        write_brief_pdf(make_brief(), tmp_path / "nowhere" / "brief.pdf")


def test_the_fonts_and_their_licence_ship_with_the_package() -> None:
    fonts = resources.files("goodword.documents") / "fonts"

    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf"):
        assert (fonts / name).read_bytes()[:4] == b"\x00\x01\x00\x00"
    assert "Bitstream" in (fonts / "LICENSE.txt").read_text(encoding="utf-8")


# -- snapshot ----------------------------------------------------------------


def test_brief_markdown_snapshot() -> None:
    """Regenerate with ``GOODWORD_UPDATE_SNAPSHOTS=1 .venv/bin/pytest tests/documents``."""
    markdown = render_brief_markdown(make_brief())
    if os.environ.get("GOODWORD_UPDATE_SNAPSHOTS") == "1":
        SNAPSHOT.write_text(markdown, encoding="utf-8")
    assert SNAPSHOT.exists(), f"{SNAPSHOT.name} missing: run with GOODWORD_UPDATE_SNAPSHOTS=1"
    assert SNAPSHOT.read_text(encoding="utf-8") == markdown, (
        f"{SNAPSHOT.name} changed: review the diff, then run with GOODWORD_UPDATE_SNAPSHOTS=1"
    )
