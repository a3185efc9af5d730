"""A mutation fuzzer over the fixtures of every importer.

Each run copies one fixture (a file, or a whole export or mail folder),
damages it the way files get damaged or made hostile — bytes flipped, cut
short, lines repeated or dropped, NULs, invalid UTF-8, a huge line or field,
a zip with hostile entries — imports it into a fresh home and checks the
invariant: the import ends cleanly or with a one-line error (never another
exception), and the database still answers ``people`` afterwards.

The test suite runs a few runs per fixture with a fixed seed
(tests/sources/test_fuzz_importers.py); ``bench/fuzz_importers.py`` runs as
many as asked and prints the counts.
"""

from __future__ import annotations

import random
import shutil
import traceback
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from goodword.config import Settings
from goodword.errors import GoodwordError

FIXTURES = Path(__file__).parent / "fixtures"

# One of each importer's inputs: a file, or a folder imported whole.
TARGETS = [
    "contacts/vcard30_apple_grouped_items.vcf",
    "contacts/vcard21_quoted_printable_latin1.vcf",
    "contacts/vcard40_rfc6350.vcf",
    "contacts/android_folded_lines_photo.vcf",
    "contacts/google_contacts_2024.csv",
    "contacts/outlook_contacts.csv",
    "ics/recurring_weekly_with_exdate_and_override.ics",
    "ics/outlook_windows_tzid.ics",
    "ics/google_export_x_wr_timezone.ics",
    "ics/takeout",
    "mbox/folded_headers.mbox",
    "mbox/encoded_words_in_headers.mbox",
    "mbox/bounce_delivery_status.mbox",
    "mbox/crlf_line_endings.mbox",
    "mail/eml_signals",
    "mail/enron_like_tree",
    "mail/maildir_plus_dot_folders",
    "mail/thunderbird_local_folders",
    "linkedin/export_2025",
    "linkedin/quirks/connections_2018_no_url.csv",
    "linkedin/quirks/messages_2023.csv",
    "linkedin/quirks/invitations_2023_urn.csv",
]

HUGE = 1 << 20  # a megabyte: a line or field no real export has


def _flip(data: bytes, rng: random.Random) -> bytes:
    if not data:
        return data
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def _truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randint(0, len(data))]


def _lines(mutate: Callable[[list[bytes], random.Random], None]) -> Mutation:
    def mutation(data: bytes, rng: random.Random) -> bytes:
        lines = data.splitlines(keepends=True)
        if lines:
            mutate(lines, rng)
        return b"".join(lines)

    return mutation


def _duplicate(lines: list[bytes], rng: random.Random) -> None:
    i = rng.randrange(len(lines))
    lines[i:i] = [lines[i]] * rng.randint(1, 50)


def _delete(lines: list[bytes], rng: random.Random) -> None:
    i = rng.randrange(len(lines))
    del lines[i : i + rng.randint(1, 5)]


def _shuffle(lines: list[bytes], rng: random.Random) -> None:
    i = rng.randrange(len(lines))
    j = rng.randrange(len(lines))
    lines[i], lines[j] = lines[j], lines[i]


def _insert(piece: Callable[[random.Random], bytes]) -> Mutation:
    def mutation(data: bytes, rng: random.Random) -> bytes:
        at = rng.randint(0, len(data))
        return data[:at] + piece(rng) + data[at:]

    return mutation


def _huge_line(lines: list[bytes], rng: random.Random) -> None:
    lines.insert(rng.randint(0, len(lines)), b"x" * HUGE + b"\n")


def _huge_field(lines: list[bytes], rng: random.Random) -> None:
    # Inside a line that holds something (a CSV cell, a header, a property value).
    i = rng.randrange(len(lines))
    line = lines[i]
    at = rng.randint(0, len(line.rstrip(b"\r\n")))
    lines[i] = (
        line[:at] + rng.choice([b"a", b"\xc3\xa9", b",", b'"', b";"]) * (HUGE // 2) + line[at:]
    )


def _latin1(data: bytes, rng: random.Random) -> bytes:
    return data.decode("utf-8", "replace").encode("latin-1", "replace")


INVALID_UTF8 = [b"\xff", b"\xfe\xff", b"\xc3", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xc0\xaf"]

Mutation = Callable[[bytes, random.Random], bytes]
MUTATIONS: dict[str, Mutation] = {
    "flip": _flip,
    "truncate": _truncate,
    "duplicate-lines": _lines(_duplicate),
    "delete-lines": _lines(_delete),
    "swap-lines": _lines(_shuffle),
    "nul": _insert(lambda rng: b"\0" * rng.randint(1, 4)),
    "invalid-utf8": _insert(lambda rng: rng.choice(INVALID_UTF8)),
    "random-bytes": _insert(lambda rng: rng.randbytes(rng.randint(1, 64))),
    "huge-line": _lines(_huge_line),
    "huge-field": _lines(_huge_field),
    "latin1": _latin1,
    "empty": lambda data, rng: b"",
}


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else [root]


def _hostile_zip(folder: Path, out: Path, rng: random.Random) -> list[str]:
    """``folder`` zipped with a few hostile entries among its own; returns what was done."""
    done = []
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in _files(folder):
            archive.write(path, path.relative_to(folder.parent).as_posix())
        first = _files(folder)[0]
        name = first.relative_to(folder.parent).as_posix()
        for _ in range(rng.randint(1, 3)):
            kind = rng.choice(
                ["traversal", "absolute", "duplicate", "symlink", "bad-name", "dir-as-file"]
            )
            done.append(f"zip-{kind}")
            if kind == "traversal":
                archive.writestr("../../escaped.csv", first.read_bytes())
            elif kind == "absolute":
                archive.writestr("/tmp/absolute-entry.csv", first.read_bytes())
            elif kind == "duplicate":
                with warnings.catch_warnings():  # the very point of this entry
                    warnings.simplefilter("ignore", UserWarning)
                    archive.writestr(name, MUTATIONS["flip"](first.read_bytes(), rng))
            elif kind == "symlink":
                info = zipfile.ZipInfo(f"{folder.name}/link.csv")
                info.external_attr = 0o120777 << 16  # a symbolic link, to outside the export
                archive.writestr(info, "/etc/passwd")
            elif kind == "bad-name":
                # Right-to-left override and a name no file system agrees on.
                archive.writestr(f"{folder.name}/\u202e\u00ff:*?<>|.csv", first.read_bytes())
            else:
                archive.writestr(f"{folder.name}/Connections.csv/", b"")
    return done


@dataclass(frozen=True)
class Outcome:
    """What one run did: ``kind`` is clean, refused or crash; ``detail`` says how."""

    target: str
    mutations: tuple[str, ...]
    kind: str
    detail: str = ""


def mutate(target: str, work: Path, rng: random.Random) -> tuple[Path, tuple[str, ...]]:
    """A damaged copy of the fixture ``target`` under ``work``, and the damage done."""
    source = FIXTURES / target
    copy = work / "input" / source.name
    if source.is_dir():
        shutil.copytree(source, copy, symlinks=True)
    else:
        copy.parent.mkdir(parents=True)
        shutil.copyfile(source, copy)
    done: list[str] = []
    files = _files(copy)
    for _ in range(rng.randint(1, 3)):
        name = rng.choice(sorted(MUTATIONS))
        victim = rng.choice(files)
        victim.write_bytes(MUTATIONS[name](victim.read_bytes(), rng))
        done.append(name)
    if source.is_dir() and target.startswith("linkedin") and rng.random() < 0.3:
        archive = work / "input" / f"{source.name}.zip"
        done += _hostile_zip(copy, archive, rng)
        return archive, tuple(done)
    return copy, tuple(done)


def run(target: str, work: Path, seed: int) -> Outcome:
    """Import a damaged copy of ``target`` into a fresh home under ``work`` and judge it."""
    from goodword.service import Service

    rng = random.Random(f"{target}:{seed}")
    path, done = mutate(target, work, rng)
    service = Service(Settings(home=work / "home"))
    try:
        try:
            service.import_path(path)
            kind, detail = "clean", ""
        except GoodwordError as exc:
            message = str(exc)
            if "\n" in message.strip() or not message.strip():
                return Outcome(target, done, "crash", f"not one line: {message!r}"[:500])
            kind, detail = "refused", message[:200]
        try:
            service.people()
        except Exception:
            return Outcome(target, done, "crash", "people failed: " + _last(traceback.format_exc()))
        return Outcome(target, done, kind, detail)
    except Exception:
        return Outcome(target, done, "crash", _last(traceback.format_exc()))
    finally:
        service.close()


def _last(text: str) -> str:
    """A traceback's last frames and its error, short enough to read in a list."""
    lines = [line for line in text.strip().splitlines() if line.strip(" ^~")]
    return " | ".join(line.strip() for line in lines[-5:])[:600]
