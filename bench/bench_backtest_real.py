"""Benchmark: the back-test of ``goodword eval`` on real mailboxes and LinkedIn exports.

Reads ``enron-before-cut.tar.xz`` and ``linkedin-before-cut.tar.xz`` from the
shared data folder beside the checkout (``../shared/data``, or ``--data DIR``),
unpacks each into a temporary folder, imports every mailbox (with the owner
addresses its ``MANIFEST.tsv`` gives as ``--me``) and every LinkedIn export
into a goodword home of its own, through the :class:`~goodword.service.Service`
facade, and back-tests each owner as ``goodword eval`` does: rolling cuts at
55%, 70% and 85% of the owner's asks, replies judged up to the owner's last
message (asks younger than two weeks then are not judged).

It prints one table per source: per owner the judged asks, how many were
answered, the model's coverage and the AUC of the model and of each naive
baseline; then all owners of the source pooled *within owner* (asks are only
ranked against the same owner's at the same cut), with the cluster
bootstrap's 95% intervals for the model minus each baseline (owners, then
cuts, then people resampled) and the Brier scores.

The data is real: nothing here prints a name, an address or a subject.
Mailboxes are shown by their folder name as in the manifest (``allen-p``),
LinkedIn exports as ``li-1`` .. ``li-5`` in manifest order. Without the data
folder it says so and exits 0.

    .venv/bin/python bench/bench_backtest_real.py
    .venv/bin/python bench/bench_backtest_real.py --data /path/to/shared/data --cuts 5
"""

from __future__ import annotations

import argparse
import csv
import sys
import tarfile
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from goodword.config import Settings
from goodword.errors import GoodwordError
from goodword.evidence.backtest import (
    BASELINES,
    MODEL,
    NAMES,
    RAW_RATE,
    Backtest,
    Judged,
    backtest,
    default_cuts,
    scorecard,
)
from goodword.service import Service, as_of_moment
from goodword.store.owner import local_owner
from goodword.store.queries import load_network

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
SOURCES = (("mail", "enron-before-cut"), ("LinkedIn", "linkedin-before-cut"))
SHORT = {MODEL: "model", RAW_RATE: "rate", "exchanged": "exch", "from_them": "from"}


@dataclass(frozen=True, slots=True)
class Owner:
    """One owner's back-test (None where there was nothing to cut), under a printable label."""

    label: str
    messages: int
    result: Backtest | None
    failed: str = ""


def _manifest(root: Path) -> list[list[str]]:
    with (root / "MANIFEST.tsv").open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle, delimiter="\t"))[1:]


def _owners(source: str, root: Path) -> Iterator[tuple[str, Path, list[str]]]:
    """(label, folder, --me addresses) per owner, in manifest order."""
    for number, row in enumerate(_manifest(root), start=1):
        if source == "mail":
            yield row[0], root / row[0], row[2].split()
        else:
            yield f"li-{number}", root / row[0], []


def _backtest_one(label: str, folder: Path, me: list[str], home: Path, cuts: int) -> Owner:
    """Import one owner's data into its own home and back-test it at rolling cuts."""
    service = Service(Settings(home=home))
    try:
        service.import_path(folder, me=me)
        with service.store.session() as session:
            network = load_network(session, local_owner(session), as_of_moment(None))
    except GoodwordError as error:  # the message may quote the data: name the kind only
        return Owner(label, 0, None, type(error).__name__)
    finally:
        service.close()
    messages = network.messages
    if not messages:
        return Owner(label, 0, None)
    until = max(message.occurred_at for message in messages) + timedelta(seconds=1)
    moments = default_cuts(messages, network.self_id, until, cuts)
    if not moments:
        return Owner(label, len(messages), None)
    return Owner(
        label, len(messages), backtest(messages, network.self_id, moments, until, owner=label)
    )


def _fmt(value: float | None, digits: int = 3) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def _span(estimate: float | None, low: float | None, high: float | None, digits: int) -> str:
    if estimate is None:
        return "n/a"
    if low is None or high is None:
        return f"{estimate:+.{digits}f}"
    return f"{estimate:+.{digits}f} [{low:+.{digits}f}, {high:+.{digits}f}]"


def _print_source(name: str, owners: list[Owner], resamples: int) -> None:
    """The per-owner table, then the owners pooled within owner."""
    keys = (MODEL, *BASELINES)
    print(f"\n== {name}: {len(owners)} owners ==")
    header = (
        f"{'owner':<10} {'msgs':>6} {'cuts':>4} {'judged':>6} {'yes':>5} {'new':>5} {'cover':>6}"
    )
    print(header + "".join(f" {'AUC ' + SHORT[key]:>9}" for key in keys))
    judged: list[Judged] = []
    for owner in owners:
        if owner.result is None:
            why = f"import failed ({owner.failed})" if owner.failed else "no asks of theirs"
            print(f"{owner.label:<10} {owner.messages:>6}   {why}")
            continue
        result, card = owner.result, owner.result.card
        judged.extend(result.judged)
        cover = "n/a" if card.coverage is None else f"{card.coverage:.0%}"
        print(
            f"{owner.label:<10} {owner.messages:>6} {len(result.windows):>4} {card.asks:>6} "
            f"{card.answered:>5} {result.new_contacts:>5} {cover:>6}"
            + "".join(f" {_fmt(card.method(key).auc):>9}" for key in keys)
        )
    pooled = scorecard(judged, resamples=resamples)
    cover = "n/a" if pooled.coverage is None else f"{pooled.coverage:.0%}"
    print(
        f"pooled within owner: {pooled.asks} judged asks to {pooled.people} people of "
        f"{pooled.owners} owners, {pooled.answered} answered, model coverage {cover}"
    )
    for key in keys:
        method = pooled.method(key)
        brier = "" if method.brier is None else f"  Brier {method.brier:.4f}"
        print(f"  {NAMES[key]:<47} AUC {_fmt(method.auc)}{brier}")
    for key in BASELINES:
        gap = pooled.differences[key]
        auc = _span(gap.auc.estimate, gap.auc.low, gap.auc.high, 3)
        brier = _span(gap.brier.estimate, gap.brier.low, gap.brier.high, 4)
        print(f"  model − {NAMES[key]:<39} AUC {auc}  Brier {brier}")


def main(argv: list[str] | None = None) -> int:
    """Unpack, import, back-test each owner, print per source; skip when there is no data."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, default=DATA, help="the shared data folder")
    parser.add_argument("--cuts", type=int, default=3, help="rolling cuts per owner")
    parser.add_argument("--resamples", type=int, default=1000, help="bootstrap resamples")
    args = parser.parse_args(argv)
    archives = [args.data / f"{stem}.tar.xz" for _, stem in SOURCES]
    if not all(path.is_file() for path in archives):
        print(
            f"skipped: no real data at {args.data} (pass --data DIR holding {SOURCES[0][1]}.tar.xz)"
        )
        return 0
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="goodword-bench-real-") as scratch:
        base = Path(scratch)
        for (name, stem), archive in zip(SOURCES, archives, strict=True):
            with tarfile.open(archive, "r:xz") as packed:
                packed.extractall(base / "data", filter="data")
            owners = [
                _backtest_one(label, folder, me, base / "homes" / stem / label, args.cuts)
                for label, folder, me in _owners(name, base / "data" / stem)
            ]
            _print_source(name, owners, args.resamples)
    print(f"\nwall time {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
