"""Who a row means: the stored person a :class:`~goodword.records.PersonRef` names.

The database-facing half of identity resolution, used by the loader for
every row it writes. The pure rules it applies (normalised keys, the stable
key of a person, organisation sameness) live in :mod:`goodword.identity`;
weighing people who may be one human after an import is
:mod:`goodword.store.matching`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from goodword import records as rec
from goodword.identity import keys, normalise
from goodword.identity.organisation import same_organisation
from goodword.store import models as m
from goodword.store.merge import merge_people
from goodword.store.owner import ensure_self_person


@dataclass(frozen=True, slots=True)
class Known:
    """A resolved ref: the person, and the identity (kind, value) it named them by."""

    person: m.Person
    via: tuple[str, str] | None


class Resolver:
    """Finds or creates the stored person a :class:`PersonRef` means.

    Order: the owner; an identity (LinkedIn profile, email, URN); then the
    name, told apart by organisation when several people share it. A name
    that still matches several people is reported, never guessed. People are
    handled as objects and written in one flush, so a large export costs a
    handful of batched INSERTs rather than one round trip per person.
    """

    def __init__(self, session: Session, owner: m.Owner, import_id: int) -> None:
        self.session = session
        self.owner = owner
        self.import_id = import_id
        self.me = ensure_self_person(session, owner)
        self.by_identity: dict[tuple[str, str], m.Person] = {}
        self.by_name: dict[str, list[m.Person]] = {}
        self.org_of: dict[m.Person, str] = {}
        self.linkedin_of: dict[m.Person, str] = {}
        self.added = 0
        # The people the last name that :meth:`resolve` could not tell apart matched.
        self.ambiguous: list[m.Person] = []
        self.new_owner_identities: list[str] = []
        # How rows name the owner's own addresses and profile: their name, when no profile says it.
        self.owner_names: Counter[str] = Counter()
        # Stored identities by id; those added in this import until a flush gives them one.
        self.identity_ids: dict[tuple[str, str], int] = {}
        self.new_identities: dict[tuple[str, str], m.Identity] = {}
        # Refs resolved through identities they wholly share with their person (and which),
        # forgotten at every merge.
        self.seen: dict[rec.PersonRef, Known] = {}
        # Rows seen so far in this import that name someone by (file, name, organisation) alone.
        self.rows_named: Counter[tuple[str, str, str]] = Counter()
        people = {
            p.id: p for p in session.scalars(select(m.Person).where(m.Person.owner_id == owner.id))
        }
        for identity_id, kind, value, person_id in session.execute(
            select(m.Identity.id, m.Identity.kind, m.Identity.value, m.Identity.person_id).where(
                m.Identity.owner_id == owner.id
            )
        ):
            person = people[person_id]
            self.identity_ids[(kind, value)] = identity_id
            self.by_identity[(kind, value)] = person
            if kind == "linkedin":
                self.linkedin_of[person] = value
        org_keys = dict(
            session.execute(
                select(m.Organization.id, m.Organization.key).where(
                    m.Organization.owner_id == owner.id
                )
            ).all()
        )
        for person in people.values():
            if person.is_self:
                continue
            self.by_name.setdefault(person.name_key, []).append(person)
            if person.organization_id in org_keys:
                self.org_of[person] = org_keys[person.organization_id]

    def resolve(
        self,
        ref: rec.PersonRef,
        origin: rec.Origin,
        taken: set[m.Person] | None = None,
    ) -> m.Person | None:
        """The person ``ref`` means (created if new), or None when the name is ambiguous.

        ``taken`` holds people a name alone must not match (in one Connections
        file, two rows with the same name are two people).
        """
        known = self.seen.get(ref)
        if known is not None:
            # The same ref again (a correspondent's hundredth message): nothing new to attach.
            return known.person
        if ref.is_owner:
            if ref.name.strip():
                self.owner_names[ref.name.strip()] += 1
            self._attach(self.me, ref, origin)
            return self.me
        for kind, value in identities(ref):
            person = self.by_identity.get((kind, value))
            if person is not None:
                if person is self.me and ref.name.strip():
                    self.owner_names[ref.name.strip()] += 1
                self._attach(person, ref, origin)
                if all(self.by_identity.get(pair) is person for pair in identities(ref)):
                    self.seen[ref] = Known(person, (kind, value))
                return person
        key = normalise.name_key(ref.name)
        if key and key == normalise.name_key(self.owner.name) and not ref.linkedin:
            return self.me
        row = None
        if taken is not None and not identities(ref):
            # A row of a list of people (Connections) naming someone by name alone: the
            # person it meant on an earlier import, whatever has happened to names since.
            row = self._row_key(key, ref, origin)
            person = self.by_identity.get((keys.ROW, row))
            if person is not None:
                return person
        found = self._by_name(ref, key, origin, taken)
        if found is not None and row is not None and (keys.ROW, row) not in self.by_identity:
            self.add_identity(found, keys.ROW, row, origin)
        return found

    def next_row_key(self, ref: rec.PersonRef, origin: rec.Origin) -> str:
        """The row key :meth:`resolve` would give this Connections row next (nothing counted)."""
        key, org = normalise.name_key(ref.name), normalise.org_key(ref.organization)
        return keys.row_key(origin.file, key, org, self.rows_named[(origin.file, key, org)] + 1)

    def pass_row(self, ref: rec.PersonRef, origin: rec.Origin) -> None:
        """Count a Connections row that is not resolved (a forgotten person's), as resolving would."""
        key, org = normalise.name_key(ref.name), normalise.org_key(ref.organization)
        self.rows_named[(origin.file, key, org)] += 1

    def _row_key(self, key: str, ref: rec.PersonRef, origin: rec.Origin) -> str:
        """The row key of ``ref`` (see :func:`~goodword.identity.keys.row_key`), counted."""
        org = normalise.org_key(ref.organization)
        self.rows_named[(origin.file, key, org)] += 1
        return keys.row_key(origin.file, key, org, self.rows_named[(origin.file, key, org)])

    def _by_name(
        self, ref: rec.PersonRef, key: str, origin: rec.Origin, taken: set[m.Person] | None
    ) -> m.Person | None:
        """The person ``ref`` means by its name (and organisation), created if new."""
        if (ref.email or ref.phone) and not (ref.linkedin or ref.urn):
            # An address nobody holds yet is a new person for now; whether they are someone
            # already known by name is for identity matching to weigh (goodword review).
            return self._create(ref, origin)
        candidates = [
            person
            for person in self.by_name.get(key, [])
            # Someone with another LinkedIn profile is another human with the same name.
            if not (ref.linkedin and self.linkedin_of.get(person, ref.linkedin) != ref.linkedin)
            and not (taken and person in taken)
        ]
        if len(candidates) > 1 and ref.organization:
            org = normalise.org_key(ref.organization)
            there = [p for p in candidates if same_organisation(self.org_of.get(p, ""), org)]
            # Namesakes at "acme" and at "acme analytics": the one at the very same key.
            exactly = [p for p in there if self.org_of.get(p) == org]
            candidates = exactly or there or candidates
        if len(candidates) == 1:
            self._attach(candidates[0], ref, origin)
            return candidates[0]
        if len(candidates) > 1 and not ref.linkedin:
            self.ambiguous = candidates
            return None
        # A profile URL nobody holds is one human: theirs, never a namesake's guessed
        # (goodword review weighs whether they are one of the namesakes).
        return self._create(ref, origin)

    def _create(self, ref: rec.PersonRef, origin: rec.Origin) -> m.Person:
        name = ref.name or _name_from_profile(ref.linkedin) or ref.email or ref.urn or "unknown"
        person = m.Person(
            owner_id=self.owner.id,
            display_name=name[:300],
            first_name=ref.first_name[:200],
            last_name=ref.last_name[:200],
            name_key=normalise.name_key(name)[:300],
            first_import_id=self.import_id,
            is_self=False,
            soured=False,
            do_not_ask=False,
        )
        self.session.add(person)
        self.added += 1
        self.by_name.setdefault(person.name_key, []).append(person)
        if ref.organization:
            self.org_of[person] = normalise.org_key(ref.organization)
        self._attach(person, ref, origin)
        return person

    def _attach(self, person: m.Person, ref: rec.PersonRef, origin: rec.Origin) -> None:
        for kind, value in identities(ref):
            holder = self.by_identity.get((kind, value))
            if holder is None:
                self.add_identity(person, kind, value, origin)
                if kind == "linkedin":
                    self.linkedin_of.setdefault(person, value)
                if person is self.me:
                    self.new_owner_identities.append(keys.identity_key(kind, value))
            elif holder is not person and person is self.me:
                # The owner's own address was first seen as a contact's: fold it into the owner.
                self.session.flush()
                merge_people(self.session, holder.id, self.me.id)
                self._forget(holder)
                self.new_owner_identities.append(keys.identity_key(kind, value))

    def add_identity(self, person: m.Person, kind: str, value: str, origin: rec.Origin) -> None:
        """Give ``person`` the identity ``kind:value`` (nobody holds it yet)."""
        identity = m.Identity(
            owner_id=self.owner.id,
            person=person,
            kind=kind,
            value=value,
            import_id=self.import_id,
            source_file=origin.file[:500],
            source_ref=str(origin.row or ""),
            natural_key=keys.identity_key(kind, value)[:100],
        )
        self.session.add(identity)
        self.new_identities[(kind, value)] = identity
        self.by_identity[(kind, value)] = person

    def via(self, ref: rec.PersonRef, person: m.Person) -> tuple[str, str] | None:
        """The identity of ``ref`` by which it names ``person`` (None for a name alone)."""
        for pair in identities(ref):
            if self.by_identity.get(pair) is person:
                return pair
        return None

    def identity_id(self, pair: tuple[str, str] | None) -> int | None:
        """The stored id of an identity (after :meth:`flushed` learnt the new ones)."""
        return None if pair is None else self.identity_ids.get(pair)

    def flushed(self) -> None:
        """Learn the ids the last flush gave to the identities added since."""
        for pair, identity in self.new_identities.items():
            if identity.id is not None:
                self.identity_ids[pair] = identity.id
        self.new_identities = {
            pair: identity for pair, identity in self.new_identities.items() if identity.id is None
        }

    def _forget(self, person: m.Person) -> None:
        self.fold(person, self.me)

    def fold(self, source: m.Person, target: m.Person) -> None:
        """Forget ``source`` after it was merged into ``target``."""
        self.seen.clear()
        for key, value in list(self.by_identity.items()):
            if value is source:
                self.by_identity[key] = target
        for people in self.by_name.values():
            if source in people:
                people.remove(source)
        linkedin = self.linkedin_of.pop(source, None)
        if linkedin:
            self.linkedin_of.setdefault(target, linkedin)

    def set_organization(self, person: m.Person, org_key: str) -> None:
        """Remember a person's current organisation for later disambiguation."""
        self.org_of[person] = org_key


def identities(ref: rec.PersonRef) -> list[tuple[str, str]]:
    """The identities ``ref`` names, surest first (in :data:`~goodword.identity.keys.KEY_ORDER`)."""
    pairs = [
        ("linkedin", ref.linkedin),
        ("email", ref.email),
        ("urn", ref.urn),
        ("phone", ref.phone),
    ]
    return [(k, v) for k, v in pairs if v]


def ref_key(ref: rec.PersonRef | None) -> str:
    """What a row said about a person, stable across re-imports (part of natural keys)."""
    if ref is None or ref.is_owner:
        return "me"
    return keys.person_key(
        identities(ref), normalise.name_key(ref.name), normalise.org_key(ref.organization)
    )


def _name_from_profile(linkedin: str | None) -> str:
    """``linkedin.com/in/zoë-bašić-12345678`` → ``Zoë Bašić`` (for people known only by URL)."""
    if not linkedin:
        return ""
    slug = linkedin.rsplit("/", 1)[-1]
    words = [w for w in slug.split("-") if w and not any(ch.isdigit() for ch in w)]
    return " ".join(w.capitalize() for w in words)
