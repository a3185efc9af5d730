"""The files of an export given as a zip, a folder or one file, streamed only when asked for.

LinkedIn, Google Takeout and address-book exports all arrive the same three
ways; every importer that takes them reads their members through here, so
a damaged zip or member says the same thing, with the fix, wherever it is.

Nothing here trusts the input: a zip member is streamed and stops the import
once it unpacks to more than :class:`Limits` allow (a 486 KB zip can unpack to
500 MB), and a folder is walked without following links out of it.
"""

from __future__ import annotations

import hashlib
import io
import os
import stat
import zipfile
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import IO

from goodword.config import Settings, load_settings
from goodword.errors import BrokenFile, ConfigError, ImportFailed

MB = 1 << 20
CHUNK = 1 << 16
# A member this small is never a bomb, whatever its ratio: a tiny file of spaces is fine.
RATIO_FLOOR = MB
Opener = Callable[[], IO[bytes]]


@dataclass(frozen=True, slots=True)
class Limits:
    """How far an input may grow before goodword refuses it (see ``GOODWORD_MAX_*``)."""

    unpacked: int = 2048 * MB
    ratio: int = 100
    line: int = MB

    @classmethod
    def from_settings(cls, settings: Settings | None = None) -> Limits:
        """The limits the settings (by default, the environment's) ask for."""
        s = settings or load_settings()
        for name, value in (
            ("MAX_UNPACKED_MB", s.max_unpacked_mb),
            ("MAX_RATIO", s.max_ratio),
            ("MAX_LINE_MB", s.max_line_mb),
        ):
            if value < 1:
                raise ConfigError(f"invalid goodword setting: GOODWORD_{name} must be 1 or more")
        return cls(unpacked=s.max_unpacked_mb * MB, ratio=s.max_ratio, line=s.max_line_mb * MB)


@dataclass(slots=True)
class Member:
    """One file of the input, by its name inside the zip or folder.

    ``open`` gives a fresh binary stream each time it is called; read it in
    pieces. ``read`` is for formats whose parser needs the whole file (a
    calendar, an address book); a zip member is bounded by :class:`Limits` either way.
    """

    name: str
    open: Opener
    modified: date | None = None  # the file's own time: the last way to date an export

    def read(self) -> bytes:
        """The whole member (for parsers that need it at once)."""
        with self.open() as stream:
            return stream.read()


def hidden(name: str) -> bool:
    """True for macOS resource forks and hidden files, which no export means to include."""
    return name.startswith("__MACOSX/") or "/." in "/" + name


class _Guarded(io.RawIOBase):
    """A zip member's stream that stops the import once it grows past the limits."""

    def __init__(self, raw: IO[bytes], check: Callable[[int], None]) -> None:
        super().__init__()
        self._raw = raw
        self._check = check
        self._position = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        data = self._raw.read(min(len(buffer), CHUNK))
        size = len(data)
        buffer[:size] = data
        self._position += size
        self._check(self._position)
        return size

    def close(self) -> None:
        self._raw.close()
        super().close()


def zip_members(path: Path, fix: str, limits: Limits | None = None) -> list[Member]:
    """The visible files of the zip ``path``; ``fix`` ends the message when it is damaged.

    Each member is streamed through the ``limits`` (by default, the settings'):
    one that unpacks to more than the size cap (counted over every member
    read), or grows more than the ratio cap, stops the import with one line
    naming it and the setting that raises the cap.
    """
    limits = limits or Limits.from_settings()
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise BrokenFile(f"{path}: not a readable zip file ({exc}); {fix}") from exc
    reached: dict[str, int] = {}  # the furthest each member was read: a re-read counts once

    def guard(info: zipfile.ZipInfo, position: int, *, declared: bool = False) -> None:
        if not declared:
            reached[info.filename] = max(position, reached.get(info.filename, 0))
        if position > limits.unpacked or sum(reached.values()) > limits.unpacked:
            raise ImportFailed(
                f"{path}: member {info.filename} unpacks to more than the "
                f"{limits.unpacked // MB} MB cap (GOODWORD_MAX_UNPACKED_MB); "
                "raise it only for a file you trust"
            )
        if position > RATIO_FLOOR and position > limits.ratio * max(info.compress_size, 1):
            raise ImportFailed(
                f"{path}: member {info.filename} unpacks to more than {limits.ratio} times "
                "its packed size, the cap (GOODWORD_MAX_RATIO); it looks like a zip bomb; "
                "raise the cap only for a file you trust"
            )

    members = []
    for info in archive.infolist():
        if info.is_dir() or hidden(info.filename):
            continue

        def open_member(info: zipfile.ZipInfo = info) -> IO[bytes]:
            # The declared size refuses an honest bomb before a byte is unpacked; the
            # count while reading refuses a lying one.
            guard(info, info.file_size, declared=True)
            try:
                raw = archive.open(info)
            except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as exc:
                raise _damaged(path, info, fix, exc) from exc
            return io.BufferedReader(
                _Damage(_Guarded(raw, lambda position: guard(info, position)), path, info, fix),
                CHUNK,
            )

        members.append(Member(info.filename, open_member, _zip_day(info.date_time)))
    return members


def _damaged(path: Path, info: zipfile.ZipInfo, fix: str, exc: BaseException) -> BrokenFile:
    return BrokenFile(f"{path}: member {info.filename} is damaged ({exc}); {fix}")


class _Damage(io.RawIOBase):
    """Turns the zip library's errors while reading a member into :class:`BrokenFile`."""

    def __init__(self, raw: _Guarded, path: Path, info: zipfile.ZipInfo, fix: str) -> None:
        super().__init__()
        self._raw, self._path, self._info, self._fix = raw, path, info, fix

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        try:
            return self._raw.readinto(buffer)
        except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as exc:
            raise _damaged(self._path, self._info, self._fix, exc) from exc

    def close(self) -> None:
        self._raw.close()
        super().close()


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


def walk(root: Path) -> tuple[list[Path], list[tuple[str, str]]]:
    """The regular files below the folder ``root`` (sorted), and what was skipped, with why.

    Links are followed only when they lead to a file inside ``root``: the user
    chose this folder, not what a link in it points at. Links to folders are
    never followed (their files inside ``root`` are read where they are), and
    devices, pipes and sockets are never opened (reading a pipe waits forever).
    """
    top = root.resolve()
    files: list[Path] = []
    skipped: list[tuple[str, str]] = []
    for folder, dirnames, filenames in os.walk(root, followlinks=False):
        here = Path(folder)
        for name in sorted(dirnames):
            entry = here / name
            if entry.is_symlink() and not _inside(entry, top):
                skipped.append((_relative(entry, root), "a link that leads outside the folder"))
        for name in filenames:
            entry = here / name
            reason = _file_skip_reason(entry, top)
            if reason:
                skipped.append((_relative(entry, root), reason))
            else:
                files.append(entry)
    return sorted(files), sorted(skipped)


def _relative(entry: Path, root: Path) -> str:
    return entry.relative_to(root).as_posix()


def _inside(entry: Path, top: Path) -> bool:
    try:
        return entry.resolve().is_relative_to(top)
    except (OSError, RuntimeError):  # a loop of links
        return False


def _file_skip_reason(entry: Path, top: Path) -> str:
    try:
        if entry.is_symlink() and not _inside(entry, top):
            return "a link that leads outside the folder: not read"
        mode = entry.stat().st_mode
    except OSError as exc:
        return f"cannot be read ({exc.strerror or type(exc).__name__})"
    if stat.S_ISDIR(mode):
        return "a link to a folder: not followed"
    if not stat.S_ISREG(mode):
        return "not a regular file (device, pipe or socket): not read"
    return ""


def folder_members(path: Path) -> tuple[list[Member], list[tuple[str, str]]]:
    """The visible files below the folder ``path`` by their path relative to it, sorted,
    and the entries skipped with why (see :func:`walk`)."""
    files, skipped = walk(path)
    members = []
    for file in files:
        relative = file.relative_to(path).as_posix()
        if not hidden(relative):
            members.append(Member(relative, _opener(file), file_day(file)))
    return members, [(name, why) for name, why in skipped if not hidden(name)]


def _opener(file: Path) -> Opener:
    def open_file() -> IO[bytes]:
        try:
            return file.open("rb")
        except OSError as exc:
            raise BrokenFile(f"{file}: cannot be read ({exc.strerror or exc})") from exc

    return open_file


def file_member(path: Path) -> Member:
    """A single file given on its own, as the one member of its input."""
    return Member(path.name, _opener(path), file_day(path))


def check_lines(data: bytes, name: str, limit: int) -> None:
    """Refuse ``data`` when one of its lines is longer than ``limit`` bytes.

    Parsers of calendars and address books slow to a crawl on a line of
    megabytes, and no real export holds one (RFC 5545 folds lines at 75 bytes).
    """
    if len(data) <= limit:
        return
    lines = data.split(b"\n")
    if max(map(len, lines)) <= limit:
        return
    for line in lines:  # only a \r (old Mac) may still break a long one
        if len(line) > limit and max(map(len, line.split(b"\r"))) > limit:
            raise ImportFailed(
                f"{name}: holds a line longer than the {max(limit // MB, 1)} MB cap "
                "(GOODWORD_MAX_LINE_MB); export the file again, or raise the cap "
                "if you trust it"
            )


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
