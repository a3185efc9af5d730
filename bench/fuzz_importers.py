"""Fuzz every importer for as long as asked, and print what happened.

Each run damages one fixture (see tests/fuzzing.py), imports it into a
fresh home and checks that the import ended cleanly or with a one-line
error and that ``people`` still answers. Prints the counts per outcome and
per fixture, and every crash with the seed that reproduces it.

    .venv/bin/python bench/fuzz_importers.py --runs 2000 --seed 1
    .venv/bin/python bench/fuzz_importers.py --minutes 10
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests import fuzzing


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=500, help="how many runs (default 500)")
    parser.add_argument("--seed", type=int, default=0, help="the first seed (default 0)")
    parser.add_argument("--minutes", type=float, help="stop after this long, whatever --runs says")
    args = parser.parse_args()
    deadline = time.monotonic() + args.minutes * 60 if args.minutes else None
    kinds: Counter[str] = Counter()
    mutations: Counter[str] = Counter()
    per_target: dict[str, Counter[str]] = {t: Counter() for t in fuzzing.TARGETS}
    crashes: list[tuple[int, fuzzing.Outcome]] = []
    started = time.monotonic()
    seed = args.seed
    runs = args.runs if deadline is None else sys.maxsize
    for n in range(runs):
        if deadline is not None and time.monotonic() > deadline:
            break
        seed = args.seed + n
        target = fuzzing.TARGETS[seed % len(fuzzing.TARGETS)]
        with tempfile.TemporaryDirectory() as work:
            outcome = fuzzing.run(target, Path(work), seed)
        kinds[outcome.kind] += 1
        mutations.update(outcome.mutations)
        per_target[target][outcome.kind] += 1
        if outcome.kind == "crash":
            crashes.append((seed, outcome))
            print(f"crash (seed {seed}, {target}, {'+'.join(outcome.mutations)}): {outcome.detail}")
    total = sum(kinds.values())
    took = time.monotonic() - started
    print(
        f"\n{total} runs in {took:.0f} s from seed {args.seed}: "
        + ", ".join(f"{kinds[k]} {k}" for k in ("clean", "refused", "crash"))
    )
    print("damage applied: " + ", ".join(f"{k} {v}" for k, v in sorted(mutations.items())))
    for target, counts in per_target.items():
        if counts:
            print(f"  {target}: " + ", ".join(f"{v} {k}" for k, v in sorted(counts.items())))
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
