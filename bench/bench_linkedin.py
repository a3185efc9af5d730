"""Benchmark: import a large synthetic LinkedIn export, then score everyone.

Prints rows/s for the whole ``goodword import`` (parse + store) against a
naive baseline measured in the same run on the same files — the stdlib
``csv`` module reading every row of the used files into dicts, storing
nothing — plus the time ``people`` takes to score the whole network, at two
network sizes so the growth shows.

    .venv/bin/python bench/bench_linkedin.py                 # 3,000 and 30,000 contacts
    .venv/bin/python bench/bench_linkedin.py --sizes 1000    # quicker
"""

from __future__ import annotations

import argparse
import csv
import io
import resource
import tempfile
import time
import zipfile
from pathlib import Path

from goodword.config import Settings
from goodword.demo import build_network, write_export_zip
from goodword.service import Service

USED = (
    "connections.csv",
    "messages.csv",
    "invitations.csv",
    "endorsement_received_info.csv",
    "endorsement_given_info.csv",
    "recommendations_received.csv",
    "positions.csv",
)


def naive_read(archive: Path) -> int:
    """The baseline: read every used CSV with csv.DictReader (skipping the known preamble)."""
    rows = 0
    with zipfile.ZipFile(archive) as bundle:
        for name in bundle.namelist():
            if name.lower() not in USED:
                continue
            text = bundle.read(name).decode("utf-8")
            if text.startswith("Notes:"):
                text = text.split("\n\n", 1)[1]
            rows += sum(1 for _ in csv.DictReader(io.StringIO(text)))
    return rows


def run(contacts: int, scratch: Path) -> None:
    """Generate, import and score one network size; print the figures."""
    started = time.perf_counter()
    network = build_network(seed=11, contacts=contacts)
    archive = write_export_zip(network, scratch / f"export-{contacts}")
    generated = time.perf_counter() - started

    started = time.perf_counter()
    rows = naive_read(archive)
    baseline = time.perf_counter() - started

    service = Service(Settings(home=scratch / f"home-{contacts}"))
    started = time.perf_counter()
    summary = service.import_path(archive)
    imported = time.perf_counter() - started
    total_rows = sum(f.rows for f in summary.files if f.used)

    started = time.perf_counter()
    again = service.import_path(archive)
    reimported = time.perf_counter() - started
    assert all(f.added == 0 for f in again.files if f.used)

    started = time.perf_counter()
    people = service.people(as_of=network.export_date)
    scored = time.perf_counter() - started
    service.close()

    print(
        f"\n{contacts:,} contacts, {total_rows:,} rows in the used files (generated in {generated:.1f} s)"
    )
    print(f"  naive csv read (baseline): {baseline:7.2f} s  {rows / baseline:10,.0f} rows/s")
    print(
        f"  goodword import:           {imported:7.2f} s  {total_rows / imported:10,.0f} rows/s"
        f"  ({imported / baseline:.1f}x the baseline's time)"
    )
    print(f"  re-import (nothing new):   {reimported:7.2f} s")
    print(f"  people (score {len(people):,}):    {scored:7.2f} s")


def main() -> None:
    """Parse the sizes and run each."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", type=int, nargs="+", default=[3_000, 30_000])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="goodword-bench-") as scratch:
        for size in args.sizes:
            run(size, Path(scratch))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak RSS of the whole run: {peak:.0f} MB")


if __name__ == "__main__":
    main()
