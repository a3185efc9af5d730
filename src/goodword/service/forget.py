"""Forget a person: what it would remove, then removing it, in one transaction.

A mixin of :class:`~goodword.service.facade.Service`. The rows and the
do-not-import list are :mod:`goodword.store.forget`'s; docs/privacy.md says
what each table loses and what is kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from goodword.errors import InvalidInput, NotFound
from goodword.identity import normalise
from goodword.service.base import ServiceBase
from goodword.store import models as m
from goodword.store.forget import OWNER_REFUSED, WHAT, Removal, forget_person, plan
from goodword.store.owner import local_owner


@dataclass(frozen=True, slots=True)
class ForgetView:
    """Who is (or was) forgotten and how many rows of each kind go with them."""

    person_id: int
    name: str
    removed: list[tuple[str, str, int]]  # (key, words, count), in the order to show them
    kept_scores: int
    done: bool
    digests: int = 0  # keys of theirs now on the do-not-import list

    @classmethod
    def of(cls, removal: Removal, *, done: bool) -> ForgetView:
        """The view of a store :class:`~goodword.store.forget.Removal`."""
        return cls(
            person_id=removal.person_id,
            name=removal.name,
            removed=[(key, words, removal.counts.get(key, 0)) for key, words in WHAT],
            kept_scores=removal.kept_scores,
            done=done,
            digests=removal.keys,
        )

    @property
    def listed(self) -> list[tuple[str, int]]:
        """What goes, in words, with its count: only the kinds they have rows of."""
        return [(words, count) for _key, words, count in self.removed if count]

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form (the name is there for the confirmation; nothing keeps it after)."""
        return {
            "person_id": self.person_id,
            "name": self.name,
            "done": self.done,
            "removed": {key: count for key, _words, count in self.removed},
            "kept_scores_dropped": self.kept_scores,
            "do_not_import_keys": self.digests,
        }


class ForgetActions(ServiceBase):
    """``forget`` for Service: the preview and the removal."""

    def _forget_target(self, session: Session, owner: m.Owner, query: str) -> int:
        """The person ``query`` names, as every command finds one; the owner is refused."""
        try:
            return self._find_person(session, owner, query)
        except NotFound:
            text = query.strip().lstrip("#")
            me = owner.self_person_id
            if (text.isdecimal() and me is not None and text == str(me)) or (
                normalise.name_key(text)
                and normalise.name_key(text) == normalise.name_key(owner.name)
            ):
                raise InvalidInput(OWNER_REFUSED) from None
            raise

    def forget_preview(self, query: str) -> ForgetView:
        """Who ``query`` (an id or a name) means and what forgetting them removes; nothing changes."""
        with self.store.session(snapshot=True) as session:
            owner = local_owner(session)
            person_id = self._forget_target(session, owner, query)
            return ForgetView.of(plan(session, owner, person_id), done=False)

    def forget(self, query: str) -> ForgetView:
        """Remove the person ``query`` means and everything about them, for good.

        One transaction under the home's writer lock (an import waits, and
        sees the do-not-import list once it runs). Every kept score goes
        too, in the store and in this process's memory, so the next
        ``people`` scores everyone again without them.
        """
        with self.store.exclusive(), self.store.session() as session:
            owner = local_owner(session)
            person_id = self._forget_target(session, owner, query)
            removal = forget_person(session, owner, person_id)
        from goodword.service.scores.compute import forget as drop_in_memory

        drop_in_memory(self.store.engine)
        return ForgetView.of(removal, done=True)
