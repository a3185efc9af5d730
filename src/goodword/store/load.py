"""The one place records become rows: idempotent upserts, person resolution, provenance.

:func:`load` writes a :class:`~goodword.sources.base.Parsed` input in the
caller's transaction, so a failure anywhere leaves the database as it was.
Rows are keyed on natural keys (message key, endorsement person + skill +
date, ...) so re-importing the same or a newer export adds nothing twice.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz
from sqlalchemy import select
from sqlalchemy.orm import Session

from goodword import records as rec
from goodword.identity import normalise
from goodword.sources.base import Parsed
from goodword.store import models as m
from goodword.store.merge import merge_people
from goodword.store.owner import ensure_self_person

Progress = Callable[[int, int], None]

ORG_MATCH_THRESHOLD = 88


@dataclass(slots=True)
class FileOutcome:
    """Per-file counts after loading: new rows, rows already stored, rows the loader rejected."""

    added: int = 0
    unchanged: int = 0
    rejected: int = 0


@dataclass(slots=True)
class LoadResult:
    """What one load did, per file and in total."""

    import_id: int
    people_added: int = 0
    files: dict[str, FileOutcome] = field(default_factory=dict)
    owner_identities: list[str] = field(default_factory=list)
    first_rejection: str = ""

    def outcome(self, origin: rec.Origin) -> FileOutcome:
        """The counters of the file ``origin`` came from."""
        return self.files.setdefault(origin.file, FileOutcome())


class Resolver:
    """Finds or creates the stored person a :class:`PersonRef` means.

    Order: the owner; an identity (LinkedIn profile, email, URN); then the
    name, told apart by organisation when several people share it. A name
    that still matches several people is reported, never guessed.
    """

    def __init__(self, session: Session, owner: m.Owner, import_id: int) -> None:
        self.session = session
        self.owner = owner
        self.import_id = import_id
        self.self_id = ensure_self_person(session, owner).id
        self.by_identity: dict[tuple[str, str], int] = {}
        self.by_name: dict[str, list[int]] = {}
        self.org_of: dict[int, str] = {}
        self.linkedin_of: dict[int, str] = {}
        self.added = 0
        self.new_owner_identities: list[str] = []
        for kind, value, person_id in session.execute(
            select(m.Identity.kind, m.Identity.value, m.Identity.person_id).where(
                m.Identity.owner_id == owner.id
            )
        ):
            self.by_identity[(kind, value)] = person_id
            if kind == "linkedin":
                self.linkedin_of[person_id] = value
        for person_id, key, org_key in session.execute(
            select(m.Person.id, m.Person.name_key, m.Organization.key)
            .outerjoin(m.Organization, m.Person.organization_id == m.Organization.id)
            .where(m.Person.owner_id == owner.id, m.Person.is_self.is_(False))
        ):
            self.by_name.setdefault(key, []).append(person_id)
            if org_key:
                self.org_of[person_id] = org_key

    def resolve(self, ref: rec.PersonRef, origin: rec.Origin) -> int | None:
        """The person id for ``ref`` (created if new), or None when the name is ambiguous."""
        if ref.is_owner:
            self._attach(self.self_id, ref, origin)
            return self.self_id
        for kind, value in self._identities(ref):
            person_id = self.by_identity.get((kind, value))
            if person_id is not None:
                self._attach(person_id, ref, origin)
                return person_id
        key = normalise.name_key(ref.name)
        candidates = [
            pid
            for pid in self.by_name.get(key, [])
            # Someone with another LinkedIn profile is another human with the same name.
            if not (ref.linkedin and self.linkedin_of.get(pid, ref.linkedin) != ref.linkedin)
        ]
        if key and key == normalise.name_key(self.owner.name) and not ref.linkedin:
            return self.self_id
        if len(candidates) > 1 and ref.organization:
            org = normalise.org_key(ref.organization)
            same_org = [
                pid
                for pid in candidates
                if fuzz.ratio(self.org_of.get(pid, ""), org) >= ORG_MATCH_THRESHOLD
            ]
            candidates = same_org or candidates
        if len(candidates) == 1:
            self._attach(candidates[0], ref, origin)
            return candidates[0]
        if len(candidates) > 1:
            return None
        return self._create(ref, origin)

    def _identities(self, ref: rec.PersonRef) -> list[tuple[str, str]]:
        pairs = [("linkedin", ref.linkedin), ("email", ref.email), ("urn", ref.urn)]
        return [(k, v) for k, v in pairs if v]

    def _create(self, ref: rec.PersonRef, origin: rec.Origin) -> int:
        name = ref.name or _name_from_profile(ref.linkedin) or ref.email or ref.urn or "unknown"
        person = m.Person(
            owner_id=self.owner.id,
            display_name=name,
            first_name=ref.first_name,
            last_name=ref.last_name,
            name_key=normalise.name_key(name),
            first_import_id=self.import_id,
        )
        self.session.add(person)
        self.session.flush()
        self.added += 1
        self.by_name.setdefault(person.name_key, []).append(person.id)
        self._attach(person.id, ref, origin)
        return person.id

    def _attach(self, person_id: int, ref: rec.PersonRef, origin: rec.Origin) -> None:
        for kind, value in self._identities(ref):
            holder = self.by_identity.get((kind, value))
            if holder is None:
                self.session.add(
                    m.Identity(
                        owner_id=self.owner.id,
                        person_id=person_id,
                        kind=kind,
                        value=value,
                        import_id=self.import_id,
                        source_file=origin.file,
                        source_ref=str(origin.row or ""),
                        natural_key=f"{kind}:{value}"[:100],
                    )
                )
                self.by_identity[(kind, value)] = person_id
                if kind == "linkedin":
                    self.linkedin_of.setdefault(person_id, value)
                if person_id == self.self_id:
                    self.new_owner_identities.append(f"{kind}:{value}")
            elif holder != person_id and person_id == self.self_id:
                # The owner's own profile was first seen as a contact: fold it into the owner.
                merge_people(self.session, holder, self.self_id)
                self._forget(holder)

    def _forget(self, person_id: int) -> None:
        for key, value in list(self.by_identity.items()):
            if value == person_id:
                self.by_identity[key] = self.self_id
        for ids in self.by_name.values():
            if person_id in ids:
                ids.remove(person_id)

    def set_organization(self, person_id: int, org_key: str) -> None:
        """Remember a person's current organisation for later disambiguation."""
        self.org_of[person_id] = org_key


def _name_from_profile(linkedin: str | None) -> str:
    """``linkedin.com/in/zoë-bašić-12345678`` → ``Zoë Bašić`` (for people known only by URL)."""
    if not linkedin:
        return ""
    slug = linkedin.rsplit("/", 1)[-1]
    words = [w for w in slug.split("-") if w and not any(ch.isdigit() for ch in w)]
    return " ".join(w.capitalize() for w in words)


class Loader:
    """Writes one parsed input for one owner inside the caller's transaction."""

    def __init__(self, session: Session, owner: m.Owner, parsed: Parsed) -> None:
        self.session = session
        self.owner = owner
        self.parsed = parsed
        self.run = m.ImportRun(
            owner_id=owner.id,
            source_kind=parsed.kind,
            path=str(parsed.path),
            fingerprint=parsed.fingerprint,
            export_date=parsed.export_date,
        )
        session.add(self.run)
        session.flush()
        self.result = LoadResult(import_id=self.run.id)
        self.resolver = Resolver(session, owner, self.run.id)
        self.orgs: dict[str, int] = dict(
            session.execute(
                select(m.Organization.key, m.Organization.id).where(
                    m.Organization.owner_id == owner.id
                )
            ).all()
        )
        self.keys: dict[type[Any], set[str]] = {}

    def _known(self, model: type[Any], key: str) -> bool:
        keys = self.keys.get(model)
        if keys is None:
            keys = set(
                self.session.scalars(
                    select(model.natural_key).where(model.owner_id == self.owner.id)
                )
            )
            self.keys[model] = keys
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

    def organization(self, name: str) -> int | None:
        """The id of the organisation called ``name`` (created on first sight)."""
        key = normalise.org_key(name)
        if not key:
            return None
        if key not in self.orgs:
            org = m.Organization(owner_id=self.owner.id, name=name[:300], key=key[:300])
            self.session.add(org)
            self.session.flush()
            self.orgs[key] = org.id
        return self.orgs[key]

    def load(self, progress: Progress | None = None) -> LoadResult:
        """Write every record; problems become :class:`ImportIssue` rows."""
        records = list(self.parsed.records)
        handlers: dict[type[Any], Callable[[Any], None]] = {
            rec.OwnerProfile: self._profile,
            rec.OwnerIdentity: self._owner_identity,
            rec.OwnerSkill: self._skill,
            rec.Tenure: self._tenure,
            rec.Connection: self._connection,
            rec.Message: self._message,
            rec.Endorsement: self._endorsement,
            rec.Recommendation: self._recommendation,
            rec.Problem: self._problem,
            rec.Skip: lambda _record: None,
        }
        for index, record in enumerate(records, 1):
            handlers[type(record)](record)
            if progress and index % 500 == 0:
                progress(index, len(records))
        if progress:
            progress(len(records), len(records))
        self.result.people_added = self.resolver.added
        self.result.owner_identities = self.resolver.new_owner_identities
        return self.result

    def _mark(self, origin: rec.Origin, new: bool) -> None:
        outcome = self.result.outcome(origin)
        if new:
            outcome.added += 1
        else:
            outcome.unchanged += 1

    def _person(self, ref: rec.PersonRef, origin: rec.Origin) -> int | None:
        """The person ``ref`` names; None (and the row rejected, with an issue) when ambiguous."""
        person_id = self.resolver.resolve(ref, origin)
        if person_id is None:
            problem = rec.Problem(
                f"{ref.name!r} matches several people and nothing tells them apart; row not "
                "imported (merge the duplicates, then import again)",
                origin,
                code="ambiguous-name",
            )
            self._problem(problem)
            self.result.outcome(origin).rejected += 1
            if not self.result.first_rejection:
                self.result.first_rejection = f"{origin}: {problem.message}"
        return person_id

    def _problem(self, problem: rec.Problem) -> None:
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
        self_person = self.session.get(m.Person, self.resolver.self_id)
        assert self_person is not None
        changed = self.owner.name != name
        if name:
            self.owner.name = name
            self_person.display_name = name
            self_person.first_name, self_person.last_name = profile.first_name, profile.last_name
            self_person.name_key = normalise.name_key(name)
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
        self._mark(identity.origin, not before)

    def _skill(self, skill: rec.OwnerSkill) -> None:
        skills = list(self.owner.profile.get("skills", []))
        new = skill.name not in skills
        if new:
            skills.append(skill.name)
            self.owner.profile = {**self.owner.profile, "skills": skills}
        self._mark(skill.origin, new)

    def _tenure(self, tenure: rec.Tenure) -> None:
        person_id = (
            self.resolver.self_id
            if tenure.person is None
            else self._person(tenure.person, tenure.origin)
        )
        org_id = self.organization(tenure.organization)
        if person_id is None or org_id is None:
            return
        key = rec.digest(
            "tenure",
            person_id,
            tenure.kind,
            normalise.org_key(tenure.organization),
            normalise.name_key(tenure.title),
            tenure.start,
        )
        new = not self._known(m.Tenure, key)
        if new:
            self.session.add(
                m.Tenure(
                    person_id=person_id,
                    organization_id=org_id,
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
        self._mark(tenure.origin, new)

    def _connection(self, connection: rec.Connection) -> None:
        person_id = self._person(connection.person, connection.origin)
        if person_id is None:
            return
        person = self.session.get(m.Person, person_id)
        assert person is not None
        org_id = self.organization(connection.organization)
        observed = self.parsed.export_date
        key = rec.digest(
            "current",
            person_id,
            normalise.org_key(connection.organization),
            normalise.name_key(connection.title),
        )
        new = not self._known(m.Tenure, key)
        if new and org_id is not None:
            self.session.add(
                m.Tenure(
                    person_id=person_id,
                    organization_id=org_id,
                    kind="work",
                    title=connection.title[:300],
                    is_current=True,
                    observed_on=observed,
                    **self._provenance(connection.origin, key),
                )
            )
        if connection.person.name and person.display_name != connection.person.name:
            person.display_name = connection.person.name[:300]
            person.first_name = connection.person.first_name[:200]
            person.last_name = connection.person.last_name[:200]
            person.name_key = normalise.name_key(connection.person.name)
        if org_id is not None or connection.title:
            person.organization_id = org_id
            person.title = connection.title[:300]
            self.resolver.set_organization(person_id, normalise.org_key(connection.organization))
        if connection.connected_on and (
            person.connected_on is None or connection.connected_on < person.connected_on
        ):
            person.connected_on = connection.connected_on
            new = True
        self._mark(connection.origin, new)

    def _message(self, message: rec.Message) -> None:
        if self._known(m.Interaction, message.key):
            self._mark(message.origin, False)
            return
        sender_id = self._person(message.sender, message.origin)
        if sender_id is None:
            return
        recipient_ids: list[int] = []
        for ref in message.recipients:
            person_id = self._person(ref, message.origin)
            if person_id is None:
                return
            if person_id != sender_id and person_id not in recipient_ids:
                recipient_ids.append(person_id)
        interaction = m.Interaction(
            kind=message.channel,
            occurred_at=message.occurred_at,
            sender_id=sender_id,
            thread_key=message.thread_key[:200],
            participant_count=1 + len(message.recipients),
            subject=message.subject[:500],
            folder=message.folder[:100],
            has_text=message.has_text,
            **self._provenance(message.origin, message.key),
        )
        interaction.participants = [
            m.InteractionParticipant(owner_id=self.owner.id, person_id=pid, role="to")
            for pid in recipient_ids
        ]
        self.session.add(interaction)
        self._mark(message.origin, True)

    def _endorsement(self, endorsement: rec.Endorsement) -> None:
        person_id = self._person(endorsement.person, endorsement.origin)
        if person_id is None:
            return
        key = rec.digest(
            "endorsement",
            endorsement.direction,
            person_id,
            endorsement.skill.casefold(),
            endorsement.endorsed_at.isoformat() if endorsement.endorsed_at else "",
        )
        new = not self._known(m.Endorsement, key)
        if new:
            self.session.add(
                m.Endorsement(
                    person_id=person_id,
                    direction=endorsement.direction,
                    skill=endorsement.skill[:200],
                    endorsed_at=endorsement.endorsed_at,
                    status=endorsement.status[:30],
                    **self._provenance(endorsement.origin, key),
                )
            )
        self._mark(endorsement.origin, new)

    def _recommendation(self, recommendation: rec.Recommendation) -> None:
        person_id = self._person(recommendation.person, recommendation.origin)
        if person_id is None:
            return
        key = rec.digest(
            "recommendation", recommendation.direction, person_id, rec.digest(recommendation.text)
        )
        new = not self._known(m.Recommendation, key)
        if new:
            self.session.add(
                m.Recommendation(
                    person_id=person_id,
                    direction=recommendation.direction,
                    organization=recommendation.organization[:300],
                    title=recommendation.title[:300],
                    text=recommendation.text,
                    created_at=recommendation.created_at,
                    status=recommendation.status[:30],
                    **self._provenance(recommendation.origin, key),
                )
            )
        self._mark(recommendation.origin, new)


def _precision(value: rec.PartialDate | None) -> str:
    if value is None:
        return ""
    return "year" if value.month is None else "month"


def load(
    session: Session, owner: m.Owner, parsed: Parsed, progress: Progress | None = None
) -> LoadResult:
    """Write ``parsed`` for ``owner`` in the session's transaction and record the import run."""
    loader = Loader(session, owner, parsed)
    result = loader.load(progress)
    loader.run.status = "done"
    loader.run.finished_at = m.utcnow()
    loader.run.counts = {
        "files": {
            report.name: {
                "kind": report.kind,
                "used": report.used,
                "rows": report.rows,
                "skipped": report.skipped,
                "added": result.files.get(report.name, FileOutcome()).added,
                "unchanged": result.files.get(report.name, FileOutcome()).unchanged,
                "problems": report.problems + result.files.get(report.name, FileOutcome()).rejected,
                "warnings": report.warnings,
                "note": report.note,
            }
            for report in parsed.files
        },
        "people_added": result.people_added,
    }
    return result
