"""Benchmark: how well the communication score predicts replies, next to the baseline and the oracle.

For each seed, builds the synthetic demo network (LinkedIn export, mail,
calendar, address book), imports it as ``goodword demo`` does, and runs the
back-test of ``goodword eval`` (rolling cuts where 55%, 70% and 85% of the
owner's direct asks had been sent, judged up to the export date). Every
judged ask is predicted by:

- **model**: the communication score's chance from before the cut;
- the three naive **baselines** of ``goodword eval``: the person's raw past
  reply rate, the messages exchanged either way before the cut, and the
  messages they sent the owner;
- **oracle**: the reply probability the generator drew the person's reply
  with at the time of the ask, before the tie's recency lowered it
  (``Contact.reply_prob_at(asked_at)``, which goodword never sees; the
  generator's ``answers_at`` also lowers it for a tie gone quiet, which
  this column leaves out, so the true headroom is somewhat higher; it
  follows the contact's drawn change, if any, such as a tie cooling after
  the shared work ended). Nothing can rank or
  calibrate much better than this; it is the headroom. It is an
  approximation: a reply later than 30 days counts as no reply in goodword,
  and nudges make some asks easier to answer than others.

It prints the within-owner AUC (each seed is an owner: asks are ranked only
against the same seed's at the same cut) and Brier per seed and pooled over
the seeds, with the cluster bootstrap's 95% intervals for model − each
baseline (seeds, then cuts, then people resampled; one person's asks are
correlated), and the oracle's AUC beside the model's on the asks whose
person maps to exactly one generated contact.

    .venv/bin/python bench/bench_backtest.py                         # seeds 1-5, 400 contacts
    .venv/bin/python bench/bench_backtest.py --contacts 1000 --seeds 1 2 3 4 5 6 7 8 9 10  # README
    .venv/bin/python bench/bench_backtest.py --seeds 1 2 --contacts 300
    .venv/bin/python bench/bench_backtest.py --json                  # the figures as JSON
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import replace
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
    BASELINES,
    MODEL,
    NAMES,
    RAW_RATE,
    Backtest,
    Judged,
    backtest,
    brier,
    default_cuts,
    scorecard,
    within_owner_auc,
)
from goodword.evidence.threads import exchanges
from goodword.service import Service, as_of_moment
from goodword.store import models as m
from goodword.store.owner import local_owner
from goodword.store.queries import load_network

SHORT = {MODEL: "model", RAW_RATE: "rate", "exchanged": "exch", "from_them": "from"}


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
    seed: int, contacts: int, cuts: int
) -> tuple[Backtest, list[tuple[Judged, float | None]], float, communication.Prior]:
    """Build, import and back-test one demo network: its result, (judged, oracle), seconds, prior."""
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
            moments = default_cuts(facts.messages, facts.self_id, end, cuts)
            started = time.perf_counter()
            result = backtest(facts.messages, facts.self_id, moments, end, owner=seed, resamples=0)
            seconds = time.perf_counter() - started
            last = moments[-1]
            before = [msg for msg in facts.messages if msg.occurred_at < last]
            prior = communication.network_prior(exchanges(before, facts.self_id, last), last)
        finally:
            service.close()
    return result, [(j, _oracle(truth, j)) for j in result.judged], seconds, prior


def _oracle(truth: dict[int, Contact], judged: Judged) -> float | None:
    """The generating reply probability for the ask, as of when it was sent (None if unknown)."""
    contact = truth.get(int(str(judged.person)))
    if contact is None or judged.asked_at is None:
        return None
    return contact.reply_prob_at(judged.asked_at)


def _figures(rows: Sequence[tuple[Judged, float | None]], resamples: int) -> dict[str, Any]:
    """Model and baselines within owner, their bootstrap differences, and the oracle's headroom."""
    judged = [j for j, _ in rows]
    card = scorecard(judged, resamples=resamples)
    known = [(j, oracle) for j, oracle in rows if oracle is not None]
    as_oracle = [replace(j, model=oracle) for j, oracle in known]
    return {
        "asks": card.asks,
        "people": card.people,
        "answered": card.answered,
        "with_oracle": len(known),
        **{f"{key}_auc": card.method(key).auc for key in (MODEL, *BASELINES)},
        "model_brier": card.method(MODEL).brier,
        "raw_rate_brier": card.method(RAW_RATE).brier,
        "oracle_auc": within_owner_auc(as_oracle),
        "oracle_brier": brier([(j.model, j.answered) for j in as_oracle]),
        # the model on the same asks as the oracle, for a like-for-like column
        "model_auc_where_oracle": within_owner_auc([j for j, _ in known]),
        "model_minus": {key: card.differences[key].as_dict() for key in BASELINES},
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
    print(
        f"{label:>7} {f['asks']:>5} {f['people']:>5} {f['answered']:>5}  AUC "
        + " ".join(f"{SHORT[key]} {_fmt(f[f'{key}_auc'])}" for key in (MODEL, *BASELINES))
        + f"  Brier model {_fmt(f['model_brier'], 4)} rate {_fmt(f['raw_rate_brier'], 4)}"
        + f"  oracle AUC {_fmt(f['oracle_auc'])} (model {_fmt(f['model_auc_where_oracle'])}"
        + f" on its {f['with_oracle']} asks)"
    )
    for key in BASELINES:
        gap = f["model_minus"][key]
        if gap["auc"]["low"] is None:
            continue
        print(
            f"{'':>25}model − {NAMES[key]:<36} AUC {_ci(gap['auc'], 3)}"
            + (f"  Brier {_ci(gap['brier'], 4)}" if key == RAW_RATE else "")
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
    parser.add_argument("--cuts", type=int, default=3, help="rolling cuts per seed")
    parser.add_argument("--resamples", type=int, default=1000, help="bootstrap resamples")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    report: dict[str, Any] = {"contacts": args.contacts, "cuts": args.cuts, "seeds": {}}
    pooled: list[tuple[Judged, float | None]] = []
    if not args.json:
        print(f"{'seed':>7} {'asks':>5} {'people':>5} {'yes':>5}")
    for seed in args.seeds:
        result, rows, seconds, prior = run_seed(seed, args.contacts, args.cuts)
        pooled.extend(rows)
        figures = _figures(rows, resamples=0)
        figures["cuts"] = [window.cut.isoformat() for window in result.windows]
        figures["backtest_seconds"] = round(seconds, 3)
        figures["prior"] = prior.as_list()
        report["seeds"][seed] = figures
        if not args.json:
            _print(str(seed), figures)
            print(f"{'':>25}prior: {_prior_text(prior)}")
    report["pooled"] = _figures(pooled, resamples=args.resamples)
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
