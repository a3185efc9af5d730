"""Damaged input never crashes an importer: it is read, or refused with one clear error.

Each case takes a real fixture and damages it the way files get damaged —
cut short, bytes flipped, lines dropped or repeated, another encoding — and
checks that parsing either yields records (every row accounted for) or
raises a GoodwordError, never anything else.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from goodword.errors import GoodwordError
from goodword.records import Problem, Skip
from goodword.sources.contacts import ContactsCsvImporter, VCardImporter
from goodword.sources.ics import IcsImporter
from goodword.sources.linkedin import LinkedInImporter
from goodword.sources.mail.mbox import MboxImporter
from tests import fuzzing

FIXTURES = Path(__file__).parent.parent / "fixtures"
CASES = [
    (VCardImporter(), FIXTURES / "contacts" / "vcard30_apple_grouped_items.vcf", ".vcf"),
    (VCardImporter(), FIXTURES / "contacts" / "vcard21_quoted_printable_latin1.vcf", ".vcf"),
    (ContactsCsvImporter(), FIXTURES / "contacts" / "google_contacts_2024.csv", ".csv"),
    (IcsImporter(), FIXTURES / "ics" / "recurring_weekly_with_exdate_and_override.ics", ".ics"),
    (IcsImporter(), FIXTURES / "ics" / "outlook_windows_tzid.ics", ".ics"),
    (MboxImporter(), FIXTURES / "mbox" / "folded_headers.mbox", ".mbox"),
    (LinkedInImporter(), FIXTURES / "linkedin" / "export_2025" / "Connections.csv", ".csv"),
    (LinkedInImporter(), FIXTURES / "linkedin" / "export_2025" / "messages.csv", ".csv"),
]


@st.composite
def damaged(draw: st.DrawFn, data: bytes) -> bytes:
    """``data`` after one to three kinds of damage."""
    lines = data.splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["cut", "flip", "drop", "repeat", "latin1", "insert"]))
        if kind == "cut" and lines:
            text = b"".join(lines)
            lines = text[: draw(st.integers(0, len(text)))].splitlines(keepends=True)
        elif kind == "flip" and lines:
            i = draw(st.integers(0, len(lines) - 1))
            line = bytearray(lines[i])
            if line:
                j = draw(st.integers(0, len(line) - 1))
                line[j] = draw(st.integers(0, 255))
            lines[i] = bytes(line)
        elif kind == "drop" and lines:
            del lines[draw(st.integers(0, len(lines) - 1))]
        elif kind == "repeat" and lines:
            i = draw(st.integers(0, len(lines) - 1))
            lines.insert(i, lines[i])
        elif kind == "latin1":
            lines = [line.decode("utf-8", "replace").encode("latin-1", "replace") for line in lines]
        elif kind == "insert":
            i = draw(st.integers(0, len(lines)))
            lines.insert(i, draw(st.binary(max_size=40)) + b"\n")
    return b"".join(lines)


def _damaged_copy(data: st.DataObject, fixture: Path, path: Path) -> Path:
    """``fixture`` damaged (see :func:`damaged`) and written to ``path``."""
    path.write_bytes(data.draw(damaged(fixture.read_bytes())))
    return path


@pytest.mark.parametrize(
    ("importer", "fixture", "suffix"), CASES, ids=lambda c: getattr(c, "name", "")
)
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_a_damaged_file_is_read_or_refused_never_crashes(
    importer: object, fixture: Path, suffix: str, data: st.DataObject, tmp_path: Path
) -> None:
    path = _damaged_copy(data, fixture, tmp_path / f"damaged{suffix}")
    try:
        parsed = importer.parse(path)  # type: ignore[attr-defined]
        records = list(parsed.records)
    except GoodwordError:
        return  # refused with one line: fine
    for report in parsed.files:
        if report.used:
            assert report.rows >= 0 and report.problems >= 0
            if report.kind != "ics":  # a calendar's records are meetings, its rows events
                # Every row is a record, a skip with its reason, or a problem with its place.
                assert report.rows == report.records + sum(report.skipped.values()) + (
                    report.problems
                ), report
    assert all(not isinstance(r, Problem) or r.origin.file for r in records)
    assert all(not isinstance(r, Skip) or r.reason for r in records)


@pytest.mark.parametrize(
    ("fixture", "suffix"), [(f, x) for _, f, x in CASES], ids=lambda c: getattr(c, "name", "")
)
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_a_damaged_file_imports_or_is_refused_and_the_summary_accounts_for_it(
    fixture: Path, suffix: str, data: st.DataObject, tmp_path: Path
) -> None:
    from goodword.config import Settings
    from goodword.service import Service

    # The import picks its own reader, as `goodword import` does.
    path = _damaged_copy(data, fixture, tmp_path / f"damaged{suffix}")
    service = Service(Settings(home=tmp_path / "home"))  # one database for every example
    try:
        summary = service.import_path(path)
    except GoodwordError:
        return
    finally:
        service.close()
    for report in summary.files:
        if report.used and report.kind != "ics":  # a calendar's rows are events, not meetings
            assert (
                report.rows
                == report.added + report.unchanged + sum(report.skipped.values()) + report.problems
            ), report


# The mutation fuzzer over every importer's fixtures (tests/fuzzing.py), a few runs each with
# fixed seeds; bench/fuzz_importers.py runs it for longer.
RUNS_PER_TARGET = 2


@pytest.mark.parametrize("seed", range(RUNS_PER_TARGET))
@pytest.mark.parametrize("target", fuzzing.TARGETS)
def test_a_mutated_input_imports_or_is_refused_in_one_line_and_people_still_answers(
    target: str, seed: int, tmp_path: Path
) -> None:
    outcome = fuzzing.run(target, tmp_path, seed)
    assert outcome.kind in ("clean", "refused"), outcome


def test_the_fuzzer_damages_what_it_says() -> None:
    import random

    data = "First Name,Last Name\nZoë,Lovelace\nAlan,Turing\n".encode()
    for name, mutation in fuzzing.MUTATIONS.items():
        changed = [mutation(data, random.Random(seed)) != data for seed in range(5)]
        assert any(changed), name
    assert b"\0" in fuzzing.MUTATIONS["nul"](data, random.Random(1))
    assert max(map(len, fuzzing.MUTATIONS["huge-line"](data, random.Random(1)).splitlines())) >= (
        fuzzing.HUGE
    )


def test_a_hostile_zip_holds_what_the_fuzzer_says(tmp_path: Path) -> None:
    import random
    import zipfile

    for seed in range(10):
        out = tmp_path / f"{seed}.zip"
        done = fuzzing._hostile_zip(FIXTURES / "linkedin" / "export_2025", out, random.Random(seed))
        names = zipfile.ZipFile(out).namelist()
        assert "export_2025/Connections.csv" in names
        if "zip-traversal" in done:
            assert "../../escaped.csv" in names
