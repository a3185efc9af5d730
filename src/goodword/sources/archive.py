"""The files of an export given as a zip, a folder or one file, read only when asked for.

LinkedIn, Google Takeout and address-book exports all arrive the same three
ways; every importer that takes them reads their members through here, so
a damaged zip or member says the same thing, with the fix, wherever it is.
"""

from __future__ import annotations

import hashlib
import zipfile
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from goodword.errors import BrokenFile


@dataclass(slots=True)
class Member:
    """One file of the input, by its name inside the zip or folder."""

    name: str
    read: Callable[[], bytes]
    modified: date | None = None  # the file's own time: the last way to date an export


def hidden(name: str) -> bool:
    """True for macOS resource forks and hidden files, which no export means to include."""
    return name.startswith("__MACOSX/") or "/." in "/" + name


def zip_members(path: Path, fix: str) -> list[Member]:
    """The visible files of the zip ``path``; ``fix`` ends the message when it is damaged."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise BrokenFile(f"{path}: not a readable zip file ({exc}); {fix}") from exc
    members = []
    for info in archive.infolist():
        if info.is_dir() or hidden(info.filename):
            continue

        def read(info: zipfile.ZipInfo = info) -> bytes:
            try:
                return archive.read(info)
            except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as exc:
                raise BrokenFile(
                    f"{path}: member {info.filename} is damaged ({exc}); {fix}"
                ) from exc

        members.append(Member(info.filename, read, _zip_day(info.date_time)))
    return members


def _zip_day(stamp: tuple[int, int, int, int, int, int]) -> date | None:
    # 1980-01-01 is the zip format's zero: a tool that did not record the time.
    if stamp[:3] <= (1980, 1, 1):
        return None
    try:
        return date(*stamp[:3])
    except ValueError:
        return None


def file_day(path: Path) -> date | None:
    """The day ``path`` was last modified (UTC), or None when it cannot be read."""
    try:
        return datetime.fromtimestamp(path.stat().st_mtime, UTC).date()
    except (OSError, ValueError, OverflowError):
        return None


def latest_file_day(members: Iterable[Member]) -> date | None:
    """The newest of the members' file times: an export's date when nothing else tells it."""
    return max((m.modified for m in members if m.modified is not None), default=None)


def folder_members(path: Path) -> list[Member]:
    """The visible files below the folder ``path``, by their path relative to it, sorted."""
    members = []
    for file in sorted(p for p in path.rglob("*") if p.is_file()):
        relative = file.relative_to(path).as_posix()
        if not hidden(relative):
            members.append(Member(relative, file.read_bytes, file_day(file)))
    return members


def sha256_file(path: Path) -> str:
    """The file's SHA-256, read in blocks: a whole Takeout zip can be gigabytes."""
    sha = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            sha.update(block)
    return sha.hexdigest()


def folder_fingerprint(path: Path, members: list[Member]) -> str:
    """A fingerprint of a folder export: every member's name and content hash."""
    fingerprint = hashlib.sha256()
    for member in members:
        fingerprint.update(member.name.encode())
        fingerprint.update(sha256_file(path / member.name).encode())
    return fingerprint.hexdigest()
