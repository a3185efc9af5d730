"""The ``goodword`` command driven through Typer's test runner.

Input is a synthetic LinkedIn export from the project's own generator
(``build_network(seed=7, contacts=60)``). Every test runs against a data
directory of its own; read-only tests share one home that is imported once
per module (``imported``), tests that change data work on a copy of it
(``copied_home``) or on a fresh, empty home (``home``).

Errors are checked the way a user meets them: the documented exit code, one
``error:`` message that names the problem, and never a traceback.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner, Result

import goodword.cli.app
from goodword.demo import SAMPLE_JOB, Network, build_network, write_export, write_export_zip
from goodword.identity import normalise

runner = CliRunner()

SEED = 7
CONTACTS = 60
CRITERIA = ("familiarity", "communication", "satisfaction")
LINKEDIN_PREFIX = "https://www.linkedin.com/in/"
WIDE = 250
SKIP_REASONS = {
    "ghost row": "Connections.csv",
    "draft: never sent": "messages.csv",
    "sponsored InMail": "messages.csv",
    "spam folder": "messages.csv",
    "LinkedIn Member": "messages.csv",
}


# ---------------------------------------------------------------- helpers


def invoke(*args: str, input: str | None = None) -> Result:
    """Run ``goodword ARGS`` in-process."""
    return runner.invoke(goodword.cli.app.app, list(args), input=input)


def _stderr(result: Result) -> str:
    try:
        return result.stderr
    except ValueError:  # older runners mix stderr into output and refuse .stderr
        return ""


def everything(result: Result) -> str:
    """All the text a user saw, stdout and stderr."""
    stderr = _stderr(result)
    return result.output if stderr in result.output else result.output + stderr


def flat(text: str) -> str:
    """``text`` with Rich's line wrapping undone (every run of whitespace is one space)."""
    return " ".join(text.split())


def ok(result: Result) -> Result:
    """Assert the command succeeded, showing what it printed when it did not."""
    assert result.exit_code == 0, (
        f"exit {result.exit_code}: {everything(result)}\nexception: {result.exception!r}"
    )
    assert "Traceback" not in everything(result)
    return result


def ok_json(*args: str, input: str | None = None) -> Any:
    """Run a ``--json`` command that must succeed and parse its stdout."""
    return json.loads(ok(invoke(*args, input=input)).stdout)


def assert_error(result: Result, code: int, *needles: str) -> str:
    """The documented exit code, one ``error:`` message containing ``needles``, no traceback."""
    text = everything(result)
    assert result.exit_code == code, f"exit {result.exit_code}, wanted {code}: {text}"
    # A goodword error ends the command through SystemExit, never an unhandled exception.
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in text
    message = flat(text)
    assert message.startswith("error: "), message
    assert message.count("error:") == 1, message
    for needle in needles:
        assert needle in message, f"{needle!r} not in {message!r}"
    return message


def used_files(summary: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The files an import read, by name."""
    return {f["name"]: f for f in summary["files"] if f["used"]}


def unaccented(text: str) -> str:
    """Casefolded ``text`` without accents (how a user would type a name)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def set_home(monkeypatch: pytest.MonkeyPatch, home: Path) -> Path:
    """Point goodword at ``home`` for the rest of the test."""
    monkeypatch.setenv("GOODWORD_HOME", str(home))
    monkeypatch.delenv("GOODWORD_DATABASE_URL", raising=False)
    return home


# ---------------------------------------------------------------- fixtures


@dataclass(frozen=True)
class Imported:
    """A home holding one import of the synthetic export, and what the CLI said about it."""

    home: Path
    import_output: str
    people: list[dict[str, Any]]

    def by_id(self, person_id: int) -> dict[str, Any]:
        """The ``people --json`` object of ``person_id``."""
        return next(p for p in self.people if p["id"] == person_id)


@pytest.fixture(scope="module")
def network() -> Network:
    """The synthetic LinkedIn account every test imports."""
    return build_network(seed=SEED, contacts=CONTACTS)


@pytest.fixture(scope="module")
def export_zip(network: Network, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The export as LinkedIn ships it: one zip."""
    return write_export_zip(network, tmp_path_factory.mktemp("zip") / "export")


@pytest.fixture(scope="module")
def export_folder(network: Network, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The export unzipped into a folder."""
    return write_export(network, tmp_path_factory.mktemp("folder") / "export")


@pytest.fixture(scope="module")
def shared_import(export_zip: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Imported]:
    """One home with the zip imported once (text output kept), reused by read-only tests."""
    home = tmp_path_factory.mktemp("shared") / "home"
    with pytest.MonkeyPatch.context() as mp:
        set_home(mp, home)
        mp.setenv("COLUMNS", str(WIDE))
        output = ok(invoke("import", str(export_zip))).output
        people = ok_json("people", "--json")
        yield Imported(home=home, import_output=output, people=people)


@pytest.fixture
def imported(shared_import: Imported, monkeypatch: pytest.MonkeyPatch) -> Imported:
    """The shared imported home, for tests that only read."""
    set_home(monkeypatch, shared_import.home)
    return shared_import


@pytest.fixture
def copied_home(
    shared_import: Imported, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Imported:
    """A private copy of the imported home, for tests that change data."""
    home = tmp_path / "copied-home"
    shutil.copytree(shared_import.home, home)
    set_home(monkeypatch, home)
    return Imported(home, shared_import.import_output, shared_import.people)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh, empty data directory."""
    return set_home(monkeypatch, tmp_path / "gw-home")


@pytest.fixture(autouse=True)
def _wide_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """A terminal wide enough that Rich neither wraps nor truncates.

    Without a terminal Rich assumes 80 columns and hard-wraps (even inside
    long paths), which would make assertions depend on the temp path's length.
    """
    monkeypatch.setenv("COLUMNS", str(WIDE))


def connections_with_extra_row(network: Network, folder: Path, row: str) -> Path:
    """A Connections.csv from the export with ``row`` inserted as the first data row."""
    source = write_export(network, folder / "export") / "Connections.csv"
    lines = source.read_text(encoding="utf-8").split("\n")
    header = next(i for i, line in enumerate(lines) if line.startswith("First Name,"))
    lines.insert(header + 1, row)
    target = folder / "edited" / "Connections.csv"
    target.parent.mkdir()
    target.write_text("\n".join(lines), encoding="utf-8")
    return target


def ambiguous_recommender_folder(folder: Path) -> Path:
    """Two connections called Sam Twin, and a recommendation from a Sam Twin at a third firm."""
    folder.mkdir()
    (folder / "Connections.csv").write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Sam,Twin,https://www.linkedin.com/in/sam-twin-1,,Alpha Corp,Engineer,01 Feb 2024\n"
        "Sam,Twin,https://www.linkedin.com/in/sam-twin-2,,Beta Corp,Engineer,01 Mar 2024\n",
        encoding="utf-8",
    )
    (folder / "Recommendations_Received.csv").write_text(
        "First Name,Last Name,Company,Job Title,Text,Creation Date,Status\n"
        'Sam,Twin,Gamma Corp,Engineer,"Great colleague.","08/11/24, 02:33 PM",VISIBLE\n',
        encoding="utf-8",
    )
    return folder


# ---------------------------------------------------------------- import


def test_import_zip_prints_a_kept_scores_per_file(imported: Imported, network: Network) -> None:
    text = flat(imported.import_output)
    assert "Connections.csv" in text
    assert "messages.csv" in text
    for reason, file in SKIP_REASONS.items():
        assert f"{file}: skipped" in text
        assert reason in text, reason
    not_used = text.split("not used (", 1)[1]
    assert "coach_messages.csv" in not_used
    assert "AI-coach" in not_used
    assert f"people added: {len(imported.people)}" in text
    assert "you are:" in text
    assert f"linkedin:linkedin.com/in/{network.owner.slug}" in text.split("you are:", 1)[1]


def test_import_json_accounts_for_every_row_and_reimport_adds_nothing(
    home: Path, export_zip: Path, network: Network, shared_import: Imported
) -> None:
    first = ok_json("import", str(export_zip), "--json")

    assert first["kind"] == "linkedin"
    assert first["export_date"] == network.export_date.isoformat()
    assert first["problems"] == []
    files = used_files(first)
    assert {"Connections.csv", "messages.csv", "Profile.csv", "Invitations.csv"} <= set(files)
    for f in files.values():
        accounted = f["added"] + f["unchanged"] + sum(f["skipped"].values()) + f["problems"]
        assert f["rows"] == accounted, f
        assert f["rows"] > 0, f
    unused = {f["name"]: f for f in first["files"] if not f["used"]}
    assert unused["coach_messages.csv"]["note"].startswith("LinkedIn AI-coach")
    assert all(f["rows"] == 0 and f["kind"] == "other" for f in unused.values())

    connections = files["Connections.csv"]
    ghosts = sum(1 for c in network.contacts if c.ghost)
    assert connections["rows"] == CONTACTS
    assert connections["skipped"] == {"ghost row: hidden or deleted member (only a date)": ghosts}
    assert connections["added"] == CONTACTS - ghosts
    messages = files["messages.csv"]
    assert messages["rows"] == network.message_count()
    assert set(messages["skipped"]) == {
        "draft: never sent",
        "sponsored InMail",
        "spam folder",
        "sender unknown (LinkedIn Member or empty)",
    }
    assert any(
        i.startswith("linkedin:") and network.owner.slug in i for i in first["owner_identities"]
    )
    people = ok_json("people", "--json")
    assert first["people_added"] == len(people) == len(shared_import.people)

    second = ok_json("import", str(export_zip), "--json")

    assert second["import_id"] == first["import_id"] + 1
    assert second["people_added"] == 0
    assert second["owner_identities_added"] == []
    for name, f in used_files(second).items():
        assert f["added"] == 0, name
        assert f["unchanged"] == files[name]["added"] + files[name]["unchanged"], name
        assert f["rows"] == files[name]["rows"], name
    assert len(ok_json("people", "--json")) == len(people)


def test_import_unzipped_folder_finds_the_same_people(
    home: Path, export_folder: Path, shared_import: Imported
) -> None:
    summary = ok_json("import", str(export_folder), "--json")

    assert summary["kind"] == "linkedin"
    assert {"Connections.csv", "messages.csv"} <= set(used_files(summary))
    assert "coach_messages.csv" in {f["name"] for f in summary["files"] if not f["used"]}
    people = ok_json("people", "--json")
    assert sorted(p["name"] for p in people) == sorted(p["name"] for p in shared_import.people)


def test_import_a_single_csv(home: Path, export_folder: Path, network: Network) -> None:
    summary = ok_json("import", str(export_folder / "Connections.csv"), "--json")

    assert [f["name"] for f in summary["files"]] == ["Connections.csv"]
    connections = summary["files"][0]
    ghosts = sum(1 for c in network.contacts if c.ghost)
    assert connections["rows"] == CONTACTS
    assert connections["added"] == summary["people_added"] == CONTACTS - ghosts
    assert len(ok_json("people", "--json")) == CONTACTS - ghosts
    # Connections.csv alone does not say who the owner is, and the text summary says how to fix it.
    assert summary["owner_identities"] == []
    second = ok(invoke("import", str(export_folder / "Connections.csv"))).output
    assert "goodword me --linkedin URL" in flat(second)


def test_an_import_ends_with_everyone_scored(
    home: Path, export_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first ``people`` after an import reads the kept scores the import kept."""
    from goodword.service.scores import compute

    ok_json("import", str(export_folder), "--json")
    computed: list[object] = []
    real = compute.compute
    monkeypatch.setattr(compute, "compute", lambda *a, **kw: computed.append(a) or real(*a, **kw))

    people = ok_json("people", "--json")

    assert people and computed == []


def test_people_on_a_new_day_says_the_scores_are_from_before(
    home: Path, export_folder: Path
) -> None:
    """Yesterday's kept scores of the same evidence answers at once, with a note on stderr."""
    import sqlite3
    import time

    ok_json("import", str(export_folder), "--json")
    with sqlite3.connect(home / "goodword.db") as db:  # as if it had been kept yesterday
        db.execute(
            "UPDATE kept_score SET computed_for = datetime(computed_for, '-1 day'),"
            " valid_until = datetime('now', '-1 minute')"
        )

    late = ok(invoke("people", "--json"))
    deadline = time.monotonic() + 60
    while (home / "refresh.lock").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    again = ok(invoke("people", "--json"))

    assert "note: scores as they stood until" in flat(everything(late))
    assert json.loads(late.stdout)  # the JSON on stdout is whole
    assert "note:" not in everything(again)


def test_import_without_strict_reports_a_malformed_row_and_goes_on(
    home: Path, network: Network, tmp_path: Path
) -> None:
    bad = connections_with_extra_row(
        network, tmp_path, "Zed,Extra,https://www.linkedin.com/in/zed-extra,,Co,Pos,1 Jan 2020,x,y"
    )

    summary = ok_json("import", str(bad), "--json")

    [problem] = summary["problems"]
    assert problem["file"] == "Connections.csv"
    assert problem["location"].startswith("row ")
    assert "expected 7 fields, found 9" in problem["message"]
    connections = summary["files"][0]
    assert connections["problems"] == 1
    assert connections["rows"] == CONTACTS + 1
    assert "Zed Extra" not in {p["name"] for p in ok_json("people", "--json")}


def test_a_row_with_a_bad_date_is_kept_once_with_a_warning(
    home: Path, network: Network, tmp_path: Path
) -> None:
    bad = connections_with_extra_row(
        network, tmp_path, "Bea,Baddate,https://www.linkedin.com/in/bea-baddate,,Co,Pos,notadate"
    )

    [f] = ok_json("import", str(bad), "--json")["files"]

    # The connection is kept without its date: a warning, not a rejected row.
    assert (f["problems"], f["warnings"]) == (0, 1)
    assert f["rows"] == f["added"] + f["unchanged"] + sum(f["skipped"].values()) + f["problems"]


def test_a_row_dropped_at_load_time_is_counted_as_a_problem(home: Path, tmp_path: Path) -> None:
    folder = ambiguous_recommender_folder(tmp_path / "twins")

    summary = ok_json("import", str(folder), "--json")

    assert [p["code"] for p in summary["problems"]] == ["ambiguous-name"]
    f = used_files(summary)["Recommendations_Received.csv"]
    assert f["rows"] == f["added"] + f["unchanged"] + sum(f["skipped"].values()) + f["problems"]


def test_a_row_left_out_for_a_shared_name_is_reported_once(home: Path, tmp_path: Path) -> None:
    folder = ambiguous_recommender_folder(tmp_path / "twins")
    ok_json("import", str(folder), "--json")

    again = ok_json("import", str(folder), "--json")

    # Still left out, still counted, but not a new problem on every import.
    assert again["problems"] == []
    f = used_files(again)["Recommendations_Received.csv"]
    assert f["problems"] == 0
    assert f["skipped"] == {"name shared by several people, reported on an earlier import": 1}
    assert f["rows"] == f["added"] + f["unchanged"] + sum(f["skipped"].values()) + f["problems"]


def test_a_shared_name_among_new_people_is_reported_again(home: Path, tmp_path: Path) -> None:
    folder = ambiguous_recommender_folder(tmp_path / "twins")
    ok_json("import", str(folder), "--json")
    third = tmp_path / "third" / "Connections.csv"
    third.parent.mkdir()
    third.write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Sam,Twin,https://www.linkedin.com/in/sam-twin-3,,Delta Corp,Engineer,01 Apr 2024\n",
        encoding="utf-8",
    )
    ok_json("import", str(third), "--json")

    again = ok_json("import", str(folder), "--json")

    # Three people share the name now: a different situation, so it is reported.
    [problem] = again["problems"]
    assert problem["code"] == "ambiguous-name"
    assert "3 people" in problem["message"]


def test_strict_stops_at_a_load_time_problem(home: Path, tmp_path: Path) -> None:
    folder = ambiguous_recommender_folder(tmp_path / "twins")

    result = invoke("import", str(folder), "--strict")

    assert_error(result, 4, "--strict")


# ---------------------------------------------------------------- import errors


def test_import_missing_path(home: Path) -> None:
    result = invoke("import", "/no/such/file")

    assert_error(result, 4, "/no/such/file", "no such file or folder")


def test_import_a_text_file_that_is_not_an_export(home: Path, tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("remember to call Sam\n", encoding="utf-8")

    result = invoke("import", str(notes))

    assert_error(result, 4, "notes.txt", "not a format goodword reads", "LinkedIn export")
    assert ok_json("people", "--json") == []


def test_import_an_empty_folder(home: Path, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()

    assert_error(invoke("import", str(tmp_path / "empty")), 4, "LinkedIn export")


def test_import_a_csv_with_the_wrong_columns(home: Path, tmp_path: Path) -> None:
    csv = tmp_path / "Connections.csv"
    csv.write_text("First Name,Favourite Colour\nSam,blue\n", encoding="utf-8")

    result = invoke("import", str(csv))

    assert_error(result, 4, "Connections.csv", "missing column(s)", "LinkedIn export")
    assert ok_json("people", "--json") == []


def test_import_a_corrupt_zip_imports_nothing(home: Path, tmp_path: Path) -> None:
    corrupt = tmp_path / "x.zip"
    corrupt.write_bytes(os.urandom(4096))

    result = invoke("import", str(corrupt))

    assert_error(result, 4, "x.zip")
    assert ok_json("people", "--json") == []


def test_a_truncated_zip_says_to_download_again(
    home: Path, export_zip: Path, tmp_path: Path
) -> None:
    truncated = tmp_path / export_zip.name
    truncated.write_bytes(export_zip.read_bytes()[:5000])

    assert_error(invoke("import", str(truncated)), 4, "download the export again")


def test_import_a_zip_with_a_damaged_member_imports_nothing(
    home: Path, export_zip: Path, tmp_path: Path
) -> None:
    import zipfile

    data = bytearray(export_zip.read_bytes())
    with zipfile.ZipFile(export_zip) as archive:
        info = archive.getinfo("messages.csv")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra) + 10
    for i in range(start, start + 200):
        data[i] ^= 0xFF
    damaged = tmp_path / "damaged.zip"
    damaged.write_bytes(bytes(data))

    result = invoke("import", str(damaged))

    assert_error(result, 4, "messages.csv", "download the export again")
    assert ok_json("people", "--json") == []


def test_strict_import_of_a_malformed_row_imports_nothing(
    home: Path, network: Network, tmp_path: Path
) -> None:
    bad = connections_with_extra_row(
        network, tmp_path, "Zed,Extra,https://www.linkedin.com/in/zed-extra,,Co,Pos,1 Jan 2020,x,y"
    )

    result = invoke("import", str(bad), "--strict")

    assert_error(result, 4, "Connections.csv", "expected 7 fields", "--strict", "nothing imported")
    assert ok_json("people", "--json") == []
    assert ok_json("db", "status", "--json")["current"] is not None


def test_an_error_is_one_line_when_stderr_is_piped(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")  # what Rich assumes when stderr is not a terminal
    notes = tmp_path / "notes.txt"
    notes.write_text("not an export\n", encoding="utf-8")

    result = invoke("import", str(notes))

    assert result.exit_code == 4
    assert len(everything(result).strip().splitlines()) == 1


# ---------------------------------------------------------------- people


def test_people_table_shows_names_and_the_three_criteria(imported: Imported) -> None:
    text = ok(invoke("people", "--limit", "5")).output

    assert f"5 of {len(imported.people)} people" in text
    for criterion in CRITERIA:
        assert criterion in text
    for person in imported.people[:5]:
        assert person["name"] in text


def test_people_json_has_the_documented_shape(imported: Imported) -> None:
    people = ok_json("people", "--json")

    assert len(people) == len(imported.people) > CONTACTS / 2
    assert len({p["id"] for p in people}) == len(people)
    for p in people:
        assert isinstance(p["id"], int)
        assert isinstance(p["name"], str) and p["name"]
        assert isinstance(p["emails"], list)
        assert all("@" in e for e in p["emails"])
        assert p["linkedin_url"] is None or p["linkedin_url"].startswith(LINKEDIN_PREFIX)
        for criterion in CRITERIA:
            score = p[criterion]
            assert score["score"] is None or 0.0 <= score["score"] <= 1.0, (criterion, p)
            assert isinstance(score["confidence"], int | float)
            assert isinstance(score["why"], str) and score["why"]
        communication = p["communication"]
        assert isinstance(communication["replied"], int)
        assert isinstance(communication["asked"], int)
        assert 0 <= communication["replied"] <= communication["asked"]
        assert (
            communication["median_reply_hours"] is None or communication["median_reply_hours"] >= 0
        )
    assert any(p["emails"] for p in people)
    assert sum(p["communication"]["score"] is not None for p in people) >= 3


def test_people_sort_by_communication_is_descending_with_unknowns_last(
    imported: Imported,
) -> None:
    people = ok_json("people", "--sort", "communication", "--json")

    scores = [p["communication"]["score"] for p in people]
    known = [s for s in scores if s is not None]
    assert known, "some communication scores must be known"
    assert None in scores, "some communication scores must be unknown"
    assert scores == [*sorted(known, reverse=True), *([None] * (len(scores) - len(known)))]
    assert len(people) == len(imported.people)


def test_people_org_filter(imported: Imported) -> None:
    org, count = Counter(
        p["organization"] for p in imported.people if p["organization"]
    ).most_common(1)[0]
    assert count >= 2

    people = ok_json("people", "--org", org, "--json")

    assert {p["id"] for p in people} == {
        p["id"] for p in imported.people if p["organization"] == org
    }


def test_people_search_ignores_case_and_accents(imported: Imported) -> None:
    first_names = Counter(p["name"].split()[0] for p in imported.people)
    name = next(n for n, count in first_names.most_common() if count >= 2)
    typed = unaccented(name).upper()

    people = ok_json("people", "--search", typed, "--json")

    assert {p["id"] for p in people} == {
        p["id"]
        for p in imported.people
        if normalise.name_key(name) in normalise.name_key(p["name"])
    }
    assert len(people) >= 2


def test_people_min_familiarity_and_limit(imported: Imported) -> None:
    floor = 0.5
    familiar = ok_json("people", "--min-familiarity", str(floor), "--json")

    assert familiar
    assert all(p["familiarity"]["score"] >= floor for p in familiar)
    assert len(familiar) == sum(
        1 for p in imported.people if (p["familiarity"]["score"] or 0) >= floor
    )

    limited = ok_json("people", "--limit", "5", "--json")
    assert [p["id"] for p in limited] == [p["id"] for p in imported.people[:5]]


def test_people_as_of_a_past_date_knows_less(imported: Imported) -> None:
    def known(people: list[dict[str, Any]]) -> int:
        return sum(p[c]["score"] is not None for p in people for c in CRITERIA)

    then = ok_json("people", "--as-of", "2020-01-01", "--json")

    assert known(then) < known(imported.people)


@pytest.mark.parametrize(
    ("args", "needles"),
    [
        (["--sort", "bananas"], ["cannot sort by 'bananas'", "communication"]),
        (["--as-of", "2020-13-01"], ["--as-of '2020-13-01'", "YYYY-MM-DD"]),
        (["--as-of", "last tuesday"], ["--as-of", "YYYY-MM-DD"]),
    ],
)
def test_people_bad_options(imported: Imported, args: list[str], needles: list[str]) -> None:
    assert_error(invoke("people", *args), 2, *needles)


# ---------------------------------------------------------------- person


def test_person_by_unique_name(imported: Imported) -> None:
    names = Counter(normalise.name_key(p["name"]) for p in imported.people)
    target = next(p for p in imported.people if names[normalise.name_key(p["name"])] == 1)

    text = flat(ok(invoke("person", target["name"])).output)

    assert target["name"] in text
    assert f"#{target['id']}" in text
    for criterion in CRITERIA:
        assert criterion in text


def test_person_by_id_json_has_the_evidence(imported: Imported, network: Network) -> None:
    recommended = {r.contact for r in network.recommendations_received}
    endorsed = {e.contact for e in network.endorsements_received}
    contact = next(c for c in network.contacts if c.index in recommended & endorsed)
    target = next(p for p in imported.people if p["linkedin_url"] == LINKEDIN_PREFIX + contact.slug)

    detail = ok_json("person", f"#{target['id']}", "--json")

    assert detail["id"] == target["id"]
    assert detail["name"] == target["name"]
    for criterion in CRITERIA:
        assert detail[criterion] == target[criterion]
    assert {"kind": "linkedin", "value": f"linkedin.com/in/{contact.slug}"}.items() <= next(
        i for i in detail["identities"] if i["kind"] == "linkedin"
    ).items()
    assert detail["recommendations"]
    assert {r["direction"] for r in detail["recommendations"]} >= {"received"}
    assert all(r["text"] for r in detail["recommendations"])
    assert detail["endorsements"]
    assert all(e["skill"] for e in detail["endorsements"])
    assert detail["interactions"]
    for interaction in detail["interactions"]:
        assert interaction["direction"] in {"from_me", "to_me", "group"}
        assert interaction["at"][:4].isdigit()

    plain = ok_json("person", str(target["id"]), "--json")
    assert plain["id"] == target["id"]


def test_person_unknown_name(imported: Imported) -> None:
    assert_error(invoke("person", "Quintessa Zzyzx"), 5, "nobody called 'Quintessa Zzyzx'")
    assert_error(invoke("person", "#99999"), 5, "no person with id 99999")


def test_person_ambiguous_fragment_lists_the_ids(imported: Imported) -> None:
    first_names = Counter(p["name"].split()[0] for p in imported.people)
    for name, _count in first_names.most_common():
        matches = [
            p for p in imported.people if normalise.name_key(name) in normalise.name_key(p["name"])
        ]
        if 2 <= len(matches) <= 5:
            break
    else:
        pytest.fail("no first name shared by 2 to 5 people in the synthetic network")

    message = assert_error(
        invoke("person", name), 6, f"matches {len(matches)} people", "use the id"
    )

    for p in matches:
        assert f"#{p['id']}" in message


# ---------------------------------------------------------------- me


def test_me_shows_the_owner(imported: Imported, network: Network) -> None:
    text = flat(ok(invoke("me")).output)

    assert network.owner.full_name in text
    assert f"LinkedIn: {LINKEDIN_PREFIX}{network.owner.slug}" in text

    me = ok_json("me", "--json")
    assert me["name"] == network.owner.full_name
    assert me["linkedin_url"] == LINKEDIN_PREFIX + network.owner.slug
    assert sorted(me["emails"]) == sorted(network.owner.emails)
    assert me["positions"]


def test_me_add_and_remove_email_and_rename(copied_home: Imported, network: Network) -> None:
    added = ok_json("me", "--add-email", "X@Example.com", "--json")
    assert "x@example.com" in added["emails"]
    assert "x@example.com" in ok_json("me", "--json")["emails"]

    removed = ok_json("me", "--remove-email", "x@example.com", "--json")
    assert "x@example.com" not in removed["emails"]
    assert sorted(removed["emails"]) == sorted(network.owner.emails)

    renamed = ok(invoke("me", "--name", "Ari Q. Silva"))
    assert "Ari Q. Silva" in renamed.output
    assert ok_json("me", "--json")["name"] == "Ari Q. Silva"


def test_me_bad_values(copied_home: Imported) -> None:
    assert_error(invoke("me", "--add-email", "not-an-email"), 2, "'not-an-email'", "not an email")
    assert_error(invoke("me", "--name", "  "), 2, "name cannot be empty")
    assert_error(invoke("me", "--remove-email", "nobody@example.com"), 5, "not one of your")
    assert_error(invoke("me", "--linkedin", "https://example.com/me"), 2, "LinkedIn profile URL")


# ---------------------------------------------------------------- jobs


def test_job_add_from_a_file_and_from_stdin_then_list(home: Path, tmp_path: Path) -> None:
    posting = tmp_path / "posting.txt"
    posting.write_text("Lead forecasting for the whole group.\n", encoding="utf-8")

    text = ok(
        invoke(
            "job", "add",
            "--title", "Head of Forecasting",
            "--org", "Globex LLC",
            "--needs", "3 references, 1 supervisor",
            "--deadline", "2026-12-01",
            "--description-file", str(posting),
        )
    ).output  # fmt: skip
    assert "added job #1: Head of Forecasting" in flat(text)
    assert "3 references, at least 1 supervisor" in flat(text)

    second = ok_json(
        "job", "add", "--title", "Data Lead", "--org", "Initech",
        "--description-file", "-", "--json",
        input="Posted on a napkin.\nSecond line.\n",
    )  # fmt: skip
    assert second["id"] == 2
    assert second["description"] == "Posted on a napkin.\nSecond line.\n"

    jobs = ok_json("job", "list", "--json")

    assert [j["id"] for j in jobs] == [2, 1]
    first = jobs[1]
    assert first["title"] == "Head of Forecasting"
    assert first["organization"] == "Globex LLC"
    assert first["deadline"] == "2026-12-01"
    assert first["description"] == "Lead forecasting for the whole group.\n"
    assert first["needs"]["count"] == 3
    assert first["needs"]["kind"] == "reference"
    assert first["needs"]["roles"] == {"supervisor": 1}
    assert first["status"] == "open"
    assert first["confidential"] is False
    listed = flat(ok(invoke("job", "list")).output)
    assert "2 job(s)" in listed
    assert "Head of Forecasting" in listed


@pytest.mark.parametrize(
    ("args", "needles"),
    [
        (["--needs", "three bananas"], ["'three bananas'", "3 references, 1 supervisor"]),
        (["--deadline", "2026-13-01"], ["--deadline '2026-13-01'", "YYYY-MM-DD"]),
        (["--deadline", "next week"], ["--deadline", "YYYY-MM-DD"]),
        (["--kind", "favour"], ["kind 'favour'"]),
        (["--description-file", "/no/such/posting.txt"], ["no such file"]),
    ],
)
def test_job_add_bad_values(home: Path, args: list[str], needles: list[str]) -> None:
    assert_error(invoke("job", "add", "--title", "Analyst", *args), 2, *needles)
    assert ok_json("job", "list", "--json") == []


# ---------------------------------------------------------------- suggest


def test_suggest_by_id_and_by_title_words(copied_home: Imported) -> None:
    job = ok_json(
        "job", "add", "--title", SAMPLE_JOB.title, "--org", SAMPLE_JOB.organization,
        "--needs", "3 references, 1 supervisor", "--json",
    )  # fmt: skip

    text = flat(ok(invoke("suggest", str(job["id"]))).output)
    words = SAMPLE_JOB.title.split()[-1]
    result = ok_json("suggest", words, "--json")

    assert result["job"]["id"] == job["id"]
    picks, runners_up = result["picks"], result["runners_up"]
    assert len(picks) == min(3, len(picks) + len(runners_up)) == 3
    assert len({p["id"] for p in picks}) == 3
    assert not {p["id"] for p in picks} & {r["id"] for r in runners_up}
    known_ids = {p["id"] for p in copied_home.people}
    for pick in picks:
        assert pick["id"] in known_ids
        assert pick["reasons"] and all(isinstance(r, str) and r for r in pick["reasons"])
        assert any(c in " ".join(pick["reasons"]) for c in CRITERIA)
        assert 0.0 <= pick["fit"] <= 1.0
        assert pick["name"] in text
        assert f"#{pick['id']}" in text
    for runner_up in runners_up:
        assert runner_up["why_not"]
        assert runner_up["name"] in text
    assert [p["fit"] for p in picks] == sorted((p["fit"] for p in picks), reverse=True)
    assert isinstance(result["unfilled"], dict)
    assert isinstance(result["excluded"], dict)
    assert SAMPLE_JOB.title in text
    if runners_up:
        assert "runners-up" in text


def test_suggest_unknown_or_ambiguous_job(copied_home: Imported) -> None:
    assert_error(invoke("suggest", "99"), 5, "no jobs yet to match '99'", "goodword job add")
    ok(invoke("job", "add", "--title", "Data Lead"))
    ok(invoke("job", "add", "--title", "Data Engineer"))
    assert_error(invoke("suggest", "99"), 5, "no job with id 99", "goodword job list")
    assert_error(invoke("suggest", "astronaut"), 5, "no job matches 'astronaut'")
    assert_error(invoke("suggest", "data"), 6, "matches 2 jobs", "#1", "#2")


# ---------------------------------------------------------------- db


def test_db_path_prints_the_data_directory(home: Path) -> None:
    text = ok(invoke("db", "path")).output

    assert f"data directory: {home}" in text
    assert ok_json("db", "path", "--json") == {
        "data_dir": str(home),
        "url": f"sqlite:///{home / 'goodword.db'}",
    }


def test_db_status_before_and_after_first_use(home: Path, export_folder: Path) -> None:
    before = ok_json("db", "status", "--json")
    assert before["data_dir"] == str(home)
    assert before["current"] is None
    assert before["pending"][-1] == before["head"]
    assert before["pending"] == sorted(before["pending"])
    assert "not created yet" in flat(ok(invoke("db", "status")).output)

    ok(invoke("import", str(export_folder / "Profile.csv")))

    after = ok_json("db", "status", "--json")
    assert after["current"] == after["head"]
    assert after["pending"] == []
    assert f"up to date (revision {after['head']})" in flat(ok(invoke("db", "status")).output)


def test_db_upgrade_creates_the_database(home: Path) -> None:
    text = flat(ok(invoke("db", "upgrade")).output)

    assert "up to date" in text
    assert (home / "goodword.db").exists()
    assert ok_json("db", "status", "--json")["pending"] == []


# ---------------------------------------------------------------- demo


def test_demo_is_deterministic(home: Path) -> None:
    first = ok_json("demo", "--json", "--contacts", str(CONTACTS))
    second = ok_json("demo", "--json", "--contacts", str(CONTACTS))

    picks = [(p["id"], p["name"]) for p in first["suggestion"]["picks"]]
    assert picks
    assert picks == [(p["id"], p["name"]) for p in second["suggestion"]["picks"]]
    assert first["suggestion"]["job"]["title"] == SAMPLE_JOB.title
    assert first["import"]["people_added"] > 0
    assert first["import"]["kind"] == "linkedin"
    # The demo never touches the user's home.
    assert not home.exists()


def test_demo_needs_enough_contacts(home: Path) -> None:
    assert_error(invoke("demo", "--contacts", "5"), 2, "at least 20 contacts")


# ---------------------------------------------------------------- help


def _walk(command: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    yield path, command
    for name, sub in getattr(command, "commands", {}).items():
        yield from _walk(sub, (*path, name))


COMMANDS = list(_walk(typer.main.get_command(goodword.cli.app.app)))


def test_every_documented_command_exists() -> None:
    paths = {" ".join(path) for path, _ in COMMANDS}

    assert {
        "import", "people", "person", "me", "job add", "job list", "suggest",
        "db path", "db status", "db upgrade", "demo",
    } <= paths  # fmt: skip


@pytest.mark.parametrize(
    ("path", "command"), COMMANDS, ids=[" ".join(p) or "goodword" for p, _ in COMMANDS]
)
def test_every_command_has_help(path: tuple[str, ...], command: Any) -> None:
    summary = (command.help or "").strip()
    assert len(summary.split()) >= 3, f"{path}: help text {summary!r}"
    for param in command.params:
        if param.name != "help":
            assert (getattr(param, "help", "") or "").strip(), f"{path}: {param.name} has no help"

    text = flat(ok(invoke(*path, "--help")).output)

    first_sentence = flat(summary.split("\n\n")[0]).split(":")[0]
    assert first_sentence in text


def test_starting_a_command_loads_only_what_every_command_needs() -> None:
    """The web views, documents, importers, matching rules and demo load when used, not at start."""
    import subprocess

    code = (
        "import sys, goodword.cli.app; "
        "print(' '.join(m for m in sys.modules if m.startswith('goodword')))"
    )
    loaded = set(
        subprocess.run(
            [sys.executable, "-c", code], check=True, capture_output=True, text=True
        ).stdout.split()
    )

    assert "goodword.service" in loaded  # the facade itself
    for later in (
        "goodword.web",
        "goodword.service.demo",
        "goodword.demo",
        "goodword.documents",
        "goodword.workflow.outbox",
        "goodword.sources",
        "goodword.store.load",
        "goodword.store.resolve",
        "goodword.store.matching",
        "goodword.records",
    ):
        assert later not in loaded, f"{later} loads with every command"


def test_json_is_indented_on_a_terminal_and_compact_when_piped(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from goodword.cli import render

    people = [{"id": 1, "name": "Zoë"}, {"id": 2, "name": "Ken"}]
    render.emit_json(people)  # captured: not a terminal
    piped = capsys.readouterr().out
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    render.emit_json(people)
    shown = capsys.readouterr().out

    assert piped == '[{"id": 1, "name": "Zoë"}, {"id": 2, "name": "Ken"}]\n'
    assert shown.startswith('[\n  {\n    "id": 1,')
    assert json.loads(piped) == json.loads(shown) == people


def test_db_status_says_when_scoring_in_the_background_failed(home: Path) -> None:
    ok(invoke("people"))  # the database exists
    (home / "refresh.log").write_text(
        "2026-11-26 04:00:00 scoring in the background failed: OperationalError('disk full')\n"
    )

    text = flat(ok(invoke("db", "status")).output)
    as_json = ok_json("db", "status", "--json")

    assert "background scoring: 2026-11-26 04:00:00 scoring in the background failed" in text
    assert "disk full" in as_json["background_failure"]


def test_the_command_loads_with_the_collector_off_and_leaves_it_on() -> None:
    """What loading makes is frozen out of the collector's sight; the command's own objects are not."""
    import subprocess
    from importlib.metadata import entry_points

    (script,) = [e for e in entry_points(group="console_scripts") if e.name == "goodword"]
    assert script.value == "goodword.cli:main"
    code = (
        "import gc, goodword.cli as entry; run = entry._load(); "
        "print(gc.isenabled(), gc.get_freeze_count(), run.__module__)"
    )
    enabled, frozen, module = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout.split()

    assert enabled == "True"
    assert int(frozen) > 20_000  # Typer, Rich and goodword's own modules
    assert module == "goodword.cli.app"
