"""`goodword eval` from the command line: cuts, baselines, how sure it is, its JSON twin, its errors."""

from __future__ import annotations

import json
import math
from pathlib import Path

from typer.testing import CliRunner

from goodword.cli.app import app
from goodword.evidence.backtest import MIN_ASKS, RESAMPLED

runner = CliRunner()


def run(*args: str, home: Path) -> tuple[int, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "200", "GOODWORD_HOME": str(home)})
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def test_eval_prints_each_cut_the_baselines_and_the_differences_and_the_same_in_json(
    tmp_path: Path,
) -> None:
    """A small synthetic history: three cuts, the model beside three baselines, with intervals."""
    assert run("demo", "--contacts", "100", "--keep", str(tmp_path), home=tmp_path / "x")[0] == 0
    home = tmp_path / "home"

    code, out = run("eval", "--until", "2026-10-01", "--json", home=home)
    assert code == 0
    payload = json.loads(out)
    assert len(payload["cuts"]) == 3
    assert sum(cut["asks_judged"] for cut in payload["cuts"]) == payload["asks_judged"]
    assert payload["split"] == payload["cuts"][0]["cut"]
    assert 0 < payload["coverage"] <= 1
    difference = payload["difference"]
    assert difference["resampled"] == RESAMPLED and difference["resamples"] == 1000
    for part, method in (("auc", "auc"), ("brier", "brier")):
        estimate = payload["model"][method] - payload["baseline"][method]
        assert abs(difference[part]["estimate"] - estimate) < 2e-3
        assert difference[part]["low"] <= difference[part]["estimate"] <= difference[part]["high"]
    assert payload["differences"]["raw_rate"] == difference
    for baseline in payload["baselines"]:
        gap = payload["differences"][baseline["key"]]["auc"]["estimate"]
        assert abs(payload["model"]["auc"] - baseline["auc"] - gap) < 2e-3
    assert json.loads(run("eval", "--until", "2026-10-01", "--json", home=home)[1]) == payload

    code, out = run("eval", "--until", "2026-10-01", home=home)
    assert code == 0
    assert "each cut" in out and "model − each baseline" in out and "95% interval" in out
    assert "messages they sent you before the cut" in out
    assert f"{difference['auc']['low']:+.3f} to {difference['auc']['high']:+.3f}" in out

    payload = json.loads(
        run("eval", "--until", "2026-10-01", "--cuts", "4", "--json", home=home)[1]
    )
    assert len(payload["cuts"]) == 4
    code, out = run("eval", "--until", "2026-10-01", "--split", "2021-01-01", "--json", home=home)
    assert code == 0 and [c["cut"][:10] for c in json.loads(out)["cuts"]] == ["2021-01-01"]


def test_eval_with_too_little_history_says_what_it_needs(tmp_path: Path) -> None:
    code, out = run("eval", home=tmp_path)
    assert code != 0
    assert f"needs at least {MIN_ASKS} direct messages of yours" in out
    assert "found 0 before the cut" in out and "must come before" not in out


def test_eval_refuses_a_split_with_cuts_and_a_split_after_the_end(tmp_path: Path) -> None:
    code, out = run("eval", "--split", "2024-01-01", "--cuts", "2", home=tmp_path)
    assert code != 0 and "not both" in out
    code, out = run("eval", "--split", "2024-01-01", "--until", "2023-01-01", home=tmp_path)
    assert code != 0 and "--split 2024-01-01 must come before --until 2023-01-01" in out


def test_eval_help_says_how_to_read_it() -> None:
    out = runner.invoke(app, ["eval", "--help"], env={"COLUMNS": "100"}).output
    assert "0.5 is chance" in out and "lower is better" in out
    assert "within your own history" in out and "pairs" in out.lower()
    assert "--cuts" in out and "--split" in out


def test_the_chances_are_calibrated_on_the_demo(tmp_path: Path) -> None:
    """What the model says is what happens: each well-filled bin close to the observed rate.

    The demo's people answer as their tie says, not as the model assumes, so
    this holds only if the owner's own history calibrates the shipped weights.
    """
    assert run("demo", "--contacts", "300", "--keep", str(tmp_path), home=tmp_path / "x")[0] == 0
    code, out = run("eval", "--json", home=tmp_path / "home")
    assert code == 0
    payload = json.loads(out)
    assert payload["asks_judged"] >= 150
    assert payload["model"]["brier"] < payload["baseline"]["brier"]
    # Within 0.1 where a bin holds 30 asks or more; within two standard errors of the
    # observed rate where it holds 15 or more (a bin of 18 asks can miss by 0.1 by chance).
    filled = [b for b in payload["model"]["calibration"] if b["asks"] >= 15]
    assert sum(b["asks"] for b in filled) >= 0.9 * payload["asks_judged"]
    for bin_ in filled:
        observed, asks = bin_["observed"], bin_["asks"]
        error = math.sqrt(max(observed * (1 - observed), 0.05) / asks)
        allowed = 0.1 if asks >= 30 else max(0.1, 2 * error)
        assert abs(bin_["predicted"] - observed) <= allowed, bin_
