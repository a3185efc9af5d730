"""The facade: import, people, person, me, judgements, jobs, suggest, eval, db.

A :class:`Service` is built per command (never at import time) from
:class:`~goodword.config.Settings`; each method opens one transaction, calls
the core stages and returns plain view objects with ``as_dict()`` for JSON.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from goodword.choose.needs import DEFAULT_COUNT, Needs, parse_needs
from goodword.choose.shortlist import (
    Brief,
    base_fit,
    excluded_because,
    exclusion,
    fit,
    shortlist_among,
)
from goodword.config import Settings, load_settings
from goodword.documents import assemble
from goodword.documents.calendar import Reminder, reminders_ics
from goodword.documents.messages import render_draft, user_template_dir
from goodword.errors import Ambiguous, ImportFailed, InvalidInput, NotFound, StoreError
from goodword.evidence.assess import Assessment, assess
from goodword.evidence.backtest import Backtest, backtest, default_split
from goodword.evidence.relationships import KINDS as RELATIONSHIP_KINDS
from goodword.evidence.relevance import Relevance
from goodword.evidence.score import Score
from goodword.identity import normalise
from goodword.service import scoring
from goodword.service.identities import IdentityActions
from goodword.service.views import (
    AskView,
    BriefView,
    DbInfo,
    DraftView,
    FileSummary,
    ImportSummary,
    JobView,
    MeView,
    PersonDetail,
    SheetView,
    Suggestion,
    as_of_moment,
    linkedin_link,
)
from goodword.store import models as m
from goodword.store.asks import (
    AskRow,
    ask_rows,
    create_ask,
    find_ask,
    move_ask,
    open_asks,
    share_contacts,
    times_asked,
)
from goodword.store.engine import (
    Store,
    blank_status,
    make_engine,
    migration_status,
    sqlite_file,
    upgrade,
)
from goodword.store.jobs import add_opportunity, opportunities, set_outcome
from goodword.store.judgements import (
    latest_answer,
    record_vetting,
    set_flags,
    state_relationship,
)
from goodword.store.load import FileOutcome, Progress, load
from goodword.store.owner import (
    claim_identity,
    drop_identity,
    local_owner,
    owner_identities,
    owner_positions,
    rename_owner,
)
from goodword.store.queries import (
    Network,
    import_issues,
    load_network,
    people_index,
    person_messages,
    person_record,
)
from goodword.workflow import asks as asks_flow
from goodword.workflow import vetting
from goodword.workflow.asks import normal_state
from goodword.workflow.outbox import send as send_mail
from goodword.workflow.outbox import sender

SORT_KEYS = ("fit", "familiarity", "communication", "satisfaction", "confidence", "name")
KINDS = ("reference", "recommendation", "referral")
FATIGUE_WINDOW = timedelta(days=182)
AGREED_STATES = frozenset({"agreed", "briefed", "used", "thanked"})
LETTER_PENDING = frozenset({"agreed", "briefed"})
LETTER_REMINDERS = (7, 1)
JOB_STATUSES = ("open", "applied", "interviewing", "offer", "hired", "rejected", "withdrawn")


# ---------------------------------------------------------------- the facade


class Service(IdentityActions):
    """goodword's operations for one owner on one database."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or load_settings()
        self._store: Store | None = None

    @property
    def store(self) -> Store:
        """The open, migrated store (opened on first use)."""
        if self._store is None:
            try:
                self._store = Store(self.settings.resolved_database_url())
            except OperationalError as exc:
                raise StoreError(_db_error(exc, self.settings)) from exc
        return self._store

    def close(self) -> None:
        """Release database connections."""
        if self._store is not None:
            self._store.dispose()
            self._store = None

    # -- database

    def db_info(self) -> DbInfo:
        """Where the data lives and whether migrations are pending (nothing is changed)."""
        url = self.settings.resolved_database_url()
        file = sqlite_file(url)
        if file is not None and not file.exists():
            status = blank_status()  # asking must not create the file
        else:
            engine = make_engine(url)
            try:
                status = migration_status(engine)
            except OperationalError as exc:
                raise StoreError(_db_error(exc, self.settings)) from exc
            finally:
                engine.dispose()
        return DbInfo(
            data_dir=str(self.settings.data_dir()),
            url=_safe_url(url),
            current=status.current,
            head=status.head,
            pending=status.pending,
        )

    def db_upgrade(self) -> DbInfo:
        """Apply pending migrations."""
        engine = make_engine(self.settings.resolved_database_url())
        try:
            upgrade(engine)
        finally:
            engine.dispose()
        return self.db_info()

    # -- import

    def import_path(
        self,
        path: Path,
        *,
        strict: bool = False,
        progress: Progress | None = None,
        me: Iterable[str] = (),
        counted: Callable[[int], None] | None = None,
    ) -> ImportSummary:
        """Read ``path`` and load it as it streams, in one transaction (all or nothing).

        ``progress`` gets (bytes read, size) for a mailbox and (records, total)
        otherwise, and ``counted`` the messages read so far; ``strict`` stops
        at the first problem and imports nothing.
        """
        addresses = []
        for raw in me:
            address = normalise.email(raw)
            if address is None:
                raise InvalidInput(f"--me {raw!r} is not an email address")
            addresses.append(address)
        # The importers load their parsers (calendar, vCard, mail) slowly: only for an import.
        from goodword.sources import pick
        from goodword.sources.background import in_background, worth_it

        importer = pick(path.expanduser())
        parsed = importer.parse(path.expanduser())
        if worth_it(parsed):
            # A large mailbox: read it in a second process while this one stores.
            parsed = in_background(importer, parsed)
        with self.store.session() as session:
            owner = local_owner(session)
            for address in addresses:
                # Your addresses first, so mail from and to them counts as yours.
                claim_identity(session, owner, "email", address)
            # Streamed: records are written as the importer reads them, in one transaction.
            result = load(session, owner, parsed, progress, strict=strict, counted=counted)
            if strict and result.first_rejection:
                # Raising inside the transaction rolls the whole import back.
                raise ImportFailed(f"{result.first_rejection} (--strict: nothing imported)")
            files = [
                FileSummary(
                    name=report.name,
                    kind=report.kind,
                    used=report.used,
                    rows=report.rows,
                    added=result.files.get(report.name, FileOutcome()).added,
                    unchanged=result.files.get(report.name, FileOutcome()).unchanged,
                    skipped=dict(report.skipped),
                    problems=report.problems
                    + result.files.get(report.name, FileOutcome()).rejected,
                    warnings=report.warnings,
                    note=report.note,
                )
                for report in parsed.files
            ]
            return ImportSummary(
                import_id=result.import_id,
                path=str(path),
                kind=parsed.kind,
                export_date=parsed.export_date,
                files=files,
                people_added=result.people_added,
                owner_identities_added=result.owner_identities,
                owner_identities=[f"{k}:{v}" for k, v in owner_identities(session, owner)],
                problems=import_issues(session, result.import_id),
                matches_merged=result.matches.merged,
                matches_pending=result.matches.pending,
                merge_examples=result.matches.examples,
            )

    # -- me

    def me(self) -> MeView:
        """The owner's name, identities and positions."""
        with self.store.session() as session:
            return _me_view(session, local_owner(session))

    def update_me(
        self,
        *,
        name: str | None = None,
        add_emails: Iterable[str] = (),
        remove_emails: Iterable[str] = (),
        linkedin: str | None = None,
    ) -> MeView:
        """Change the owner's name or identities; a contact holding one of them is merged in."""
        merged: list[str] = []
        with self.store.session() as session:
            owner = local_owner(session)
            if name is not None:
                if not name.strip():
                    raise InvalidInput("your name cannot be empty")
                rename_owner(session, owner, name.strip())
            for raw in add_emails:
                address = normalise.email(raw)
                if address is None:
                    raise InvalidInput(f"{raw!r} is not an email address")
                merged.extend(filter(None, [claim_identity(session, owner, "email", address)]))
            for raw in remove_emails:
                address = normalise.email(raw) or raw.strip().lower()
                if not drop_identity(session, owner, "email", address):
                    raise NotFound(
                        f"{raw!r} is not one of your addresses; `goodword me` lists them"
                    )
            if linkedin is not None:
                key = normalise.linkedin_url(linkedin)
                if key is None:
                    raise InvalidInput(
                        f"{linkedin!r} is not a LinkedIn profile URL "
                        "(like https://www.linkedin.com/in/your-name)"
                    )
                merged.extend(filter(None, [claim_identity(session, owner, "linkedin", key)]))
            session.flush()
            session.expire_all()
            return replace(_me_view(session, owner), merged=merged)

    # -- people

    def _network(self, session: Session, as_of: datetime) -> tuple[m.Owner, Network]:
        owner = local_owner(session)
        return owner, load_network(session, owner, as_of)

    def people(
        self,
        *,
        as_of: date | None = None,
        sort: str = "fit",
        organization: str | None = None,
        search: str | None = None,
        minimum: dict[str, float] | None = None,
        limit: int | None = None,
    ) -> list[Assessment]:
        """Everyone judged on the three criteria, filtered and sorted.

        Ranks everyone's standing (the numbers only) and builds the full
        assessments of the people returned only: ``limit`` keeps a call cheap.
        """
        shown, _total = self.people_page(
            as_of=as_of,
            sort=sort,
            organization=organization,
            search=search,
            minimum=minimum,
            limit=limit,
        )
        return shown

    def people_page(
        self,
        *,
        as_of: date | None = None,
        sort: str = "fit",
        organization: str | None = None,
        search: str | None = None,
        minimum: dict[str, float] | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> tuple[list[Assessment], int]:
        """One page of :meth:`people` (``limit`` from ``offset``) and how many match in all."""
        if sort not in SORT_KEYS:
            raise InvalidInput(f"cannot sort by {sort!r}; use one of {', '.join(SORT_KEYS)}")
        moment = as_of_moment(as_of)
        with self.store.session() as session:
            # The day's summary when it still holds (see service.scoring), else scored afresh.
            _owner, scored = scoring.snapshot(session, moment, keep=as_of is None)
            rows = scored.standings
            if organization:
                wanted = normalise.org_key(organization)
                rows = [
                    r
                    for r in rows
                    if wanted and fuzz.partial_ratio(wanted, r.organization_key) >= 90
                ]
            if search:
                needle = normalise.name_key(search)
                rows = [r for r in rows if needle in r.name_key]
            for criterion, floor in (minimum or {}).items():
                if criterion not in ("familiarity", "communication", "satisfaction"):
                    raise InvalidInput(f"no criterion {criterion!r} to filter on")
                rows = [r for r in rows if (getattr(r, criterion) or 0.0) >= floor]
            rows = sorted(rows, key=scoring.sort_key(sort))
            page = rows[offset : offset + limit if limit else None]
            return scored.assessments(session, [r.person_id for r in page]), len(rows)

    def person(self, query: str, *, as_of: date | None = None) -> PersonDetail:
        """One person by id or name, with all their evidence."""
        moment = as_of_moment(as_of)
        with self.store.session() as session:
            owner = local_owner(session)
            person_id = self._find_person(session, owner, query)
            _owner, scored = scoring.snapshot(session, moment, keep=as_of is None)
            if person_id not in scored:
                raise NotFound(f"person #{person_id} has no evidence before {moment:%Y-%m-%d}")
            [assessment] = scored.assessments(session, [person_id])
            # Only this person's rows: the scores came from the whole network above.
            network = load_network(session, owner, moment, {person_id}, with_messages=False)
            messages = person_messages(session, owner, person_id, moment)
            record = person_record(network, session, person_id, messages)
        return PersonDetail(assessment, record, network.self_id)

    def _find_person(self, session: Session, owner: m.Owner, query: str) -> int:
        text = query.strip().lstrip("#")
        index = people_index(session, owner.id)
        if text.isdigit():
            if any(p.id == int(text) for p in index):
                return int(text)
            raise NotFound(f"no person with id {text}; `goodword people` lists ids")
        key = normalise.name_key(text)
        if not key:
            raise InvalidInput("give a name or an id")
        exact = [p for p in index if p.name_key == key]
        if not exact:
            exact = [p for p in index if key in p.name_key]
        if len(exact) == 1:
            return exact[0].id
        if len(exact) > 1:
            listed = ", ".join(
                f"{p.name} (#{p.id}, {p.organization or 'no organisation'})" for p in exact[:5]
            )
            raise Ambiguous(f"{query!r} matches {len(exact)} people: {listed}; use the id")
        close = process.extract(key, {p.id: p.name_key for p in index}, scorer=fuzz.WRatio, limit=3)
        names = {p.id: p.name for p in index}
        hint = ", ".join(f"{names[pid]} (#{pid})" for _, score, pid in close if score >= 70)
        raise NotFound(
            f"nobody called {query!r}"
            + (f"; did you mean {hint}?" if hint else "; `goodword people` lists everyone")
        )

    # -- judgements the user records

    def vet(
        self,
        query: str,
        *,
        willing: str,
        concerns: str = "",
        channel: str = "",
        held_on: date | None = None,
    ) -> PersonDetail:
        """Record the honest conversation with a person; returns them re-scored."""
        answer = vetting.ANSWERS.get(willing.strip().lower())
        if answer is None:
            raise InvalidInput(f"--willing {willing!r}: answer yes, concerns, no or not-yet")
        if answer == "concerns" and not concerns.strip():
            raise InvalidInput("say what the concerns are, in their words: --concerns TEXT")
        with self.store.session() as session:
            owner = local_owner(session)
            person_id = self._find_person(session, owner, query)
            day = held_on or datetime.now(UTC).date()
            record_vetting(
                session,
                owner,
                person_id,
                held_on=day,
                willing=answer,
                concerns=concerns.strip(),
                channel=channel.strip(),
                questions=(vetting.RECOMMEND, vetting.CONCERNS),
            )
            # Asks waiting on this conversation move on: vetted, or declined on a "no".
            step = {"yes": "vetted", "concerns": "vetted", "no": "declined"}.get(answer)
            if step:
                moment = as_of_moment(day) if held_on else datetime.now(UTC)
                for ask in open_asks(session, owner, person_id, state="proposed"):
                    _advance(session, ask, step, moment, "honest conversation")
        return self.person(str(person_id))

    def flag(
        self,
        query: str,
        *,
        soured: bool | None = None,
        do_not_ask: bool | None = None,
        note: str | None = None,
    ) -> PersonDetail:
        """Mark a relationship as soured (or not) and a person as not to be asked (or not)."""
        if soured is None and do_not_ask is None and note is None:
            raise InvalidInput(
                "nothing to change: use --soured, --not-soured, --do-not-ask or --may-ask"
            )
        with self.store.session() as session:
            owner = local_owner(session)
            person_id = self._find_person(session, owner, query)
            set_flags(
                session,
                owner,
                person_id,
                soured=soured,
                do_not_ask=do_not_ask,
                note=None if note is None else note.strip(),
            )
        return self.person(str(person_id))

    def relate(
        self,
        query: str,
        *,
        kind: str | None,
        organization: str = "",
        start: date | None = None,
        end: date | None = None,
    ) -> PersonDetail:
        """State what a person is to you (manager, peer, ...); None clears what you stated."""
        if kind is not None and kind not in RELATIONSHIP_KINDS:
            raise InvalidInput(f"relationship {kind!r}: use one of {', '.join(RELATIONSHIP_KINDS)}")
        with self.store.session() as session:
            owner = local_owner(session)
            person_id = self._find_person(session, owner, query)
            state_relationship(
                session,
                owner,
                person_id,
                kind=kind,
                organization=organization.strip(),
                start=start,
                end=end,
            )
        return self.person(str(person_id))

    # -- asks

    def ask(
        self,
        job_query: str,
        names: list[str],
        *,
        to: str | None = None,
        kind: str | None = None,
        note: str = "",
        on: date | None = None,
        share: dict[str, str] | None = None,
        prefer: str | None = None,
    ) -> list[AskView]:
        """Propose asks for people on a job, or move them to ``to`` (proposed if new).

        An ask cannot jump states, with one convenience: asking someone whose
        honest conversation is recorded (yes, or yes with concerns) passes
        through "vetted" on the way. ``share`` records the contact details the
        person agreed the employer may use (``{"email": ...}``), ``prefer`` how
        they like to be reached; the references sheet shows only those.
        """
        if prefer is not None and share is not None and prefer not in share:
            raise InvalidInput(
                f"--prefer {prefer!r}: share that contact too (--share {prefer}=...)"
            )
        if not names:
            raise InvalidInput("name at least one person to ask")
        target = normal_state(to) if to else None
        if kind is not None and kind not in KINDS:
            raise InvalidInput(f"kind {kind!r}: use reference, recommendation or referral")
        moment = as_of_moment(on) if on else datetime.now(UTC)
        touched: list[int] = []
        with self.store.session() as session:
            owner = local_owner(session)
            job = self._find_job(session, owner, job_query)
            chosen_kind = kind or job.kind
            for name in names:
                person_id = self._find_person(session, owner, name)
                ask = find_ask(session, owner, person_id, job.id, chosen_kind)
                if ask is None:
                    due_on, _ = asks_flow.due("proposed", moment.date())
                    ask = create_ask(
                        session,
                        owner,
                        person_id=person_id,
                        opportunity_id=job.id,
                        kind=chosen_kind,
                        at=moment,
                        due_on=due_on,
                        note=note if target is None else "",
                    )
                if target is not None and target != ask.state:
                    vetted = latest_answer(session, owner, person_id) in {"yes", "concerns"}
                    if ask.state == "proposed" and target == "asked" and vetted:
                        _advance(session, ask, "vetted", moment, note)
                    _advance(session, ask, target, moment, note)
                if share or prefer is not None:
                    share_contacts(ask, share or {}, prefer)
                touched.append(ask.id)
            session.flush()
            return [_ask_view(row) for row in ask_rows(session, owner, ask_ids=touched)]

    def asks(self, job_query: str | None = None) -> list[AskView]:
        """The pipeline: every ask (of one job, or all), with its state and what is due."""
        with self.store.session() as session:
            owner = local_owner(session)
            job_id = self._find_job(session, owner, job_query).id if job_query else None
            return [_ask_view(row) for row in ask_rows(session, owner, opportunity_id=job_id)]

    def due(self, on: date | None = None) -> list[AskView]:
        """What to do by ``on`` (default today), oldest first.

        Each waiting ask's next step (follow up with the silent, brief the
        agreed, thank the used), and for letters not yet submitted a reminder
        from 7 days, then 1 day, before the deadline until the deadline.
        """
        day = on or datetime.now(UTC).date()
        views, deadlines = self._pipeline()
        found = [view for view in views if view.due_on is not None and view.due_on <= day]
        for view in views:
            current = [
                r for r in _letter_reminders(view, deadlines) if r.due_on and r.due_on <= day
            ]
            deadline = deadlines.get(view.job_id)
            if current and deadline is not None and day <= deadline:
                found.append(current[-1])
        return sorted(found, key=lambda view: (view.due_on or day, view.person))

    def reminders_ics(self, *, since: date | None = None) -> bytes:
        """Every reminder from ``since`` (default today) on, as an iCalendar file's bytes."""
        day = since or datetime.now(UTC).date()
        views, deadlines = self._pipeline()
        items = [view for view in views if view.due_on is not None]
        for view in views:
            items.extend(
                r for r in _letter_reminders(view, deadlines) if r.due_on and r.due_on >= day
            )
        return reminders_ics(
            [
                Reminder(
                    day=max(view.due_on, day),
                    uid=f"goodword-ask-{view.id}-{view.state}-{view.due_on:%Y%m%d}@goodword",
                    summary=f"{view.next_action} ({view.person}, {view.job})",
                    description=f"{view.kind} for {view.job}; the ask is {view.state}. Record what "
                    f"happens with: goodword ask {view.job_id} {view.person_id} --to STATE",
                )
                for view in items
                if view.due_on is not None
            ]
        )

    def _pipeline(self) -> tuple[list[AskView], dict[int, date | None]]:
        with self.store.session() as session:
            owner = local_owner(session)
            views = [_ask_view(row) for row in ask_rows(session, owner)]
            deadlines = {job.id: job.deadline for job in opportunities(session, owner)}
        return views, deadlines

    # -- documents and messages

    def _context(
        self, session: Session, owner: m.Owner, job_query: str, person_query: str, as_of: datetime
    ) -> tuple[assemble.Job, assemble.Owner, Network, Assessment]:
        job = self._find_job(session, owner, job_query)
        person_id = self._find_person(session, owner, person_query)
        network = load_network(session, owner, as_of)
        me = _owner_facts(session, owner)
        facts = _job_facts(job)
        return facts, me, network, assess(network)[person_id]

    def prep(self, job_query: str, person_query: str, *, as_of: date | None = None) -> BriefView:
        """The prep brief for one person and one job, built from the evidence."""
        with self.store.session() as session:
            owner = local_owner(session)
            job, me, network, assessment = self._context(
                session, owner, job_query, person_query, as_of_moment(as_of)
            )
        return BriefView(assemble.prep_brief(network, assessment, job, me))

    def sheet(
        self, job_query: str, names: list[str] | None = None, *, on: date | None = None
    ) -> SheetView:
        """The references sheet for a job: the people named, or everyone who agreed."""
        day = on or datetime.now(UTC).date()
        with self.store.session() as session:
            owner = local_owner(session)
            job = self._find_job(session, owner, job_query)
            rows = ask_rows(session, owner, opportunity_id=job.id)
            if names:
                ids = [self._find_person(session, owner, name) for name in names]
            else:
                ids = [row.person_id for row in rows if row.state in AGREED_STATES]
            shared = {
                row.person_id: (row.shared_contacts, row.preferred_contact)
                for row in rows
                if row.kind == job.kind
            }
            if not ids:
                raise InvalidInput(
                    f"nobody has agreed to vouch for {job.title!r} yet: record it with "
                    "`goodword ask JOB NAME --to agreed`, or name people for the sheet"
                )
            network = load_network(session, owner, as_of_moment(day))
            me = _owner_facts(session, owner)
        sheet = assemble.references_sheet(
            network, assess(network), ids, _job_facts(job), me, prepared_on=day, shared=shared
        )
        return SheetView(sheet)

    def draft(
        self, kind: str, job_query: str, person_query: str, *, template_dir: Path | None = None
    ) -> DraftView:
        """A message draft (honest-conversation, ask, follow-up, thank-you) from the templates."""
        with self.store.session() as session:
            owner = local_owner(session)
            job, me, network, assessment = self._context(
                session, owner, job_query, person_query, datetime.now(UTC)
            )
            rows = [
                row
                for row in ask_rows(session, owner, opportunity_id=job.id)
                if row.person_id == assessment.person.id
            ]
        asked = [at.date() for row in rows for at, _, state, _ in row.events if state == "asked"]
        shared = [value for row in rows for kind, value in row.shared_contacts if kind == "email"]
        context = assemble.message_context(
            network, assessment, job, me, first_asked_on=asked[0] if asked else None
        )
        if context.email is None and shared:
            # The address they gave for this opportunity, when the evidence had none.
            context = replace(context, email=shared[0])
        folder = template_dir or user_template_dir(self.settings)
        draft = render_draft(kind, context, folder if folder.is_dir() else None)
        from_name, from_email = me.name, me.email
        if self.settings.mail_from:
            from_name, from_email = sender(self.settings, me.name)
        return DraftView(draft, from_name, from_email)

    def send(self, view: DraftView) -> str:
        """Send a draft through the user's own SMTP server; returns the Message-ID."""
        return send_mail(view.draft, self.settings, from_name=view.from_name)

    # -- trust

    def evaluate(self, *, split: date | None = None, until: date | None = None) -> Backtest:
        """Back-test the communication score on your own history (see evidence.backtest)."""
        end = as_of_moment(until)
        with self.store.session() as session:
            owner = local_owner(session)
            network = load_network(session, owner, end)
        moment = (
            as_of_moment(split) if split else default_split(network.messages, network.self_id, end)
        )
        if moment >= end:
            raise InvalidInput(f"the split ({moment:%Y-%m-%d}) must come before {end:%Y-%m-%d}")
        result = backtest(network.messages, network.self_id, moment, end)
        if result.asks_before == 0:
            raise InvalidInput(
                f"no direct messages of yours before {moment:%Y-%m-%d} to learn from; "
                "import your messages or choose a later --split"
            )
        return result

    # -- jobs

    def add_job(
        self,
        *,
        title: str,
        organization: str = "",
        description: str = "",
        deadline: date | None = None,
        needs: str = "",
        kind: str = "reference",
        confidential: bool = False,
    ) -> JobView:
        """Record an opportunity; ``needs`` like "3 references, 1 supervisor"."""
        if not title.strip():
            raise InvalidInput("a job needs a title (--title)")
        if kind not in KINDS:
            raise InvalidInput(f"kind {kind!r}: use reference, recommendation or referral")
        parsed = parse_needs(needs, default_kind=kind)
        with self.store.session() as session:
            job = add_opportunity(
                session,
                local_owner(session),
                title=title.strip(),
                organization=organization.strip(),
                description=description,
                deadline=deadline,
                needs_text=needs.strip(),
                needs=parsed.as_dict(),
                kind=parsed.kind,
                confidential=confidential,
            )
            return _job_view(job)

    def jobs(self) -> list[JobView]:
        """Every opportunity, newest first."""
        with self.store.session() as session:
            owner = local_owner(session)
            return [_job_view(job) for job in opportunities(session, owner)]

    def job_outcome(self, job_query: str, status: str, note: str = "") -> JobView:
        """Record where an opportunity stands: applied, interviewing, offer, hired, rejected ..."""
        wanted = status.strip().lower()
        if wanted not in JOB_STATUSES:
            raise InvalidInput(f"outcome {status!r}: use one of {', '.join(JOB_STATUSES)}")
        with self.store.session() as session:
            job = self._find_job(session, local_owner(session), job_query)
            set_outcome(job, wanted, note.strip())
            return _job_view(job)

    def _find_job(self, session: Session, owner: m.Owner, query: str) -> m.Opportunity:
        jobs = opportunities(session, owner)
        text = query.strip().lstrip("#")
        if text.isdigit():
            for job in jobs:
                if job.id == int(text):
                    return job
            raise NotFound(f"no job with id {text}; `goodword job list` shows them")
        needle = text.casefold()
        matches = [j for j in jobs if needle in f"{j.title} {j.organization_name}".casefold()]
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            listed = ", ".join(
                f"{j.title} at {j.organization_name or '?'} (#{j.id})" for j in matches[:5]
            )
            raise Ambiguous(f"{query!r} matches {len(matches)} jobs: {listed}; use the id")
        raise NotFound(f"no job matches {query!r}; `goodword job list` shows them")

    def suggest(
        self, job_query: str, *, as_of: date | None = None, kind: str | None = None
    ) -> Suggestion:
        """The best set of people for a job, with reasons, runners-up, a bench and exclusions.

        ``kind`` (reference, recommendation, referral) overrides the job's own.
        A confidential job leaves out everyone at the owner's current
        employers; a referral needs someone at the job's organisation now.
        """
        if kind is not None and kind not in KINDS:
            raise InvalidInput(f"kind {kind!r}: use reference, recommendation or referral")
        moment = as_of_moment(as_of)
        with self.store.session() as session:
            owner = local_owner(session)
            job = _job_view(self._find_job(session, owner, job_query))
            _owner, scored = scoring.snapshot(session, moment, keep=as_of is None)
            recently = times_asked(
                session,
                owner,
                since=moment - FATIGUE_WINDOW,
                until=moment,
                states=asks_flow.ASKED,
                except_opportunity=job.id,
            )
            chosen_kind = kind or job.needs.kind
            needs = job.needs
            if chosen_kind != needs.kind:
                # The job's numbers and roles were written for another kind of voucher.
                needs = Needs(DEFAULT_COUNT[chosen_kind], chosen_kind, {}, "")
            if chosen_kind == "referral" and not job.organization:
                raise InvalidInput(
                    f"job #{job.id} names no organisation: a referral needs someone who works there"
                )
            brief = Brief(
                recently_asked=recently,
                kind=chosen_kind,
                target_key=normalise.org_key(job.organization),
                target_name=job.organization,
                confidential=scored.current_organizations if job.confidential else frozenset(),
                deadline=job.deadline,
            )
            reasons = {r.person_id: excluded_because(r, brief) for r in scored.standings}
            eligible = [r for r in scored.standings if reasons[r.person_id] is None]
            relevance = Relevance(
                f"{job.title}\n{job.description}",
                [(r.person_id, r.document_pieces, r.document_length) for r in eligible],
                lambda terms: scored.postings(session, terms),
            )

            def load(ids: list[int]) -> tuple[dict[int, Assessment], dict[int, Score]]:
                people = {a.person.id: a for a in scored.assessments(session, ids)}
                return people, relevance.scores(ids, lambda some: scored.documents(session, some))

            # Relevance moves a fit by 15% at most: the best fits before it are enough to
            # decide the slate, the runners-up and the bench (shortlist_among checks).
            result = shortlist_among(
                [(r.person_id, base_fit(r, brief), r.relationship) for r in eligible],
                needs,
                brief,
                load,
            )
            left_out = scored.assessments(
                session, [r.person_id for r in scored.standings if reasons[r.person_id]]
            )
        result.excluded = [(a, exclusion(a, brief) or "") for a in left_out]
        excluded = Counter(reason.split(" (")[0] for reason in reasons.values() if reason)
        return Suggestion(job, result, moment, dict(excluded.most_common()))


def _owner_facts(session: Session, owner: m.Owner) -> assemble.Owner:
    identities = owner_identities(session, owner)
    return assemble.Owner(
        name=owner.name,
        headline=str(owner.profile.get("headline", "")),
        skills=tuple(str(x) for x in owner.profile.get("skills", [])),
        email=next((v for k, v in identities if k == "email"), None),
    )


def _job_facts(job: m.Opportunity) -> assemble.Job:
    return assemble.Job(
        job.id, job.title, job.organization_name, job.deadline, job.description, job.kind
    )


def _me_view(session: Session, owner: m.Owner) -> MeView:
    identities = owner_identities(session, owner)
    positions = []
    for title, organization, start, end, current in owner_positions(session, owner):
        text = f"{title or '?'} at {organization}"
        if start:
            text += f" ({start:%Y-%m} – {'now' if current else (f'{end:%Y-%m}' if end else '?')})"
        positions.append(text)
    return MeView(
        name=owner.name,
        emails=[v for k, v in identities if k == "email"],
        linkedin_url=linkedin_link(next((v for k, v in identities if k == "linkedin"), None)),
        other=[f"{k}:{v}" for k, v in identities if k not in ("email", "linkedin")],
        headline=str(owner.profile.get("headline", "")),
        positions=positions,
    )


def _letter_reminders(view: AskView, deadlines: dict[int, date | None]) -> list[AskView]:
    """For a letter agreed but not yet submitted: reminders 7 days and 1 day before the deadline."""
    deadline = deadlines.get(view.job_id)
    if view.kind != "recommendation" or deadline is None or view.state not in LETTER_PENDING:
        return []
    return [
        replace(
            view,
            due_on=deadline - timedelta(days=days),
            next_action=f"remind {view.person}: the letter is due {deadline:%d %B %Y}",
        )
        for days in LETTER_REMINDERS
    ]


def _advance(session: Session, ask: m.Ask, step: str, at: datetime, note: str) -> None:
    """Move an ask one legal step, setting when to look at it next."""
    asks_flow.check(ask.state, step)
    due_on, _ = asks_flow.due(step, at.date())
    move_ask(session, ask, to=step, at=at, due_on=due_on, note=note)


def _ask_view(row: AskRow) -> AskView:
    _, action = asks_flow.due(row.state, row.since.date())
    return AskView(
        id=row.id,
        person_id=row.person_id,
        person=row.person,
        job_id=row.opportunity_id,
        job=row.opportunity,
        kind=row.kind,
        state=row.state,
        since=row.since,
        due_on=row.due_on,
        next_action=action,
        events=row.events,
    )


def _job_view(job: m.Opportunity) -> JobView:
    return JobView(
        id=job.id,
        title=job.title,
        organization=job.organization_name,
        deadline=job.deadline,
        needs=Needs.from_dict(job.needs, job.needs_text),
        confidential=job.confidential,
        status=job.status,
        description=job.description,
    )


def _sort_key(sort: str) -> Callable[[Assessment], Any]:
    if sort == "name":
        return lambda a: a.person.name.casefold()
    if sort == "confidence":
        return lambda a: -a.confidence
    if sort == "fit":
        return lambda a: (-fit(a), a.person.name)
    return lambda a: (
        getattr(a, sort).value is None,
        -(getattr(a, sort).value or 0.0),
        a.person.name,
    )


def _safe_url(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


def _db_error(exc: OperationalError, settings: Settings) -> str:
    first = str(exc.orig or exc).strip().splitlines()[0]
    return f"cannot open the database {_safe_url(settings.resolved_database_url())}: {first}"


def read_description(source: str | None) -> str:
    """A job description from a file path, or from stdin when ``source`` is ``-``."""
    if not source:
        return ""
    if source == "-":
        return sys.stdin.read()
    path = Path(source).expanduser()
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise InvalidInput(f"{source}: no such file") from exc
    except (UnicodeDecodeError, IsADirectoryError) as exc:
        raise InvalidInput(f"{source}: not a UTF-8 text file") from exc
