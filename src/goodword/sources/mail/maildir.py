"""Mail kept one message per file: Maildir (and Maildir++) folders, and RFC 822 folder trees.

Two layouts, one reader:

* **Maildir**: a folder with ``cur/`` and ``new/`` (``tmp/`` holds mail
  still being delivered and is not read). Sub-folders are Maildir++
  dot-folders (``.Sent``, ``.INBOX.Archive``: dots nest) or plain nested
  maildirs (``Archive/2019/cur``). The top maildir is the ``INBOX``.
* **RFC 822 folder trees**: any folder tree of one-message files, with no
  extension (the Enron corpus' ``maildir/<user>/<folder>/<n>.``) or
  ``.eml``; a single ``.eml`` file too. A file inside that opens with a
  From_ line (and is not an ``.eml``) is read as an mbox, its name a label:
  Thunderbird keeps its folders so.

A message's labels are its folder path (``Archive/2019``, ``INBOX/Sent``);
a folder whose name means sent mail (``sent``, ``Sent Items``,
``_sent_mail``, ``.Sent``, ``Gesendet`` …; see
:func:`goodword.sources.mail.classify.label_kind`) also gives the ``Sent`` label, from
which the owner's addresses are found. Every file is accounted for: read
as a message, skipped with a reason (hidden files, index files, files
that are not mail, ``tmp/``) or reported as a problem with its path.
Records come lazily from the shared :class:`~goodword.sources.mail.stream.MailStream`.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from goodword.errors import BrokenFile
from goodword.records import FileReport, Origin, Problem, Record, Skip
from goodword.sources.archive import file_day
from goodword.sources.base import Parsed
from goodword.sources.mail.classify import label_kind
from goodword.sources.mail.framing import (
    BOM,
    is_from_line,
    iter_mbox,
    looks_like_mail,
    read_message_file,
)
from goodword.sources.mail.stream import Item, MailItem, MailStream, Read, read

HEAD_BYTES = 4096
"""How much of a file is read to tell whether it is mail."""

SCORE_SAMPLE = 8
"""How many files :meth:`MailFolderImporter.score` looks into."""

FINGERPRINT_HEADS = 8
"""How many files at each end of the tree lend their first bytes to the fingerprint."""

MAILDIR_PARTS = ("cur", "new", "tmp")

_INDEX_PREFIXES = ("dovecot", "courier", "maildirfolder", "subscriptions", "thumbs.db")
_INDEX_NAMES = frozenset({"index", "desktop.ini", "msgfilterrules.dat", "popstate.dat"})
_INDEX_SUFFIXES = (".msf", ".index", ".idx", ".db", ".sqlite", ".dat", ".plist", ".emlxpart")

Role = Literal["message", "tmp", "file", "other"]


@dataclass(frozen=True, slots=True)
class _Entry:
    """One file of the tree: where it is, the labels of its folder, what part it plays."""

    path: Path
    relative: str
    labels: tuple[str, ...]
    role: Role
    size: int
    error: str = ""


def _components(name: str) -> tuple[str, ...]:
    """A folder name as label components: Maildir++ ``.INBOX.Archive`` is ``INBOX``, ``Archive``."""
    if name.startswith(".") and len(name) > 1:
        return tuple(part for part in name[1:].split(".") if part) or (name,)
    return (name,)


def folder_labels(parts: tuple[str, ...], *, maildir_root: bool = False) -> tuple[str, ...]:
    """The labels of the messages in the folder at ``parts`` below the input's root.

    The folder path joined with ``/`` (``INBOX`` for a top maildir, nothing
    for the top of a plain tree), plus ``Sent`` when the path names sent
    mail, so owner detection treats every spelling alike.
    """
    label = "/".join(parts) or ("INBOX" if maildir_root else "")
    if not label:
        return ()
    if label_kind(label) == "sent" and label != "Sent":
        return (label, "Sent")
    return (label,)


def _is_maildir(path: Path) -> bool:
    return (path / "cur").is_dir() and (path / "new").is_dir()


def _scan(directory: Path) -> list[os.DirEntry[str]]:
    with os.scandir(directory) as found:
        return sorted(found, key=lambda entry: entry.name)


def _size(entry: os.DirEntry[str]) -> int:
    try:
        return entry.stat(follow_symlinks=False).st_size
    except OSError:
        return 0


def walk(root: Path) -> Iterator[_Entry]:
    """Every file under ``root`` in a stable order (names sorted, depth first), with its role.

    Memory holds one directory listing per level, never the whole tree.
    A directory that cannot be listed is yielded as one ``other`` entry
    whose ``error`` says why.
    """
    if root.is_file():
        yield _Entry(root, root.name, (), "file", root.stat().st_size)
        return
    yield from _walk(root, "", (), root=True)


def _walk(directory: Path, prefix: str, parts: tuple[str, ...], *, root: bool) -> Iterator[_Entry]:
    try:
        entries = _scan(directory)
    except OSError as exc:
        yield _Entry(directory, prefix.rstrip("/") or ".", (), "other", 0, str(exc))
        return
    names = {entry.name for entry in entries if entry.is_dir(follow_symlinks=False)}
    maildir = "cur" in names and "new" in names
    labels = folder_labels(parts, maildir_root=maildir and root)
    for entry in entries:
        relative = prefix + entry.name
        if entry.is_dir(follow_symlinks=False):
            if maildir and entry.name in MAILDIR_PARTS:
                role: Role = "tmp" if entry.name == "tmp" else "message"
                yield from _files_under(Path(entry.path), relative + "/", labels, role)
            else:
                yield from _walk(
                    Path(entry.path), relative + "/", parts + _components(entry.name), root=False
                )
        elif entry.is_file(follow_symlinks=False):
            yield _Entry(Path(entry.path), relative, labels, "file", _size(entry))
        else:
            yield _Entry(Path(entry.path), relative, labels, "other", 0)


def _files_under(
    directory: Path, prefix: str, labels: tuple[str, ...], role: Role
) -> Iterator[_Entry]:
    """The files of a maildir's ``cur``, ``new`` or ``tmp`` (and of anything inside it)."""
    try:
        entries = _scan(directory)
    except OSError as exc:
        yield _Entry(directory, prefix.rstrip("/"), (), "other", 0, str(exc))
        return
    for entry in entries:
        relative = prefix + entry.name
        if entry.is_dir(follow_symlinks=False):
            yield from _files_under(Path(entry.path), relative + "/", labels, role)
        elif entry.is_file(follow_symlinks=False):
            yield _Entry(Path(entry.path), relative, labels, role, _size(entry))
        else:
            yield _Entry(Path(entry.path), relative, labels, "other", 0)


def _not_mail_reason(entry: _Entry) -> str:
    """Why a file is not read at all, judged by its name and role alone; empty when it may be mail."""
    name = entry.path.name
    lower = name.lower()
    if entry.role == "tmp":
        return "maildir tmp/: not delivered yet"
    if entry.role == "other":
        return "not a regular file (link, device or socket)"
    if name.startswith("."):
        return "not mail: hidden file"
    if (
        lower in _INDEX_NAMES
        or lower.startswith(_INDEX_PREFIXES)
        or lower.endswith(_INDEX_SUFFIXES)
    ):
        return "not mail: a mail program's index or settings file"
    if entry.size == 0:
        return "not mail: empty file"
    return ""


def tree_fingerprint(root: Path) -> tuple[str, int]:
    """A fingerprint of the tree at ``root`` and its size in bytes, without reading every file.

    blake2b of every file's relative path and size, in :func:`walk` order,
    plus the first 4 KB of the first and the last :data:`FINGERPRINT_HEADS`
    files. A file edited in place without changing its size goes unnoticed
    unless it is one of those; the walk itself only reads directory entries.
    """
    hasher = hashlib.blake2b(digest_size=32)
    total = 0
    first: list[Path] = []
    last: list[Path] = []
    for entry in walk(root):
        hasher.update(f"{entry.relative}\x00{entry.size}\n".encode("utf-8", "surrogateescape"))
        if entry.role == "other":
            continue
        total += entry.size
        if len(first) < FINGERPRINT_HEADS:
            first.append(entry.path)
        else:
            last.append(entry.path)
            if len(last) > FINGERPRINT_HEADS:
                last.pop(0)
    for path in first + last:
        try:
            with path.open("rb") as handle:
                hasher.update(handle.read(HEAD_BYTES))
        except OSError:
            hasher.update(b"\x00unreadable")
    return hasher.hexdigest(), total


class _TreeReader:
    """Turns the tree's files into mail items and keeps the progress counters."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.bytes_done = 0
        self.messages = 0

    def position(self) -> tuple[int, int]:
        """(bytes read so far, messages read so far)."""
        return self.bytes_done, self.messages

    def items(self) -> Iterator[Item]:
        """One item per file (per message for an mbox file inside the tree).

        A file counts as read (for :meth:`position`) when its item leaves.
        """
        for entry in walk(self.root):
            if entry.error:
                yield Problem(
                    f"{entry.relative}: folder cannot be listed ({entry.error}); "
                    "check its permissions and import again",
                    Origin(entry.relative),
                    code="unreadable",
                )
                continue
            for item in self._file(entry):
                if not isinstance(item, MailItem) or item.place:
                    self.bytes_done += entry.size  # a whole file: read once its item leaves
                yield item

    def _file(self, entry: _Entry) -> Iterator[Item]:
        origin = Origin(entry.relative)
        reason = _not_mail_reason(entry)
        if reason:
            yield Skip(reason, origin)
            return
        try:
            with entry.path.open("rb") as handle:
                head = handle.read(HEAD_BYTES)
            if entry.path.suffix.lower() != ".eml" and _opens_mbox(head):
                yield from self._mbox(entry)
                return
            if entry.role == "file" and not looks_like_mail(head):
                yield Skip("not mail: no mail header lines at the start", origin)
                return
            raw = read_message_file(entry.path, self.messages)
        except (OSError, BrokenFile) as exc:
            yield Problem(
                f"{entry.relative}: cannot be read ({exc}); check its permissions and import again",
                origin,
                code="unreadable",
            )
            return
        self.messages += 1
        yield MailItem(raw, origin, entry.labels, place=entry.relative)

    def _mbox(self, entry: _Entry) -> Iterator[Item]:
        """The messages of an mbox file inside the tree (Thunderbird keeps folders so)."""
        stem = entry.path.stem if entry.path.suffix.lower() == ".mbox" else entry.path.name
        labels = entry.labels
        if not stem.replace(".", "").isdigit():
            parent = labels[0] if labels else ""
            labels = folder_labels(tuple(p for p in (*parent.split("/"), stem) if p))
        start = self.bytes_done
        for raw in iter_mbox(entry.path):
            self.messages += 1
            self.bytes_done = start + raw.offset + raw.size
            yield MailItem(raw, Origin(entry.relative, raw.index + 1), labels)
        self.bytes_done = start + entry.size


def _opens_mbox(head: bytes) -> bool:
    """True when a file's first bytes open with a From_ separator line."""
    first_line = head.removeprefix(BOM).lstrip(b"\r\n").split(b"\n", 1)[0]
    return first_line.startswith(b"From ") and is_from_line(first_line)


class _TreeImporter:
    """What the Maildir and the folder-tree importers share: the lazy parse."""

    kind = "mail-folder"

    def parse(self, path: Path) -> Parsed:
        """Set up the lazy read of the tree at ``path``; records come as they are read.

        The tree's directories are listed once up front for its size and
        fingerprint (no file is read whole). ``Parsed.position()`` gives
        (bytes read, messages read) so far; ``Parsed.export_date`` and the
        file report are complete once the records are exhausted.
        """
        if not path.exists():
            raise BrokenFile(f"{path}: no such file or folder; check the path")
        fingerprint, size = tree_fingerprint(path)
        report = FileReport(path.name, self.kind)
        stream = MailStream(path.name, report, now=datetime.now(UTC))
        reader = _TreeReader(path)
        parsed = Parsed(
            kind=self.kind,
            path=path,
            fingerprint=fingerprint,
            export_date=None,
            files=[report],
            records=(),
            size=size,
            position=reader.position,
        )
        parsed.read = lambda leave: read(reader.items(), stream.now, leave)
        parsed.assemble = lambda found: _records(stream, found, parsed)
        parsed.records = parsed.assemble(parsed.read(0))
        parsed.report_of = lambda _origin: report.name  # the whole tree is one report
        return parsed


def _records(stream: MailStream, items: Iterable[Read], parsed: Parsed) -> Iterator[Record]:
    """The stream's records; at the end, the newest message's day becomes the export date."""
    yield from stream.records(items)
    if stream.latest is not None:
        parsed.export_date, parsed.export_basis = stream.latest.date(), "latest message"
    elif (day := file_day(parsed.path)) is not None:
        parsed.export_date, parsed.export_basis = day, "file times"


def _find_maildir(path: Path, depth: int) -> bool:
    """True when ``path`` or a folder up to ``depth`` levels below it is a maildir."""
    if _is_maildir(path):
        return True
    if depth <= 0:
        return False
    try:
        children = [entry for entry in _scan(path) if entry.is_dir(follow_symlinks=False)]
    except OSError:
        return False
    return any(_find_maildir(Path(child.path), depth - 1) for child in children[:200])


class MaildirImporter(_TreeImporter):
    """Reads a Maildir folder: ``cur/`` and ``new/``, Maildir++ dot-folders, nested maildirs."""

    kind = "maildir"

    def score(self, path: Path) -> float:
        """1.0 for a maildir (``cur/`` and ``new/``); 0.9 for a folder holding maildirs."""
        if not path.is_dir():
            return 0.0
        if _is_maildir(path):
            return 1.0
        return 0.9 if _find_maildir(path, 3) else 0.0


def _sample(path: Path, want: int) -> list[Path]:
    """Up to ``want`` non-hidden files of the tree, breadth first, after listing few folders."""
    found: list[Path] = []
    queue = [path]
    listed = 0
    while queue and len(found) < want and listed < 50:
        directory = queue.pop(0)
        listed += 1
        try:
            entries = _scan(directory)
        except OSError:
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.is_dir(follow_symlinks=False):
                queue.append(Path(entry.path))
            elif entry.is_file(follow_symlinks=False) and len(found) < want:
                found.append(Path(entry.path))
    return found


def _is_mail_file(path: Path, *, mbox: bool) -> bool:
    """True when the file opens with mail headers; an mbox file counts only when ``mbox``.

    A lone file that opens with a From_ line is the mbox importer's, unless
    it is an ``.eml``; inside a folder tree it is read as a mail folder.
    """
    try:
        with path.open("rb") as handle:
            head = handle.read(HEAD_BYTES)
    except OSError:
        return False
    if path.suffix.lower() != ".eml" and _opens_mbox(head):
        return mbox
    return looks_like_mail(head)


class MailFolderImporter(_TreeImporter):
    """Reads a folder tree of one-message files (Enron-corpus layout, ``.eml``), or one ``.eml``."""

    kind = "mail-folder"

    def score(self, path: Path) -> float:
        """How sure it is that ``path`` holds one-message mail files.

        An ``.eml`` file that opens with mail headers: 1.0; another such
        file: 0.5. A folder: 0.8 when at least half of a few sampled files
        (and at least one) open with mail headers, so a LinkedIn export's
        CSV files never qualify; otherwise 0.
        """
        if path.is_file():
            if not _is_mail_file(path, mbox=False):
                return 0.0
            return 1.0 if path.suffix.lower() == ".eml" else 0.5
        if not path.is_dir():
            return 0.0
        sample = _sample(path, SCORE_SAMPLE)
        mail = sum(_is_mail_file(file, mbox=True) for file in sample)
        return 0.8 if mail and mail * 2 >= len(sample) else 0.0


__all__ = [
    "MailFolderImporter",
    "MaildirImporter",
    "folder_labels",
    "tree_fingerprint",
    "walk",
]
