"""What every area of the facade stands on: the settings, the store, and finding a person or a job.

:class:`ServiceBase` opens the store on first use and turns what the user
typed (an id, a name, part of a job's title) into the row it means, with an
error that names the fix when it is ambiguous or missing. Each area of
:class:`~goodword.service.facade.Service` is a mixin that inherits it.
"""

from __future__ import annotations

from rapidfuzz import fuzz, process
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from goodword.config import Settings, load_settings
from goodword.errors import Ambiguous, InvalidInput, NotFound, StoreError
from goodword.identity import normalise
from goodword.service.slates import find_job
from goodword.store import models as m
from goodword.store.engine import Store
from goodword.store.jobs import opportunities
from goodword.store.judgements import latest_answers
from goodword.store.queries import people_index
from goodword.workflow.vetting import Answer

MAX_ID = 2**31 - 1  # PostgreSQL's integer: a larger id names nobody (and would overflow a query)


class ServiceBase:
    """The settings, the open store and the lookups every area of :class:`Service` uses."""

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
                raise StoreError(db_error(exc, self.settings)) from exc
        return self._store

    @property
    def store_open(self) -> bool:
        """Whether the store was opened already (the quick read of scores is then not tried)."""
        return self._store is not None

    def close(self) -> None:
        """Release database connections."""
        if self._store is not None:
            self._store.dispose()
            self._store = None

    def _find_person(self, session: Session, owner: m.Owner, query: str) -> int:
        text = query.strip().lstrip("#")
        if text.isdecimal():  # not isdigit: int() refuses "²"
            if int(text) <= MAX_ID and people_index(session, owner.id, person_id=int(text)):
                return int(text)
            raise NotFound(f"no person with id {text}; `goodword people` lists ids")
        key = normalise.name_key(text)
        if not key:
            raise InvalidInput("give a name or an id")
        exact = people_index(session, owner.id, name_key=key)
        if not exact:
            exact = people_index(session, owner.id, containing=key)
        if len(exact) == 1:
            return exact[0].id
        if len(exact) > 1:
            listed = ", ".join(
                f"{p.name} (#{p.id}, {p.organization or 'no organisation'})" for p in exact[:5]
            )
            raise Ambiguous(f"{query!r} matches {len(exact)} people: {listed}; use the id")
        index = people_index(session, owner.id)  # nobody by that name: the closest, of everyone
        close = process.extract(key, {p.id: p.name_key for p in index}, scorer=fuzz.WRatio, limit=3)
        names = {p.id: p.name for p in index}
        hint = ", ".join(f"{names[pid]} (#{pid})" for _, score, pid in close if score >= 70)
        raise NotFound(
            f"nobody called {query!r}"
            + (f"; did you mean {hint}?" if hint else "; `goodword people` lists everyone")
        )

    def _answers(
        self, session: Session, owner: m.Owner, person_ids: list[int] | None = None
    ) -> dict[int, Answer]:
        """Each person's latest decided honest-conversation answer (of ``person_ids``, or all)."""
        return {
            pid: Answer(willing, held_on, concerns)
            for pid, (willing, held_on, concerns) in latest_answers(
                session, owner, person_ids
            ).items()
        }

    def _person_name(self, session: Session, person_id: int) -> str:
        person = session.get(m.Person, person_id)
        return person.display_name if person else f"#{person_id}"

    def _find_job(self, session: Session, owner: m.Owner, query: str) -> m.Opportunity:
        return find_job(opportunities(session, owner), query)


def safe_url(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


def db_error(exc: OperationalError, settings: Settings) -> str:
    first = str(exc.orig or exc).strip().splitlines()[0]
    return f"cannot open the database {safe_url(settings.resolved_database_url())}: {first}"
