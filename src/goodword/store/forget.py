"""Forget a person: remove them and everything about them, and keep them off every re-import.

:func:`forget_person` runs in the caller's transaction, so it is all or
nothing: the person and their identities, the conversations they alone had
with the owner (from a group conversation only their part), their positions,
endorsements, recommendations, what the owner stated about them, vettings,
asks and their events, the review pairs naming them, import problems that
name them, and every kept score of the home (others' scores are computed
again). What is removed from which table, and what is kept and why, is
docs/privacy.md.

What could bring them back is kept only as keyed digests on the
do-not-import list (:class:`DoNotImportList`, read by the loader; the pure
half is :mod:`goodword.identity.forgotten`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import Session

from goodword.errors import InvalidInput, NotFound
from goodword.identity import forgotten, keys, normalise
from goodword.store import models as m
from goodword.store.kept import invalidate

OWNER_REFUSED = "that is you: goodword cannot forget its owner"
CHUNK = 500  # ids per IN list: well under either database's limit on parameters

# What forgetting removes, in the order a confirmation lists it: (key, words for a count).
WHAT = (
    ("identities", "identities (addresses, profiles, phone numbers)"),
    ("interactions", "conversations and meetings with you alone"),
    ("left_out_of", "group conversations they are taken out of (the others stay)"),
    ("positions", "positions"),
    ("endorsements", "endorsements"),
    ("recommendations", "recommendations"),
    ("relationships", "relationships you stated or goodword inferred"),
    ("vettings", "honest conversations (vettings)"),
    ("asks", "asks"),
    ("ask_events", "ask events"),
    ("matches", "review pairs naming them"),
    ("import_problems", "import problems that name them"),
)


@dataclass(frozen=True, slots=True)
class Removal:
    """What forgetting one person removes (or removed): who, and a count per kind of row."""

    person_id: int
    name: str
    counts: dict[str, int]
    kept_scores: int = 0  # kept scores of the home dropped (everyone is scored again)
    keys: int = 0  # digests on the do-not-import list (after a forget)


@dataclass(slots=True)
class _Found:
    """The ids of everything about one person."""

    identities: list[tuple[int, str, str]] = field(default_factory=list)
    alone: set[int] = field(default_factory=set)  # interactions with nobody else
    group: set[int] = field(default_factory=set)  # interactions others stay in
    rows: dict[str, list[int]] = field(default_factory=dict)
    matches: list[int] = field(default_factory=list)
    problems: list[int] = field(default_factory=list)
    org_keys: set[str] = field(default_factory=set)

    def counts(self) -> dict[str, int]:
        found = {
            "identities": len(self.identities),
            "interactions": len(self.alone),
            "left_out_of": len(self.group),
            **{name: len(ids) for name, ids in self.rows.items()},
            "matches": len(self.matches),
            "import_problems": len(self.problems),
        }
        return {key: found.get(key, 0) for key, _words in WHAT}


def _person(session: Session, owner: m.Owner, person_id: int) -> m.Person:
    person = session.get(m.Person, person_id)
    if person is None or person.owner_id != owner.id:
        raise NotFound(f"no person with id {person_id}; `goodword people` lists ids")
    if person.is_self or person.id == owner.self_person_id:
        raise InvalidInput(OWNER_REFUSED)
    return person


def _chunks(ids: Iterable[int]) -> Iterable[list[int]]:
    listed = sorted(ids)
    for start in range(0, len(listed), CHUNK):
        yield listed[start : start + CHUNK]


def _ids(session: Session, column: Any, *where: Any) -> list[int]:
    return list(session.scalars(select(column).where(*where)))


def _gather(session: Session, owner: m.Owner, person: m.Person) -> _Found:
    pid, me = person.id, owner.self_person_id or -1
    found = _Found()
    found.identities = [
        (i, kind, value)
        for i, kind, value in session.execute(
            select(m.Identity.id, m.Identity.kind, m.Identity.value).where(
                m.Identity.person_id == pid
            )
        )
    ]
    ip = m.InteractionParticipant
    theirs = set(_ids(session, m.Interaction.id, m.Interaction.sender_id == pid))
    theirs.update(_ids(session, ip.interaction_id, ip.person_id == pid))
    others: set[int] = set()
    for chunk in _chunks(theirs):
        others.update(
            _ids(
                session,
                ip.interaction_id,
                ip.interaction_id.in_(chunk),
                ip.person_id.not_in((pid, me)),
            )
        )
        others.update(
            _ids(
                session,
                m.Interaction.id,
                m.Interaction.id.in_(chunk),
                m.Interaction.sender_id.is_not(None),
                m.Interaction.sender_id.not_in((pid, me)),
            )
        )
    found.group = theirs & others
    found.alone = theirs - others
    asks = _ids(session, m.Ask.id, m.Ask.person_id == pid)
    found.rows = {
        "positions": _ids(session, m.Tenure.id, m.Tenure.person_id == pid),
        "endorsements": _ids(session, m.Endorsement.id, m.Endorsement.person_id == pid),
        "recommendations": _ids(session, m.Recommendation.id, m.Recommendation.person_id == pid),
        "relationships": _ids(session, m.Relationship.id, m.Relationship.person_id == pid),
        "vettings": _ids(session, m.Vetting.id, m.Vetting.person_id == pid),
        "asks": asks,
        "ask_events": [
            event
            for chunk in _chunks(asks)
            for event in _ids(session, m.AskEvent.id, m.AskEvent.ask_id.in_(chunk))
        ],
    }
    identity_keys = [keys.identity_key(kind, value) for _i, kind, value in found.identities]
    found.org_keys = set(
        session.scalars(
            select(m.Organization.key).where(
                or_(
                    m.Organization.id == person.organization_id,
                    m.Organization.id.in_(
                        select(m.Tenure.organization_id).where(m.Tenure.person_id == pid)
                    ),
                )
            )
        )
    )
    names = [keys.name_key_of(person.name_key, org) for org in {*found.org_keys, ""}]
    match = m.PersonMatch
    found.matches = _ids(
        session,
        match.id,
        match.owner_id == owner.id,
        or_(
            match.person_id == pid,
            match.other_id == pid,
            match.left_key.in_(identity_keys + names),
            match.right_key.in_(identity_keys + names),
        ),
    )
    found.problems = _problems(session, owner, person, found.identities)
    return found


def _problems(
    session: Session, owner: m.Owner, person: m.Person, identities: Sequence[tuple[int, str, str]]
) -> list[int]:
    """Import problems whose message names the person (their name, an address, a profile)."""
    named = [person.display_name.strip()] + [
        value for _i, kind, value in identities if kind != keys.ROW
    ]
    named = [word for word in named if len(word) >= 3]
    if not named:
        return []
    issue = m.ImportIssue
    # As written, and lower-cased (SQLite's lower() folds ASCII letters only: "Åsa" stays).
    found = [issue.message.contains(word, autoescape=True) for word in named]
    found += [func.lower(issue.message).contains(word.lower(), autoescape=True) for word in named]
    return _ids(session, issue.id, issue.owner_id == owner.id, or_(*found))


def plan(session: Session, owner: m.Owner, person_id: int) -> Removal:
    """What forgetting ``person_id`` would remove (nothing is changed)."""
    person = _person(session, owner, person_id)
    found = _gather(session, owner, person)
    kept = session.scalar(
        select(func.count()).select_from(m.KeptScores).where(m.KeptScores.owner_id == owner.id)
    )
    return Removal(person.id, person.display_name, found.counts(), kept_scores=kept or 0)


def forget_person(session: Session, owner: m.Owner, person_id: int) -> Removal:
    """Remove ``person_id`` and everything about them; put their keys on the do-not-import list.

    Runs in the caller's transaction: a failure anywhere leaves everything
    as it was. Refuses the owner.
    """
    person = _person(session, owner, person_id)
    found = _gather(session, owner, person)
    pid = person.id
    added = _remember(session, owner, person, found)
    ip = m.InteractionParticipant
    identity_ids = [i for i, _kind, _value in found.identities]
    # Group conversations stay, without them: not a recipient, not the sender.
    session.execute(delete(ip).where(ip.person_id == pid))
    for chunk in _chunks(found.group):
        session.execute(
            update(m.Interaction)
            .where(m.Interaction.id.in_(chunk), m.Interaction.sender_id == pid)
            .values(sender_id=None, sender_identity_id=None)
        )
    for chunk in _chunks(found.alone):
        session.execute(delete(ip).where(ip.interaction_id.in_(chunk)))
        session.execute(delete(m.Interaction).where(m.Interaction.id.in_(chunk)))
    for chunk in _chunks(identity_ids):
        # Whatever else still points at one of their identities by number only.
        session.execute(
            update(m.Interaction)
            .where(m.Interaction.sender_identity_id.in_(chunk))
            .values(sender_identity_id=None)
        )
        session.execute(update(ip).where(ip.identity_id.in_(chunk)).values(identity_id=None))
    tables: dict[str, Any] = {
        "ask_events": m.AskEvent,
        "asks": m.Ask,
        "vettings": m.Vetting,
        "relationships": m.Relationship,
        "endorsements": m.Endorsement,
        "recommendations": m.Recommendation,
        "positions": m.Tenure,
    }
    for name, model in tables.items():
        for chunk in _chunks(found.rows[name]):
            session.execute(delete(model).where(model.id.in_(chunk)))
    for chunk in _chunks(found.matches):
        session.execute(delete(m.PersonMatch).where(m.PersonMatch.id.in_(chunk)))
    for chunk in _chunks(found.problems):
        session.execute(delete(m.ImportIssue).where(m.ImportIssue.id.in_(chunk)))
    for chunk in _chunks(identity_ids):
        session.execute(delete(m.Identity).where(m.Identity.id.in_(chunk)))
    kept = invalidate(session, owner)
    name = person.display_name
    session.expunge(person)
    session.execute(delete(m.Person).where(m.Person.id == pid))
    return Removal(pid, name, found.counts(), kept_scores=kept, keys=added)


def _secret(session: Session, owner: m.Owner, *, create: bool) -> bytes | None:
    row = session.get(m.DoNotImportSecret, owner.id)
    if row is None and create:
        row = m.DoNotImportSecret(owner_id=owner.id, secret=forgotten.new_secret())
        session.add(row)
        session.flush()
    return None if row is None else bytes(row.secret)


def _remember(session: Session, owner: m.Owner, person: m.Person, found: _Found) -> int:
    """Put the digest of every key that named ``person`` on the list; returns how many are new."""
    secret = _secret(session, owner, create=True)
    assert secret is not None
    named = forgotten.person_keys(
        [(kind, value) for _i, kind, value in found.identities], person.name_key, found.org_keys
    )
    digests = {forgotten.digest(secret, key) for key in named}
    stored = set(
        session.scalars(
            select(m.DoNotImport.digest).where(
                m.DoNotImport.owner_id == owner.id, m.DoNotImport.digest.in_(digests)
            )
        )
    )
    new = sorted(digests - stored)
    session.add_all(m.DoNotImport(owner_id=owner.id, digest=d) for d in new)
    session.flush()
    return len(new)


class DoNotImportList:
    """The owner's do-not-import digests, read once per import; asks "does this key name them?"."""

    def __init__(self, secret: bytes | None, digests: set[str]) -> None:
        self.secret = secret
        self.digests = digests

    @classmethod
    def of(cls, session: Session, owner: m.Owner) -> DoNotImportList:
        """The list as stored (empty when nobody was ever forgotten)."""
        secret = _secret(session, owner, create=False)
        if secret is None:
            return cls(None, set())
        digests = set(
            session.scalars(select(m.DoNotImport.digest).where(m.DoNotImport.owner_id == owner.id))
        )
        return cls(secret, digests)

    def __bool__(self) -> bool:
        return bool(self.digests)

    def holds(self, named: Iterable[str]) -> bool:
        """True when any of the keys ``named`` is on the list."""
        if self.secret is None or not self.digests:
            return False
        return any(forgotten.digest(self.secret, key) in self.digests for key in named)

    def names(
        self,
        identities: Iterable[tuple[str, str]],
        name: str,
        organization: str | None,
        row: str | None = None,
    ) -> bool:
        """True when a row's mention of someone (its identities, else its name) is on the list."""
        if not self.digests:
            return False
        return self.holds(
            forgotten.ref_keys(
                identities, normalise.name_key(name), normalise.org_key(organization), row
            )
        )
