"""Read a large input in a second process while this one stores what it has read.

Parsing a multi-gigabyte mailbox and writing its rows both keep a core
busy; on a machine with two or more, :func:`in_background` runs the
importer in a child process and hands its records over in batches through a
bounded queue, so reading and storing overlap and memory stays flat (at
most :data:`QUEUE_BATCHES` batches in flight). The result is an ordinary
lazy :class:`Parsed`: the loader cannot tell the difference.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from goodword.errors import GoodwordError, ImportFailed
from goodword.records import FileReport, Record
from goodword.sources.base import Importer, Parsed

BATCH = 1000
QUEUE_BATCHES = 8
# Below this size a second process costs more than it saves.
MIN_BYTES = 64 << 20
_POLL_SECONDS = 1.0
FALLBACK_NOTE = "read in one process: a second one could not start"


def worth_it(parsed: Parsed) -> bool:
    """True when ``parsed`` is a large lazy stream and there is a core to spare."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (
        parsed.position is not None
        and not isinstance(parsed.records, list)
        and parsed.size >= MIN_BYTES
        and (cores or 1) >= 2
    )


def _produce(importer: Importer, path: str, out: Any) -> None:
    """In the child: parse ``path`` and send records in batches, then the reports."""
    # Ctrl-C reaches the whole process group: the parent stops the import (and this
    # process) cleanly, so the child must not die first with a traceback of its own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        parsed = importer.parse(Path(path))
        batch: list[Record] = []
        for record in parsed.records:
            batch.append(record)
            if len(batch) >= BATCH:
                out.put(("records", batch, parsed.position() if parsed.position else (0, 0)))
                batch = []
        out.put(("records", batch, parsed.position() if parsed.position else (0, 0)))
        out.put(("end", parsed.files, parsed.export_date, parsed.notes))
    except GoodwordError as exc:
        out.put(("error", type(exc).__name__, exc.message))
    except Exception as exc:  # reported to the parent, which raises it as a failed import
        out.put(("error", "ImportFailed", f"{path}: reading failed ({type(exc).__name__}: {exc})"))


def in_background(importer: Importer, parsed: Parsed) -> Parsed:
    """The same input as ``parsed``, read by ``importer`` in a child process.

    ``parsed`` (set up but not yet consumed) gives the kind, size and
    fingerprint; its records are never read here.
    """
    context = multiprocessing.get_context("spawn")
    channel = context.Queue(maxsize=QUEUE_BATCHES)
    child = context.Process(
        target=_produce, args=(importer, str(parsed.path), channel), daemon=True
    )
    files: list[FileReport] = []
    where = [0, 0]
    started = [False]
    result = Parsed(
        kind=parsed.kind,
        path=parsed.path,
        fingerprint=parsed.fingerprint,
        export_date=None,
        files=files,
        records=iter(()),
        notes=[],
        size=parsed.size,
        position=lambda: (where[0], where[1]),
    )

    def records() -> Iterator[Record]:
        child.start()
        try:
            while True:
                try:
                    message = channel.get(timeout=_POLL_SECONDS)
                except queue.Empty:
                    if not child.is_alive() and not started[0]:
                        # The child could not even start (say, a script without a main
                        # guard): read in this process instead, as if it had never been tried.
                        yield from parsed.records
                        files.extend(parsed.files)
                        result.export_date = parsed.export_date
                        result.notes.extend(parsed.notes)
                        result.notes.append(FALLBACK_NOTE)
                        result.position = parsed.position
                        return
                    if not child.is_alive():
                        raise ImportFailed(
                            f"{parsed.path}: the reader stopped unexpectedly "
                            f"(exit code {child.exitcode}); nothing was imported"
                        ) from None
                    continue
                started[0] = True
                if message[0] == "records":
                    where[0], where[1] = message[2]
                    yield from message[1]
                elif message[0] == "end":
                    files.extend(message[1])
                    result.export_date = message[2]
                    result.notes.extend(message[3])
                    return
                else:
                    _, kind, text = message
                    error = _ERRORS.get(kind, ImportFailed)
                    raise error(text)
        finally:
            if child.is_alive():
                child.terminate()
            child.join(timeout=5)
            channel.close()

    result.records = records()
    return result


def _errors() -> dict[str, type[GoodwordError]]:
    from goodword import errors

    return {
        name: value
        for name, value in vars(errors).items()
        if isinstance(value, type) and issubclass(value, GoodwordError)
    }


_ERRORS = _errors()
