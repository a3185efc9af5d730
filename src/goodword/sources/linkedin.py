"""LinkedIn "Get a copy of your data" exports: the zip, its folder, or one CSV of it.

One small transformer per CSV (a registry keyed by the file's base name,
matched case- and separator-insensitively, with a header signature as a
fallback for renamed files). Every row ends as a record, a :class:`Skip`
with a reason, or a :class:`Problem` with its line. Files goodword does not
use are reported as not used. The quirks handled here are listed in
``docs/formats.md`` (LinkedIn export).
"""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path

from goodword.errors import BrokenFile, ImportFailed
from goodword.identity import normalise
from goodword.records import (
    Connection,
    Endorsement,
    FileReport,
    Message,
    Origin,
    OwnerIdentity,
    OwnerProfile,
    OwnerSkill,
    PersonRef,
    Problem,
    Recommendation,
    Record,
    Skip,
    Tenure,
    digest,
)
from goodword.sources import dates
from goodword.sources.archive import (
    Limits,
    file_member,
    folder_fingerprint,
    folder_members,
    latest_file_day,
    sha256_file,
    zip_members,
)
from goodword.sources.base import Parsed
from goodword.sources.csvfile import Row, Table, read_table

AI_COACH_NOTE = "LinkedIn AI-coach chat, not messages with people"
SPONSORED_MARKERS = ("spinmail-quill-editor", "sponsored conversation")


def file_key(name: str) -> str:
    """A member's base name, matched across export years (``Messages.csv`` = ``messages.csv``)."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    return re.sub(r"[\s_\-]+", "", base.casefold())


@dataclass(slots=True)
class Context:
    """What every transformer may know: the owner's identity and the export's date."""

    owner_name: str = ""
    owner_first: str = ""
    owner_last: str = ""
    owner_urls: set[str] = field(default_factory=set)
    owner_urns: set[str] = field(default_factory=set)
    owner_emails: set[str] = field(default_factory=set)
    connection_urls: set[str] = field(default_factory=set)
    export_date: date | None = None

    def owner_ref(self) -> PersonRef:
        """The ref that names the owner."""
        url = min(self.owner_urls) if self.owner_urls else None
        return PersonRef(
            name=self.owner_name,
            linkedin=url,
            first_name=self.owner_first,
            last_name=self.owner_last,
            is_owner=True,
        )

    def is_owner(self, url: str | None = None, name: str = "") -> bool:
        """True when the URL (or, lacking any URL, the name) is the owner's."""
        if url:
            return url in self.owner_urls
        return bool(name) and normalise.name_key(name) == normalise.name_key(self.owner_name)


Transform = Callable[[Table, Context, FileReport], Iterator[Record]]


@dataclass(frozen=True, slots=True)
class Spec:
    """A LinkedIn file goodword reads: how to find its header and how to turn rows into records."""

    kind: str
    header_starts: tuple[str, ...]
    signature: tuple[str, ...]
    order: int
    transform: Transform


def _ref(
    first: str, last: str, *, url: str = "", email: str = "", org: str = "", ctx: Context
) -> PersonRef:
    linkedin = normalise.linkedin_url(url)
    urn = normalise.linkedin_urn(url)
    name = normalise.display_name(first, last)
    return PersonRef(
        name=name,
        linkedin=linkedin,
        email=normalise.email(email),
        urn=urn,
        organization=normalise.clean_text(org) or None,
        first_name=normalise.clean_name_part(first),
        last_name=normalise.split_credentials(normalise.clean_name_part(last))[0],
        is_owner=ctx.is_owner(linkedin) if linkedin else (urn in ctx.owner_urns if urn else False),
    )


def _named_ref(display: str, url: str, ctx: Context) -> PersonRef:
    linkedin = normalise.linkedin_url(url)
    urn = normalise.linkedin_urn(url)
    name = normalise.clean_name_part(display)
    owner = ctx.is_owner(linkedin, "" if linkedin or urn else name)
    if urn and urn in ctx.owner_urns:
        owner = True
    return PersonRef(name=name, linkedin=linkedin, urn=urn, is_owner=owner)


def _instant(
    row: Row, column: str, formats: tuple[str, ...], table: Table
) -> tuple[datetime | None, Problem | None]:
    raw = row.get(column)
    origin = Origin(table.name, row.line)
    if not raw:
        return None, None
    try:
        moment = dates.parse_instant(raw, formats)
    except dates.DateParseError:
        return None, Problem(f"{column}: unrecognised date {raw!r}", origin, code="bad-date")
    if dates.implausible(moment):
        return None, Problem(
            f"{column}: implausible date {raw!r} (before 1990 or in the future)",
            origin,
            code="implausible-date",
        )
    return moment, None


# ---------------------------------------------------------------- owner's own files


def _profile(table: Table, ctx: Context, report: FileReport) -> Iterator[Record]:
    seen = False
    for row in table.rows:
        report.rows += 1
        origin = Origin(table.name, row.line)
        if seen:
            report.skip("more than one profile row")
            yield Skip("more than one profile row", origin)
            continue
        seen = True
        report.records += 1
        yield OwnerProfile(
            first_name=normalise.clean_name_part(row.get("First Name")),
            last_name=normalise.clean_name_part(row.get("Last Name")),
            headline=normalise.clean_text(row.get("Headline")),
            summary=normalise.clean_text(row.get("Summary")),
            industry=normalise.clean_text(row.get("Industry")),
            origin=origin,
        )


def _emails(table: Table, ctx: Context, report: FileReport) -> Iterator[Record]:
    for row in table.rows:
        report.rows += 1
        origin = Origin(table.name, row.line)
        address = normalise.email(row.get("Email Address"))
        if address is None:
            report.problems += 1
            yield Problem(f"not an email address: {row.get('Email Address')!r}", origin)
            continue
        report.records += 1
        yield OwnerIdentity(
            "email",
            address,
            origin,
            primary=row.get("Primary").lower() == "yes",
            evidence="LinkedIn Email Addresses.csv",
        )


def _skills(table: Table, ctx: Context, report: FileReport) -> Iterator[Record]:
    for row in table.rows:
        report.rows += 1
        origin = Origin(table.name, row.line)
        name = normalise.clean_text(row.get("Name"))
        if not name:
            report.skip("empty skill")
            yield Skip("empty skill", origin)
            continue
        report.records += 1
        yield OwnerSkill(name, origin)


def _positions(table: Table, ctx: Context, report: FileReport) -> Iterator[Record]:
    yield from _tenures(table, report, "work", "Company Name", "Title", "Started On", "Finished On")


def _education(table: Table, ctx: Context, report: FileReport) -> Iterator[Record]:
    yield from _tenures(
        table, report, "education", "School Name", "Degree Name", "Start Date", "End Date"
    )


def _tenures(
    table: Table,
    report: FileReport,
    kind: str,
    org_col: str,
    title_col: str,
    start_col: str,
    end_col: str,
) -> Iterator[Record]:
    for row in table.rows:
        report.rows += 1
        origin = Origin(table.name, row.line)
        org = normalise.clean_text(row.get(org_col))
        if not org:
            report.skip("no organisation named")
            yield Skip("no organisation named", origin)
            continue
        try:
            start = dates.parse_partial(row.get(start_col))
            end = dates.parse_partial(row.get(end_col))
        except dates.DateParseError as exc:
            report.problems += 1
            yield Problem(str(exc), origin, code="bad-date")
            continue
        report.records += 1
        yield Tenure(
            person=None,
            kind="work" if kind == "work" else "education",
            organization=org,
            title=normalise.clean_text(row.get(title_col)),
            start=start,
            end=end,
            current=end is None and kind == "work",
            origin=origin,
            description=normalise.clean_text(row.get("Description", "Notes")),
            location=normalise.clean_text(row.get("Location")),
        )


# ---------------------------------------------------------------- people


def _connections(table: Table, ctx: Context, report: FileReport) -> Iterator[Record]:
    for row in table.rows:
        report.rows += 1
        origin = Origin(table.name, row.line)
        first, last, url = row.get("First Name"), row.get("Last Name"), row.get("URL")
        email = row.get("Email Address")
        if all(normalise.is_blank(v) for v in (first, last, url, email)):
            reason = "ghost row: hidden or deleted member (only a date)"
            report.skip(reason)
            yield Skip(reason, origin)
            continue
        ref = _ref(first, last, url=url, email=email, org=row.get("Company"), ctx=ctx)
        connected_on: date | None = None
        raw_date = row.get("Connected On")
        if raw_date and not normalise.is_blank(raw_date):
            try:
                connected_on = dates.parse_day(raw_date, dates.CONNECTED_ON)
            except dates.DateParseError:
                report.warnings += 1
                yield Problem(
                    f"Connected On: unrecognised date {raw_date!r}; imported without it",
                    origin,
                    severity="warning",
                    code="bad-date",
                )
        report.records += 1
        yield Connection(
            person=ref,
            organization=normalise.clean_text(row.get("Company"))
            if not normalise.is_blank(row.get("Company"))
            else "",
            title=normalise.clean_text(row.get("Position"))
            if not normalise.is_blank(row.get("Position"))
            else "",
            connected_on=connected_on,
            origin=origin,
        )


def _split_urls(cell: str) -> list[str]:
    return [
        u.strip()
        for u in re.split(r"[,;]\s*(?=(?:https?://|www\.|linkedin\.com|urn:))", cell)
        if u.strip()
    ]


def _messages(table: Table, ctx: Context, report: FileReport) -> Iterator[Record]:
    if table.has("Direction") and not table.has("Conversation ID"):
        yield from _messages_2018(table, ctx, report)
        return
    for row in table.rows:
        report.rows += 1
        origin = Origin(table.name, row.line)
        skip = _message_skip_reason(row)
        if skip:
            report.skip(skip)
            yield Skip(skip, origin)
            continue
        moment, problem = _instant(row, "DATE", dates.MESSAGE_DATE, table)
        if moment is None:
            report.problems += 1
            yield problem or Problem("DATE: missing", origin, code="bad-date")
            continue
        sender = _named_ref(row.get("FROM"), row.get("SENDER PROFILE URL"), ctx)
        urls = _split_urls(row.get("RECIPIENT PROFILE URLS"))
        names = [row.get("TO")] if len(urls) <= 1 else row.get("TO").split(",")
        if len(names) != len(urls):
            names = [""] * len(urls)
        recipients = tuple(
            r
            for r in (_named_ref(n, u, ctx) for n, u in zip(names, urls, strict=True))
            if r.linkedin != sender.linkedin or r.linkedin is None
        )
        if not recipients and row.get("TO"):
            recipients = (_named_ref(row.get("TO"), "", ctx),)
        conversation = row.get("CONVERSATION ID") or digest(
            "li-pair",
            *sorted([sender.linkedin or sender.name, *(r.linkedin or r.name for r in recipients)]),
        )
        report.records += 1
        yield Message(
            key=digest(
                "li-msg",
                conversation,
                row.get("DATE"),
                sender.linkedin or sender.name,
                digest(row.get("CONTENT")),
            ),
            thread_key=f"li:{conversation}",
            occurred_at=moment,
            sender=sender,
            recipients=recipients,
            subject=normalise.clean_text(row.get("SUBJECT") or row.get("CONVERSATION TITLE"))[:500],
            folder=row.get("FOLDER").upper(),
            channel="linkedin_message",
            origin=origin,
            has_text=bool(row.get("CONTENT")),
        )


def _message_skip_reason(row: Row) -> str:
    if row.get("IS MESSAGE DRAFT").lower() == "yes":
        return "draft: never sent"
    if row.get("FOLDER").upper() == "SPAM":
        return "spam folder"
    title = row.get("CONVERSATION TITLE").casefold()
    content = row.get("CONTENT")[:400].casefold()
    if title == "sponsored conversation" or any(m in content for m in SPONSORED_MARKERS):
        return "sponsored InMail"
    sender = row.get("FROM")
    if not row.get("SENDER PROFILE URL") and (not sender or sender.casefold() == "linkedin member"):
        return "sender unknown (LinkedIn Member or empty)"
    return ""


def _messages_2018(table: Table, ctx: Context, report: FileReport) -> Iterator[Record]:
    owner = ctx.owner_ref()
    for row in table.rows:
        report.rows += 1
        origin = Origin(table.name, row.line)
        folder = row.get("Folder").upper()
        if folder == "SPAM":
            report.skip("spam folder")
            yield Skip("spam folder", origin)
            continue
        moment, problem = _instant(row, "Date", dates.MESSAGE_DATE, table)
        if moment is None:
            report.problems += 1
            yield problem or Problem("Date: missing", origin, code="bad-date")
            continue
        direction = row.get("Direction").upper()
        from_name, to_name = row.get("From"), row.get("To")
        if direction not in {"INCOMING", "OUTGOING"}:
            direction = "OUTGOING" if ctx.is_owner(name=from_name) else "INCOMING"
        other_name = to_name if direction == "OUTGOING" else from_name
        if not other_name or other_name.casefold() == "linkedin member":
            reason = "sender unknown (LinkedIn Member or empty)"
            report.skip(reason)
            yield Skip(reason, origin)
            continue
        other = PersonRef(name=normalise.clean_name_part(other_name))
        sender, recipient = (owner, other) if direction == "OUTGOING" else (other, owner)
        report.records += 1
        yield Message(
            key=digest("li-msg18", from_name, to_name, row.get("Date"), digest(row.get("Content"))),
            thread_key=f"li18:{normalise.name_key(other.name)}",
            occurred_at=moment,
            sender=sender,
            recipients=(recipient,),
            subject=normalise.clean_text(row.get("Subject"))[:500],
            folder=folder,
            channel="linkedin_message",
            origin=origin,
            has_text=bool(row.get("Content")),
        )


def _invitations(table: Table, ctx: Context, report: FileReport) -> Iterator[Record]:
    owner = ctx.owner_ref()
    for row in table.rows:
        report.rows += 1
        origin = Origin(table.name, row.line)
        moment, problem = _instant(row, "Sent At", dates.US_SHORT, table)
        if moment is None:
            report.problems += 1
            yield problem or Problem("Sent At: missing", origin, code="bad-date")
            continue
        direction = row.get("Direction").upper()
        inviter = _named_ref(
            row.get("From"), row.get("inviterProfileUrl", "inviterProfileUrn"), ctx
        )
        invitee = _named_ref(row.get("To"), row.get("inviteeProfileUrl", "inviteeProfileUrn"), ctx)
        if direction == "OUTGOING":
            inviter = owner
        elif direction == "INCOMING":
            invitee = owner
        other = invitee if inviter.is_owner else inviter
        if not other.is_attributable() or other.name.casefold() == "linkedin member":
            reason = "invitation from or to an unknown member"
            report.skip(reason)
            yield Skip(reason, origin)
            continue
        report.records += 1
        yield Message(
            key=digest("li-inv", row.get("From"), row.get("To"), row.get("Sent At")),
            thread_key=f"li-inv:{other.linkedin or other.urn or normalise.name_key(other.name)}",
            occurred_at=moment,
            sender=inviter,
            recipients=(invitee,),
            subject="invitation to connect",
            folder=direction,
            channel="linkedin_invitation",
            origin=origin,
            has_text=bool(row.get("Message")),
        )


def _recommendations(direction: str) -> Transform:
    def transform(table: Table, ctx: Context, report: FileReport) -> Iterator[Record]:
        for row in table.rows:
            report.rows += 1
            origin = Origin(table.name, row.line)
            ref = _ref(row.get("First Name"), row.get("Last Name"), org=row.get("Company"), ctx=ctx)
            if not ref.name:
                report.skip("no name")
                yield Skip("no name", origin)
                continue
            created, problem = _instant(row, "Creation Date", dates.US_SHORT, table)
            if problem:
                report.warnings += 1
                yield replace(
                    problem, severity="warning", message=problem.message + "; imported without it"
                )
            report.records += 1
            yield Recommendation(
                direction="received" if direction == "received" else "given",
                person=ref,
                organization=normalise.clean_text(row.get("Company")),
                title=normalise.clean_text(row.get("Job Title")),
                text=normalise.clean_text(row.get("Text")),
                created_at=created,
                status=row.get("Status").upper(),
                origin=origin,
            )

    return transform


def _endorsements(direction: str) -> Transform:
    who = "Endorser" if direction == "received" else "Endorsee"

    def transform(table: Table, ctx: Context, report: FileReport) -> Iterator[Record]:
        for row in table.rows:
            report.rows += 1
            origin = Origin(table.name, row.line)
            ref = _ref(
                row.get(f"{who} First Name"),
                row.get(f"{who} Last Name"),
                url=row.get(f"{who} Public Url"),
                ctx=ctx,
            )
            skill = normalise.clean_text(row.get("Skill Name"))
            if not (ref.name or ref.linkedin) or not skill:
                reason = "no person or no skill"
                report.skip(reason)
                yield Skip(reason, origin)
                continue
            moment, problem = _instant(row, "Endorsement Date", dates.ENDORSEMENT_DATE, table)
            if problem:
                report.warnings += 1
                yield replace(
                    problem, severity="warning", message=problem.message + "; imported without it"
                )
            report.records += 1
            yield Endorsement(
                direction="received" if direction == "received" else "given",
                person=ref,
                skill=skill,
                endorsed_at=moment,
                status=row.get("Endorsement Status").upper(),
                origin=origin,
            )

    return transform


SPECS: dict[str, Spec] = {
    "profile.csv": Spec(
        "profile", ("First Name",), ("First Name", "Headline", "Industry"), 0, _profile
    ),
    "emailaddresses.csv": Spec(
        "email addresses", ("Email Address",), ("Email Address", "Primary"), 1, _emails
    ),
    "skills.csv": Spec("skills", ("Name",), ("Name",), 2, _skills),
    "positions.csv": Spec(
        "positions", ("Company Name",), ("Company Name", "Title", "Started On"), 3, _positions
    ),
    "education.csv": Spec(
        "education", ("School Name",), ("School Name", "Degree Name"), 4, _education
    ),
    "connections.csv": Spec(
        "connections", ("First Name",), ("First Name", "Last Name", "Connected On"), 5, _connections
    ),
    "recommendationsreceived.csv": Spec(
        "recommendations received", ("First Name",), (), 6, _recommendations("received")
    ),
    "recommendationsgiven.csv": Spec(
        "recommendations given", ("First Name",), (), 7, _recommendations("given")
    ),
    "endorsementreceivedinfo.csv": Spec(
        "endorsements received",
        ("Endorsement Date",),
        ("Endorser First Name", "Skill Name"),
        8,
        _endorsements("received"),
    ),
    "endorsementgiveninfo.csv": Spec(
        "endorsements given",
        ("Endorsement Date",),
        ("Endorsee First Name", "Skill Name"),
        9,
        _endorsements("given"),
    ),
    "messages.csv": Spec(
        "messages", ("CONVERSATION ID", "From"), ("Subject", "Content"), 10, _messages
    ),
    "invitations.csv": Spec("invitations", ("From",), ("Sent At", "Direction"), 11, _invitations),
}

NOT_USED_NOTES = {
    "coachmessages.csv": AI_COACH_NOTE,
    "learningcoachmessages.csv": AI_COACH_NOTE,
    "learningroleplaymessages.csv": AI_COACH_NOTE,
}


def spec_for(name: str, header: list[str] | None = None) -> Spec | None:
    """The spec for a member name, or (for a renamed single CSV) for its header."""
    spec = SPECS.get(file_key(name))
    if spec is not None or header is None or file_key(name) in NOT_USED_NOTES:
        return spec
    columns = {h.casefold() for h in header}
    for candidate in SPECS.values():
        if candidate.signature and all(c.casefold() in columns for c in candidate.signature):
            return candidate
    return None


# ---------------------------------------------------------------- reading the input


_ZIP_DATE = re.compile(r"(\d{2})-(\d{2})-(\d{4})")


def export_date_from_name(name: str) -> date | None:
    """``Basic_LinkedInDataExport_07-11-2023.zip`` was exported on 2023-07-11 (US order)."""
    match = _ZIP_DATE.search(name)
    if not match:
        return None
    month, day, year = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


def derive_owner_urls(message_rows: list[Row], connection_urls: set[str]) -> set[str]:
    """The owner's profile URL: the one present in the most conversations, never a connection's."""
    per_conversation: dict[str, set[str]] = {}
    for row in message_rows:
        urls = {normalise.linkedin_url(row.get("SENDER PROFILE URL"))}
        urls.update(
            normalise.linkedin_url(u) for u in _split_urls(row.get("RECIPIENT PROFILE URLS"))
        )
        per_conversation.setdefault(row.get("CONVERSATION ID"), set()).update(u for u in urls if u)
    counts = Counter(u for urls in per_conversation.values() for u in urls)
    candidates = [(n, u) for u, n in counts.items() if u not in connection_urls]
    if not candidates:
        return set()
    best_count = max(n for n, _ in candidates)
    best = [u for n, u in candidates if n == best_count]
    if len(best) != 1 or best_count * 2 < len(per_conversation):
        return set()
    return {best[0]}


class LinkedInImporter:
    """Reads a LinkedIn data export (zip, folder or single CSV)."""

    kind = "linkedin"

    def score(self, path: Path) -> float:
        """1.0 for an export zip or folder holding LinkedIn's files; 0.9 for one of its CSVs."""
        try:
            if path.is_dir():
                names = [p.name for p in path.rglob("*.csv")]
            elif zipfile.is_zipfile(path):
                with zipfile.ZipFile(path) as archive:
                    names = archive.namelist()
            elif path.suffix.lower() == ".zip":
                return 0.1  # a damaged zip: parse() explains that it cannot be read
            elif path.suffix.lower() == ".csv":
                if spec_for(path.name) or file_key(path.name) in NOT_USED_NOTES:
                    return 0.9
                with path.open("rb") as handle:
                    head = handle.read(4096)
                table = read_table(
                    head, path.name, ("First Name", "CONVERSATION ID", "Company Name")
                )
                return 0.6 if spec_for(path.name, table.header) else 0.0
            else:
                return 0.0
        except (OSError, zipfile.BadZipFile, BrokenFile):
            return 0.1 if path.suffix.lower() in {".zip", ".csv"} else 0.0
        known = sum(1 for n in names if file_key(n) in SPECS)
        return 1.0 if known else 0.0

    def parse(self, path: Path) -> Parsed:
        """Read every member, derive the owner, and transform each used file into records."""
        limits = Limits.from_settings()
        reports: list[FileReport] = []
        if path.is_dir():
            members, skipped = folder_members(path)
            reports.extend(FileReport(name, "other", used=False, note=why) for name, why in skipped)
            fingerprint = folder_fingerprint(path, members)
        elif path.suffix.lower() == ".csv" and not zipfile.is_zipfile(path):
            members = [file_member(path)]
            fingerprint = sha256_file(path)
        else:
            members = zip_members(path, "download the export again", limits)
            fingerprint = sha256_file(path)
        tables: list[tuple[Spec, Table]] = []
        for member in members:
            spec = spec_for(member.name)
            if spec is None and file_key(member.name).endswith(".csv") and len(members) == 1:
                table = read_table(member.open, member.name, max_line=limits.line)
                spec = spec_for(member.name, table.header)
            if spec is None:
                note = NOT_USED_NOTES.get(file_key(member.name), "not used by goodword")
                reports.append(FileReport(member.name, "other", used=False, note=note))
                continue
            table = read_table(member.open, member.name, spec.header_starts, max_line=limits.line)
            missing = [c for c in spec.signature if not table.has(c)]
            if missing and not (spec.kind == "messages" and table.has("From", "Direction")):
                # The file's own header is not quoted: a file that is not what its name
                # says (a renamed /etc/passwd) must not be shown on screen.
                raise BrokenFile(
                    f"{member.name}: missing column(s) {', '.join(missing)}, so it is not the "
                    f"LinkedIn {spec.kind} file its name says; give goodword the files of a "
                    "LinkedIn export as they were downloaded"
                )
            tables.append((spec, table))
        if not tables:
            raise ImportFailed(
                f"{path}: no LinkedIn file goodword reads was found "
                f"(looked for {', '.join(sorted({s.kind for s in SPECS.values()}))})"
            )
        ctx = self._context(tables, path)
        records: list[Record] = []
        for spec, table in sorted(tables, key=lambda pair: pair[0].order):
            report = FileReport(table.name, spec.kind, note="; ".join(table.notes))
            produced = list(spec.transform(table, ctx, report))
            for line, message in table.malformed:
                report.rows += 1
                report.problems += 1
                produced.append(Problem(message, Origin(table.name, line)))
            records.extend(produced)
            reports.append(report)
        # The export's date: its name, else its newest row, else its files' own times.
        basis = "file name" if ctx.export_date else ""
        if ctx.export_date is None:
            ctx.export_date = _latest_date(records)
            basis = "latest row" if ctx.export_date else ""
        if ctx.export_date is None:
            ctx.export_date = latest_file_day(members)
            basis = "file times" if ctx.export_date else ""
        return Parsed(
            kind=self.kind,
            path=path,
            fingerprint=fingerprint,
            export_date=ctx.export_date,
            files=sorted(reports, key=lambda r: (not r.used, r.name.casefold())),
            records=records,
            export_basis=basis,
        )

    def _context(self, tables: list[tuple[Spec, Table]], path: Path) -> Context:
        ctx = Context(export_date=export_date_from_name(path.name))
        # Owner facts need a first look at three files; their rows are kept for the real pass.
        for index, (spec, table) in enumerate(tables):
            if spec.kind in {
                "profile",
                "connections",
                "messages",
                "invitations",
                "email addresses",
            }:
                rows = list(table.rows)
                tables[index][1].rows = iter(rows)
                self._learn(spec.kind, rows, ctx, table)
        for spec, table in tables:
            if spec.kind == "messages" and table.has("CONVERSATION ID"):
                rows = list(table.rows)
                table.rows = iter(rows)
                ctx.owner_urls |= derive_owner_urls(rows, ctx.connection_urls)
        return ctx

    @staticmethod
    def _learn(kind: str, rows: list[Row], ctx: Context, table: Table) -> None:
        if kind == "profile" and rows:
            ctx.owner_first = normalise.clean_name_part(rows[0].get("First Name"))
            ctx.owner_last = normalise.clean_name_part(rows[0].get("Last Name"))
            ctx.owner_name = normalise.display_name(ctx.owner_first, ctx.owner_last)
        elif kind == "connections":
            ctx.connection_urls = {u for r in rows if (u := normalise.linkedin_url(r.get("URL")))}
        elif kind == "email addresses":
            ctx.owner_emails = {e for r in rows if (e := normalise.email(r.get("Email Address")))}
        elif kind == "invitations":
            for row in rows:
                if row.get("Direction").upper() == "OUTGOING":
                    raw = row.get("inviterProfileUrl", "inviterProfileUrn")
                    if url := normalise.linkedin_url(raw):
                        ctx.owner_urls.add(url)
                    if urn := normalise.linkedin_urn(raw):
                        ctx.owner_urns.add(urn)
                    if not ctx.owner_name and row.get("From"):
                        ctx.owner_name = normalise.clean_name_part(row.get("From"))


def _latest_date(records: list[Record]) -> date | None:
    latest: date | None = None
    for record in records:
        moment: date | None = None
        if isinstance(record, Message):
            moment = record.occurred_at.date()
        elif isinstance(record, Connection):
            moment = record.connected_on
        elif isinstance(record, Endorsement | Recommendation):
            stamp = record.endorsed_at if isinstance(record, Endorsement) else record.created_at
            moment = stamp.date() if stamp else None
        if moment and (latest is None or moment > latest):
            latest = moment
    return latest
