"""Benchmark: what the do-not-import list costs an import, and how long forgetting takes.

Generates a Takeout-shaped mbox (the generator of ``bench_mailparse.py``,
about 2,000 correspondents) and, each on a fresh SQLite database in this
process:

* the baseline: importing it with nobody ever forgotten;
* the same import into a home whose list holds the digests of 20 of its
  correspondents and 5,000 other keys (every row is then checked);

each ``--repeat`` times, alternating, the fastest of each compared (a
shared machine slows single runs); then times ``forget`` of the person with the most messages. Prints the
seconds of each, messages per second, and the ratio of the two imports.

    .venv/bin/python bench/bench_forget.py                    # 20,000 messages
    .venv/bin/python bench/bench_forget.py --messages 100000
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from sqlalchemy import func, select

from bench_mailparse import generate
from goodword.config import Settings
from goodword.identity import forgotten
from goodword.service import Service
from goodword.store import models as m
from goodword.store.owner import local_owner

OTHER_KEYS = 5_000
FORGOTTEN = 20


def _service(folder: Path) -> Service:
    return Service(Settings(home=folder, database_url=f"sqlite:///{folder / 'goodword.db'}"))


def _import(service: Service, mbox: Path) -> tuple[float, int, int]:
    """Seconds, messages left out, and messages stored without a forgotten person."""
    started = time.perf_counter()
    summary = service.import_path(mbox)
    elapsed = time.perf_counter() - started
    skipped = sum(f.skipped.get("forgotten person", 0) for f in summary.files)
    without = sum(
        int(found.group(1))
        for f in summary.files
        if (found := re.search(r"(\d+) row\(s\) stored without a forgotten person", f.note))
    )
    return elapsed, skipped, without


def _correspondents(service: Service, count: int) -> list[tuple[int, list[tuple[str, str]]]]:
    """The ``count`` people with the most messages, and their identities."""
    with service.store.session() as session:
        busiest = session.execute(
            select(m.Interaction.sender_id, func.count())
            .where(m.Interaction.sender_id.is_not(None))
            .group_by(m.Interaction.sender_id)
            .order_by(func.count().desc())
            .limit(count + 1)
        ).all()
        me = local_owner(session).self_person_id
        found = []
        for person_id, _n in busiest:
            if person_id is None or person_id == me:
                continue
            pairs = session.execute(
                select(m.Identity.kind, m.Identity.value).where(m.Identity.person_id == person_id)
            ).all()
            found.append((person_id, [(k, v) for k, v in pairs]))
        return found[:count]


def _seed_list(service: Service, people: list[list[tuple[str, str]]]) -> None:
    """Put these identities and OTHER_KEYS made-up ones on the home's list."""
    with service.store.session() as session:
        owner = local_owner(session)
        secret = forgotten.new_secret()
        session.add(m.DoNotImportSecret(owner_id=owner.id, secret=secret))
        keys = {f"email:nobody{n}@nowhere.example" for n in range(OTHER_KEYS)}
        keys |= {f"{kind}:{value}" for pairs in people for kind, value in pairs}
        session.add_all(
            m.DoNotImport(owner_id=owner.id, digest=forgotten.digest(secret, key)) for key in keys
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=2, help="imports of each kind")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="goodword-bench-forget-"))
    mbox = folder / "takeout.mbox"
    generate(mbox, args.messages, attachment_bytes=(1_000, 6_000))

    baseline_service = _service(folder / "baseline")
    baseline, _, _ = _import(baseline_service, mbox)
    busiest = _correspondents(baseline_service, FORGOTTEN)
    listed = float("inf")
    for run in range(args.repeat):  # alternating, the fastest of each kept
        if run:
            again = _service(folder / f"baseline-{run}")
            baseline = min(baseline, _import(again, mbox)[0])
            again.close()
        listed_service = _service(folder / f"listed-{run}")
        listed_service.db_upgrade()
        _seed_list(listed_service, [pairs for _pid, pairs in busiest])
        seconds, skipped, without = _import(listed_service, mbox)
        listed = min(listed, seconds)
        listed_service.close()

    person_id = busiest[0][0]
    started = time.perf_counter()
    done = baseline_service.forget(str(person_id))
    forget_seconds = time.perf_counter() - started
    removed = sum(count for _words, count in done.listed)

    print(f"messages: {args.messages:,}")
    print(
        f"import, nobody forgotten (baseline): {baseline:.2f} s, {args.messages / baseline:,.0f}/s"
    )
    print(
        f"import, {FORGOTTEN} forgotten + {OTHER_KEYS:,} other keys: {listed:.2f} s, "
        f"{args.messages / listed:,.0f}/s, {skipped:,} messages left out, "
        f"{without:,} stored without them"
    )
    print(f"ratio (listed / baseline): {listed / baseline:.2f}")
    print(f"forget the busiest correspondent: {forget_seconds:.2f} s, {removed:,} rows removed")
    baseline_service.close()


if __name__ == "__main__":
    main()
