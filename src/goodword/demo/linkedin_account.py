"""The owner's own export files, and files goodword's importer does not use.

Own files: Profile.csv (no profile URL, as in real exports), Email Addresses
(no trailing newline), Positions, Education, Skills. Unused files exist so an
importer can prove it lists them as "not used": Ad_Targeting, Rich_Media,
SearchQueries, Registration, Jobs/Saved Jobs, Company Follows and the 2024
AI-coach chat. Their content is derived from the network without randomness.
"""

from __future__ import annotations

from datetime import timedelta

from goodword.demo import linkedin_formats as fmt
from goodword.demo._dates import at_midnight
from goodword.demo.linkedin_formats import Style, csv_bytes, utf16_tsv_bytes
from goodword.demo.texts import COACH_LINES, SAMPLE_JOB
from goodword.demo.truth import Message, Network, Party


def profile_csv(network: Network, style: Style) -> bytes:
    """Profile.csv: 13 columns, or the 15-column 2018 layout; never a profile URL."""
    o = network.owner
    birth = o.birth_date
    geo = o.location
    if style == "2018":
        country = geo.rsplit(", ", 1)[-1]
        born = f"{fmt.MONTHS[birth.month - 1]} {birth.day:02d}, {birth.year}"
        row = [o.first, o.last, "", "", born, "", o.headline, o.summary, o.industry,
               country, "", geo, "", "", ""]  # fmt: skip
        return csv_bytes(fmt.PROFILE_HEADER_2018, [row])
    born = f"{fmt.MONTHS[birth.month - 1]} {birth.day:02d}"
    row = [o.first, o.last, "", "", born, o.headline, o.summary, o.industry, "", geo, "", "", ""]
    return csv_bytes(fmt.PROFILE_HEADER, [row])


def email_addresses_csv(network: Network) -> bytes:
    """Email Addresses.csv: primary first, Yes/No flags, no trailing newline."""
    o = network.owner
    rows = [
        [email, "Yes", "Yes" if k == 0 else "No", fmt.us_short(updated)]
        for k, (email, updated) in enumerate(zip(o.emails, o.email_updated_at, strict=True))
    ]
    return csv_bytes(fmt.EMAIL_ADDRESSES_HEADER, rows, trailing_newline=False)


def positions_csv(network: Network) -> bytes:
    """Positions.csv, newest first; the current position has an empty Finished On."""
    rows = [
        [
            p.company,
            p.title,
            p.description,
            p.location,
            fmt.month_year(p.start),
            fmt.month_year(p.end) if p.end else "",
        ]
        for p in reversed(network.owner.positions)
    ]
    return csv_bytes(fmt.POSITIONS_HEADER, rows)


def education_csv(network: Network) -> bytes:
    """Education.csv with year-only dates."""
    rows = [
        [e.school, str(e.start_year), str(e.end_year), e.notes, e.degree, e.activities]
        for e in network.owner.education
    ]
    return csv_bytes(fmt.EDUCATION_HEADER, rows)


def skills_csv(network: Network) -> bytes:
    """Skills.csv: one ``Name`` per row."""
    return csv_bytes(fmt.SKILLS_HEADER, ([s] for s in network.owner.skills))


def coach_chat(network: Network) -> list[tuple[str, Message]]:
    """(conversation id, message) pairs of the owner's chat with LinkedIn's AI coach."""
    me = network.owner_party
    coach = Party("LinkedIn Coach", "")
    start = at_midnight(network.export_date) - timedelta(days=9, hours=14)
    out = []
    for k, (by_owner, text) in enumerate(COACH_LINES):
        sender, to = (me, coach) if by_owner else (coach, me)
        conv = f"coach-{network.seed}-{k // 2 + 1}"
        out.append((conv, Message(sender, (to,), start + timedelta(minutes=3 * k), text)))
    return out


def _ad_targeting(network: Network) -> tuple[tuple[str, ...], list[list[str]]]:
    o = network.owner
    header = ("Member Age", "Company Names", "Degrees", "Job Seniorities", "Job Titles",
              "Member Schools", "Member Skills", "Profile Locations")  # fmt: skip
    row = [
        "25 to 34",
        "; ".join(o.organizations),
        "Bachelor of Science",
        "Manager",
        "; ".join(p.title for p in o.positions),
        "; ".join(e.school for e in o.education),
        "; ".join(o.skills[:6]),
        o.location,
    ]
    return header, [row]


def _search_queries(network: Network) -> tuple[tuple[str, ...], list[list[str]]]:
    end = at_midnight(network.export_date)
    people = [c.clean_name for c in network.contacts if c.is_colleague and not c.ghost][:3]
    queries = ["data science manager jobs", SAMPLE_JOB.organization, *people, "dbt"]
    rows = [
        [fmt.endorsement_date(end - timedelta(days=3 * k + 1, hours=k)), q]
        for k, q in enumerate(queries)
    ]
    return ("Time", "Search Query"), rows


def unused_files(network: Network, style: Style) -> dict[str, bytes]:
    """Files present in real exports that goodword does not import, spelt per ``style``."""
    o = network.owner
    end = at_midnight(network.export_date)
    files: dict[str, bytes] = {}
    ad_header, ad_rows = _ad_targeting(network)
    sq_header, sq_rows = _search_queries(network)
    if style == "2018":
        files["Ad Targeting.csv"] = utf16_tsv_bytes(ad_header, ad_rows)
        files["Search Queries.csv"] = utf16_tsv_bytes(sq_header, sq_rows)
    else:
        files["Ad_Targeting.csv"] = csv_bytes(ad_header, ad_rows)
        photo = o.registered_at + timedelta(days=40)
        media = [[f"{photo:%Y-%m-%d %H:%M:%S}", "Profile photo", "https://example.com/media/1"]]
        rich_name = "Rich_Media.csv" if style == "2024" else "Rich Media.csv"
        files[rich_name] = csv_bytes(("Date/Time", "Media Description", "Media Link"), media)
        files["SearchQueries.csv"] = csv_bytes(sq_header, sq_rows)
    files["Registration.csv"] = csv_bytes(
        ("Registered At", "Registration Ip", "Subscription Types"),
        [[fmt.us_short(o.registered_at), "192.0.2.17", ""]],
    )
    saved = [
        [fmt.us_short(end - timedelta(days=5, hours=3)), "https://www.linkedin.com/jobs/view/3912345678",
         SAMPLE_JOB.title, SAMPLE_JOB.organization],
        [fmt.us_short(end - timedelta(days=41, hours=7)), "https://www.linkedin.com/jobs/view/3877001122",
         "Lead Data Scientist", "Bluefin Robotics"],
    ]  # fmt: skip
    files["Jobs/Saved Jobs.csv"] = csv_bytes(fmt.SAVED_JOBS_HEADER, saved)
    follows = [
        [org, fmt.java_date(end - timedelta(days=200 * (k + 1), minutes=97 * k))]
        for k, org in enumerate((*reversed(o.organizations), SAMPLE_JOB.organization))
    ]
    files["Company Follows.csv"] = csv_bytes(fmt.COMPANY_FOLLOWS_HEADER, follows)
    return files
