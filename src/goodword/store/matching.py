"""Identity matching across sources: is the person in the mail the one on LinkedIn?

Exact identities (email, LinkedIn profile, phone) join people at load time
(:mod:`goodword.store.resolve`).
What remains is a name seen in two places with nothing exact in common: a
LinkedIn connection with no email, and an address in the mail. After each
import, :class:`Matcher` weighs every such pair that shares a surname:

* the names: identical, or close (:func:`goodword.identity.names.similarity`);
* corroboration: an organisation of one is the other's organisation or mail
  domain (:func:`goodword.identity.organisation.same_organisation`; free-mail
  domains say nothing); an address whose local part spells the name;
* against: several people share the name; two different LinkedIn profiles
  are two humans, always.

A pair at or above :data:`AUTO_MERGE` is merged, and the merge is kept with
its confidence and evidence; a pair at or above :data:`REVIEW` waits in
``goodword review``. Users correct with ``merge`` and ``split``; every
decision is stored by identity (``email:ann@acme.com``, the keys of
:mod:`goodword.identity.keys`), so re-importing the same or newer data neither
re-proposes a rejected pair nor undoes a split.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from goodword import records as rec
from goodword.identity import keys, names, normalise
from goodword.identity.organisation import mail_domain_key, same_organisation
from goodword.store import models as m
from goodword.store.merge import merge_people

# Told when the matcher folds one person into another (the loader forgets the folded one).
OnMerge = Callable[[m.Person, m.Person], None]
# The stored keys of a person are cut to the width of PersonMatch's key columns.
KEY_WIDTH = 300

AUTO_MERGE = 0.9
REVIEW = 0.6
# The stored key of the owner in an "is this you?" question (a contact's key and this one).
YOU = "you"
YOU_CONFIDENCE = 0.8


@dataclass(slots=True)
class MatchCounts:
    """What identity matching did after one import."""

    merged: int = 0
    pending: int = 0
    examples: list[str] = field(default_factory=list)


@dataclass(slots=True)
class _Someone:
    id: int
    name: str
    name_key: str
    org_key: str
    identities: list[tuple[str, str]]
    is_self: bool
    first_import_id: int | None

    @property
    def linkedin(self) -> str | None:
        return next((v for k, v in self.identities if k == "linkedin"), None)

    @property
    def emails(self) -> list[str]:
        return [v for k, v in self.identities if k == "email"]


def score_pair(
    a: _Someone, b: _Someone, namesakes: int, yours: frozenset[str] = frozenset()
) -> tuple[float, list[str]] | None:
    """How likely ``a`` and ``b`` are one human, and why; None when they cannot be.

    ``yours`` holds the organisations the owner worked at: a colleague's work
    address there, under a name someone in the network has, is corroboration.
    """
    if a.linkedin and b.linkedin and a.linkedin != b.linkedin:
        return None
    if len(a.name_key.split()) < 2 or len(b.name_key.split()) < 2:
        return None
    similarity = names.similarity(a.name_key, b.name_key)
    if similarity < names.NAME_SIMILARITY:
        return None
    if similarity == 100:
        confidence, evidence = 0.70, [f"the same name, {a.name!r}"]
    else:
        confidence = 0.5 + (similarity - names.NAME_SIMILARITY) / 100
        evidence = [f"similar names: {a.name!r} and {b.name!r} ({similarity:.0f}%)"]
    orgs_a = {a.org_key} | {mail_domain_key(e) for e in a.emails}
    orgs_b = {b.org_key} | {mail_domain_key(e) for e in b.emails}
    orgs_a.discard("")
    orgs_b.discard("")
    shared = next(
        ((x, y) for x in sorted(orgs_a) for y in sorted(orgs_b) if same_organisation(x, y)),
        None,
    )
    if shared:
        confidence += 0.22
        evidence.append(f"the same organisation: {shared[0]!r} and {shared[1]!r}")
    else:
        domains = sorted({mail_domain_key(e) for e in (*a.emails, *b.emails)} - {""})
        where = next((d for d in domains for o in yours if same_organisation(d, o)), None)
        if where:
            confidence += 0.1
            evidence.append(f"writes from {where}, where you worked too")
    spelled = [e for e in (*a.emails, *b.emails) if names.spells_name(e, a.name_key)]
    if spelled:
        confidence += 0.12
        evidence.append(f"the address {spelled[0]} spells the name")
    if namesakes > 0:
        confidence -= 0.3 * min(namesakes, 2)
        evidence.append(
            f"{namesakes} other {'person has' if namesakes == 1 else 'people have'} this name"
        )
    return min(confidence, 0.99), evidence


class Matcher:
    """Weighs, records and applies identity matches for one owner."""

    def __init__(
        self, session: Session, owner: m.Owner, *, on_merge: OnMerge | None = None
    ) -> None:
        self.session = session
        self.owner = owner
        self.on_merge = on_merge
        self.counts = MatchCounts()

    def _decided(self) -> dict[frozenset[str], str]:
        rows = self.session.execute(
            select(m.PersonMatch.left_key, m.PersonMatch.right_key, m.PersonMatch.status).where(
                m.PersonMatch.owner_id == self.owner.id
            )
        )
        return {frozenset((left, right)): status for left, right, status in rows}

    def _blocked(
        self, decided: dict[frozenset[str], str], keys_a: list[str], keys_b: list[str]
    ) -> str | None:
        """The stored decision between any identity of one and any of the other."""
        for x in keys_a:
            for y in keys_b:
                status = decided.get(frozenset((x, y)))
                if status is not None:
                    return status
        return None

    def merge_on_card(self, keep: m.Person, other: m.Person, card: rec.Card) -> None:
        """One address-book card lists identities held by two people: make them one."""
        self.session.flush()
        keys_keep = _keys_of(self.session, keep.id)
        keys_other = _keys_of(self.session, other.id)
        if self._blocked(self._decided(), keys_keep, keys_other) in {"rejected", "split"}:
            return
        evidence = [f"one address-book card ({card.origin}) lists both"]
        self.record(keep.id, other.id, keys_keep, keys_other, "merged", 0.97, evidence)
        self._merge(other, keep)
        self.counts.merged += 1

    def _merge(self, source: m.Person, target: m.Person) -> None:
        merge_people(self.session, source.id, target.id)
        if self.on_merge is not None:
            self.on_merge(source, target)

    def record(
        self,
        person_id: int,
        other_id: int,
        keys_a: list[str],
        keys_b: list[str],
        status: str,
        confidence: float,
        evidence: list[str],
        decided_by: str = "auto",
    ) -> m.PersonMatch:
        left, right = sorted((keys_a[0], keys_b[0]))
        row = self.session.scalars(
            select(m.PersonMatch).where(
                m.PersonMatch.owner_id == self.owner.id,
                m.PersonMatch.left_key == left,
                m.PersonMatch.right_key == right,
            )
        ).first()
        if row is None:
            row = m.PersonMatch(owner_id=self.owner.id, left_key=left, right_key=right)
            self.session.add(row)
        row.person_id, row.other_id = person_id, other_id
        row.status = status
        row.confidence = round(confidence, 3)
        row.evidence = evidence
        row.decided_by = decided_by
        if status != "pending":
            row.decided_at = m.utcnow()
        self.session.flush()
        return row

    def after_import(self, import_id: int) -> MatchCounts:
        """Weigh every person this import added against everyone with the same surname.

        Then ask "is this you?" about every contact who may be the owner's own
        other account (:meth:`ask_if_you`).
        """
        self._pairs(import_id)
        self.counts.pending += self.ask_if_you()
        return self.counts

    def ask_if_you(self) -> int:
        """Put every contact who may be the owner to ``goodword review``; how many are new.

        A contact may be the owner's own other account when they carry the
        owner's exact name, or an address or profile that spells one of the
        owner's own: the same local part at another domain
        (``sam.rivera@gmail.com`` beside ``sam.rivera@acme.com``), the same
        profile name with another suffix (``linkedin.com/in/sam-rivera-2``).
        A question is asked once: answered either way, or still waiting, it
        is not asked again (decisions are kept by the contact's identities).
        """
        self.session.flush()
        me_id = self.owner.self_person_id
        me = self.session.get(m.Person, me_id) if me_id is not None else None
        if me is None:
            return 0
        mine = [
            (kind, value)
            for kind, value in self.session.execute(
                select(m.Identity.kind, m.Identity.value).where(m.Identity.person_id == me.id)
            )
        ]
        self._repoint_questions(me.id)
        name_key = me.name_key or normalise.name_key(self.owner.name)
        locals_ = {names.address_name(v) for k, v in mine if k == "email"} - {""}
        stems = {names.profile_name(v) for k, v in mine if k == "linkedin"} - {""}
        asked = {
            left
            for (left,) in self.session.execute(
                select(m.PersonMatch.left_key).where(
                    m.PersonMatch.owner_id == self.owner.id, m.PersonMatch.right_key == YOU
                )
            )
        }
        added = 0
        for someone in self._maybe_you(name_key, locals_, stems):
            evidence = _you_evidence(someone, name_key, self.owner.name, locals_, stems)
            theirs = _keys(someone)
            if not evidence or asked.intersection(theirs):
                continue
            self.session.add(
                m.PersonMatch(
                    owner_id=self.owner.id,
                    person_id=me.id,
                    other_id=someone.id,
                    left_key=theirs[0],
                    right_key=YOU,
                    status="pending",
                    confidence=YOU_CONFIDENCE,
                    evidence=evidence,
                    decided_by="auto",
                )
            )
            asked.update(theirs)
            added += 1
        self.session.flush()
        return added

    def _repoint_questions(self, me_id: int) -> None:
        """A waiting "is this you?" follows its contact's identity through later merges.

        Merged into another contact, the question points at that one; merged
        into the owner (``me --add-email``), it is answered.
        """
        waiting = self.session.scalars(
            select(m.PersonMatch).where(
                m.PersonMatch.owner_id == self.owner.id,
                m.PersonMatch.right_key == YOU,
                m.PersonMatch.status == "pending",
                m.PersonMatch.other_id.is_(None),
            )
        ).all()
        for row in waiting:
            kind, _, value = row.left_key.partition(":")
            holder = self.session.scalars(
                select(m.Identity.person_id).where(
                    m.Identity.owner_id == self.owner.id,
                    m.Identity.kind == kind,
                    m.Identity.value == value,
                )
            ).first()
            if holder == me_id:
                row.status, row.decided_at = "merged", m.utcnow()
            elif holder is not None:
                row.other_id = holder

    def _maybe_you(self, name_key: str, locals_: set[str], stems: set[str]) -> list[_Someone]:
        """The contacts with the owner's name, or an address or profile that may spell one.

        A few indexed or LIKE queries rather than everyone: this runs after every import.
        """
        owner_id = self.owner.id
        ids: set[int] = set()
        if len(name_key.split()) >= 2:
            ids.update(
                self.session.scalars(
                    select(m.Person.id).where(
                        m.Person.owner_id == owner_id,
                        m.Person.name_key == name_key,
                        m.Person.is_self.is_(False),
                    )
                )
            )
        squeezed = func.replace(m.Identity.value, ".", "")
        likes = [
            squeezed.like(f"{_like(local)}{after}%", escape="\\")
            for local in sorted(locals_)
            for after in ("@", "+")  # sam.rivera@… and sam.rivera+jobs@…
        ] + [
            m.Identity.value.like(f"linkedin.com/in/{_like(stem)}%", escape="\\")
            for stem in sorted(stems)
        ]
        if likes:
            ids.update(
                self.session.scalars(
                    select(m.Identity.person_id).where(
                        m.Identity.owner_id == owner_id,
                        m.Identity.person_id != self.owner.self_person_id,
                        or_(*likes),
                    )
                )
            )
        found = []
        for pid in sorted(ids):
            person = self.session.get(m.Person, pid)
            if person is None or person.is_self:
                continue
            identities = [
                (kind, value)
                for kind, value in self.session.execute(
                    select(m.Identity.kind, m.Identity.value).where(m.Identity.person_id == pid)
                )
            ]
            found.append(
                _Someone(pid, person.display_name, person.name_key, "", identities, False, None)
            )
        return found

    def _pairs(self, import_id: int) -> None:
        """Weigh every person this import added against everyone with the same surname."""
        self.session.flush()
        people = _everyone(self.session, self.owner.id)
        new = [p for p in people.values() if p.first_import_id == import_id and not p.is_self]
        if not new:
            return
        by_surname: dict[str, list[_Someone]] = defaultdict(list)
        by_name: dict[str, int] = defaultdict(int)
        for someone in people.values():
            if someone.is_self or not someone.name_key:
                continue
            by_name[someone.name_key] += 1
            by_surname[someone.name_key.split()[-1]].append(someone)
        decided = self._decided()
        yours = frozenset(
            key
            for key in self.session.scalars(
                select(m.Organization.key)
                .join(m.Tenure, m.Tenure.organization_id == m.Organization.id)
                .where(
                    m.Tenure.owner_id == self.owner.id,
                    m.Tenure.person_id == self.owner.self_person_id,
                )
            )
            if key
        )
        merged_into: dict[int, int] = {}
        seen: set[frozenset[int]] = set()
        for person in new:
            if person.id in merged_into or len(person.name_key.split()) < 2:
                continue
            best: tuple[float, list[str], _Someone] | None = None
            bucket = by_surname.get(person.name_key.split()[-1], [])
            # Only names close enough to matter are weighed (rapidfuzz does the filtering in C).
            close = names.close_names(person.name_key, [someone.name_key for someone in bucket])
            for position, _similarity in close:
                other = bucket[position]
                pair = frozenset((person.id, other.id))
                if other.id == person.id or other.id in merged_into or pair in seen:
                    continue
                seen.add(pair)
                namesakes = max(by_name[person.name_key], by_name[other.name_key]) - (
                    2 if person.name_key == other.name_key else 1
                )
                scored = score_pair(person, other, namesakes, yours)
                if scored is None or scored[0] < REVIEW:
                    continue
                keys_p = _keys(person)
                keys_o = _keys(other)
                if self._blocked(decided, keys_p, keys_o) is not None:
                    continue
                if best is None or scored[0] > best[0]:
                    best = (scored[0], scored[1], other)
            if best is None:
                continue
            confidence, evidence, other = best
            # Keep the older record (the one other evidence already points at).
            keep, fold = (other, person) if other.id < person.id else (person, other)
            if confidence >= AUTO_MERGE:
                self.record(
                    keep.id, fold.id, _keys(keep), _keys(fold), "merged", confidence, evidence
                )
                merge_people(self.session, fold.id, keep.id)
                keep.identities.extend(fold.identities)
                merged_into[fold.id] = keep.id
                self.counts.merged += 1
                if len(self.counts.examples) < 5:
                    self.counts.examples.append(
                        f"{fold.name} (#{fold.id}) into #{keep.id}: {'; '.join(evidence)}"
                    )
            else:
                self.record(
                    keep.id, fold.id, _keys(keep), _keys(fold), "pending", confidence, evidence
                )
                self.counts.pending += 1


def _like(text: str) -> str:
    """``text`` as a literal inside a LIKE pattern (escape character: backslash)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _you_evidence(
    someone: _Someone, name_key: str, name: str, locals_: set[str], stems: set[str]
) -> list[str]:
    """Why this contact may be the owner's own other account (empty: no reason to think so)."""
    evidence = []
    if len(name_key.split()) >= 2 and someone.name_key == name_key:
        evidence.append(f"your own name, {name!r}")
    for address in someone.emails:
        if names.address_name(address) in locals_:
            evidence.append(f"the address {address} has the same name as one of yours")
    for kind, value in someone.identities:
        if kind == "linkedin" and names.profile_name(value) in stems:
            evidence.append(f"the profile {value} has the same name as yours")
    return evidence


def is_you_question(left_key: str, right_key: str) -> bool:
    """True for a stored "is this you?" question or answer (rather than a pair of contacts)."""
    return YOU in (left_key, right_key)


def _keys(someone: _Someone) -> list[str]:
    first = keys.person_key(someone.identities, someone.name_key, someone.org_key)[:KEY_WIDTH]
    rest = [keys.identity_key(k, v)[:KEY_WIDTH] for k, v in someone.identities]
    return [first, *[k for k in rest if k != first]]


def _keys_of(session: Session, person_id: int) -> list[str]:
    person = session.get(m.Person, person_id)
    identities = [
        (kind, value)
        for kind, value in session.execute(
            select(m.Identity.kind, m.Identity.value).where(m.Identity.person_id == person_id)
        )
    ]
    someone = _Someone(
        id=person_id,
        name=person.display_name if person else "",
        name_key=person.name_key if person else "",
        org_key="",
        identities=identities,
        is_self=bool(person and person.is_self),
        first_import_id=None,
    )
    return _keys(someone)


def _everyone(session: Session, owner_id: int) -> dict[int, _Someone]:
    orgs = dict(
        session.execute(
            select(m.Organization.id, m.Organization.key).where(m.Organization.owner_id == owner_id)
        ).all()
    )
    people = {
        pid: _Someone(
            id=pid,
            name=name,
            name_key=key,
            org_key=orgs.get(org_id, "") if org_id is not None else "",
            identities=[],
            is_self=is_self,
            first_import_id=first_import,
        )
        for pid, name, key, org_id, is_self, first_import in session.execute(
            select(
                m.Person.id,
                m.Person.display_name,
                m.Person.name_key,
                m.Person.organization_id,
                m.Person.is_self,
                m.Person.first_import_id,
            ).where(m.Person.owner_id == owner_id)
        ).all()
    }
    for pid, kind, value in session.execute(
        select(m.Identity.person_id, m.Identity.kind, m.Identity.value).where(
            m.Identity.owner_id == owner_id
        )
    ).all():
        if pid in people:
            people[pid].identities.append((kind, value))
    return people


# -- what the user does: review, merge, split -------------------------------------------


@dataclass(frozen=True, slots=True)
class MatchView:
    """A stored match question or decision, for ``goodword review``."""

    id: int
    status: str
    confidence: float
    evidence: list[str]
    person_id: int | None
    person_name: str
    other_id: int | None
    other_name: str
    left_key: str
    right_key: str
    decided_by: str
    is_you: bool = False  # "is this you?": ``other`` may be the owner's own other account

    @property
    def question(self) -> str:
        """What the user is asked: whether the contact is them, or whether two are one."""
        return "is this you?" if self.is_you else "the same person?"


def matches(session: Session, owner: m.Owner, *, status: str | None = "pending") -> list[MatchView]:
    """Stored matches (the pending ones by default), most certain first."""
    query = select(m.PersonMatch).where(m.PersonMatch.owner_id == owner.id)
    if status:
        query = query.where(m.PersonMatch.status == status)
    rows = list(session.scalars(query.order_by(m.PersonMatch.confidence.desc(), m.PersonMatch.id)))
    names = dict(
        session.execute(
            select(m.Person.id, m.Person.display_name).where(
                m.Person.id.in_(
                    {r.person_id for r in rows if r.person_id}
                    | {r.other_id for r in rows if r.other_id}
                )
            )
        ).all()
    )
    return [
        MatchView(
            id=r.id,
            status=r.status,
            confidence=r.confidence,
            evidence=list(r.evidence),
            person_id=r.person_id,
            person_name=names.get(r.person_id, "") if r.person_id else "",
            other_id=r.other_id,
            other_name=names.get(r.other_id, "") if r.other_id else "",
            left_key=r.left_key,
            right_key=r.right_key,
            decided_by=r.decided_by,
            is_you=is_you_question(r.left_key, r.right_key),
        )
        for r in rows
    ]


def merge_by_user(
    session: Session,
    owner: m.Owner,
    keep_id: int,
    other_id: int,
    evidence: str = "",
    question: m.PersonMatch | None = None,
) -> None:
    """The user says two people are one: fold ``other_id`` into ``keep_id`` and remember it.

    ``question`` is the pending match being answered: it becomes the decision
    (its identities may have grown since it was asked, so it is not looked
    up again by them).
    """
    if question is not None:
        question.status = "merged"
        question.decided_by = "user"
        question.decided_at = m.utcnow()
    else:
        Matcher(session, owner).record(
            keep_id,
            other_id,
            _keys_of(session, keep_id),
            _keys_of(session, other_id),
            "merged",
            1.0,
            [evidence or "you said they are the same person"],
            decided_by="user",
        )
    session.flush()
    merge_people(session, other_id, keep_id)


def reject_by_user(session: Session, owner: m.Owner, match_id: int) -> m.PersonMatch | None:
    """The user says a proposed pair are two people: never propose it again."""
    row = session.get(m.PersonMatch, match_id)
    if row is None or row.owner_id != owner.id:
        return None
    row.status = "rejected"
    row.decided_by = "user"
    row.decided_at = m.utcnow()
    return row


def split_by_user(
    session: Session, owner: m.Owner, person_id: int, pairs: list[tuple[str, str]]
) -> int:
    """Move identities ``pairs`` of a person, with the evidence that came through them, to a new person.

    Returns the new person's id. Messages, meetings and signals recognised by
    one of those identities move too; rows known by name alone stay. The
    pair is remembered as two people, so no later import merges them again.
    """
    person = session.get(m.Person, person_id)
    assert person is not None
    ids = list(
        session.scalars(
            select(m.Identity.id).where(
                m.Identity.person_id == person_id,
                m.Identity.owner_id == owner.id,
            )
        )
    )
    moving = [
        identity
        for identity in session.scalars(select(m.Identity).where(m.Identity.id.in_(ids)))
        if (identity.kind, identity.value) in pairs
    ]
    moving_ids = [i.id for i in moving]
    newcomer = m.Person(
        owner_id=owner.id,
        display_name=person.display_name,
        first_name=person.first_name,
        last_name=person.last_name,
        name_key=person.name_key,
        is_self=False,
        soured=False,
        do_not_ask=False,
    )
    session.add(newcomer)
    session.flush()
    keys_left = _keys_of(session, person_id)
    keys_moved = [keys.identity_key(i.kind, i.value)[:KEY_WIDTH] for i in moving]
    session.execute(
        update(m.Identity).where(m.Identity.id.in_(moving_ids)).values(person_id=newcomer.id)
    )
    session.execute(
        update(m.Interaction)
        .where(
            m.Interaction.sender_id == person_id,
            m.Interaction.sender_identity_id.in_(moving_ids),
        )
        .values(sender_id=newcomer.id)
    )
    session.execute(
        update(m.InteractionParticipant)
        .where(
            m.InteractionParticipant.person_id == person_id,
            m.InteractionParticipant.identity_id.in_(moving_ids),
        )
        .values(person_id=newcomer.id)
    )
    remaining = [k for k in keys_left if k not in keys_moved] or [
        keys.name_key_of(person.name_key, f"#{person_id}")[:KEY_WIDTH]
    ]
    matcher = Matcher(session, owner)
    matcher.record(
        person_id,
        newcomer.id,
        remaining,
        sorted(keys_moved),
        "split",
        1.0,
        ["you said these are two people"],
        decided_by="user",
    )
    session.expire_all()
    return newcomer.id
