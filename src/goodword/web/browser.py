"""What the web pages need beyond the facade: paged people, the dashboard, charts' data, imports.

Every page of the web face and its JSON twin are built from one of these
views, so the two can never disagree. They reach the core only through
:mod:`goodword.service`. :class:`Browser` wraps a
:class:`~goodword.service.Service`: it keeps the last scoring of everyone
(scoring tens of thousands of people takes seconds), pages it with the
facade's pager (:func:`~goodword.service.select_page`, the one
``goodword people`` uses) and keeps each query's sorted selection, so the
next page is a slice (``bench/bench_people_pages.py`` measures what that
saves). It forgets both after any change made through it or after ``ttl``
seconds, and runs imports in the background with their progress.
"""

from __future__ import annotations

import shutil
import threading
import time
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from goodword.errors import GoodwordError, InvalidInput, NotFound
from goodword.service import (
    FILTERS,
    MAX_PAGE_SIZE,
    TRANSITIONS,
    AskView,
    Assessment,
    DbInfo,
    ImportSummary,
    JobView,
    MeView,
    PeopleQuery,
    PersonDetail,
    ScoreRow,
    Service,
    Suggestion,
    as_of_moment,
    assessment_dict,
    exchanges,
    pages,
    score_rows_of,
    select_page,
    stale,
)

CACHE_SECONDS = 60.0
LATE_SECONDS = 5.0  # how long yesterday's scores are reused while today's are computed
SELECTIONS_KEPT = 64
OPEN_JOB_STATUSES = frozenset({"open", "applied", "interviewing"})
CLOSED_ASK_STATES = frozenset({"declined", "withdrawn", "thanked"})
AGREED_STATES = frozenset({"agreed", "briefed", "used", "thanked"})


# ---------------------------------------------------------------- people, paged


@dataclass(frozen=True, slots=True)
class PeoplePage:
    """One page of people judged on the three criteria, and how many matched in all."""

    query: PeopleQuery
    people: list[Assessment]
    total: int
    scored_at: datetime
    late: bool = False  # the scores held until scored_at; today's are being computed

    @property
    def pages(self) -> int:
        """How many pages the matches fill (at least one)."""
        return pages(self.total, self.query.page_size)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form; each person is the object ``goodword people --json`` prints."""
        q = self.query
        return {
            "people": [assessment_dict(a) for a in self.people],
            "total": self.total,
            "page": q.page,
            "pages": self.pages,
            "page_size": q.page_size,
            "sort": q.sort,
            "q": q.search or None,
            "org": q.organization or None,
            "filter": q.filter or None,
            "as_of": q.as_of.isoformat() if q.as_of else None,
            "scored_at": self.scored_at.isoformat(),
            "late": self.late,
        }


# ---------------------------------------------------------------- a person, with charts' data


@dataclass(frozen=True, slots=True)
class MonthCount:
    """Interactions with a person in one month, by direction."""

    month: date
    from_me: int
    to_me: int
    group: int

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "month": self.month.isoformat()[:7],
            "from_me": self.from_me,
            "to_me": self.to_me,
            "group": self.group,
        }


@dataclass(frozen=True, slots=True)
class ReplyPoint:
    """One direct message of yours to a person, and how long their answer took (None: none)."""

    asked_at: datetime
    hours: float | None
    source: str

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "asked_at": self.asked_at.isoformat(),
            "reply_hours": None if self.hours is None else round(self.hours, 2),
            "source": self.source,
        }


@dataclass(frozen=True, slots=True)
class PersonPage:
    """A person's detail, their interactions per month and their reply latencies."""

    detail: PersonDetail
    timeline: list[MonthCount]
    replies: list[ReplyPoint]
    asks: list[AskView]

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form: ``goodword person --json`` plus the charts' data and the asks."""
        return {
            **self.detail.as_dict(),
            "timeline": [m.as_dict() for m in self.timeline],
            "replies": [r.as_dict() for r in self.replies],
            "asks": [a.as_dict() for a in self.asks],
        }


def month_counts(detail: PersonDetail) -> list[MonthCount]:
    """Every month from the first interaction to the last, with the count of each direction."""
    counts: dict[date, Counter[str]] = defaultdict(Counter)
    for msg in detail.record.messages:
        bucket = counts[date(msg.occurred_at.year, msg.occurred_at.month, 1)]
        if msg.sender_id == detail.self_id:
            bucket["from_me"] += 1
        elif detail.self_id in msg.recipient_ids:
            bucket["to_me"] += 1
        else:
            bucket["group"] += 1
    if not counts:
        return []
    first, last = min(counts), max(counts)
    months = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        found = counts.get(date(year, month, 1), Counter())
        months.append(
            MonthCount(date(year, month, 1), found["from_me"], found["to_me"], found["group"])
        )
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def reply_points(detail: PersonDetail, as_of: datetime) -> list[ReplyPoint]:
    """The asks the communication score judged for this person, with their latencies."""
    found = exchanges(detail.record.messages, detail.self_id, as_of).get(
        detail.assessment.person.id
    )
    if found is None:
        return []
    return [ReplyPoint(a.opened_at, a.latency_hours, a.source) for a in found.asks]


# ---------------------------------------------------------------- opportunities and the dashboard


@dataclass(frozen=True, slots=True)
class JobProgress:
    """An opportunity and how far its asks have got."""

    job: JobView
    states: dict[str, int]
    agreed: int

    @property
    def needed(self) -> int:
        """How many vouchers the opportunity needs."""
        return self.job.needs.count

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "job": self.job.as_dict(),
            "asks": self.states,
            "agreed": self.agreed,
            "needed": self.needed,
        }


def job_progress(job: JobView, asks: list[AskView]) -> JobProgress:
    """Count an opportunity's asks by state (asks of its own kind count towards what it needs)."""
    mine = [a for a in asks if a.job_id == job.id]
    states = dict(Counter(a.state for a in mine).most_common())
    agreed = sum(1 for a in mine if a.state in AGREED_STATES and a.kind == job.needs.kind)
    return JobProgress(job, states, agreed)


@dataclass(frozen=True, slots=True)
class OpportunityPage:
    """An opportunity: its suggested slate, its ask pipeline and the moves each ask may make."""

    suggestion: Suggestion
    asks: list[AskView]
    progress: JobProgress

    @property
    def job(self) -> JobView:
        """The opportunity."""
        return self.suggestion.job

    def moves(self, ask: AskView) -> list[str]:
        """The states this ask may move to next."""
        return sorted(TRANSITIONS.get(ask.state, frozenset()))

    @property
    def sheet_said_no(self) -> list[str]:
        """Who of those who agreed has since said no: the sheet is refused without "anyway"."""
        return sorted({a.person for a in self.asks if a.state in AGREED_STATES and a.said_no})

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form: ``goodword suggest --json``, the asks with their moves, the progress."""
        return {
            **self.suggestion.as_dict(),
            "asks": [{**a.as_dict(), "moves": self.moves(a)} for a in self.asks],
            "progress": self.progress.as_dict(),
        }


EMPTY_NETWORK = (
    "import your evidence (POST /api/imports, or `goodword import PATH`), "
    "or try `goodword demo --keep DIR` first"
)
"""The dashboard's next step while the network is empty."""


@dataclass(frozen=True, slots=True)
class Dashboard:
    """What is due today, open opportunities and their progress, references going stale."""

    today: date
    due: list[AskView]
    open_jobs: list[JobProgress]
    stale: list[Assessment]
    people: int

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "today": self.today.isoformat(),
            "due": [a.as_dict() for a in self.due],
            "open_jobs": [p.as_dict() for p in self.open_jobs],
            "stale": [assessment_dict(a) for a in self.stale],
            "people": self.people,
            "next_step": None if self.people else EMPTY_NETWORK,
        }


@dataclass(frozen=True, slots=True)
class SettingsView:
    """Where the data lives, who you are, and how the web app is served."""

    db: DbInfo
    me: MeView
    server: dict[str, Any]

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"db": self.db.as_dict(), "me": self.me.as_dict(), "server": self.server}


# ---------------------------------------------------------------- imports in the background


@dataclass(slots=True)
class ImportTask:
    """One upload being imported: where it stands, then its summary or its error."""

    id: str
    filename: str
    started_at: datetime
    stage: str = "queued"  # queued, reading, loading, done, failed
    done: int = 0
    total: int = 0
    summary: ImportSummary | None = None
    error: GoodwordError | None = None
    finished_at: datetime | None = None

    @property
    def finished(self) -> bool:
        """True once the import has succeeded or failed."""
        return self.stage in ("done", "failed")

    @property
    def percent(self) -> int:
        """How much of the loading is done, 0 to 100."""
        if self.stage == "done":
            return 100
        return int(100 * self.done / self.total) if self.total else 0

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "id": self.id,
            "filename": self.filename,
            "stage": self.stage,
            "done": self.done,
            "total": self.total,
            "percent": self.percent,
            "started_at": self.started_at.isoformat(),
            "finished_at": self.finished_at.isoformat() if self.finished_at else None,
            "summary": self.summary.as_dict() if self.summary else None,
            "error": None
            if self.error is None
            else {"code": error_code(self.error), "message": self.error.message},
        }


def error_code(error: GoodwordError) -> str:
    """``NotFound`` → ``not_found``: the code of an error in the API's error shape."""
    name = type(error).__name__
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name).lstrip("_")


def upload_name(filename: str) -> str:
    """A safe file name for an upload, keeping its extension (importers look at it)."""
    base = Path(filename.replace("\\", "/")).name
    cleaned = "".join(c if c.isalnum() or c in "._- " else "_" for c in base).strip(" .")
    return cleaned[:120] or "upload"


# ---------------------------------------------------------------- the browser


@dataclass
class _Scored:
    at: float
    scored_at: datetime
    people: list[Assessment]
    late: bool = False
    standings: list[ScoreRow] = field(default_factory=list)  # what the pager reads, in order
    by_id: dict[int, Assessment] = field(default_factory=dict)


@dataclass
class Browser:
    """The web's view of one :class:`Service`: paged people, pages' views, background imports."""

    service: Service
    ttl: float = CACHE_SECONDS
    server: dict[str, Any] = field(default_factory=dict)
    _scored: dict[date | None, _Scored] = field(default_factory=dict, init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False)
    _tasks: dict[str, ImportTask] = field(default_factory=dict, init=False)
    _selected: dict[PeopleQuery, tuple[_Scored, list[ScoreRow], int]] = field(
        default_factory=dict, init=False
    )

    # -- people

    def everyone(self, as_of: date | None = None) -> tuple[list[Assessment], datetime]:
        """Everyone scored (as of a day, or now), reusing a scoring younger than ``ttl``."""
        scored = self._scoring(as_of)
        return scored.people, scored.scored_at

    def _scoring(self, as_of: date | None) -> _Scored:
        with self._lock:
            kept = self._scored.get(as_of)
            # Late scores (yesterday's, today's being computed) are looked at again sooner.
            ttl = min(self.ttl, LATE_SECONDS) if kept is not None and kept.late else self.ttl
            if kept is not None and (as_of is not None or time.monotonic() - kept.at < ttl):
                return kept
            scored_at = datetime.now(UTC) if as_of is None else as_of_moment(as_of)
            listing = self.service.people_page(as_of=as_of)
            if listing.held_until is not None:
                # The day's first look: the scores that held until then, today's on their way.
                scored_at = listing.held_until
            kept = _Scored(
                time.monotonic(),
                scored_at,
                listing.people,
                listing.held_until is not None,
                score_rows_of(listing.people),
                {a.person.id: a for a in listing.people},
            )
            self._scored[as_of] = kept
            return kept

    def changed(self) -> None:
        """Forget every scoring: something was recorded or imported."""
        with self._lock:
            self._scored.clear()
            self._selected.clear()

    def people(self, query: PeopleQuery) -> PeoplePage:
        """One page of people matching ``query``, paged as ``goodword people`` pages them."""
        query = query.checked()
        if query.page_size is None:
            raise InvalidInput(f"page_size must be between 1 and {MAX_PAGE_SIZE}")
        scored = self._scoring(query.as_of)
        # The same selection in another page is a slice of the one already sorted.
        everything = replace(query, page=1, page_size=None)
        with self._lock:
            kept = self._selected.get(everything)
        if kept is not None and kept[0] is scored:
            chosen, total = kept[1], kept[2]
        else:
            chosen, total = self.select(scored, everything)
            with self._lock:
                if len(self._selected) >= SELECTIONS_KEPT:
                    self._selected.pop(next(iter(self._selected)))
                self._selected[everything] = (scored, chosen, total)
        start = query.offset
        page = [scored.by_id[s.person_id] for s in chosen[start : start + query.page_size]]
        return PeoplePage(query, page, total, scored.scored_at, scored.late)

    @staticmethod
    def select(scored: _Scored, query: PeopleQuery) -> tuple[list[ScoreRow], int]:
        """The facade's pager over the scores held, plus the page's named filter."""
        named = FILTERS[query.filter][1] if query.filter else None
        return select_page(
            scored.standings,
            query,
            None if named is None else lambda s: named(scored.by_id[s.person_id]),
        )

    def person(self, query: str, as_of: date | None = None) -> PersonPage:
        """A person with their timeline, their reply latencies and their asks."""
        detail = self.service.person(query, as_of=as_of)
        person_id = detail.assessment.person.id
        asks = [a for a in self.service.asks() if a.person_id == person_id]
        return PersonPage(
            detail, month_counts(detail), reply_points(detail, as_of_moment(as_of)), asks
        )

    # -- opportunities

    def job(self, job_id: int) -> JobView:
        """One opportunity by id."""
        for job in self.service.jobs():
            if job.id == job_id:
                return job
        raise NotFound(f"no opportunity #{job_id}; the opportunities page lists them")

    def opportunity(
        self, job_id: int, *, as_of: date | None = None, kind: str | None = None
    ) -> OpportunityPage:
        """An opportunity's slate, pipeline and progress."""
        job = self.job(job_id)
        suggestion = self.service.suggest(str(job.id), as_of=as_of, kind=kind)
        asks = self.service.asks(str(job.id))
        return OpportunityPage(suggestion, asks, job_progress(job, asks))

    def opportunities(self) -> list[JobProgress]:
        """Every opportunity with the progress of its asks, newest first."""
        asks = self.service.asks()
        return [job_progress(job, asks) for job in self.service.jobs()]

    # -- dashboard and settings

    def dashboard(self, today: date | None = None) -> Dashboard:
        """What is due, what is open, and who of your likely vouchers is going stale."""
        day = today or datetime.now(UTC).date()
        asks = self.service.asks()
        jobs = [
            job_progress(job, asks)
            for job in self.service.jobs()
            if job.status in OPEN_JOB_STATUSES
        ]
        everyone, _ = self.everyone()
        asked = {a.person_id for a in asks if a.state not in CLOSED_ASK_STATES}
        likely = asked | {a.person.id for a in everyone[:20]}  # everyone is sorted by fit
        going = [a for a in everyone if a.person.id in likely and stale(a)]
        return Dashboard(day, self.service.due(day), jobs, going, len(everyone))

    def settings(self) -> SettingsView:
        """The settings page's content."""
        return SettingsView(self.service.db_info(), self.service.me(), dict(self.server))

    # -- imports

    def start_import(self, upload: Path, filename: str) -> ImportTask:
        """Import ``upload`` in a background thread (the file is removed afterwards)."""
        task = ImportTask(uuid.uuid4().hex[:16], filename, datetime.now(UTC))
        with self._lock:
            self._tasks[task.id] = task
        threading.Thread(
            target=self._run_import, args=(task, upload), name=f"import-{task.id}", daemon=True
        ).start()
        return task

    def import_task(self, task_id: str) -> ImportTask:
        """A background import by id."""
        with self._lock:
            task = self._tasks.get(task_id)
        if task is None:
            raise NotFound(f"no import {task_id!r} in this session; start one on the import page")
        return task

    def import_tasks(self) -> list[ImportTask]:
        """The imports started since the server started, newest first."""
        with self._lock:
            return sorted(self._tasks.values(), key=lambda t: t.started_at, reverse=True)

    def upload_dir(self) -> Path:
        """A fresh folder under the data directory for one upload."""
        folder = self.service.settings.data_dir() / "uploads" / uuid.uuid4().hex
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def _run_import(self, task: ImportTask, upload: Path) -> None:
        def progress(done: int, total: int) -> None:
            task.stage, task.done, task.total = "loading", done, total

        task.stage = "reading"
        try:
            task.summary = self.service.import_path(upload, progress=progress)
            task.stage = "scoring"  # everyone, so that the next page answers at once
            self.service.refresh_scores()
            task.stage = "done"
        except GoodwordError as exc:
            task.error, task.stage = exc, "failed"
        except Exception as exc:  # a bug must still end the task, not hang the page
            task.error, task.stage = GoodwordError(f"the import stopped: {exc}"), "failed"
        finally:
            task.finished_at = datetime.now(UTC)
            shutil.rmtree(upload.parent, ignore_errors=True)
            self.changed()
