"""Fit the communication model's shipped default on the real archives beside the checkout.

    .venv/bin/python bench/fit_communication.py [--data ../shared/data] [--write]

Unpacks the real mailboxes and LinkedIn exports of ``../shared/data`` into a
temporary folder, imports each into its own temporary home (mailboxes with
the owner addresses of their MANIFEST.tsv as ``--me``), and for each owner
takes cuts every 91 days from a quarter of the way into their history to its
end: at each cut, every person's features as of the cut against what became
of the owner's direct messages to them in the half-year after it
(:func:`goodword.evidence.communication.examples`, the same rows the
owner's own refit reads). One model per channel is fitted on all owners'
rows pooled, with the model's sign bounds.

It prints, per channel, leave-one-owner-out figures (each owner judged by
a default fitted without them): the pooled within-owner AUC (pairs only
within one owner and one cut) of the model beside the naive baselines read
from the same rows. With ``--write`` it writes the weights, the typical
contact and these figures to ``src/goodword/evidence/communication_default.py``.

Only aggregate figures are printed: no names, addresses or subjects.
Without the data folder it says so and exits 0.
"""

from __future__ import annotations

import argparse
import math
import subprocess
import sys
import tarfile
import tempfile
import time
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from goodword.config import Settings
from goodword.evidence import communication as comm
from goodword.evidence.backtest import (
    EXCHANGED,
    FROM_THEM,
    MODEL,
    RAW_RATE,
    Judged,
    brier,
    within_owner_auc,
)
from goodword.evidence.threads import exchanges
from goodword.service import Service
from goodword.store.facts import MessageFact
from goodword.store.owner import local_owner
from goodword.store.queries import load_network

HERE = Path(__file__).resolve().parent
DEFAULT_DATA = HERE.parents[1] / "shared" / "data"
TARGET = HERE.parent / "src" / "goodword" / "evidence" / "communication_default.py"
START = 0.25  # the first cut, as a share of the owner's span of direct messages
FIT_RIDGE = 5.0  # the pooled fit is held to zero this hard


def owners(data: Path, work: Path) -> list[tuple[str, str, list[str]]]:
    """(name, source, --me addresses) of every mailbox and export, unpacked under ``work``."""
    found = []
    for archive, source in (
        ("enron-before-cut.tar.xz", "mail"),
        ("linkedin-before-cut.tar.xz", "linkedin"),
    ):
        path = data / archive
        if not path.exists():
            continue
        with tarfile.open(path) as tar:
            tar.extractall(work, filter="data")
        root = work / archive.removesuffix(".tar.xz")
        manifest = (root / "MANIFEST.tsv").read_text().splitlines()[1:]
        for at, line in enumerate(manifest, 1):
            cells = line.split("\t")
            me = cells[2].split() if source == "mail" and len(cells) > 2 else []
            label = cells[0] if source == "mail" else f"li-{at}"
            found.append((label, source, [str(root / cells[0]), *me]))
    return found


def load(path: str, me: list[str], home: Path) -> tuple[list[MessageFact], int]:
    """Import one archive into ``home`` and return its messages and owner id."""
    service = Service(Settings(home=home))
    try:
        service.import_path(Path(path), me=me)
        with service.store.session() as session:
            owner = local_owner(session)
            network = load_network(session, owner, datetime(2100, 1, 1, tzinfo=UTC))
        return network.messages, network.self_id
    finally:
        service.close()


def rows_of(
    messages: list[MessageFact], self_id: int
) -> dict[str, list[tuple[int, comm.Row, bool]]]:
    """Per channel: (cut number, row, one-sided) for every cut through this owner's history.

    At a cut where the channel's archive had lost its received messages
    (:func:`goodword.evidence.communication.one_sided`) the row keeps what
    the owner sent alone, as the owner's own refit reads it.
    """
    if not messages:
        return {}
    end = messages[-1].occurred_at + timedelta(days=1)
    found = exchanges(messages, self_id, end)
    opened = sorted(a.opened_at for e in found.values() for a in e.asks)
    if len(opened) < 10:
        return {}
    first, last = opened[0], opened[-1]
    cut = first + (last - first) * START
    per: dict[str, list[tuple[int, comm.Row, bool]]] = defaultdict(list)
    number = 0
    while cut < last - timedelta(days=14):
        lost = frozenset(side[0] for side in comm.one_sided(found, cut))
        for channel, rows in comm.examples(found, [cut], end, outgoing=lost).items():
            per[channel].extend((number, row, channel in lost) for row in rows)
        cut += timedelta(days=comm.CUT_DAYS)
        number += 1
    return per


def judged(owner: str, cut: int, at: int, x: tuple[float, ...], y: bool, chance: float) -> Judged:
    """One row as the back-test's judged ask, its count baselines read back from the features."""
    value = dict(zip(comm.FEATURES, x, strict=True))
    yes, no = math.expm1(value["answered"]), math.expm1(value["unanswered"])
    wrote, sent = round(math.expm1(value["wrote"])), round(math.expm1(value["sent"]))
    return Judged(
        person=at,
        model=chance,
        baseline=yes / (yes + no) if yes + no else -1.0,
        answered=y,
        exchanged=wrote + sent,
        from_them=wrote,
        cut=cut,
        owner=owner,
    )


def main() -> int:
    """Fit, print the leave-one-owner-out figures, and write the default with --write."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    if not (args.data / "enron-before-cut.tar.xz").exists():
        print(f"skipped: no real archives in {args.data} (they sit in ../shared/data)")
        return 0
    started = time.perf_counter()
    per_owner: dict[str, dict[str, list[tuple[int, comm.Row, bool]]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for label, _source, (path, *me) in owners(args.data, work):
            messages, self_id = load(path, me, work / "homes" / label)
            per_owner[label] = rows_of(messages, self_id)
    print(f"imported {len(per_owner)} archives in {time.perf_counter() - started:.0f} s")
    fitted: dict[str, comm.Weights] = {}
    lines = []
    for channel in comm.CHANNELS:
        zero = comm.Weights(channel, 0.0, (0.0,) * len(comm.FEATURES))
        everyone = {
            o: [r for _, r, lost in rows.get(channel, []) if not lost]
            for o, rows in per_owner.items()
        }
        everyone = {o: rows for o, rows in everyone.items() if rows}
        if not everyone:
            continue
        rows_judged: list[Judged] = []
        for held in everyone:
            train = [row for o, rows in everyone.items() if o != held for row in rows]
            model = comm.fit(train, zero, ridge=FIT_RIDGE, ridge_intercept=FIT_RIDGE)
            rows_judged.extend(
                judged(held, cut, at, x, y, model.chance(x))
                for at, (cut, (x, y), lost) in enumerate(per_owner[held][channel])
                if not lost
            )
        pooled = [row for rows in everyone.values() for row in rows]
        fitted[channel] = comm.fit(pooled, zero, ridge=FIT_RIDGE, ridge_intercept=FIT_RIDGE)
        answered = sum(y for _, y in pooled)
        line = (
            f"{channel}: {len(everyone)} owners, {len(pooled)} rows, {answered} answered; "
            "leave-one-owner-out within-owner AUC: "
            + ", ".join(
                f"{name} {auc:.3f}"
                if (auc := within_owner_auc(rows_judged, key)) is not None
                else f"{name} -"
                for key, name in (
                    (MODEL, "model"),
                    (EXCHANGED, "exchanged"),
                    (FROM_THEM, "from them"),
                    (RAW_RATE, "raw rate"),
                )
            )
        )
        lines.append(line)
        print(line)
        print(
            "  weights:",
            ", ".join(
                f"{n} {w:+.2f}"
                for n, w in zip(
                    ("intercept", *comm.FEATURES),
                    (fitted[channel].intercept, *fitted[channel].weights),
                    strict=True,
                )
            ),
        )
    outgoing = fit_outgoing(per_owner, lines)
    all_rows = [
        r for rows in per_owner.values() for ch in rows.values() for _, r, lost in ch if not lost
    ]
    typical = tuple(
        sum(x[at] for x, _ in all_rows) / len(all_rows) for at in range(len(comm.FEATURES))
    )
    print(f"done in {time.perf_counter() - started:.0f} s")
    if "linkedin_message" in fitted:
        fitted["email"] = mail_default(per_owner, fitted["linkedin_message"], lines)
    if args.write:
        write(fitted, outgoing, typical, lines)
        print(f"wrote {TARGET.relative_to(HERE.parent)}")
    return 0


def mail_default(
    per_owner: dict[str, dict[str, list[tuple[int, comm.Row, bool]]]],
    linkedin: comm.Weights,
    lines: list[str],
) -> comm.Weights:
    """Mail's default: the LinkedIn weights, with the base rate of the mailboxes that kept answers.

    Most mailboxes lost their received mail before the corpus was made: their
    rows are one-sided and feed the outgoing model's judgement, not the
    email fit. The few whole ones hold too few answers to learn eight weights
    from, so mail takes the LinkedIn fit's weights, whose archives are whole,
    and only its base rate from the whole mailboxes' rows pooled: mail is
    answered far less often than a LinkedIn message (each owner's own refit
    and calibration then move both). Leave-one-owner-out Brier scores of
    the two base rates are printed and kept in the module's docstring.
    """
    whole = {
        owner: [r for _, r, lost in rows.get("email", []) if not lost]
        for owner, rows in per_owner.items()
    }
    whole = {owner: rows for owner, rows in whole.items() if rows}
    pooled = [row for rows in whole.values() for row in rows]
    if not pooled:
        lines.append("email ships the linkedin_message weights: no mailbox kept its answers")
        print(lines[-1])
        return comm.Weights("email", linkedin.intercept, linkedin.weights)
    held: list[tuple[float, bool]] = []
    plain: list[tuple[float, bool]] = []
    for owner, rows in whole.items():
        rest = [row for other, kept in whole.items() if other != owner for row in kept]
        model = comm.calibrate(linkedin, rest, scale=False)
        held.extend((model.chance(x), y) for x, y in rows)
        plain.extend((linkedin.chance(x), y) for x, y in rows)
    model = comm.calibrate(linkedin, pooled, scale=False)
    lines.append(
        f"email ships the linkedin_message weights with a base rate set on the {len(whole)} "
        f"mailboxes that kept their answers ({len(pooled)} rows, "
        f"{sum(y for _, y in pooled)} answered: too few to fit weights on); "
        f"leave-one-owner-out Brier {brier(held):.4f}, against {brier(plain):.4f} "
        "with LinkedIn's base rate"
    )
    print(lines[-1])
    return comm.Weights("email", model.intercept, linkedin.weights)


def fit_outgoing(
    per_owner: dict[str, dict[str, list[tuple[int, comm.Row, bool]]]], lines: list[str]
) -> comm.Weights:
    """The model for an archive that lost its received messages, fitted where answers were kept.

    The LinkedIn exports are whole: their rows, with everything but what the
    owner sent masked as a one-sided archive's are, teach what sending alone
    says of an answer. The mailboxes' own one-sided rows are not fitted on:
    nearly all their answers sit in one mailbox, whose habits would become
    everyone's. They judge the fit instead (within-owner AUC beside the
    count of messages exchanged).
    """
    zero = comm.Weights("email", 0.0, (0.0,) * len(comm.FEATURES))
    whole = [
        (comm.outgoing_only(x), y)
        for rows in per_owner.values()
        for _, (x, y), lost in rows.get("linkedin_message", [])
        if not lost
    ]
    fitted = comm.fit(whole, zero, ridge=FIT_RIDGE, ridge_intercept=FIT_RIDGE)
    # The masked features are 0 in every row: their weights (held only by the sign bounds) say
    # nothing, and are shipped as 0.
    model = comm.Weights(
        "email",
        fitted.intercept,
        tuple(
            w if name in comm.OUTGOING else 0.0
            for name, w in zip(comm.FEATURES, fitted.weights, strict=True)
        ),
    )
    judged_rows = [
        judged(owner, cut, at, x, y, model.chance(x))
        for owner, rows in per_owner.items()
        for at, (cut, (x, y), lost) in enumerate(rows.get("email", []))
        if lost
    ]
    answered = sum(row.answered for row in judged_rows)
    figures = ", ".join(
        f"{name} {auc:.3f}"
        if (auc := within_owner_auc(judged_rows, key)) is not None
        else f"{name} -"
        for key, name in ((MODEL, "model"), (EXCHANGED, "exchanged"))
    )
    lines.append(
        f"one-sided (what you sent alone): fitted on {len(whole)} LinkedIn rows masked; on the "
        f"mailboxes' {len(judged_rows)} one-sided rows ({answered} answered) within-owner AUC: "
        + figures
    )
    print(lines[-1])
    print(
        "  weights:",
        ", ".join(
            f"{n} {w:+.2f}"
            for n, w in zip(
                ("intercept", *comm.FEATURES), (model.intercept, *model.weights), strict=True
            )
            if n == "intercept" or n in comm.OUTGOING
        ),
    )
    return model


def write(
    fitted: dict[str, comm.Weights],
    outgoing: comm.Weights,
    typical: tuple[float, ...],
    lines: list[str],
) -> None:
    """The default module, with what it was fitted on in its docstring."""
    figures = "\n".join(f"    {line}" for line in lines)
    weights = "\n".join(
        f"    {channel!r}: ({', '.join(f'{v:.4f}' for v in (w.intercept, *w.weights))}),"
        for channel, w in fitted.items()
    )
    TARGET.write_text(
        f'''"""The communication model's default weights, fitted on real archives.

Written by ``bench/fit_communication.py --write`` on {date.today():%Y-%m-%d}: eleven real
mailboxes and five real LinkedIn exports, each owner's history cut every
{comm.CUT_DAYS} days from a quarter of the way in, every person's features as
of a cut against what became of the owner's direct messages to them in the
half-year after it, pooled per channel. Leave-one-owner-out figures of that
run (pooled within-owner AUC; the baselines ranked by the same rows):

{figures}

``WEIGHTS[channel]`` is the intercept, then one weight per
``communication.FEATURES``; ``OUTGOING`` the same for an archive that lost
its received messages (weights but ``communication.OUTGOING``'s are 0);
``TYPICAL`` is the average contact's features
over every row, against which the why measures what moved a chance.
Regenerate it rather than edit it.
"""

WEIGHTS: dict[str, tuple[float, ...]] = {{
{weights}
}}
OUTGOING: tuple[float, ...] = ({", ".join(f"{v:.4f}" for v in (outgoing.intercept, *outgoing.weights))})
TYPICAL: tuple[float, ...] = ({", ".join(f"{v:.4f}" for v in typical)})
'''
    )
    # In the project's own layout, so `make test`'s format check passes as written.
    subprocess.run([sys.executable, "-m", "ruff", "format", "--quiet", str(TARGET)], check=True)


if __name__ == "__main__":
    sys.exit(main())
