"""Benchmark: ``people`` and ``suggest`` on a large network, cold and warm.

Generates a network of N contacts with about 33 interactions each (one-to-one
threads with replies, group mail, calendar meetings, out-of-office replies and
bounces; 1,000,000 interactions at 30,000 people) straight into a SQLite
database with bulk Core inserts, once: the database is cached (in the temp
folder, or ``GOODWORD_BENCH_CACHE``) and each run works on a copy. Then it
times:

- the baseline: a plain ``SELECT count(*)`` over the interactions, and the old
  exact path (every fact loaded as Python objects, then scored);
- for ``people`` (the default table: the top 50), ``people --json``
  (everyone, as JSON) and ``suggest``: cold (the first call after an import:
  everyone scored and their scores kept), warm in the same process
  (the scores kept in memory), warm from the kept scores in the store,
  and warm in a new process — every CLI command is one — both the call and
  the whole process (interpreter start and imports included);
- the quick read the commands try first (``goodword.service.scores.quick``:
  the kept scores read without opening the store), in a new process;
- the real ``goodword people`` and ``goodword suggest`` commands (Typer,
  Rich and the table included), fastest of three;
- vetting and flagging one person (their rows re-scored in the kept scores),
  then ``people`` and ``suggest`` in a new process again;
- the first ``people`` of a new day (kept scores of the same evidence, their
  span over: answered from it while a background process scores everyone),
  how long that background scoring takes, and ``people`` after it;
- the data-version check alone, and ``people --as-of`` a day (the exact path).

    .venv/bin/python bench/bench_people.py                # 3,000 and 30,000 people
    .venv/bin/python bench/bench_people.py --sizes 1000   # quicker
    .venv/bin/python bench/bench_people.py --postgres postgresql+psycopg://root@127.0.0.1/goodword_test
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import create_engine, func, insert, select, text, update
from sqlalchemy.engine import make_url

from goodword.config import Settings
from goodword.evidence.assess import assess
from goodword.service import Service
from goodword.service.scores import compute, refresh
from goodword.service.views import assessment_dict
from goodword.store import kept as kept_store
from goodword.store import models as m
from goodword.store.engine import Store
from goodword.store.owner import local_owner
from goodword.store.queries import load_network

AS_OF = datetime(2026, 6, 1, tzinfo=UTC)
ORGS = 400
BATCH = 20_000
TITLES = ("Engineer", "Senior Engineer", "Manager", "Director", "Analyst", "Designer", "VP Sales")
SKILLS = ("Python", "SQL", "Leadership", "Data analysis", "Product management", "Statistics")
SUBJECTS = (
    "quarterly data pipeline review",
    "hiring plan for the analytics team",
    "dashboard migration",
    "coffee next week?",
    "feedback on the pricing model",
    "conference talk draft",
    "machine learning roadmap",
)
T = TypeVar("T")


def _batches(rows: Iterator[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def generate(url: str, people: int, seed: int = 5) -> int:
    """Write an owner and ``people`` contacts with ~33 interactions each; return the interaction count."""
    rng = random.Random(seed)
    store = Store(url)
    engine = store.engine
    with engine.begin() as db:
        owner_id = db.execute(
            insert(m.Owner).values(name="Sam Rivera", profile={}, is_local=True)
        ).inserted_primary_key[0]  # type: ignore[index]
        self_id = db.execute(
            insert(m.Person).values(
                owner_id=owner_id, display_name="Sam Rivera", name_key="", is_self=True
            )
        ).inserted_primary_key[0]  # type: ignore[index]
        db.execute(update(m.Owner).where(m.Owner.id == owner_id).values(self_person_id=self_id))
        db.execute(
            insert(m.Identity),
            [
                {
                    "owner_id": owner_id,
                    "person_id": self_id,
                    "kind": "email",
                    "value": "sam@example.org",
                    "natural_key": "self-email",
                }
            ],
        )
        db.execute(
            insert(m.Organization),
            [{"owner_id": owner_id, "name": f"Org {i}", "key": f"org {i}"} for i in range(ORGS)],
        )
        org_ids = list(db.scalars(select(m.Organization.id).order_by(m.Organization.id)))
        db.execute(
            insert(m.Tenure),
            [
                {
                    "owner_id": owner_id,
                    "person_id": self_id,
                    "organization_id": org_ids[i],
                    "kind": "work",
                    "title": "Data Scientist",
                    "start_on": date(2014 + 3 * i, 1, 1),
                    "end_on": None if i == 3 else date(2017 + 3 * i, 1, 1),
                    "is_current": i == 3,
                    "natural_key": f"own-{i}",
                }
                for i in range(4)
            ],
        )
        first = db.scalar(select(func.coalesce(func.max(m.Person.id), 0))) + 1
        person_rows = [
            {
                "owner_id": owner_id,
                "display_name": f"Person {i}",
                "name_key": f"person {i}",
                "organization_id": org_ids[i % ORGS],
                "title": rng.choice(TITLES),
                "connected_on": date(2015 + i % 10, 1 + i % 12, 1),
            }
            for i in range(people)
        ]
        for batch in _batches(iter(person_rows)):
            db.execute(insert(m.Person), batch)
        ids = list(range(first, first + people))
        for batch in _batches(
            {
                "owner_id": owner_id,
                "person_id": pid,
                "kind": "email",
                "value": f"p{pid}@org{i % ORGS}.com",
                "natural_key": f"email-{pid}",
            }
            for i, pid in enumerate(ids)
        ):
            db.execute(insert(m.Identity), batch)
        for batch in _batches(
            {
                "owner_id": owner_id,
                "person_id": pid,
                "organization_id": org_ids[i % ORGS],
                "kind": "work",
                "title": person_rows[i]["title"],
                "start_on": date(2012 + i % 12, 1, 1),
                "is_current": True,
                "natural_key": f"tenure-{pid}",
            }
            for i, pid in enumerate(ids)
        ):
            db.execute(insert(m.Tenure), batch)
        for batch in _batches(
            {
                "owner_id": owner_id,
                "person_id": pid,
                "direction": "received",
                "skill": skill,
                "endorsed_at": datetime(2020 + pid % 6, 2, 1, tzinfo=UTC),
                "natural_key": f"e-{pid}-{skill}",
            }
            for pid in ids[::4]
            for skill in rng.sample(SKILLS, 2)
        ):
            db.execute(insert(m.Endorsement), batch)
        for batch in _batches(
            {
                "owner_id": owner_id,
                "person_id": pid,
                "direction": "received",
                "text": "Sam was an excellent colleague; we worked closely on the data pipeline.",
                "created_at": datetime(2021, 3, 1, tzinfo=UTC),
                "natural_key": f"r-{pid}",
            }
            for pid in ids[::20]
        ):
            db.execute(insert(m.Recommendation), batch)
        messages, participants = _interactions(rng, owner_id, self_id, ids)
        next_id = 1
        for batch in _batches(iter(messages)):
            db.execute(insert(m.Interaction), batch)
            next_id += len(batch)
        for batch in _batches(iter(participants)):
            db.execute(insert(m.InteractionParticipant), batch)
    store.dispose()
    return len(messages)


def _interactions(
    rng: random.Random, owner_id: int, self_id: int, ids: list[int]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """About 33 interactions per contact, with explicit ids so participants can point at them."""
    messages: list[dict[str, Any]] = []
    participants: list[dict[str, Any]] = []
    start = datetime(2018, 1, 1, tzinfo=UTC)
    span = (AS_OF - start).total_seconds()

    def add(kind: str, at: datetime, sender: int, to: list[tuple[int, str]], **extra: Any) -> None:
        interaction_id = len(messages) + 1
        messages.append(
            dict(
                id=interaction_id,
                owner_id=owner_id,
                kind=kind,
                occurred_at=at,
                sender_id=sender,
                participant_count=1 + len(to),
                natural_key=f"n{interaction_id}",
                **{
                    "thread_key": "",
                    "subject": "",
                    "folder": "",
                    "has_text": True,
                    "ends_at": None,
                    **extra,
                },
            )
        )
        participants.extend(
            {"owner_id": owner_id, "interaction_id": interaction_id, "person_id": pid, "role": role}
            for pid, role in to
        )

    for pid in ids:
        responsive = rng.random()
        asks = rng.randint(9, 15)
        thread = f"dm-{pid}"
        moment = start + timedelta(seconds=rng.random() * span * 0.5)
        for _ in range(asks):
            if moment >= AS_OF:
                break
            subject = rng.choice(SUBJECTS)
            add("email", moment, self_id, [(pid, "to")], thread_key=thread, subject=subject)
            if rng.random() < responsive:
                reply = moment + timedelta(hours=rng.lognormvariate(2.5, 1.2))
                if reply < AS_OF:
                    add("email", reply, pid, [(self_id, "to")], thread_key=thread, subject=subject)
            moment += timedelta(days=rng.randint(5, 120))
        for _ in range(rng.randint(2, 7)):  # they write first, sometimes
            at = start + timedelta(seconds=rng.random() * span)
            add("linkedin_message", at, pid, [(self_id, "to")], thread_key=f"li-{pid}-{at:%Y}")
        for _ in range(rng.randint(4, 8)):  # group mail
            others = rng.sample(ids, 2)
            at = start + timedelta(seconds=rng.random() * span)
            add(
                "email",
                at,
                rng.choice([self_id, pid]),
                [
                    *[(p, "to") for p in {pid, *others, self_id} if p != self_id][:3],
                    (self_id, "to"),
                ],
                thread_key=f"g-{pid}-{at.timestamp():.0f}",
                subject=rng.choice(SUBJECTS),
            )
        for _ in range(rng.randint(2, 6)):  # meetings: one-to-one, small, and big
            at = start + timedelta(seconds=rng.random() * span)
            size = rng.choice((1, 1, 2, 3, 9))
            guests = [(pid, rng.choice(("accepted", "accepted", "tentative", "declined", "")))]
            guests += [(p, "accepted") for p in rng.sample(ids, size - 1) if p != pid]
            organizer = rng.choice([self_id, pid])
            if organizer == pid:
                guests = [(self_id, "accepted")] + [g for g in guests if g[0] != pid]
            add(
                "meeting",
                at,
                organizer,
                guests,
                ends_at=at + timedelta(minutes=30),
                subject="sync",
                has_text=False,
            )
        if rng.random() < 0.3:
            at = AS_OF - timedelta(days=rng.randint(1, 900))
            back = at + timedelta(days=rng.randint(3, 30))
            add("away", at, pid, [(self_id, "to")], ends_at=back, subject="Out of office")
        if rng.random() < 0.04:
            add(
                "bounced",
                AS_OF - timedelta(days=rng.randint(1, 400)),
                pid,
                [],
                folder=f"p{pid}@old.example",
            )
    messages.sort(key=lambda row: row["occurred_at"])
    renumber = {row["id"]: index for index, row in enumerate(messages, 1)}
    for row in messages:
        row["id"] = renumber[row["id"]]
        row["natural_key"] = f"n{row['id']}"
    for row in participants:
        row["interaction_id"] = renumber[row["interaction_id"]]
    return messages, participants


CPU: list[float] = []  # CPU seconds of each timed call, in order


def timed(call: Callable[[], T]) -> tuple[float, T]:
    """Wall seconds taken by ``call`` and its result; the CPU seconds go to :data:`CPU`."""
    started, cpu = time.perf_counter(), time.process_time()
    result = call()
    CPU.append(time.process_time() - cpu)
    return time.perf_counter() - started, result


# What a new process does for one command: open the store, call the facade once; or, for the
# quick read the facade tries first ("quick ..."), the kept scores read without the store.
NEW_PROCESS = """
import json, sys, time
started = time.perf_counter()
from goodword.config import Settings
home, url, what, job = sys.argv[1:5]
settings = Settings(home=home, database_url=url)
if what.startswith("quick "):
    from goodword.service import PeopleQuery
    from goodword.service.scores import quick
    ready = time.perf_counter()
    cpu = time.process_time()
    if what == "quick people":
        found = quick.people_page(settings, PeopleQuery(page_size=50))
    else:
        found = quick.suggest(settings, job)
        json.dumps(found.as_dict() if found else None)
    assert found is not None, "the kept scores did not hold: the store would have answered"
    assert "sqlalchemy" not in sys.modules
else:
    from goodword.service import Service
    from goodword.service.views import assessment_dict
    service = Service(settings)
    service.store.engine
    ready = time.perf_counter()
    cpu = time.process_time()
    if what == "people":
        service.people(limit=50)
    elif what == "people --json":
        json.dumps([assessment_dict(a) for a in service.people()])
    else:
        json.dumps(service.suggest(job).as_dict())
done = time.perf_counter()
print(json.dumps({"call": done - ready, "cpu": time.process_time() - cpu, "process": done - started}))
"""


def cli_command(home: Path, url: str, arguments: list[str], runs: int = 3) -> float:
    """Wall seconds of the real command (Typer, Rich and the table included), fastest of ``runs``."""
    environment = {**os.environ, "GOODWORD_HOME": str(home), "GOODWORD_DATABASE_URL": url}
    command = [str(Path(sys.executable).with_name("goodword")), *arguments]
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, env=environment)
        best = min(best, time.perf_counter() - started)
    return best


def new_process(home: Path, url: str, what: str, job: int) -> dict[str, float]:
    """Time one facade call in a fresh interpreter (what every CLI command is)."""
    started = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", NEW_PROCESS, str(home), url, what, str(job)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    figures: dict[str, float] = json.loads(out.strip().splitlines()[-1])
    figures["wall"] = time.perf_counter() - started
    return figures


def cached(people: int) -> tuple[Path, int]:
    """The generated database for ``people`` contacts (made once, then reused) and its size."""
    folder = Path(os.environ.get("GOODWORD_BENCH_CACHE", Path(tempfile.gettempdir())))
    folder = folder / "goodword-bench-cache"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"people-{people}.db"
    if not path.exists():
        partial = path.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        started = time.perf_counter()
        generate(f"sqlite:///{partial}", people)
        partial.rename(path)
        print(f"generated {people:,} people in {time.perf_counter() - started:.0f} s -> {path}")
    engine = Store(f"sqlite:///{path}").engine
    with engine.connect() as db:
        interactions = db.scalar(select(func.count()).select_from(m.Interaction)) or 0
    engine.dispose()
    return path, interactions


def on_postgres(server: str, people: int) -> tuple[str, int]:
    """A fresh schema ``bench_people_N`` on ``server`` with the network generated into it."""
    schema = f"bench_people_{people}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as db:
        db.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        db.execute(text(f"CREATE SCHEMA {schema}"))
    admin.dispose()
    url = (
        make_url(server)
        .update_query_dict({"options": f"-csearch_path={schema}"})
        .render_as_string(hide_password=False)
    )
    started = time.perf_counter()
    interactions = generate(url, people)
    print(f"generated {people:,} people in {time.perf_counter() - started:.0f} s -> {schema}")
    return url, interactions


def run(people: int, scratch: Path, postgres: str | None = None) -> dict[str, float]:
    """Time everything on one network size (a fresh copy of its cached database)."""
    home = scratch / f"home-{people}"
    home.mkdir()
    if postgres:
        url, interactions = on_postgres(postgres, people)
    else:
        source, interactions = cached(people)
        shutil.copy(source, home / "goodword.db")
        url = f"sqlite:///{home / 'goodword.db'}"
    service = Service(Settings(home=home, database_url=url))
    job = service.add_job(
        title="Head of Data",
        organization="Org 7",
        description="Lead the data pipeline and analytics team; Python, SQL, machine learning.",
        needs="3 references, 1 supervisor",
    )
    figures: dict[str, float] = {}
    cpu: dict[str, float] = {}

    def measure(name: str, call: Callable[[], object]) -> None:
        figures[name], _ = timed(call)
        cpu[name] = CPU[-1]

    with service.store.session() as session:
        measure(
            "baseline: SELECT count(*)",
            lambda: session.scalar(select(func.count()).select_from(m.Interaction)),
        )
        owner = session.scalars(select(m.Owner)).one()
        measure("baseline: old exact path", lambda: assess(load_network(session, owner, AS_OF)))
        measure("data-version check", lambda: kept_store.data_version(session, owner))
    engine = service.store.engine
    calls: dict[str, Callable[[], object]] = {
        "people": lambda: service.people(limit=50),
        "people --json": lambda: [assessment_dict(a) for a in service.people()],
        "suggest": lambda: service.suggest(str(job.id)).as_dict(),
    }
    for what, call in calls.items():
        with service.store.session() as session:
            kept_store.invalidate(session, local_owner(session))
        compute.forget(engine)
        measure(f"{what}: cold", call)
        measure(f"{what}: warm, same process", call)
        compute.forget(engine)
        measure(f"{what}: warm, kept in the store", call)
        fresh = new_process(home, url, what, job.id)
        figures[f"{what}: warm, new process (call)"] = fresh["call"]
        cpu[f"{what}: warm, new process (call)"] = fresh["cpu"]
        figures[f"{what}: warm, new process (whole)"] = fresh["wall"]
    for what in ("people", "suggest"):
        fresh = new_process(home, url, f"quick {what}", job.id)
        figures[f"{what}: read-only path, new process (call)"] = fresh["call"]
        cpu[f"{what}: read-only path, new process (call)"] = fresh["cpu"]
        figures[f"{what}: read-only path, new process (whole)"] = fresh["wall"]
    for what, arguments in (("people", ["people"]), ("suggest", ["suggest", str(job.id)])):
        figures[f"`goodword {what}`: the CLI command, fastest of 3"] = cli_command(
            home, url, arguments
        )
    # A change to one person (the honest conversation, a flag) re-scores them alone.
    with service.store.session() as session:
        names = list(
            session.scalars(
                select(m.Person.display_name).where(m.Person.is_self.is_(False)).limit(2)
            )
        )
    measure("vet one person (the kept scores kept)", lambda: service.vet(names[0], willing="yes"))
    measure("flag one person (the kept scores kept)", lambda: service.flag(names[1], soured=True))
    for what in ("people", "suggest"):
        fresh = new_process(home, url, what, job.id)
        figures[f"{what} after the vet and flag: new process (call)"] = fresh["call"]
        cpu[f"{what} after the vet and flag: new process (call)"] = fresh["cpu"]
        figures[f"{what} after the vet and flag: new process (whole)"] = fresh["wall"]
    # The next day: the same evidence, the kept scores' span over. The first command answers
    # from it and a background process scores everyone for the next one.
    with service.store.session() as session:
        session.execute(
            update(m.KeptScores).values(
                valid_until=datetime.now(UTC) - timedelta(minutes=1),
                computed_for=datetime.now(UTC) - timedelta(days=1),
            )
        )
    compute.forget(engine)
    started = time.perf_counter()
    fresh = new_process(home, url, "people", job.id)
    figures["people, first of a new day: new process (call)"] = fresh["call"]
    figures["people, first of a new day: new process (whole)"] = fresh["wall"]
    lock = refresh.lock_path(service.settings)
    while lock.exists():
        time.sleep(0.1)
    figures["the day's scoring in the background: done after"] = time.perf_counter() - started
    fresh = new_process(home, url, "people", job.id)
    figures["people once it is done: new process (whole)"] = fresh["wall"]
    measure("people --as-of today (exact path)", lambda: service.people(as_of=date.today()))
    found = service.people()
    service.close()
    print(f"\n{people:,} people, {interactions:,} interactions")
    for name, value in figures.items():
        extra = f"  (cpu {cpu[name]:.3f} s)" if name in cpu else ""
        print(f"  {name:<44} {value:8.3f} s{extra}")
    assert len(found) == people
    figures["interactions"] = float(interactions)
    return figures


def main() -> None:
    """Parse the sizes, run each and print the table with the growth."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", type=int, nargs="+", default=[3_000, 30_000])
    parser.add_argument(
        "--postgres",
        metavar="URL",
        help="run on this PostgreSQL server instead of SQLite (a schema per size is made anew)",
    )
    args = parser.parse_args()
    results: dict[int, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="goodword-bench-") as scratch:
        for size in args.sizes:
            results[size] = run(size, Path(scratch), args.postgres)
    sizes = sorted(results)
    names = [n for n in results[sizes[0]] if n != "interactions"]
    print(
        "\n| figure | "
        + " | ".join(f"{s:,} people" for s in sizes)
        + (" | growth |" if len(sizes) > 1 else " |")
    )
    print("|---|" + "---:|" * (len(sizes) + (len(sizes) > 1)))
    for name in names:
        cells = " | ".join(f"{results[s][name]:.3f} s" for s in sizes)
        growth = (
            f" | ×{results[sizes[-1]][name] / results[sizes[0]][name]:.1f}"
            if len(sizes) > 1 and results[sizes[0]][name] > 0
            else ""
        )
        print(f"| {name} | {cells}{growth} |")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak RSS of the whole run: {peak:.0f} MB")


if __name__ == "__main__":
    main()
