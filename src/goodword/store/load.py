"""The one place records become rows: idempotent upserts, provenance, then matching.

:func:`load` writes a :class:`~goodword.sources.base.Parsed` input in the
caller's transaction, so a failure anywhere leaves the database as it was.
Rows are keyed on natural keys (message key, endorsement person + skill +
date, ...) so re-importing the same or a newer export adds nothing twice.
Who a row names is :mod:`goodword.store.resolve`'s to say; who may be one
human after the import, :mod:`goodword.store.matching`'s.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from itertools import repeat
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from goodword import records as rec
from goodword.errors import ImportFailed
from goodword.identity import normalise
from goodword.identity.keys import ROW
from goodword.store import models as m
from goodword.store.bulk import BulkInsert, existing_keys
from goodword.store.clean import clean_text, clean_value
from goodword.store.forget import DoNotImportList
from goodword.store.matching import MatchCounts, Matcher
from goodword.store.owner import rename_owner
from goodword.store.resolve import Known, Resolver, identities, ref_key

if TYPE_CHECKING:  # importing sources would load every parser
    from goodword.sources.base import Parsed

Progress = Callable[[int, int], None]

BATCH = 2000
KEY_LENGTH = 100  # natural_key's column width: a key is cut once, where it enters the loader
_INTERACTION = m.Base.metadata.tables["interaction"]
_PARTICIPANT = m.Base.metadata.tables["interaction_participant"]
_TO = repeat("to")  # the role of every recipient of a message
FORGOTTEN = "forgotten person"  # the reason a row naming a forgotten person is skipped
# Meeting answers as stored in a participant's role (ten characters at most).
_RESPONSE = {"needs-action": "invited"}


_INTERACTION_COLUMNS = (
    "owner_id",
    "import_id",
    "source_file",
    "source_ref",
    "natural_key",
    "kind",
    "occurred_at",
    "ends_at",
    "sender_id",
    "sender_identity_id",
    "thread_key",
    "participant_count",
    "subject",
    "folder",
    "has_text",
)
_PARTICIPANT_COLUMNS = ("owner_id", "interaction_id", "person_id", "role", "identity_id")


@dataclass(slots=True)  # not frozen: one is made for every message, and freezing costs
class _Pending:
    """A message, meeting or signal waiting for the next batched write."""

    key: str
    kind: str
    occurred_at: datetime
    ends_at: datetime | None
    sender: rec.PersonRef
    others: tuple[tuple[rec.PersonRef, str], ...]
    participant_count: int
    subject: str
    folder: str
    has_text: bool
    thread_key: str
    origin: rec.Origin


@dataclass(slots=True)
class FileOutcome:
    """Per-file counts after loading: new rows, rows already stored, rows the loader rejected."""

    added: int = 0
    unchanged: int = 0
    rejected: int = 0
    cleaned: int = 0  # records stored with NULs removed or lone surrogates replaced
    left_out: int = 0  # rows stored without the forgotten person they also named
    skipped: dict[str, int] = field(default_factory=dict)  # rows left out at load time

    def skip(self, reason: str) -> None:
        """Count one row the loader left out, under ``reason``."""
        self.skipped[reason] = self.skipped.get(reason, 0) + 1

    def skipped_with(self, parsed: dict[str, int]) -> dict[str, int]:
        """The file's skip counts: the parser's and the loader's, by reason."""
        total = dict(parsed)
        for reason, count in self.skipped.items():
            total[reason] = total.get(reason, 0) + count
        return total


@dataclass(slots=True)
class LoadResult:
    """What one load did, per file and in total."""

    import_id: int
    people_added: int = 0
    files: dict[str, FileOutcome] = field(default_factory=dict)
    owner_identities: list[str] = field(default_factory=list)
    first_rejection: str = ""
    messages_read: int = 0
    matches: MatchCounts = field(default_factory=MatchCounts)
    newer_stored: date | None = None  # a newer export of the same kind was imported before

    report_of: Callable[[rec.Origin], str] | None = None

    def outcome(self, origin: rec.Origin) -> FileOutcome:
        """The counters of the file ``origin`` came from (or of the report it counts under)."""
        name = origin.file if self.report_of is None else self.report_of(origin)
        found = self.files.get(name)
        if found is None:
            found = self.files[name] = FileOutcome()
        return found

    def file_counts(self, report: rec.FileReport) -> dict[str, Any]:
        """What became of each row of ``report``'s file: the parser's counts and the loader's."""
        outcome = self.files.get(report.name, FileOutcome())
        return {
            "kind": report.kind,
            "used": report.used,
            "rows": report.rows,
            "added": outcome.added,
            "unchanged": outcome.unchanged,
            "skipped": outcome.skipped_with(report.skipped),
            "problems": report.problems + outcome.rejected,
            "warnings": report.warnings + outcome.cleaned,
            "note": report.note,
        }

    def settle(self, reports: list[str]) -> None:
        """Count rows under the report they belong to.

        A Maildir or a folder of messages is one report, but each message's
        origin names its own file inside it: with a single report, every
        count belongs to it.
        """
        if len(reports) != 1:
            return
        [name] = reports
        total = self.files.pop(name, FileOutcome())
        for outcome in self.files.values():
            total.added += outcome.added
            total.unchanged += outcome.unchanged
            total.rejected += outcome.rejected
            total.cleaned += outcome.cleaned
            total.skipped = total.skipped_with(outcome.skipped)
            total.left_out += outcome.left_out
        self.files = {name: total}


class Loader:
    """Writes one parsed input for one owner inside the caller's transaction."""

    def __init__(
        self,
        session: Session,
        owner: m.Owner,
        parsed: Parsed,
        *,
        strict: bool = False,
        counted: Callable[[int], None] | None = None,
    ) -> None:
        self.session = session
        self.owner = owner
        self.parsed = parsed
        self.strict = strict
        self.counted = counted
        self.pending: list[_Pending] = []
        self.interactions: BulkInsert | None = None
        self.participants: BulkInsert | None = None
        self.run = m.ImportRun(
            owner_id=owner.id,
            source_kind=parsed.kind,
            path=clean_text(str(parsed.path))[:1000],
            fingerprint=parsed.fingerprint,
            export_date=parsed.export_date,
            counts={},
            status="running",
        )
        session.add(self.run)
        session.flush()
        self.result = LoadResult(import_id=self.run.id, report_of=parsed.report_of)
        self.resolver = Resolver(session, owner, self.run.id)
        self.orgs: dict[str, m.Organization] = {
            org.key: org
            for org in session.scalars(
                select(m.Organization).where(m.Organization.owner_id == owner.id)
            )
        }
        self.keys: dict[type[Any], set[str]] = {}
        # People matched by a Connections row in this import: each row is another person.
        self.connected: set[m.Person] = set()
        # Periods stored before and seen again in this (newer) export: id -> new values.
        self.refreshed: dict[int, dict[str, Any]] = {}
        self._observed: dict[str, tuple[int, Any]] | None = None
        # The newest export of this kind stored before, when it is newer than this one.
        self.older = _newer_stored(session, owner.id, parsed)
        self.result.newer_stored = self.older
        self.matches = Matcher(session, owner, on_merge=self.resolver.fold)
        # Forgotten people: every row is checked against the list before it names anyone.
        self.do_not_import = DoNotImportList.of(session, owner)
        self._forgotten_refs: dict[rec.PersonRef, bool] = {}
        # Rows left out for a name several people share, as an earlier import reported them.
        self.reported = set(
            session.scalars(
                select(m.ImportIssue.message)
                .where(m.ImportIssue.owner_id == owner.id, m.ImportIssue.code == AMBIGUOUS)
                .distinct()
            )
        )

    def _keys(self, model: type[Any]) -> set[str]:
        """The natural keys stored for ``model`` (read once, then kept up to date here)."""
        keys = self.keys.get(model)
        if keys is None:
            keys = set(
                self.session.scalars(
                    select(model.natural_key).where(model.owner_id == self.owner.id)
                )
            )
            self.keys[model] = keys
        return keys

    def _known(self, model: type[Any], key: str) -> bool:
        """True when ``key`` is stored already; otherwise it is claimed for this row."""
        keys = self._keys(model)
        if key in keys:
            return True
        keys.add(key)
        return False

    def _provenance(self, origin: rec.Origin, key: str) -> dict[str, Any]:
        return {
            "owner_id": self.owner.id,
            "import_id": self.run.id,
            "source_file": origin.file[:500],
            "source_ref": str(origin.row or ""),
            "natural_key": key,
        }

    def organization(self, name: str) -> m.Organization | None:
        """The organisation called ``name`` (created on first sight)."""
        key = normalise.org_key(name)[:300]
        if not key:
            return None
        if key not in self.orgs:
            org = m.Organization(owner_id=self.owner.id, name=name[:300], key=key)
            self.session.add(org)
            self.orgs[key] = org
        return self.orgs[key]

    def load(self, progress: Progress | None = None) -> LoadResult:
        """Write every record as it streams in; problems become :class:`ImportIssue` rows.

        Messages, meetings and signals are written in batches through bulk
        INSERTs, so a mailbox of any size costs memory for one batch only.
        ``progress`` gets (bytes read, input size) for a streamed input, else
        (records written, records).
        """
        records = self.parsed.records
        total = len(records) if isinstance(records, list) else 0
        handlers: dict[type[Any], Callable[[Any], None]] = {
            rec.OwnerProfile: self._profile,
            rec.OwnerIdentity: self._owner_identity,
            rec.OwnerSkill: self._skill,
            rec.Tenure: self._tenure,
            rec.Connection: self._connection,
            rec.Message: self._message,
            rec.Meeting: self._meeting,
            rec.Availability: self._availability,
            rec.Card: self._card,
            rec.Endorsement: self._endorsement,
            rec.Recommendation: self._recommendation,
            rec.Problem: self._problem,
            rec.Skip: lambda _record: None,
        }
        batched = (rec.Message, rec.Meeting, rec.Availability)
        index = 0
        # Nothing is read back while loading: people and identities go out in batched flushes.
        with self.session.no_autoflush:
            for index, record in enumerate(records, 1):
                kind = type(record)
                text = clean_value(record)
                if text is not record:
                    # Counted under the file as the importer named it (its report's name).
                    self.result.outcome(record.origin).cleaned += 1
                    record = text
                if self.pending and kind not in batched and kind not in (rec.Skip, rec.Problem):
                    # Keep order: later records (the owner's addresses) may merge people.
                    self._write_pending()
                handlers[kind](record)
                if len(self.pending) >= BATCH:
                    self._write_pending()
                if progress and index % 500 == 0:
                    self._report(progress, index, total)
            self._write_pending()
        self._note_cleaned()
        self.session.flush()
        if self.refreshed:
            self.session.execute(update(m.Tenure), list(self.refreshed.values()))
        if progress:
            self._report(progress, index, total or index)
        self.result.owner_identities = self.resolver.new_owner_identities
        return self.result

    def _note_cleaned(self) -> None:
        """One warning per file whose text had to be cleaned (see :mod:`goodword.store.clean`)."""
        for name, outcome in self.result.files.items():
            if outcome.cleaned:
                self.session.add(
                    m.ImportIssue(
                        owner_id=self.owner.id,
                        import_id=self.run.id,
                        file=clean_text(name)[:500],
                        location="",
                        severity="warning",
                        code="text_cleaned",
                        message=f"{outcome.cleaned} row(s) held NUL bytes or invalid characters:"
                        " stored without the NULs, U+FFFD for each invalid character",
                    )
                )

    def _report(self, progress: Progress, index: int, total: int) -> None:
        if self.parsed.position is not None and self.parsed.size:
            done, messages = self.parsed.position()
            self.result.messages_read = messages
            progress(done, self.parsed.size)
            if self.counted is not None:
                self.counted(messages)
        else:
            progress(index, total)

    def _mark(self, origin: rec.Origin, new: bool) -> None:
        outcome = self.result.outcome(origin)
        if new:
            outcome.added += 1
        else:
            outcome.unchanged += 1

    def _forgotten(self, ref: rec.PersonRef | None) -> bool:
        """True when ``ref`` names a forgotten person (see :mod:`goodword.store.forget`)."""
        if ref is None or ref.is_owner or not self.do_not_import:
            return False
        found = self._forgotten_refs.get(ref)
        if found is None:
            found = self.do_not_import.names(identities(ref), ref.name, ref.organization)
            self._forgotten_refs[ref] = found
        return found

    def _skip_forgotten(self, origin: rec.Origin) -> None:
        """Account for a row left out because it names a forgotten person (never who)."""
        self.result.outcome(origin).skip(FORGOTTEN)

    def _resolved(self, ref: rec.PersonRef, origin: rec.Origin) -> Known | None:
        """The person ``ref`` names and the identity it named them by."""
        known = self.resolver.seen.get(ref)
        if known is not None:
            return known
        person = self._person(ref, origin)
        if person is None:
            return None
        return self.resolver.seen.get(ref) or Known(person, self.resolver.via(ref, person))

    def _person(
        self, ref: rec.PersonRef, origin: rec.Origin, taken: set[m.Person] | None = None
    ) -> m.Person | None:
        """The person ``ref`` names; None (and the row rejected, with an issue) when ambiguous."""
        person = self.resolver.resolve(ref, origin, taken)
        if person is None:
            message = _ambiguous(ref.name, self.resolver.ambiguous)
            if message in self.reported:
                # The same name among the same people: reported once, not on every import.
                self.result.outcome(origin).skip(REPORTED_BEFORE)
                return None
            problem = rec.Problem(message, origin, code=AMBIGUOUS)
            self._problem(problem)
            self.result.outcome(origin).rejected += 1
            if not self.result.first_rejection:
                self.result.first_rejection = f"{origin}: {problem.message}"
        return person

    def _problem(self, problem: rec.Problem) -> None:
        if self.strict and problem.severity == "error":
            # Raising inside the transaction rolls the whole import back.
            raise ImportFailed(f"{problem.origin}: {problem.message} (--strict: nothing imported)")
        self.session.add(
            m.ImportIssue(
                owner_id=self.owner.id,
                import_id=self.run.id,
                file=problem.origin.file[:500],
                location=f"row {problem.origin.row}" if problem.origin.row else "",
                severity=problem.severity,
                code=problem.code,
                message=problem.message,
            )
        )

    def _profile(self, profile: rec.OwnerProfile) -> None:
        name = " ".join(p for p in (profile.first_name, profile.last_name) if p)
        me = self.resolver.me
        changed = self.owner.name != name
        if name:
            self.owner.name = name
            me.display_name = name[:300]
            me.first_name, me.last_name = profile.first_name[:200], profile.last_name[:200]
            me.name_key = normalise.name_key(name)[:300]
        self.owner.profile = {
            **self.owner.profile,
            "headline": profile.headline,
            "summary": profile.summary,
            "industry": profile.industry,
        }
        self._mark(profile.origin, changed)

    def _owner_identity(self, identity: rec.OwnerIdentity) -> None:
        before = (identity.kind, identity.value) in self.resolver.by_identity
        ref = rec.PersonRef(name=self.owner.name, is_owner=True, **{identity.kind: identity.value})
        self.resolver.resolve(ref, identity.origin)
        if identity.origin.row is not None:  # a row of a file, not a proposal drawn from all of it
            self._mark(identity.origin, not before)

    def _skill(self, skill: rec.OwnerSkill) -> None:
        skills = list(self.owner.profile.get("skills", []))
        new = skill.name not in skills
        if new:
            skills.append(skill.name)
            self.owner.profile = {**self.owner.profile, "skills": skills}
        self._mark(skill.origin, new)

    def _tenure(self, tenure: rec.Tenure) -> None:
        if self._forgotten(tenure.person):
            self._skip_forgotten(tenure.origin)
            return
        person = (
            self.resolver.me
            if tenure.person is None
            else self._person(tenure.person, tenure.origin)
        )
        org = self.organization(tenure.organization)
        if person is None or org is None:
            return
        key = rec.digest(
            "tenure",
            ref_key(tenure.person),
            tenure.kind,
            org.key,
            normalise.name_key(tenure.title),
            tenure.start,
        )
        new = not self._known(m.Tenure, key)
        if new:
            self.session.add(
                m.Tenure(
                    person=person,
                    organization=org,
                    kind=tenure.kind,
                    title=tenure.title[:300],
                    start_on=tenure.start.first_day() if tenure.start else None,
                    start_precision=_precision(tenure.start),
                    end_on=tenure.end.last_day() if tenure.end else None,
                    end_precision=_precision(tenure.end),
                    is_current=tenure.current,
                    observed_on=self.parsed.export_date,
                    description=tenure.description,
                    location=tenure.location[:300],
                    **self._provenance(tenure.origin, key),
                )
            )
        else:
            self._seen_again(
                key,
                is_current=tenure.current,
                end_on=tenure.end.last_day() if tenure.end else None,
                end_precision=_precision(tenure.end),
            )
        self._mark(tenure.origin, new)

    def _seen_again(self, key: str, **values: Any) -> None:
        """A stored period, shown again by an export newer than the one that last showed it.

        It now holds up to this export's date (``observed_on``), and this
        export says whether it is still open. An older export changes nothing.
        """
        day = self.parsed.export_date
        if day is None:
            return
        if self._observed is None:
            self._observed = {
                key: (tenure_id, observed)
                for tenure_id, key, observed in self.session.execute(
                    select(m.Tenure.id, m.Tenure.natural_key, m.Tenure.observed_on).where(
                        m.Tenure.owner_id == self.owner.id
                    )
                )
            }
        found = self._observed.get(key)
        if found is None or (found[1] is not None and found[1] >= day):
            return
        self.refreshed[found[0]] = {"id": found[0], "observed_on": day, **values}

    def _connection(self, connection: rec.Connection) -> None:
        if self.do_not_import and self._connection_forgotten(connection):
            self._skip_forgotten(connection.origin)
            return
        created = self.resolver.added
        person = self._person(connection.person, connection.origin, taken=self.connected)
        if person is None:
            return
        self.connected.add(person)
        org = self.organization(connection.organization)
        key = rec.digest(
            "current",
            ref_key(connection.person),
            org.key if org else "",
            normalise.name_key(connection.title),
        )
        # Added only when this row wrote something: a person, or their job (a row with no
        # company writes no job, so its key is never stored and says nothing on a re-import).
        new = self.resolver.added > created
        if org is not None and not self._known(m.Tenure, key):
            new = True
            self.session.add(
                m.Tenure(
                    person=person,
                    organization=org,
                    kind="work",
                    title=connection.title[:300],
                    is_current=True,
                    observed_on=self.parsed.export_date,
                    **self._provenance(connection.origin, key),
                )
            )
        elif not new:
            self._seen_again(key, is_current=True, end_on=None, end_precision="")
        name = connection.person.name
        if name and person.display_name != name:
            person.display_name = name[:300]
            person.first_name = connection.person.first_name[:200]
            person.last_name = connection.person.last_name[:200]
            person.name_key = normalise.name_key(name)[:300]
        unplaced = person.organization is None and not person.title
        if (org is not None or connection.title) and (not self.older or unplaced):
            # An older export than one stored already does not undo where they are now
            # (but it places someone nothing placed yet).
            person.organization = org
            person.title = connection.title[:300]
            self.resolver.set_organization(person, org.key if org else "")
        if connection.connected_on and (
            person.connected_on is None or connection.connected_on < person.connected_on
        ):
            person.connected_on = connection.connected_on
            new = True
        self._mark(connection.origin, new)

    def _connection_forgotten(self, connection: rec.Connection) -> bool:
        """True when a Connections row names a forgotten person (by its row key too)."""
        ref = connection.person
        if identities(ref) or ref.is_owner:
            return self._forgotten(ref)
        row = self.resolver.next_row_key(ref, connection.origin)
        # A row whose key a stored person holds is theirs, whoever shares their name.
        mine = (ROW, row) in self.resolver.by_identity
        if self.do_not_import.holds([f"{ROW}:{row}"]) or (not mine and self._forgotten(ref)):
            self.resolver.pass_row(ref, connection.origin)  # later namesakes keep their keys
            return True
        return False

    def _message(self, message: rec.Message) -> None:
        self.pending.append(
            _Pending(
                key=message.key[:KEY_LENGTH],
                kind=message.channel,
                occurred_at=message.occurred_at,
                ends_at=None,
                sender=message.sender,
                others=tuple(zip(message.recipients, message.roles or _TO, strict=False)),
                participant_count=1 + len(message.recipients),
                subject=message.subject,
                folder=message.folder,
                has_text=message.has_text,
                thread_key=message.thread_key,
                origin=message.origin,
            )
        )

    def _meeting(self, meeting: rec.Meeting) -> None:
        organizer = meeting.organizer
        attendees = tuple(
            (a.person, _RESPONSE.get(a.response, a.response)) for a in meeting.attendees
        )
        if organizer is None and attendees:
            # Nobody is named as organiser: the first attendee stands in as the sender.
            organizer, attendees = attendees[0][0], attendees[1:]
        if organizer is None:
            self.result.outcome(meeting.origin).rejected += 1
            self._problem(rec.Problem("a meeting with nobody in it", meeting.origin))
            return
        self.pending.append(
            _Pending(
                key=meeting.key[:KEY_LENGTH],
                kind="meeting",
                occurred_at=meeting.starts_at,
                ends_at=meeting.ends_at,
                sender=organizer,
                others=attendees,
                participant_count=1 + len(attendees),
                subject=meeting.title,
                folder=meeting.calendar,
                has_text=False,
                thread_key=f"meeting:{meeting.key}",
                origin=meeting.origin,
            )
        )

    def _availability(self, signal: rec.Availability) -> None:
        until = (
            datetime.combine(signal.until, time(), tzinfo=UTC) if signal.until is not None else None
        )
        self.pending.append(
            _Pending(
                key=signal.key[:KEY_LENGTH],
                kind=signal.kind,
                occurred_at=signal.at,
                ends_at=until,
                sender=signal.person,
                others=(),
                participant_count=1,
                subject=signal.detail,
                folder=signal.address,
                has_text=False,
                thread_key="",
                origin=signal.origin,
            )
        )

    def _write_pending(self) -> None:
        """Write the batch of messages, meetings and signals: two bulk INSERTs."""
        batch, self.pending = self.pending, []
        if not batch:
            return
        stored = existing_keys(self.session, _INTERACTION, self.owner.id, [i.key for i in batch])
        resolved: list[tuple[_Pending, Known | None, list[tuple[Known, str]]]] = []
        for item in batch:
            if item.key in stored:
                self._mark(item.origin, False)
                continue
            left_out = bool(self.do_not_import) and (
                self._forgotten(item.sender)
                or any(self._forgotten(ref) for ref, _role in item.others)
            )
            if left_out:
                kept = [(ref, role) for ref, role in item.others if not self._forgotten(ref)]
                sender_ref = None if self._forgotten(item.sender) else item.sender
            else:
                kept, sender_ref = list(item.others), item.sender
            sender = None if sender_ref is None else self._resolved(sender_ref, item.origin)
            if sender_ref is not None and sender is None:
                continue
            others: list[tuple[Known, str]] = []
            present = {id(sender.person)} if sender is not None else set()
            for ref, role in kept:
                other = self._resolved(ref, item.origin)
                if other is None:
                    break
                if id(other.person) not in present:
                    present.add(id(other.person))
                    others.append((other, role))
            else:
                if left_out:
                    people = [k.person for k, _role in others] + ([sender.person] if sender else [])
                    if all(person is self.resolver.me for person in people):
                        # Only they and you: nothing of it is kept.
                        self._skip_forgotten(item.origin)
                        continue
                    self.result.outcome(item.origin).left_out += 1
                stored.add(item.key)
                resolved.append((item, sender, others))
        if not resolved:
            return
        self.session.flush()  # new people and identities get their ids
        self.resolver.flushed()
        identity_id = self.resolver.identity_id
        owner_id, run_id = self.owner.id, self.run.id
        if self.interactions is None:
            self.interactions = BulkInsert(self.session, _INTERACTION, _INTERACTION_COLUMNS)
            self.participants = BulkInsert(self.session, _PARTICIPANT, _PARTICIPANT_COLUMNS)
        assert self.participants is not None
        before = self.session.scalar(select(func.max(m.Interaction.id))) or 0
        self.interactions(
            self.session,
            [
                (
                    owner_id,
                    run_id,
                    item.origin.file[:500],
                    str(item.origin.row or ""),
                    item.key,
                    item.kind,
                    item.occurred_at,
                    item.ends_at,
                    None if sender is None else sender.person.id,
                    None if sender is None else identity_id(sender.via),
                    item.thread_key[:200],
                    item.participant_count,
                    item.subject[:500],
                    item.folder[:100],
                    item.has_text,
                )
                for item, sender, _others in resolved
            ],
        )
        # One executemany without RETURNING, then the ids of the rows above the highest id
        # before it: far quicker than RETURNING row by row, which SQLite needs to keep order.
        # Read by id alone (the primary key's range), the owner checked here: asked for
        # together, a database may walk every row of the owner's instead.
        id_of = {
            key: interaction_id
            for key, interaction_id, row_owner in self.session.execute(
                select(m.Interaction.natural_key, m.Interaction.id, m.Interaction.owner_id).where(
                    m.Interaction.id > before
                )
            )
            if row_owner == owner_id
        }
        self.participants(
            self.session,
            [
                (
                    owner_id,
                    id_of[item.key],
                    other.person.id,
                    role[:10],
                    identity_id(other.via),
                )
                for item, _sender, others in resolved
                for other, role in others
            ],
        )
        for item, *_rest in resolved:
            self._mark(item.origin, True)

    def _card(self, card: rec.Card) -> None:
        """An address-book card: its person, every address and number on it, their job."""
        pairs = [("email", e) for e in card.emails] + [("phone", p) for p in card.phones]
        if card.linkedin:
            pairs.append(("linkedin", card.linkedin))
        if self.do_not_import and (
            self._forgotten(card.person)
            or self.do_not_import.names(pairs, card.person.name, card.organization or None)
        ):
            self._skip_forgotten(card.origin)
            return
        holders: list[m.Person] = []
        for pair in pairs:
            holder = self.resolver.by_identity.get(pair)
            if holder is not None and holder not in holders:
                holders.append(holder)
        if holders:
            person = holders[0]
            for other in holders[1:]:
                # One card lists addresses goodword had as two people: they are one human.
                if other.is_self or person.is_self:
                    continue
                self.matches.merge_on_card(person, other, card)
        created = self.resolver.added
        if not holders:
            found = self._person(card.person, card.origin)
            if found is None:
                return
            person = found
        new = self.resolver.added > created
        for kind, value in pairs:
            if (kind, value) not in self.resolver.by_identity:
                self.resolver.add_identity(person, kind, value, card.origin)
                new = True
        if card.organization and person.organization_id is None and person.organization is None:
            person.organization = self.organization(card.organization)
            new = True
        if card.title and not person.title:
            person.title = card.title[:300]
            new = True
        self._mark(card.origin, new)

    def _endorsement(self, endorsement: rec.Endorsement) -> None:
        if self._forgotten(endorsement.person):
            self._skip_forgotten(endorsement.origin)
            return
        key = rec.digest(
            "endorsement",
            endorsement.direction,
            ref_key(endorsement.person),
            endorsement.skill.casefold(),
            endorsement.endorsed_at.isoformat() if endorsement.endorsed_at else "",
        )
        if self._known(m.Endorsement, key):
            self._mark(endorsement.origin, False)
            return
        person = self._person(endorsement.person, endorsement.origin)
        if person is None:
            self.keys[m.Endorsement].discard(key)
            return
        self.session.add(
            m.Endorsement(
                person=person,
                direction=endorsement.direction,
                skill=endorsement.skill[:200],
                endorsed_at=endorsement.endorsed_at,
                status=endorsement.status[:30],
                **self._provenance(endorsement.origin, key),
            )
        )
        self._mark(endorsement.origin, True)

    def _recommendation(self, recommendation: rec.Recommendation) -> None:
        if self._forgotten(recommendation.person):
            self._skip_forgotten(recommendation.origin)
            return
        key = rec.digest(
            "recommendation",
            recommendation.direction,
            ref_key(recommendation.person),
            rec.digest(recommendation.text),
        )
        if self._known(m.Recommendation, key):
            self._mark(recommendation.origin, False)
            return
        person = self._person(recommendation.person, recommendation.origin)
        if person is None:
            self.keys[m.Recommendation].discard(key)
            return
        self.session.add(
            m.Recommendation(
                person=person,
                direction=recommendation.direction,
                organization=recommendation.organization[:300],
                title=recommendation.title[:300],
                text=recommendation.text,
                created_at=recommendation.created_at,
                status=recommendation.status[:30],
                **self._provenance(recommendation.origin, key),
            )
        )
        self._mark(recommendation.origin, True)


def _newer_stored(session: Session, owner_id: int, parsed: Parsed) -> date | None:
    """The export date of an earlier import of this source kind newer than ``parsed``'s, if any."""
    if parsed.export_date is None:
        return None
    newest = session.scalar(
        select(func.max(m.ImportRun.export_date)).where(
            m.ImportRun.owner_id == owner_id,
            m.ImportRun.source_kind == parsed.kind,
            m.ImportRun.status == "done",
        )
    )
    return newest if newest is not None and newest > parsed.export_date else None


AMBIGUOUS = "ambiguous-name"
REPORTED_BEFORE = "name shared by several people, reported on an earlier import"


def _ambiguous(name: str, people: list[m.Person]) -> str:
    """Why a row naming only ``name`` was left out, and a next step that merges nobody."""
    where = sorted(
        {f"at {p.organization.name}" if p.organization else "employer unknown" for p in people}
    )
    return (
        f"{name!r} is the name of {len(people)} people ({'; '.join(where)}) and this row has "
        "nothing else to tell them apart; row not imported, nobody merged or guessed "
        f'(`goodword people --search "{name}"` shows them; a LinkedIn export with profile '
        "URLs tells them apart)"
    )


def _precision(value: rec.PartialDate | None) -> str:
    if value is None:
        return ""
    return "year" if value.month is None else "month"


def _note_left_out(result: LoadResult, parsed: Parsed) -> None:
    """Say in each file's note how many rows were stored without a forgotten person (not who)."""
    for report in parsed.files:
        outcome = result.files.get(report.name)
        if outcome is not None and outcome.left_out:
            note = f"{outcome.left_out} row(s) stored without a forgotten person they named"
            report.note = f"{report.note}; {note}" if report.note else note


def load(
    session: Session,
    owner: m.Owner,
    parsed: Parsed,
    progress: Progress | None = None,
    *,
    strict: bool = False,
    counted: Callable[[int], None] | None = None,
) -> LoadResult:
    """Write ``parsed`` for ``owner`` in the session's transaction and record the import run.

    ``strict`` raises :class:`ImportFailed` at the first rejected row, which
    rolls the caller's transaction back; ``counted`` hears how many messages
    a streamed mailbox has given so far.
    """
    loader = Loader(session, owner, parsed, strict=strict, counted=counted)
    result = loader.load(progress)
    named = loader.resolver.owner_names.most_common(1)
    if not owner.name.strip() and named and normalise.name_key(named[0][0]):
        # No profile gave your name: the rows that name your own profile or address do (a
        # contact with that very name is then asked about as "is this you?").
        rename_owner(session, owner, named[0][0][:300])
    result.matches = loader.matches.after_import(loader.run.id)
    # Counted from what is stored: people made and then merged (into you, or by matching) are
    # not new.
    result.people_added = (
        session.scalar(
            select(func.count()).where(
                m.Person.owner_id == owner.id, m.Person.first_import_id == loader.run.id
            )
        )
        or 0
    )
    # A streamed input knows its newest date, and its reports, only once it has been read.
    loader.run.export_date = parsed.export_date
    loader.run.export_basis = parsed.export_basis[:20]
    result.settle([report.name for report in parsed.files])
    _note_left_out(result, parsed)
    loader.run.status = "done"
    loader.run.finished_at = m.utcnow()
    loader.run.counts = clean_value(
        {
            "files": {report.name: result.file_counts(report) for report in parsed.files},
            "people_added": result.people_added,
        }
    )
    return result
