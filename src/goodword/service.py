"""The facade every face calls: import, people, person, me, jobs, suggest, db.

A :class:`Service` is built per command (never at import time) from
:class:`~goodword.config.Settings`; each method opens one transaction, calls
the core stages and returns plain view objects with ``as_dict()`` for JSON.
"""

from __future__ import annotations

import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process
from sqlalchemy import select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from goodword import records as rec
from goodword.choose.needs import DEFAULT_COUNT, Needs, parse_needs
from goodword.choose.shortlist import Brief, Candidate, Shortlist, fit, shortlist
from goodword.config import Settings, load_settings
from goodword.errors import Ambiguous, ImportFailed, InvalidInput, NotFound, StoreError
from goodword.evidence.assess import Assessment, assess
from goodword.evidence.backtest import Backtest, backtest, default_split
from goodword.evidence.relationships import KINDS as RELATIONSHIP_KINDS
from goodword.identity import normalise
from goodword.sources import parse as parse_input
from goodword.store import models as m
from goodword.store.engine import (
    Store,
    blank_status,
    make_engine,
    migration_status,
    sqlite_file,
    upgrade,
)
from goodword.store.load import FileOutcome, Progress, load
from goodword.store.merge import merge_people
from goodword.store.owner import ensure_self_person, local_owner
from goodword.store.queries import (
    Network,
    PersonRecord,
    load_network,
    people_index,
    person_record,
)

SORT_KEYS = ("fit", "familiarity", "communication", "satisfaction", "confidence", "name")
KINDS = ("reference", "recommendation", "referral")
WILLING_ALIASES = {
    "yes": "yes",
    "concerns": "concerns",
    "yes-with-concerns": "concerns",
    "yes with concerns": "concerns",
    "no": "no",
    "not-yet": "not-yet",
    "not yet": "not-yet",
}


def as_of_moment(day: date | None) -> datetime:
    """The start of ``day`` in UTC, or now when no day is given."""
    if day is None:
        return datetime.now(UTC)
    return datetime.combine(day, time.min, tzinfo=UTC)


def linkedin_link(key: str | None) -> str | None:
    """``linkedin.com/in/slug`` → ``https://www.linkedin.com/in/slug``."""
    return f"https://www.{key}" if key else None


# ---------------------------------------------------------------- views


@dataclass(frozen=True, slots=True)
class FileSummary:
    """One input file after an import."""

    name: str
    kind: str
    used: bool
    rows: int
    added: int
    unchanged: int
    skipped: dict[str, int]
    problems: int
    warnings: int
    note: str

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {k: getattr(self, k) for k in self.__slots__}


@dataclass(frozen=True, slots=True)
class ImportSummary:
    """What an import did: per-file counts, new people, the owner's identities, problems."""

    import_id: int
    path: str
    kind: str
    export_date: date | None
    files: list[FileSummary]
    people_added: int
    owner_identities_added: list[str]
    owner_identities: list[str]
    problems: list[dict[str, str]]

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "import_id": self.import_id,
            "path": self.path,
            "kind": self.kind,
            "export_date": self.export_date.isoformat() if self.export_date else None,
            "files": [f.as_dict() for f in self.files],
            "people_added": self.people_added,
            "owner_identities_added": self.owner_identities_added,
            "owner_identities": self.owner_identities,
            "problems": self.problems,
        }


@dataclass(frozen=True, slots=True)
class MeView:
    """The owner as goodword knows them."""

    name: str
    emails: list[str]
    linkedin_url: str | None
    other: list[str]
    headline: str
    positions: list[str]
    merged: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {k: getattr(self, k) for k in self.__slots__}


def assessment_dict(assessment: Assessment) -> dict[str, Any]:
    """The JSON object for one person in ``people --json`` (the documented contract)."""
    person = assessment.person
    relation = assessment.relationship
    return {
        "id": person.id,
        "name": person.name,
        "emails": list(person.emails),
        "linkedin_url": linkedin_link(person.linkedin),
        "organization": person.organization or None,
        "title": person.title or None,
        "relationship": None
        if relation is None
        else {
            "kind": relation.kind,
            "confidence": round(relation.confidence, 2),
            "why": relation.why,
        },
        "communication": assessment.communication.as_dict(),
        "familiarity": assessment.familiarity.as_dict(),
        "satisfaction": assessment.satisfaction.as_dict(),
        "confidence": round(assessment.confidence, 3),
    }


@dataclass(frozen=True, slots=True)
class PersonDetail:
    """One person: every piece of evidence and the why of each score."""

    assessment: Assessment
    record: PersonRecord
    self_id: int

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        r = self.record
        return {
            **assessment_dict(self.assessment),
            "identities": [
                {"kind": i.kind, "value": i.value, "source": i.source} for i in r.identities
            ],
            "tenures": [
                {
                    "id": t.id,
                    "organization": t.organization,
                    "title": t.title,
                    "start": t.start_on.isoformat() if t.start_on else None,
                    "end": t.end_on.isoformat() if t.end_on else None,
                    "current": t.is_current,
                    "observed_on": t.observed_on.isoformat() if t.observed_on else None,
                }
                for t in r.tenures
            ],
            "interactions": [
                {
                    "id": msg.id,
                    "kind": msg.kind,
                    "at": msg.occurred_at.isoformat(),
                    "direction": "from_me"
                    if msg.sender_id == self.self_id
                    else "to_me"
                    if self.self_id in msg.recipient_ids
                    else "group",
                    "participants": msg.participant_count,
                    "subject": msg.subject,
                }
                for msg in r.messages
            ],
            "endorsements": [
                {
                    "id": e.id,
                    "direction": e.direction,
                    "skill": e.skill,
                    "at": e.endorsed_at.isoformat() if e.endorsed_at else None,
                }
                for e in r.endorsements
            ],
            "recommendations": [
                {
                    "id": x.id,
                    "direction": x.direction,
                    "organization": x.organization,
                    "title": x.title,
                    "at": x.created_at.isoformat() if x.created_at else None,
                    "text": x.text,
                }
                for x in r.recommendations
            ],
            "vettings": [
                {
                    "id": v.id,
                    "on": v.held_on.isoformat(),
                    "willing": v.willing,
                    "concerns": v.concerns,
                }
                for v in r.vettings
            ],
        }


@dataclass(frozen=True, slots=True)
class JobView:
    """An opportunity."""

    id: int
    title: str
    organization: str
    deadline: date | None
    needs: Needs
    confidential: bool
    status: str
    description: str

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "id": self.id,
            "title": self.title,
            "organization": self.organization or None,
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "needs": {**self.needs.as_dict(), "text": self.needs.describe()},
            "confidential": self.confidential,
            "status": self.status,
            "description": self.description,
        }


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A shortlist for a job, ready to render."""

    job: JobView
    shortlist: Shortlist
    as_of: datetime
    excluded_counts: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""

        def candidate(c: Candidate) -> dict[str, Any]:
            return {**assessment_dict(c.assessment), "fit": round(c.fit, 3), "flags": list(c.flags)}

        return {
            "job": self.job.as_dict(),
            "as_of": self.as_of.isoformat(),
            "picks": [
                {**candidate(p.candidate), "role": p.role, "reasons": list(p.reasons)}
                for p in self.shortlist.picks
            ],
            "runners_up": [
                {**candidate(r.candidate), "why_not": r.why_not} for r in self.shortlist.runners_up
            ],
            "bench": [candidate(c) for c in self.shortlist.bench],
            "kind": self.shortlist.brief.kind,
            "unfilled": self.shortlist.unfilled,
            "excluded": self.excluded_counts,
        }


@dataclass(frozen=True, slots=True)
class DbInfo:
    """Where the data lives and how far its migrations are."""

    data_dir: str
    url: str
    current: str | None
    head: str
    pending: list[str]

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {k: getattr(self, k) for k in self.__slots__}


# ---------------------------------------------------------------- the facade


class Service:
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
        self, path: Path, *, strict: bool = False, progress: Progress | None = None
    ) -> ImportSummary:
        """Parse ``path`` fully, then load it in one transaction (all or nothing)."""
        parsed = parse_input(path.expanduser())
        records = list(parsed.records)
        parsed.records = records
        if strict:
            problems = [r for r in records if isinstance(r, rec.Problem)]
            if problems:
                first = min(problems, key=lambda p: (p.origin.file, p.origin.row or 0))
                raise ImportFailed(f"{first.origin}: {first.message} (--strict: nothing imported)")
        with self.store.session() as session:
            owner = local_owner(session)
            result = load(session, owner, parsed, progress)
            if strict and result.first_rejection:
                # Raising inside the transaction rolls the whole import back.
                raise ImportFailed(f"{result.first_rejection} (--strict: nothing imported)")
            issues = session.scalars(
                select(m.ImportIssue)
                .where(m.ImportIssue.import_id == result.import_id)
                .order_by(m.ImportIssue.id)
            ).all()
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
                owner_identities=self._owner_identity_list(session, owner),
                problems=[
                    {
                        "file": i.file,
                        "location": i.location,
                        "severity": i.severity,
                        "code": i.code,
                        "message": i.message,
                    }
                    for i in issues
                ],
            )

    # -- me

    def me(self) -> MeView:
        """The owner's name, identities and positions."""
        with self.store.session() as session:
            return self._me(session, local_owner(session))

    def update_me(
        self,
        *,
        name: str | None = None,
        add_emails: Iterable[str] = (),
        remove_emails: Iterable[str] = (),
        linkedin: str | None = None,
    ) -> MeView:
        """Change the owner's name or identities; an identity held by a contact is merged in."""
        merged: list[str] = []
        with self.store.session() as session:
            owner = local_owner(session)
            me = ensure_self_person(session, owner)
            if name is not None:
                if not name.strip():
                    raise InvalidInput("your name cannot be empty")
                owner.name = me.display_name = name.strip()
                me.name_key = normalise.name_key(name)
            for raw in add_emails:
                address = normalise.email(raw)
                if address is None:
                    raise InvalidInput(f"{raw!r} is not an email address")
                self._claim(session, owner, me.id, "email", address, merged)
            for raw in remove_emails:
                address = normalise.email(raw) or raw.strip().lower()
                identity = session.scalars(
                    select(m.Identity).where(
                        m.Identity.owner_id == owner.id,
                        m.Identity.person_id == me.id,
                        m.Identity.kind == "email",
                        m.Identity.value == address,
                    )
                ).first()
                if identity is None:
                    raise NotFound(
                        f"{raw!r} is not one of your addresses; `goodword me` lists them"
                    )
                session.delete(identity)
            if linkedin is not None:
                key = normalise.linkedin_url(linkedin)
                if key is None:
                    raise InvalidInput(
                        f"{linkedin!r} is not a LinkedIn profile URL (like https://www.linkedin.com/in/your-name)"
                    )
                self._claim(session, owner, me.id, "linkedin", key, merged)
            session.flush()
            session.expire_all()
            return replace(self._me(session, owner), merged=merged)

    def _claim(
        self,
        session: Session,
        owner: m.Owner,
        me_id: int,
        kind: str,
        value: str,
        merged: list[str],
    ) -> None:
        holder = session.scalars(
            select(m.Identity).where(
                m.Identity.owner_id == owner.id, m.Identity.kind == kind, m.Identity.value == value
            )
        ).first()
        if holder is None:
            session.add(
                m.Identity(
                    owner_id=owner.id,
                    person_id=me_id,
                    kind=kind,
                    value=value,
                    set_by_user=True,
                    natural_key=f"{kind}:{value}"[:100],
                )
            )
        elif holder.person_id != me_id:
            # That identity was taken for a contact: it is the owner, so fold it in.
            contact = session.get(m.Person, holder.person_id)
            if contact is not None:
                merged.append(f"{contact.display_name} (#{contact.id})")
            merge_people(session, holder.person_id, me_id)

    def _owner_identity_list(self, session: Session, owner: m.Owner) -> list[str]:
        return [
            f"{kind}:{value}"
            for kind, value in session.execute(
                select(m.Identity.kind, m.Identity.value)
                .where(
                    m.Identity.owner_id == owner.id, m.Identity.person_id == owner.self_person_id
                )
                .order_by(m.Identity.kind, m.Identity.value)
            )
        ]

    def _me(self, session: Session, owner: m.Owner) -> MeView:
        identities = self._owner_identity_list(session, owner)
        positions = [
            f"{t.title or '?'} at {t.organization.name} ({t.start_on:%Y-%m} – "
            f"{'now' if t.is_current else (f'{t.end_on:%Y-%m}' if t.end_on else '?')})"
            if t.start_on
            else f"{t.title} at {t.organization.name}"
            for t in session.scalars(
                select(m.Tenure)
                .where(m.Tenure.owner_id == owner.id, m.Tenure.person_id == owner.self_person_id)
                .order_by(m.Tenure.start_on.desc())
            )
        ]
        linkedin = next((i.split(":", 1)[1] for i in identities if i.startswith("linkedin:")), None)
        return MeView(
            name=owner.name,
            emails=[i.split(":", 1)[1] for i in identities if i.startswith("email:")],
            linkedin_url=linkedin_link(linkedin),
            other=[i for i in identities if not i.startswith(("email:", "linkedin:"))],
            headline=str(owner.profile.get("headline", "")),
            positions=positions,
        )

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
        """Everyone judged on the three criteria, filtered and sorted."""
        if sort not in SORT_KEYS:
            raise InvalidInput(f"cannot sort by {sort!r}; use one of {', '.join(SORT_KEYS)}")
        moment = as_of_moment(as_of)
        with self.store.session() as session:
            _owner, network = self._network(session, moment)
        assessed = list(assess(network).values())
        if organization:
            wanted = normalise.org_key(organization)
            assessed = [
                a
                for a in assessed
                if wanted and fuzz.partial_ratio(wanted, a.person.organization_key) >= 90
            ]
        if search:
            needle = normalise.name_key(search)
            assessed = [a for a in assessed if needle in normalise.name_key(a.person.name)]
        for criterion, floor in (minimum or {}).items():
            assessed = [a for a in assessed if (getattr(a, criterion).value or 0.0) >= floor]
        assessed.sort(key=_sort_key(sort))
        return assessed[:limit] if limit else assessed

    def person(self, query: str, *, as_of: date | None = None) -> PersonDetail:
        """One person by id or name, with all their evidence."""
        moment = as_of_moment(as_of)
        with self.store.session() as session:
            owner = local_owner(session)
            person_id = self._find_person(session, owner, query)
            network = load_network(session, owner, moment)
            if person_id not in network.people:
                raise NotFound(f"person #{person_id} has no evidence before {moment:%Y-%m-%d}")
            record = person_record(network, session, person_id)
        assessment = assess(network)[person_id]
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
        answer = WILLING_ALIASES.get(willing.strip().lower())
        if answer is None:
            raise InvalidInput(f"--willing {willing!r}: answer yes, concerns, no or not-yet")
        if answer == "concerns" and not concerns.strip():
            raise InvalidInput("say what the concerns are, in their words: --concerns TEXT")
        with self.store.session() as session:
            owner = local_owner(session)
            person_id = self._find_person(session, owner, query)
            session.add(
                m.Vetting(
                    owner_id=owner.id,
                    person_id=person_id,
                    held_on=held_on or datetime.now(UTC).date(),
                    channel=channel.strip()[:30],
                    willing=answer,
                    concerns=concerns.strip(),
                )
            )
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
            person = session.get(m.Person, self._find_person(session, owner, query))
            assert person is not None
            if soured is not None:
                person.soured = soured
            if do_not_ask is not None:
                person.do_not_ask = do_not_ask
            if note is not None:
                person.soured_note = note.strip()
            person_id = person.id
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
            for stated in session.scalars(
                select(m.Relationship).where(
                    m.Relationship.owner_id == owner.id,
                    m.Relationship.person_id == person_id,
                    m.Relationship.origin == "user",
                )
            ):
                session.delete(stated)
            if kind is not None:
                org_key = normalise.org_key(organization)
                org_id = session.scalars(
                    select(m.Organization.id).where(
                        m.Organization.owner_id == owner.id, m.Organization.key == org_key
                    )
                ).first()
                session.add(
                    m.Relationship(
                        owner_id=owner.id,
                        person_id=person_id,
                        kind=kind,
                        organization_id=org_id,
                        start_on=start,
                        end_on=end,
                        origin="user",
                        confidence=1.0,
                        evidence=f"you said they were your {kind}"
                        + (f" at {organization.strip()}" if organization.strip() else ""),
                    )
                )
        return self.person(str(person_id))

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
            owner = local_owner(session)
            org_key = normalise.org_key(organization)
            org_id = session.scalars(
                select(m.Organization.id).where(
                    m.Organization.owner_id == owner.id, m.Organization.key == org_key
                )
            ).first()
            job = m.Opportunity(
                owner_id=owner.id,
                title=title.strip(),
                organization_name=organization.strip(),
                organization_id=org_id,
                description=description,
                deadline=deadline,
                needs_text=needs.strip(),
                needs=parsed.as_dict(),
                kind=parsed.kind,
                confidential=confidential,
            )
            session.add(job)
            session.flush()
            return _job_view(job)

    def jobs(self) -> list[JobView]:
        """Every opportunity, newest first."""
        with self.store.session() as session:
            owner = local_owner(session)
            return [
                _job_view(job)
                for job in session.scalars(
                    select(m.Opportunity)
                    .where(m.Opportunity.owner_id == owner.id)
                    .order_by(m.Opportunity.id.desc())
                )
            ]

    def _find_job(self, session: Session, owner: m.Owner, query: str) -> m.Opportunity:
        jobs = session.scalars(
            select(m.Opportunity).where(m.Opportunity.owner_id == owner.id)
        ).all()
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
            network = load_network(session, owner, moment)
        chosen_kind = kind or job.needs.kind
        needs = job.needs
        if chosen_kind != needs.kind:
            # The job's numbers and roles were written for another kind of voucher.
            needs = Needs(DEFAULT_COUNT[chosen_kind], chosen_kind, {}, "")
        if chosen_kind == "referral" and not job.organization:
            raise InvalidInput(
                f"job #{job.id} names no organisation: a referral needs someone who works there"
            )
        current = frozenset(
            t.organization_key for t in network.owner_tenures if t.kind == "work" and t.is_current
        )
        brief = Brief(
            kind=chosen_kind,
            target_key=normalise.org_key(job.organization),
            target_name=job.organization,
            confidential=current if job.confidential else frozenset(),
        )
        result = shortlist(assess(network), needs, brief)
        excluded = Counter(reason.split(" (")[0] for _, reason in result.excluded)
        return Suggestion(job, result, moment, dict(excluded.most_common()))


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


@dataclass(frozen=True, slots=True)
class DemoRun:
    """What ``goodword demo`` made and found."""

    export_path: Path | None
    summary: ImportSummary
    job: JobView
    suggestion: Suggestion
    kept: Path | None


def run_demo(*, seed: int = 7, contacts: int = 300, keep: Path | None = None) -> DemoRun:
    """Generate a synthetic export, import it into a fresh home, and suggest references.

    Scores are taken as of the export's date so the same seed always gives
    the same shortlist. Without ``keep`` everything lives in a temporary
    folder that is removed afterwards.
    """
    from goodword.demo import SAMPLE_JOB, build_network, write_export_zip

    if contacts < 20:
        raise InvalidInput("the demo needs at least 20 contacts")
    network = build_network(seed=seed, contacts=contacts)
    with tempfile.TemporaryDirectory(prefix="goodword-demo-") as scratch:
        base = keep.expanduser() if keep else Path(scratch)
        if keep and (base / "home").exists():
            raise InvalidInput(f"{base} already holds a demo; choose another --keep folder")
        export = write_export_zip(network, base / "export")
        service = Service(Settings(home=base / "home"))
        try:
            summary = service.import_path(export)
            job = service.add_job(
                title=SAMPLE_JOB.title,
                organization=SAMPLE_JOB.organization,
                description=SAMPLE_JOB.description,
                needs=SAMPLE_JOB.needs,
            )
            suggestion = service.suggest(str(job.id), as_of=network.export_date)
        finally:
            service.close()
    return DemoRun(export if keep else None, summary, job, suggestion, base if keep else None)


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
