"""Calendar files (.ics) from Google, Outlook and Apple as evidence of meetings.

Accepts one ``.ics`` file, a folder of them or a ``.zip`` of them (Google
Takeout's Calendar folder). Every VEVENT becomes meetings, a :class:`Skip`
or a :class:`Problem` located by the line of its ``BEGIN:VEVENT``:

- A recurring series (RRULE, RDATE, EXDATE, RECURRENCE-ID overrides) is
  expanded with ``recurring-ical-events`` from its start up to the export
  date (the latest DTSTAMP or LAST-MODIFIED in the input, never later than
  today), one :class:`Meeting` per instance, at most :data:`SERIES_CAP` per
  series: the latest ones are kept, because recent meetings say more, and a
  warning says how many earlier ones were left out. Cancelled instances and
  EXDATEs inside that window are one :class:`Skip` each. Series repeating
  more often than daily are not meetings and are skipped.
- ``key`` is ``digest(UID, RECURRENCE-ID)``: the instance's original start
  for an instance of a series, empty for a single event, so a moved meeting
  keeps its key across re-imports.
- Time-zone quirks are repaired and the meeting kept with a warning:
  Windows TZIDs (Outlook) and vendor-prefixed ones are mapped to IANA,
  ``(GMT +01:00)`` becomes a fixed offset, and floating times or unknown
  TZIDs are read in the calendar's X-WR-TIMEZONE, else as UTC. A timed event
  with neither DTEND nor DURATION keeps ``ends_at=None``, with a warning.
  Google's X-WR-TIMEZONE is applied (via ``x-wr-timezone``) so a weekly
  series stored in UTC follows local time across daylight saving.
- All-day events (DATE values) are birthdays, holidays and reminders: they
  are skipped unless someone else is invited, in which case the meeting
  starts at 00:00 UTC of its first day and ends at 00:00 UTC of the day
  after its last (DTEND is exclusive).
- Rooms, resources, group calendars and Google's pseudo-addresses are not
  people: they are dropped from attendees (and as organizer) and counted in
  the file's note. Events with nobody but the owner ("Dentist") are skipped.
  The owner stays among the attendees, with their answer (a declined
  meeting did not happen for them); the organizer is never repeated there.

Counting: ``rows`` is VEVENTs read. Each VEVENT is rejected (an error
:class:`Problem`), skipped as a whole (one :class:`Skip`), or expanded into
its occurrences up to the export date, each of which is a :class:`Meeting`
(``records``) or a :class:`Skip` (a cancelled or excluded instance). So
``records`` may exceed ``rows``; the note says how many series gave how many
meetings. ``warnings`` counts VEVENTs kept with a repair noted (one warning
:class:`Problem` each, however many instances they gave).

The owner is proposed from X-WR-CALNAME when it is an address, else from the
address that organizes or attends most of the events with people; only an
:class:`OwnerIdentity` is emitted, the loader marks the owner.
"""

from __future__ import annotations

import hashlib
import re
import warnings
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from pathlib import Path
from typing import Any, cast
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events  # type: ignore[import-untyped]
from icalendar.prop import vDDDLists, vDDDTypes
from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

from goodword.errors import BrokenFile
from goodword.identity import normalise
from goodword.records import (
    Attendee,
    FileReport,
    Meeting,
    Origin,
    OwnerIdentity,
    PersonRef,
    Problem,
    Record,
    Response,
    Skip,
    digest,
)
from goodword.sources.archive import (
    Limits,
    check_lines,
    file_day,
    folder_members,
    sha256_file,
    zip_members,
)
from goodword.sources.base import Parsed

SERIES_CAP = 520
"""At most this many instances of one recurring series become meetings (ten years weekly)."""

NOT_PEOPLE_CUTYPES = {"ROOM", "RESOURCE", "GROUP"}
# resource., group., group.v., import. and unknownorganizer@ are all Google calendars,
# not people; birthday calendars use @virtual.
_NOT_PEOPLE_DOMAINS = ("calendar.google.com", "virtual")
_ROOM_NAME = re.compile(
    r"^\s*(?:room|(?:conference|meeting|board)\s*room)\b|\bconference\s+room\b", re.IGNORECASE
)
_GMT_OFFSET = re.compile(
    r"^\(?\s*(?:GMT|UTC)\s*(?:(?P<sign>[+-])\s*(?P<hours>\d{1,2})(?::?(?P<minutes>\d{2}))?)?\s*\)?"
)
_TOO_FREQUENT = {"SECONDLY", "MINUTELY", "HOURLY"}
_TIME_PROPERTIES = ("DTSTART", "DTEND", "DURATION", "RECURRENCE-ID", "RRULE", "RDATE", "EXDATE")
_RESPONSES: dict[str, Response] = {
    "ACCEPTED": "accepted",
    "DECLINED": "declined",
    "TENTATIVE": "tentative",
    "NEEDS-ACTION": "needs-action",
    "DELEGATED": "delegated",
}
_NO_PEOPLE = "no other people (a personal calendar entry)"
_ALL_DAY_ALONE = "all-day entry without other people (birthday, holiday, reminder)"


class IcsImporter:
    """Reads calendar exports: one .ics file, or a folder or zip of them."""

    kind = "ics"

    def score(self, path: Path) -> float:
        """1.0 for a ``.ics`` file; 0.95 for a file opening with BEGIN:VCALENDAR; 0.9 for a folder or zip of ``.ics`` files.

        A LinkedIn export (CSV files) holds no ``.ics`` and scores 0 here.
        """
        try:
            if path.is_dir():
                return 0.9 if any(_is_ics(p.name) for p in path.rglob("*")) else 0.0
            if not path.is_file():
                return 0.0
            if _is_ics(path.name):
                return 1.0
            if zipfile.is_zipfile(path):
                with zipfile.ZipFile(path) as archive:
                    return 0.9 if any(_is_ics(n) for n in archive.namelist()) else 0.0
            with path.open("rb") as handle:
                head = handle.read(512)
        except (OSError, zipfile.BadZipFile):
            return 0.0
        text = head.decode("utf-8", "replace").lstrip("\ufeff \t\r\n")
        return 0.95 if text.upper().startswith("BEGIN:VCALENDAR") else 0.0

    def parse(self, path: Path) -> Parsed:
        """Read every calendar of ``path`` and expand its events into meetings up to the export date."""
        members, others, fingerprint = _members(path)
        if not members:
            raise BrokenFile(f"{path}: holds no .ics file; give goodword a calendar export (.ics)")
        calendars = [_read_calendar(name, data) for name, data in members]
        horizon = _horizon(calendars)
        stamps = any(cal.stamps for cal in calendars)
        owners, identities = _owner(calendars)
        records: list[Record] = list(identities)
        seen: set[str] = set()
        # The owner's own calendar first: an event shared into another calendar is a
        # duplicate there, not here.
        for cal in sorted(calendars, key=lambda c: not (c.own_addresses & owners)):
            records.extend(_meetings(cal, owners | cal.own_addresses, horizon, seen))
        notes = []
        if others:
            shown = ", ".join(others[:10]) + (
                f" and {len(others) - 10} more" if len(others) > 10 else ""
            )
            many = len(others) > 1
            notes.append(
                f"{len(others)} {'files that are not calendars' if many else 'file that is not a calendar'}"
                f" (.ics) {'were' if many else 'was'} not read: {shown}"
            )
        return Parsed(
            kind=self.kind,
            path=path,
            fingerprint=fingerprint,
            export_date=horizon.date() if stamps else file_day(path),
            files=[cal.report for cal in calendars],
            records=records,
            notes=notes,
            export_basis="latest DTSTAMP" if stamps else "file times",
        )


def _is_ics(name: str) -> bool:
    base = name.rsplit("/", 1)[-1]
    return base.lower().endswith(".ics") and not base.startswith(".")


def _members(path: Path) -> tuple[list[tuple[str, bytes]], list[str], str]:
    """The calendar files of ``path`` (name, bytes), the other files' names, and a fingerprint.

    A zip's members are bounded by the ``GOODWORD_MAX_*`` caps, a folder's links
    out of it are not followed (they are listed with the other files, with why),
    and a file with a line longer than the cap is refused before it is parsed.
    """
    limits = Limits.from_settings()
    try:
        if path.is_dir():
            found, skipped = folder_members(path)
            members = [(m.name, m.read()) for m in found if _is_ics(m.name)]
            others = [m.name for m in found if not _is_ics(m.name)]
            others += [f"{name} ({why})" for name, why in skipped]
            sha = hashlib.sha256()
            for name, data in members:
                sha.update(name.encode())
                sha.update(hashlib.sha256(data).digest())
            fingerprint = sha.hexdigest()
        else:
            if path.suffix.lower() == ".zip" and not zipfile.is_zipfile(path):
                raise zipfile.BadZipFile("no zip directory: the file is cut short or not a zip")
            if not _is_ics(path.name) and zipfile.is_zipfile(path):
                inside = zip_members(path, "download the export again", limits)
                members = [(m.name, m.read()) for m in inside if _is_ics(m.name)]
                others = [m.name for m in inside if not _is_ics(m.name)]
            else:
                members, others = [(path.name, path.read_bytes())], []
            fingerprint = sha256_file(path)
    except (zipfile.BadZipFile, EOFError) as exc:
        raise BrokenFile(
            f"{path}: not a readable zip file ({exc}); download the export again"
        ) from exc
    except OSError as exc:
        raise BrokenFile(f"{path}: cannot be read ({exc.strerror})") from exc
    for name, data in members:
        check_lines(data, name, limits.line)
    return members, others, fingerprint


@dataclass(slots=True)
class _Event:
    """One VEVENT of a file, with where it is and what was repaired in it."""

    component: icalendar.Event
    line: int
    uid: str
    repairs: set[str] = field(default_factory=set)


@dataclass(slots=True)
class _Calendar:
    """One parsed .ics file."""

    name: str
    title: str
    zone: tzinfo
    zone_name: str
    x_wr_timezone: str
    own_addresses: set[str]
    events: list[_Event]
    report: FileReport
    stamps: list[datetime]


def _read_calendar(name: str, data: bytes) -> _Calendar:
    """Parse one file; a file that is not iCalendar, or is cut short, raises BrokenFile."""
    report = FileReport(name, "ics")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", "replace")
        report.note = "not UTF-8: read as Windows-1252"
    lines = text.splitlines()
    content = [ln for ln in lines if ln.strip()]
    if not content or content[0].strip().upper() != "BEGIN:VCALENDAR":
        raise BrokenFile(
            f"{name}: not an iCalendar file (it does not start with BEGIN:VCALENDAR); "
            "export the calendar again as .ics"
        )
    if content[-1].strip().upper() != "END:VCALENDAR":
        raise BrokenFile(
            f"{name}: cut short after line {len(lines)} (no END:VCALENDAR); "
            "download or export the calendar again"
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            parsed = icalendar.Calendar.from_ical(text, multiple=True)
    # The library trips over some damage with errors of its own (a property given twice
    # where one is expected gives an AttributeError, a TZID too long to be a file name an
    # OSError): all of them mean "cannot be read". Its words are not quoted: they quote
    # the file, which may be anything.
    except (ValueError, KeyError, IndexError, AttributeError, TypeError, OSError) as exc:
        raise BrokenFile(
            f"{name}: not a readable iCalendar file (the calendar library could not parse "
            "it); export the calendar again as .ics"
        ) from exc
    # rstrip only: a folded continuation line starts with a space and is not a BEGIN.
    starts = [i + 1 for i, ln in enumerate(lines) if ln.rstrip().upper() == "BEGIN:VEVENT"]
    components = [ev for cal in parsed for ev in cal.walk("VEVENT")]
    if len(starts) != len(components):
        # Only when VEVENTs nest oddly: fall back to ordinals, and say so.
        starts = list(range(1, len(components) + 1))
        report.note = _join(report.note, "rows are event numbers, not lines")
    title = next((str(c["X-WR-CALNAME"]) for c in parsed if "X-WR-CALNAME" in c), "")
    x_wr = next((str(c["X-WR-TIMEZONE"]).strip() for c in parsed if "X-WR-TIMEZONE" in c), "")
    zone = (_iana(x_wr) or _iana(WINDOWS_TO_OLSON.get(x_wr, ""))) if x_wr else None
    if x_wr and zone is None:
        report.note = _join(report.note, f"X-WR-TIMEZONE {x_wr!r} is not a known zone: ignored")
    address = normalise.email(title)
    events: list[_Event] = []
    stamps: list[datetime] = []
    for component, line in zip(components, starts, strict=True):
        event = cast(icalendar.Event, component)
        uid = str(event.get("UID") or "").strip()
        events.append(_Event(event, line, uid))
        for prop in ("DTSTAMP", "LAST-MODIFIED"):
            stamp = _safe_dt(event, prop)
            if isinstance(stamp, datetime):
                stamps.append(stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC))
    report.rows = len(events)
    return _Calendar(
        name=name,
        title=title or Path(name).stem,
        zone=zone or UTC,
        zone_name=f"X-WR-TIMEZONE {zone}" if zone else "UTC",
        x_wr_timezone=str(zone) if zone else "",
        own_addresses={address} if address else set(),
        events=events,
        report=report,
        stamps=stamps,
    )


def _join(note: str, more: str) -> str:
    return f"{note}; {more}" if note else more


def _iana(name: str) -> ZoneInfo | None:
    """The IANA zone called ``name``, or None."""
    name = name.strip().strip('"')
    if not name or name.startswith("/") or ".." in name:
        return None
    try:
        return ZoneInfo(name)
    except (ValueError, OSError, KeyError):  # ZoneInfoNotFoundError is a KeyError
        return None


def _safe_dt(component: icalendar.Event, prop: str) -> date | None:
    """The date or datetime of ``prop``, or None when it is missing or broken."""
    try:
        value = component.get(prop)
        result = getattr(value, "dt", None)
    except ValueError:  # icalendar's BrokenCalendarProperty for a value it could not parse
        return None
    return result if isinstance(result, date) else None


def _horizon(calendars: list[_Calendar]) -> datetime:
    """The export date: the latest DTSTAMP or LAST-MODIFIED, never later than now."""
    now = datetime.now(UTC)
    stamps = [s.astimezone(UTC) for cal in calendars for s in cal.stamps]
    return min(max(stamps), now) if stamps else now


def _owner(calendars: list[_Calendar]) -> tuple[set[str], list[OwnerIdentity]]:
    """The owner's addresses: X-WR-CALNAME addresses, else who takes part in most events."""
    named = Counter[str]()
    for cal in calendars:
        for address in cal.own_addresses:
            named[address] += len(cal.events)
    if named:
        # Takeout also exports calendars others shared: the biggest is the owner's.
        address, _ = named.most_common(1)[0]
        cal = next(c for c in calendars if address in c.own_addresses)
        return {address}, [
            OwnerIdentity(
                "email",
                address,
                Origin(f"{cal.name} (your address, from the calendar)"),
                evidence=f"the name of the calendar in {cal.name} (X-WR-CALNAME)",
            )
        ]
    present = Counter[str]()
    with_people = 0
    for cal in calendars:
        for event in cal.events:
            organizer, attendees, _ = _people(event.component)
            addresses = {
                p.email for p in (organizer, *(a.person for a in attendees)) if p and p.email
            }
            if addresses:
                with_people += 1
                present.update(addresses)
    if not present:
        return set(), []
    ranked = present.most_common(2)
    address, count = ranked[0]
    if count < 2 or count * 2 < with_people or (len(ranked) > 1 and ranked[1][1] == count):
        return set(), []  # too few events, or two addresses equally likely: propose nobody
    return {address}, [
        OwnerIdentity(
            "email",
            address,
            Origin(f"{calendars[0].name} (your address, from the calendar)"),
            evidence=f"organizer or guest of {count} of the {with_people} events with people",
        )
    ]


def _people(event: icalendar.Event) -> tuple[PersonRef | None, list[Attendee], int]:
    """The organizer, the other attendees (people only, deduplicated) and how many non-people were dropped."""
    dropped = 0
    organizer: PersonRef | None = None
    raw_organizer = event.get("ORGANIZER")
    if isinstance(raw_organizer, list):
        raw_organizer = raw_organizer[0] if raw_organizer else None
    if raw_organizer is not None:
        ref, params = _ref(raw_organizer)
        if ref is None:
            pass
        elif _not_a_person(ref, params):
            dropped += 1
        else:
            organizer = ref
    raw = event.get("ATTENDEE")
    values: list[Any] = raw if isinstance(raw, list) else [] if raw is None else [raw]
    attendees: list[Attendee] = []
    seen: set[str] = set()
    if organizer is not None:
        seen.add(organizer.email or f"name:{organizer.name.casefold()}")
    for value in values:
        ref, params = _ref(value)
        if ref is None:
            continue
        if _not_a_person(ref, params):
            dropped += 1
            continue
        key = ref.email or f"name:{ref.name.casefold()}"
        if key in seen:
            continue
        seen.add(key)
        response = _RESPONSES.get(str(params.get("PARTSTAT", "")).strip().upper(), "")
        attendees.append(Attendee(ref, response))
    return organizer, attendees, dropped


def _ref(value: Any) -> tuple[PersonRef | None, dict[str, str]]:
    """A person ref from an ATTENDEE or ORGANIZER value (None when it names nobody)."""
    params = {str(k).upper(): str(v) for k, v in getattr(value, "params", {}).items()}
    address = normalise.email(str(value))
    name = normalise.clean_text(params.get("CN", "")).strip('"').strip()
    if name and address and normalise.email(name) == address:
        name = ""  # Google repeats the address as CN when it knows no name
    if not address and not name:
        return None, params
    return PersonRef(name=name, email=address), params


def _not_a_person(ref: PersonRef, params: dict[str, str]) -> bool:
    """Rooms, resources, group calendars and Google's pseudo-addresses."""
    if params.get("CUTYPE", "").strip().upper() in NOT_PEOPLE_CUTYPES:
        return True
    if ref.email:
        domain = ref.email.rsplit("@", 1)[-1]
        if any(domain == d or domain.endswith("." + d) for d in _NOT_PEOPLE_DOMAINS):
            return True
    return bool(_ROOM_NAME.search(ref.name))


# ---------------------------------------------------------------- time zones


def _repair_times(event: _Event, cal: _Calendar) -> None:
    """Make every date-time of ``event`` zone-aware, noting each repair in ``event.repairs``."""
    component = event.component
    for prop in ("DTSTART", "DTEND", "RECURRENCE-ID"):
        value = component.get(prop)
        if isinstance(value, vDDDTypes) and isinstance(value.dt, date):
            fixed = _repair(value.dt, value.params.get("TZID"), cal, event.repairs)
            if fixed is not value.dt:
                del component[prop]
                component.add(prop, fixed)
    for prop in ("EXDATE", "RDATE"):
        value = component.get(prop)
        if value is None:
            continue
        lists = value if isinstance(value, list) else [value]
        fixed_lists = []
        for item in lists:
            if not isinstance(item, vDDDLists):
                fixed_lists.append(item)
                continue
            tzid = item.params.get("TZID")
            dts = [_repair_any(d.dt, tzid, cal, event.repairs) for d in item.dts]
            fixed_lists.append(vDDDLists(dts))
        del component[prop]
        for item in fixed_lists:
            component.add(prop, item)


def _repair_any(value: Any, tzid: str | None, cal: _Calendar, repairs: set[str]) -> Any:
    """Repair a date-time, or each end of an RDATE period."""
    if isinstance(value, tuple):
        return tuple(_repair_any(v, tzid, cal, repairs) for v in value)
    if isinstance(value, date):
        return _repair(value, tzid, cal, repairs)
    return value


def _repair(value: date, tzid: str | None, cal: _Calendar, repairs: set[str]) -> date:
    """``value`` in a real zone; the same object when it needs no repair."""
    if not isinstance(value, datetime):
        return value  # an all-day date
    wall = value.replace(tzinfo=None)
    if not tzid:
        if value.tzinfo is not None:
            return value
        repairs.add(f"floating time (no time zone): read in {cal.zone_name}")
        return wall.replace(tzinfo=cal.zone)
    name = tzid.strip().strip('"')
    if name in WINDOWS_TO_OLSON:
        olson = WINDOWS_TO_OLSON[name]
        repairs.add(f"Windows time zone {name!r} read as {olson}")
        return wall.replace(tzinfo=ZoneInfo(olson))
    if _iana(name) is not None:
        return value if value.tzinfo is not None else wall.replace(tzinfo=ZoneInfo(name))
    if name.startswith("/"):
        parts = [p for p in name.split("/") if p]
        for start in range(len(parts)):
            zone = _iana("/".join(parts[start:]))
            if zone is not None and "/" in str(zone):
                repairs.add(f"time zone {name!r} read as {zone}")
                return wall.replace(tzinfo=zone)
    offset = _GMT_OFFSET.match(name)
    if offset and (offset.group("sign") or name.strip("() ").upper() in {"GMT", "UTC"}):
        sign = -1 if offset.group("sign") == "-" else 1
        delta = timedelta(
            hours=int(offset.group("hours") or 0), minutes=int(offset.group("minutes") or 0)
        )
        fixed = timezone(sign * delta)
        repairs.add(f"time zone {name!r} read as {fixed}")
        return wall.replace(tzinfo=fixed)
    if value.tzinfo is not None:
        return value  # a custom name defined by a VTIMEZONE in the file
    repairs.add(f"unknown time zone {name!r}: read in {cal.zone_name}")
    return wall.replace(tzinfo=cal.zone)


# ---------------------------------------------------------------- events to meetings


def _broken(event: _Event) -> str:
    """Why the event cannot be used at all, or ''."""
    errors = getattr(event.component, "errors", [])
    bad = [f"{prop}: {message}" for prop, message in errors if prop in _TIME_PROPERTIES]
    if bad:
        return "unreadable " + "; ".join(bad)
    if _safe_dt(event.component, "DTSTART") is None:
        return "no start time (DTSTART)"
    return ""


def _utc(value: date) -> datetime:
    if isinstance(value, datetime):
        return value.astimezone(UTC)
    return datetime(value.year, value.month, value.day, tzinfo=UTC)


def _instance_id(value: date) -> str:
    return _utc(value).isoformat() if isinstance(value, datetime) else value.isoformat()


class _Emitter:
    """Turns one file's events into records, keeping its report's counts."""

    def __init__(self, cal: _Calendar, owners: set[str], horizon: datetime, seen: set[str]) -> None:
        self.cal = cal
        self.owners = owners
        self.horizon = horizon
        self.seen = seen
        self.report = cal.report
        self.out: list[Record] = []
        self.accounted: set[int] = set()  # lines of events that gave any record
        self.kept: set[int] = set()  # lines of events that gave a meeting
        self.dropped = 0
        self.series = 0
        self.series_meetings = 0

    def origin(self, event: _Event) -> Origin:
        return Origin(self.cal.name, event.line)

    def skip(self, event: _Event, reason: str) -> None:
        self.report.skip(reason)
        self.out.append(Skip(reason, self.origin(event)))
        self.accounted.add(event.line)

    def reject(self, event: _Event, message: str, code: str = "malformed") -> None:
        self.report.problems += 1
        self.out.append(Problem(message, self.origin(event), code=code))
        self.accounted.add(event.line)

    def warn(self, event: _Event, message: str) -> None:
        """Note a repair; it becomes one warning if the event gives a meeting."""
        event.repairs.add(message)

    def others(self, organizer: PersonRef | None, attendees: list[Attendee]) -> bool:
        """True when someone besides the owner is on the event."""
        people = [a.person for a in attendees] + ([organizer] if organizer else [])
        return any(not (p.email and p.email in self.owners) for p in people)

    def judge(self, event: _Event) -> str:
        """A reason to skip the whole event (a single one or a series), or ''."""
        status = str(event.component.get("STATUS", "")).strip().upper()
        if status == "CANCELLED":
            return "cancelled event"
        organizer, attendees, _ = _people(event.component)
        if not self.others(organizer, attendees):
            start = _safe_dt(event.component, "DTSTART")
            return _ALL_DAY_ALONE if not isinstance(start, datetime) else _NO_PEOPLE
        rrule = event.component.get("RRULE")
        rules = rrule if isinstance(rrule, list) else [rrule] if rrule is not None else []
        if any(str(r.get("FREQ", [""])[0]).upper() in _TOO_FREQUENT for r in rules):
            return "repeats more often than daily: not a meeting"
        return ""

    def emit(self, series: list[_Event]) -> None:
        """Expand one series (a master and its changed instances, or one event) into records."""
        master = series[0]
        components = [e.component for e in series]
        mini = icalendar.Calendar()
        if self.cal.x_wr_timezone:
            mini.add("X-WR-TIMEZONE", self.cal.x_wr_timezone)
        for component in components:
            mini.add_component(component)
        starts = [_safe_dt(c, "DTSTART") for c in components]
        earliest = min(_utc(s) for s in starts if s is not None) - timedelta(days=1)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                found = recurring_ical_events.of(mini).between(
                    earliest, self.horizon + timedelta(seconds=1)
                )
        except Exception as exc:  # the library's errors have no common base
            for event in series:
                self.reject(
                    event, f"event {event.uid or '(no UID)'}: cannot expand its dates ({exc})"
                )
            return
        by_recurrence = {
            _instance_id(rid): e
            for e in series[1:]
            if (rid := _safe_dt(e.component, "RECURRENCE-ID")) is not None
        }
        recurring = bool(master.component.get("RRULE") or master.component.get("RDATE"))
        changed_alone = len(series) == 1 and "RECURRENCE-ID" in master.component
        occurrences = sorted(
            (o for o in found if _utc(o["DTSTART"].dt) <= self.horizon),
            key=lambda o: _utc(o["DTSTART"].dt),
        )
        if len(occurrences) > SERIES_CAP:
            self.warn(
                master,
                f"a series of {len(occurrences)} instances up to the export date: "
                f"kept the latest {SERIES_CAP}",
            )
            occurrences = occurrences[-SERIES_CAP:]
        if recurring:
            self.series += 1
        emitted_ids: set[str] = set()
        for occurrence in occurrences:
            rid = occurrence.get("RECURRENCE-ID")
            instance = _instance_id(rid.dt) if rid is not None else ""
            source = by_recurrence.get(instance, master)
            if not (recurring or changed_alone or source is not master):
                instance = ""  # a single event: its key must survive it being moved
            emitted_ids.add(instance)
            self.occurrence(occurrence, source, instance, counted=recurring)
        if recurring:
            self.excluded(master, occurrences, emitted_ids)
        for event in series:
            if event.line not in self.accounted:
                self.skip(event, "no occurrence up to the export date (not happened yet)")

    def excluded(self, master: _Event, occurrences: list[Any], emitted: set[str]) -> None:
        """One skip per EXDATE inside the window the meetings came from."""
        if not occurrences:
            return
        first = _utc(occurrences[0]["DTSTART"].dt)
        value = master.component.get("EXDATE")
        lists = value if isinstance(value, list) else [] if value is None else [value]
        dates = {_instance_id(d.dt) for item in lists for d in getattr(item, "dts", [])}
        for instance in sorted(dates):
            if instance in emitted:
                continue  # an EXDATE that excluded nothing (zone mismatch)
            moment = datetime.fromisoformat(instance)
            moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
            if first <= moment <= self.horizon:
                self.skip(master, "instance removed from the series (EXDATE)")

    def occurrence(self, component: Any, source: _Event, instance: str, counted: bool) -> None:
        """One occurrence: a meeting, or a skip for a cancelled instance or one alone."""
        status = str(component.get("STATUS", "")).strip().upper()
        if status == "CANCELLED":
            self.skip(source, "cancelled instance")
            return
        organizer, attendees, dropped = _people(component)
        if not self.others(organizer, attendees):
            self.skip(source, _NO_PEOPLE)
            return
        key = digest(source.uid or self.fallback_uid(source), instance)
        if key in self.seen:
            self.skip(source, "duplicate of an event already read (same UID and start)")
            return
        self.seen.add(key)
        self.dropped += dropped
        start = component["DTSTART"].dt
        has_end = "DTEND" in source.component or "DURATION" in source.component
        if isinstance(start, datetime) and not has_end:
            self.warn(source, "no end time (DTEND or DURATION): the end is left unknown")
        end = component.get("DTEND")
        self.report.records += 1
        self.series_meetings += counted
        self.accounted.add(source.line)
        self.kept.add(source.line)
        self.out.append(
            Meeting(
                key=key,
                title=normalise.clean_text(str(component.get("SUMMARY", ""))),
                starts_at=_utc(start),
                ends_at=_utc(end.dt) if end is not None and has_end else None,
                organizer=organizer,
                attendees=tuple(attendees),
                origin=self.origin(source),
                status="tentative" if status == "TENTATIVE" else "confirmed",
                calendar=self.cal.title,
            )
        )

    def fallback_uid(self, event: _Event) -> str:
        """A stable stand-in for a missing UID: the title, start and organizer."""
        component = event.component
        return "no-uid:" + digest(
            component.get("SUMMARY", ""),
            _safe_dt(component, "DTSTART"),
            component.get("ORGANIZER", ""),
        )

    def finish(self) -> list[Record]:
        """The records, with one warning per kept event that needed a repair."""
        for event in self.cal.events:
            if event.line in self.kept and event.repairs:
                self.report.warnings += 1
                self.out.append(
                    Problem(
                        f"event {event.uid or '(no UID)'}: " + "; ".join(sorted(event.repairs)),
                        self.origin(event),
                        severity="warning",
                        code="time-zone" if _is_zone_repair(event.repairs) else "repaired",
                    )
                )
        parts = []
        if self.series:
            parts.append(f"{self.series} recurring series gave {self.series_meetings} meetings")
        if self.dropped:
            parts.append(
                f"{self.dropped} rooms, resources or group calendars left out of attendees"
            )
        note = "; ".join(parts)
        self.report.note = _join(self.report.note, note) if note else self.report.note
        return self.out


def _is_zone_repair(repairs: set[str]) -> bool:
    return any("time zone" in r or "floating" in r for r in repairs)


def _meetings(cal: _Calendar, owners: set[str], horizon: datetime, seen: set[str]) -> list[Record]:
    """Every event of one file as meetings, skips or problems."""
    emitter = _Emitter(cal, owners, horizon, seen)
    masters: dict[str, _Event] = {}
    changed: dict[str, list[_Event]] = {}
    singles: list[_Event] = []
    for event in cal.events:
        reason = _broken(event)
        if reason:
            emitter.reject(event, f"event {event.uid or '(no UID)'}: {reason}")
            continue
        _repair_times(event, cal)
        if "RECURRENCE-ID" in event.component and event.uid:
            changed.setdefault(event.uid, []).append(event)
        elif event.uid and event.uid not in masters:
            masters[event.uid] = event
        else:
            singles.append(event)  # no UID, or a second master with the same UID
    for uid, master in masters.items():
        reason = emitter.judge(master)
        overrides = changed.pop(uid, [])
        if reason:
            emitter.skip(master, reason)
            if reason == "cancelled event":
                for event in overrides:
                    emitter.skip(event, "cancelled event")
            else:
                for event in overrides:  # a changed instance may have guests the series lacks
                    emitter.emit([event])
            continue
        emitter.emit([master, *overrides])
    for event in singles:
        reason = emitter.judge(event)
        if reason:
            emitter.skip(event, reason)
        else:
            emitter.emit([event])
    for overrides in changed.values():  # changed instances whose series is not in the file
        for event in overrides:
            emitter.emit([event])
    records = emitter.finish()
    return sorted(records, key=_order)


def _order(record: Record) -> tuple[int, datetime]:
    """Problems and skips by line, meetings by start: stable output for tests and the loader."""
    if isinstance(record, Meeting):
        return (record.origin.row or 0, record.starts_at)
    return (record.origin.row or 0, datetime.min.replace(tzinfo=UTC))
