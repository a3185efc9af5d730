"""Benchmark: how well the communication score predicts replies, next to the baseline and the oracle.

For each seed, builds the synthetic demo network (LinkedIn export, mail,
calendar, address book), imports it as ``goodword demo`` does, and runs the
back-test of ``goodword eval`` (split where 70% of the owner's direct asks had
been sent, judged up to the export date). Every judged ask is predicted three
ways:

- **model**: the communication score's ``reply_rate`` from before the split;
- **baseline**: the person's raw past reply rate;
- **oracle**: the reply probability the generator actually drew the person's
  reply with at the time of the ask (``Contact.reply_prob_at(asked_at)``,
  which goodword never sees; it follows the contact's drawn change, if any,
  such as a tie cooling after the shared work ended). Nothing can rank or
  calibrate much better than this; it is the headroom. It is an
  approximation: a reply later than 30 days counts as no reply in goodword,
  and nudges make some asks easier to answer than others.

It prints AUC and Brier per seed and pooled over the seeds (each network's
people kept apart), with paired bootstrap 95% intervals for model − baseline
and oracle − model that resample *people*, not asks (one person's asks are
correlated). People whose record maps to more than one generated contact (or
none) get no oracle and are left out of the oracle columns' pairs.

    .venv/bin/python bench/bench_backtest.py                         # seeds 1-5, 400 contacts
    .venv/bin/python bench/bench_backtest.py --seeds 1 2 --contacts 300
    .venv/bin/python bench/bench_backtest.py --json                  # the figures as JSON
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from sqlalchemy import select

from goodword.config import Settings
from goodword.demo import Contact, build_network, write_export_zip
from goodword.demo.workspace import private_address, work_address, write_workspace
from goodword.evidence import communication
from goodword.evidence.backtest import (
    Backtest,
    Judged,
    auc,
    backtest,
    brier,
    compare,
    default_split,
)
from goodword.evidence.threads import exchanges
from goodword.service import Service, as_of_moment
from goodword.store import models as m
from goodword.store.owner import local_owner
from goodword.store.queries import load_network


@dataclass(frozen=True, slots=True)
class Row:
    """One judged ask with the three predictions."""

    person: Hashable
    model: float
    baseline: float
    oracle: float | None
    answered: bool


def _contact_keys(contact: Contact) -> set[str]:
    keys = {f"linkedin.com/in/{contact.slug}".lower(), private_address(contact)}
    for organization in {contact.worked_at, contact.company} - {None, ""}:
        assert organization is not None
        keys.add(work_address(contact, organization))
    return keys


def _truth(service: Service, contacts: Sequence[Contact]) -> dict[int, Contact]:
    """Person id → the generated contact, for people who map to exactly one contact."""
    by_key: dict[str, int] = {}
    for contact in contacts:
        for key in _contact_keys(contact):
            by_key[key] = contact.index
    by_index = {contact.index: contact for contact in contacts}
    found: dict[int, set[int]] = {}
    with service.store.session() as session:
        owner = local_owner(session)
        rows = session.execute(
            select(m.Identity.person_id, m.Identity.value).where(m.Identity.owner_id == owner.id)
        )
        for person_id, value in rows:
            index = by_key.get(unquote(value).lower())
            if index is not None:
                found.setdefault(person_id, set()).add(index)
    return {
        person_id: by_index[next(iter(indexes))]
        for person_id, indexes in found.items()
        if len(indexes) == 1
    }


def run_seed(
    seed: int, contacts: int, share: float
) -> tuple[Backtest, list[Row], float, communication.Prior]:
    """Build, import and back-test one demo network: the result, its rows, seconds and prior."""
    network = build_network(seed=seed, contacts=contacts)
    with tempfile.TemporaryDirectory(prefix="goodword-bench-backtest-") as scratch:
        base = Path(scratch)
        service = Service(Settings(home=base / "home"))
        try:
            service.import_path(write_export_zip(network, base / "export"))
            for path in write_workspace(network, base / "workspace"):
                service.import_path(path)
            truth = _truth(service, network.contacts)
            end = as_of_moment(network.export_date)
            with service.store.session() as session:
                facts = load_network(session, local_owner(session), end)
            split = default_split(facts.messages, facts.self_id, end, share)
            started = time.perf_counter()
            result = backtest(facts.messages, facts.self_id, [split], end)
            seconds = time.perf_counter() - started
            before = [msg for msg in facts.messages if msg.occurred_at < split]
            prior = communication.network_prior(exchanges(before, facts.self_id, split), split)
        finally:
            service.close()
    rows = [
        Row((seed, j.person), j.model, j.baseline, _oracle(truth, j), j.answered)
        for j in result.judged
    ]
    return result, rows, seconds, prior


def _oracle(truth: dict[int, Contact], judged: Judged) -> float | None:
    """The generating reply probability for the ask, as of when it was sent (None if unknown)."""
    contact = truth.get(int(str(judged.person)))
    if contact is None or judged.asked_at is None:
        return None
    return contact.reply_prob_at(judged.asked_at)


def _figures(rows: Sequence[Row]) -> dict[str, Any]:
    """AUC and Brier of the three methods, and the bootstrap intervals of their differences."""
    pairs = {
        "model": [(r.model, r.answered) for r in rows],
        "baseline": [(r.baseline, r.answered) for r in rows],
    }
    known = [r for r in rows if r.oracle is not None]
    oracle_pairs = [(r.oracle, r.answered) for r in known if r.oracle is not None]
    vs_baseline = compare([Judged(r.person, r.model, r.baseline, r.answered) for r in rows])
    vs_oracle = compare(
        [Judged(r.person, r.oracle, r.model, r.answered) for r in known if r.oracle is not None]
    )
    return {
        "asks": len(rows),
        "people": len({r.person for r in rows}),
        "answered": sum(r.answered for r in rows),
        "with_oracle": len(known),
        **{f"{name}_auc": auc(p) for name, p in pairs.items()},
        **{f"{name}_brier": brier(p) for name, p in pairs.items()},
        "oracle_auc": auc(oracle_pairs),
        "oracle_brier": brier(oracle_pairs),
        # the oracle's figures on the same asks, for a like-for-like model column
        "model_auc_where_oracle": auc([(r.model, r.answered) for r in known]),
        "model_brier_where_oracle": brier([(r.model, r.answered) for r in known]),
        "model_minus_baseline": vs_baseline.as_dict(),
        "oracle_minus_model": vs_oracle.as_dict(),
    }


def _fmt(value: float | None, digits: int = 3) -> str:
    return "  n/a" if value is None else f"{value:.{digits}f}"


def _ci(part: dict[str, Any], digits: int) -> str:
    est, low, high = part["estimate"], part["low"], part["high"]
    if est is None:
        return "n/a"
    if low is None or high is None:
        return f"{est:+.{digits}f}"
    return f"{est:+.{digits}f} [{low:+.{digits}f}, {high:+.{digits}f}]"


def _print(label: str, f: dict[str, Any]) -> None:
    d, o = f["model_minus_baseline"], f["oracle_minus_model"]
    print(
        f"{label:>7} {f['asks']:>5} {f['people']:>5} {f['answered']:>5}  "
        f"AUC model {_fmt(f['model_auc'])} base {_fmt(f['baseline_auc'])} "
        f"oracle {_fmt(f['oracle_auc'])}  "
        f"Brier model {_fmt(f['model_brier'], 4)} base {_fmt(f['baseline_brier'], 4)} "
        f"oracle {_fmt(f['oracle_brier'], 4)}"
    )
    print(
        f"{'':>25}model−base AUC {_ci(d['auc'], 3)}  Brier {_ci(d['brier'], 4)}"
        f"   oracle−model AUC {_ci(o['auc'], 3)}  Brier {_ci(o['brier'], 4)}"
        f"  (oracle known for {f['with_oracle']} asks)"
    )


def _prior_text(prior: communication.Prior) -> str:
    """What the owner's refit learned, per channel: rows read and the weights."""
    parts = []
    for model in prior.models:
        weights = ", ".join(
            f"{name} {w:+.2f}"
            for name, w in zip(communication.FEATURES, model.weights, strict=True)
        )
        parts.append(
            f"{model.channel}: {model.rows} rows ({model.answered} answered), "
            f"intercept {model.intercept:+.2f}, {weights}"
        )
    return "; ".join(parts)


def main(argv: list[str] | None = None) -> int:
    """Run the seeds, print per seed and pooled."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3, 4, 5])
    parser.add_argument("--contacts", type=int, default=400)
    parser.add_argument("--share", type=float, default=0.7, help="share of asks before the split")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    report: dict[str, Any] = {"contacts": args.contacts, "share": args.share, "seeds": {}}
    pooled: list[Row] = []
    if not args.json:
        print(f"{'seed':>7} {'asks':>5} {'people':>5} {'yes':>5}")
    for seed in args.seeds:
        result, rows, seconds, prior = run_seed(seed, args.contacts, args.share)
        pooled.extend(rows)
        figures = _figures(rows)
        figures["split"] = result.split.isoformat()
        figures["backtest_seconds"] = round(seconds, 3)
        figures["prior"] = prior.as_list()
        report["seeds"][seed] = figures
        if not args.json:
            _print(str(seed), figures)
            print(f"{'':>25}prior: {_prior_text(prior)}")
    report["pooled"] = _figures(pooled)
    if args.json:
        json.dump(report, sys.stdout, indent=2, default=str)
        print()
    else:
        _print("pooled", report["pooled"])
    return 0


if __name__ == "__main__":
    started = datetime.now()
    code = main()
    print(f"({(datetime.now() - started).total_seconds():.0f} s)", file=sys.stderr)
    raise SystemExit(code)
