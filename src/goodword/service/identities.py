"""Who is who: review the matches identity resolution was unsure of, merge, split.

A mixin of :class:`~goodword.service.facade.Service`; the rules live in
:mod:`goodword.identity` and the stored decisions in :mod:`goodword.store.matching`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from goodword.errors import InvalidInput, NotFound
from goodword.service.base import MAX_ID, ServiceBase
from goodword.store import models as m
from goodword.store.owner import local_owner

if TYPE_CHECKING:  # the matching rules load in the methods that use them, not for every command
    from goodword.store.matching import MatchView

STATUSES = ("pending", "merged", "rejected", "split")
MATCH_STATUSES = STATUSES  # the facade's name for them


@dataclass(frozen=True, slots=True)
class MatchDecision:
    """What a review, merge or split did, in words and ids."""

    action: str
    person_id: int
    other_id: int | None
    message: str

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "action": self.action,
            "person_id": self.person_id,
            "other_id": self.other_id,
            "message": self.message,
        }


def match_dict(view: MatchView) -> dict[str, Any]:
    """JSON-ready form of a stored match."""
    return {
        "id": view.id,
        "status": view.status,
        "confidence": view.confidence,
        "evidence": view.evidence,
        "person": {"id": view.person_id, "name": view.person_name},
        "other": {"id": view.other_id, "name": view.other_name},
        "keys": [view.left_key, view.right_key],
        "decided_by": view.decided_by,
        "question": view.question,
    }


class IdentityActions(ServiceBase):
    """``review``, ``merge`` and ``split`` for :class:`Service`."""

    def review(self, status: str | None = "pending") -> list[MatchView]:
        """Stored matches: the pending questions by default, or those with ``status``."""
        from goodword.store.matching import matches

        if status is not None and status not in STATUSES:
            raise InvalidInput(f"status {status!r}: use one of {', '.join(STATUSES)}")
        with self.store.session(snapshot=True) as session:
            return matches(session, local_owner(session), status=status)

    def decide_match(self, match_id: int, *, same: bool) -> MatchDecision:
        """Answer a pending match: the same person (merge them) or two people (never ask again)."""
        from goodword.store.matching import (
            Matcher,
            is_you_question,
            merge_by_user,
            reject_by_user,
        )

        if not 1 <= match_id <= MAX_ID:  # no database holds it, and the query would overflow
            raise NotFound(f"no match #{match_id}; `goodword review` lists them")
        with self.store.session() as session:
            owner = local_owner(session)
            row = session.get(m.PersonMatch, match_id)
            if row is None or row.owner_id != owner.id:
                raise NotFound(f"no match #{match_id}; `goodword review` lists them")
            if row.status != "pending":
                raise InvalidInput(f"match #{match_id} was already decided ({row.status})")
            you = is_you_question(row.left_key, row.right_key)
            if not same:
                reject_by_user(session, owner, match_id)
                return MatchDecision(
                    "rejected",
                    row.person_id or 0,
                    row.other_id,
                    f"#{row.other_id} stays a contact; not asked again"
                    if you
                    else "kept apart; not asked again",
                )
            if row.person_id is None or row.other_id is None:
                raise InvalidInput(f"match #{match_id}: one of the two people no longer exists")
            keep, other = row.person_id, row.other_id
            if not you:
                merge_by_user(session, owner, keep, other, question=row)
                Matcher(session, owner).ask_if_you()  # a waiting "is this you?" follows them
                return MatchDecision("merged", keep, other, f"#{other} merged into #{keep}")
            # The owner may have been re-created since the question (it points at them).
            keep = owner.self_person_id or keep
            merge_by_user(session, owner, keep, other, question=row)
            return MatchDecision(
                "merged",
                keep,
                other,
                f"#{other} is you: its addresses and profile are now yours (`goodword me`)",
            )

    def merge(self, keep_query: str, other_query: str) -> MatchDecision:
        """Make two people one: ``other`` is folded into ``keep`` with all its evidence."""
        from goodword.store.matching import Matcher, merge_by_user

        with self.store.session() as session:
            owner = local_owner(session)
            keep = self._find_person(session, owner, keep_query)
            other = self._find_person(session, owner, other_query)
            if keep == other:
                raise InvalidInput(f"{keep_query!r} and {other_query!r} are already one person")
            for pid in (keep, other):
                person = session.get(m.Person, pid)
                if person is not None and person.is_self:
                    raise InvalidInput("to add one of your own addresses, use `goodword me`")
            name = session.scalars(select(m.Person.display_name).where(m.Person.id == other)).one()
            merge_by_user(session, owner, keep, other)
            Matcher(session, owner).ask_if_you()  # a waiting "is this you?" follows them
            return MatchDecision("merged", keep, other, f"{name} (#{other}) merged into #{keep}")

    def split(self, query: str, identities: list[str]) -> MatchDecision:
        """Move ``identities`` of a person, and what came through them, to a new person."""
        from goodword.identity.keys import identity_key, parse_identity
        from goodword.store.matching import split_by_user

        with self.store.session() as session:
            owner = local_owner(session)
            person_id = self._find_person(session, owner, query)
            held = [
                (kind, value)
                for kind, value in session.execute(
                    select(m.Identity.kind, m.Identity.value).where(
                        m.Identity.person_id == person_id
                    )
                )
            ]
            listed = ", ".join(identity_key(k, v) for k, v in sorted(held)) or "none"
            if not identities:
                raise InvalidInput(f"say which identities to split off; #{person_id} has: {listed}")
            try:
                pairs = [parse_identity(text) for text in identities]
            except ValueError as exc:
                raise InvalidInput(f"{exc.args[0]!r} is not an email, profile or phone") from exc
            missing = [identity_key(k, v) for k, v in pairs if (k, v) not in held]
            if missing:
                raise InvalidInput(
                    f"#{person_id} does not have {', '.join(missing)}; it has: {listed}"
                )
            if len(pairs) == len(held):
                raise InvalidInput("that is every identity they have; nothing would be left")
            newcomer = split_by_user(session, owner, person_id, pairs)
            return MatchDecision(
                "split",
                person_id,
                newcomer,
                f"{', '.join(identity_key(k, v) for k, v in pairs)} now belong to #{newcomer}",
            )
