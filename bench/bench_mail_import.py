"""Benchmark: the whole ``goodword import`` of a large Takeout-shaped mbox, parse and store.

Generates (once, cached in the temp folder) a Gmail Takeout-shaped mbox with
the generator of ``bench_mailparse.py`` — realistic header blocks, reply
chains, about 2,000 correspondents, attachments in about 10% of the messages
— sized like the issue's archive: 500,000 messages, about 2 GB. Then, each
in a fresh process so peak RSS is its own:

* the naive baseline: stdlib ``mailbox.mbox`` reading the same headers;
* ``goodword import`` into a fresh SQLite database (``Service.import_path``),
  at a fraction of the messages and at all of them, to show memory stays
  flat as the file grows.

Prints messages/s, MB/s, peak RSS and the speed-up over the baseline.

    .venv/bin/python bench/bench_mail_import.py                     # 500,000 messages
    .venv/bin/python bench/bench_mail_import.py --messages 50000     # quicker
    .venv/bin/python bench/bench_mail_import.py --repeat 2           # steadier figures

With ``--repeat N`` the baseline and the import of the full archive run N
times each, alternating, and the fastest of each is compared: on a shared
machine a single run of either can be slowed by a tenth or more.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench_mailparse import generate, measure_baseline

# Small attachments keep the archive near the size (about 2 GB for 500,000 messages).
ATTACHMENT_BYTES = (1_000, 6_000)


def archive(messages: int) -> Path:
    """The cached mbox of ``messages`` messages (generated on first use)."""
    folder = Path(tempfile.gettempdir()) / "goodword-bench-mail"
    folder.mkdir(exist_ok=True)
    path = folder / f"takeout-{messages}.mbox"
    if not path.exists():
        started = time.perf_counter()
        partial = path.with_suffix(".partial")
        generate(partial, messages, attachment_bytes=ATTACHMENT_BYTES)
        partial.rename(path)
        print(f"generated {path} in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return path


def measure_import(path: Path) -> int:
    """``goodword import`` of ``path`` into a fresh SQLite database; messages accounted for."""
    from goodword.config import Settings
    from goodword.service import Service

    with tempfile.TemporaryDirectory() as home:
        service = Service(Settings(home=Path(home)))
        summary = service.import_path(path)
        service.close()
    [report] = summary.files
    accounted = report.added + report.unchanged + sum(report.skipped.values()) + report.problems
    if accounted != report.rows:
        raise SystemExit(f"{report.rows} messages read but {accounted} accounted for")
    return report.rows


MEASURES = {"baseline": measure_baseline, "import": measure_import}


def child(which: str, path: Path) -> None:
    """Run one measurement in this (fresh) process and print it as JSON."""
    started = time.perf_counter()
    count = MEASURES[which](path)
    elapsed = time.perf_counter() - started
    me = resource.getrusage(resource.RUSAGE_SELF)
    reader = resource.getrusage(resource.RUSAGE_CHILDREN)  # the second process, if one ran
    print(
        json.dumps(
            {
                "messages": count,
                "seconds": elapsed,
                "cpu": me.ru_utime + me.ru_stime,
                "reader_cpu": reader.ru_utime + reader.ru_stime,
                "peak_rss_mb": me.ru_maxrss / 1024,
                "reader_peak_rss_mb": reader.ru_maxrss / 1024,
            }
        )
    )


def run(which: str, path: Path) -> dict[str, float]:
    """Run one measurement in a subprocess."""
    done = subprocess.run(
        [sys.executable, __file__, "--child", which, str(path)],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONHASHSEED": "0"},
    )
    result: dict[str, float] = json.loads(done.stdout)
    return result


def main() -> None:
    """Generate the archives, time baseline and import, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=500_000)
    parser.add_argument("--child", nargs=2, metavar=("WHICH", "PATH"), help=argparse.SUPPRESS)
    parser.add_argument("--skip-baseline", action="store_true", help="Only time the import.")
    parser.add_argument(
        "--repeat", type=int, default=1, help="Run baseline and import N times; keep the fastest."
    )
    args = parser.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]))
        return
    sizes = sorted({max(args.messages // 5, 1), args.messages})
    rows = []
    for size in sizes:
        path = archive(size)
        megabytes = path.stat().st_size / 1e6
        kinds = ("import",) if args.skip_baseline else ("baseline", "import")
        rounds = args.repeat if size == args.messages else 1
        for which in [kind for _ in range(rounds) for kind in kinds]:
            if which == "baseline" and size != args.messages:
                continue
            result = run(which, path)
            rows.append((which, size, megabytes, result))
            print(
                f"{which:9} {size:>9,} msgs {megabytes:>8,.0f} MB  {result['seconds']:7.1f} s  "
                f"{result['messages'] / result['seconds']:>8,.0f} msg/s  "
                f"{megabytes / result['seconds']:6.1f} MB/s  peak RSS {result['peak_rss_mb']:5.0f} MB"
                f"  CPU {result['cpu']:6.1f} s"
                + (
                    f" + reader {result['reader_cpu']:.1f} s, {result['reader_peak_rss_mb']:.0f} MB"
                    if result["reader_cpu"]
                    else ""
                ),
                flush=True,
            )
    baselines = [r for w, s, _, r in rows if w == "baseline" and s == args.messages]
    baseline = min(baselines, key=lambda r: r["seconds"]) if baselines else None
    full = min(
        (r for w, s, _, r in rows if w == "import" and s == args.messages),
        key=lambda r: r["seconds"],
    )
    if baseline:
        best = " (fastest of each)" if args.repeat > 1 else ""
        print(
            f"whole import vs naive header read{best}: "
            f"{baseline['seconds']:.1f} s / {full['seconds']:.1f} s = "
            f"{baseline['seconds'] / full['seconds']:.2f}x faster"
        )


if __name__ == "__main__":
    main()
