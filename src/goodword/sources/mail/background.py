"""Read a large input in a second process while this one stores what it has read.

Parsing a multi-gigabyte mailbox and writing its rows both keep a core
busy; on a machine with two or more, :func:`in_background` runs the
importer in a child process and hands what it reads over in batches through a
bounded queue, so reading and storing overlap and memory stays flat (at
most :data:`QUEUE_BATCHES` batches in flight). Mail is read in two stages
(see :attr:`Parsed.read`): the child reads each message's headers, this
process puts them in order (copies, threads) and stores them, which shares
the work about evenly. The result is an ordinary lazy :class:`Parsed`: the
loader cannot tell the difference.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import multiprocessing.connection
import os
import queue
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from goodword.errors import GoodwordError, ImportFailed
from goodword.sources.base import Importer, Parsed

BATCH = 1000
QUEUE_BATCHES = 8
# Below this size a second process costs more than it saves.
MIN_BYTES = 64 << 20
_POLL_SECONDS = 1.0
FALLBACK_NOTE = "read in one process: a second one could not start"
# In a two-stage read, every LEAVE-th item is left for this process to read: the child's
# share of the work per message is the larger. Measured on a 2-core machine (500,000
# messages of a Takeout-shaped mbox, bench/bench_mail_import.py): the child read a message
# in about 58 µs of CPU and this process stored one in about 38; leaving every 12th to this
# process brought the two to 29 s of CPU each.
LEAVE = 12
# Allocations between young-generation collections while an import runs (Python's default
# is 700): reading a mailbox allocates millions of short-lived objects, nearly all freed by
# reference counting, and the collector's passes cost more than the reading they interrupt.
IMPORT_GC_THRESHOLD = 50_000


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Run the body with the garbage collector mostly out of the way, then restore it.

    What exists before (modules, the session, caches) is frozen out of the
    collector's passes and young collections are rarer; measured on a
    50,000-message mbox this takes about a sixth off the storing process's
    CPU time. Cyclic garbage made meanwhile is still collected, later.
    """
    threshold = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(max(threshold[0], IMPORT_GC_THRESHOLD), *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


def worth_it(parsed: Parsed) -> bool:
    """True when ``parsed`` is a large lazy stream and there is a core to spare."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (
        parsed.position is not None
        and not isinstance(parsed.records, list)
        and parsed.size >= MIN_BYTES
        and (cores or 1) >= 2
    )


def _produce(importer: Importer, path: str, out: Any, leave: int) -> None:
    """In the child: read ``path`` and send what it gives in batches, then the reports.

    An input read in two stages sends its first stage (``Parsed.read``,
    leaving every ``leave``-th item unread), the rest its records.
    """
    # Ctrl-C reaches the whole process group: the parent stops the import (and this
    # process) cleanly, so the child must not die first with a traceback of its own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    end_with_parent()
    with fewer_collections():
        _send(importer, path, out, leave)


# From <linux/prctl.h>: deliver a signal to this process when its parent dies.
_PR_SET_PDEATHSIG = 1


def end_with_parent() -> None:
    """In the child: end this process when the one that started it dies, even by kill -9.

    A reader left behind would hold the mailbox open, keep a core busy and
    keep multiprocessing's resource tracker alive with it. On Linux the
    kernel sends SIGKILL on the parent's death (``PR_SET_PDEATHSIG``);
    everywhere a watcher thread also waits on the pipe to the parent, which
    closes when it dies, and ends the process then.
    """
    parent = multiprocessing.parent_process()
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass  # the watcher below still does it
    if parent is None:
        return
    if parent.pid is not None and os.getppid() != parent.pid:
        os._exit(1)  # the parent died before the signal was armed
    sentinel = parent.sentinel

    def watch() -> None:
        multiprocessing.connection.wait([sentinel])
        os._exit(1)

    threading.Thread(target=watch, name="end-with-parent", daemon=True).start()


def _send(importer: Importer, path: str, out: Any, leave: int) -> None:
    try:
        parsed = importer.parse(Path(path))
        source = parsed.read(leave) if parsed.read is not None else parsed.records
        batch: list[Any] = []
        for item in source:
            batch.append(item)
            if len(batch) >= BATCH:
                out.put(("items", batch, parsed.position() if parsed.position else (0, 0)))
                batch = []
        out.put(("items", batch, parsed.position() if parsed.position else (0, 0)))
        out.put(("end", parsed.files, parsed.export_date, parsed.notes, parsed.export_basis))
    except GoodwordError as exc:
        out.put(("error", type(exc).__name__, exc.message))
    except Exception as exc:  # reported to the parent, which raises it as a failed import
        out.put(("error", "ImportFailed", f"{path}: reading failed ({type(exc).__name__}: {exc})"))


def in_background(importer: Importer, parsed: Parsed) -> Parsed:
    """``parsed`` (set up but not yet consumed), now read by ``importer`` in a child process.

    An input read in two stages has its first stage run in the child and
    its second (``Parsed.assemble``) here, so the two processes share the
    work; any other input is read wholly in the child, and its reports and
    export date arrive at the end.
    """
    context = multiprocessing.get_context("spawn")
    channel = context.Queue(maxsize=QUEUE_BATCHES)
    child = context.Process(
        target=_produce, args=(importer, str(parsed.path), channel, LEAVE), daemon=True
    )
    staged = parsed.read is not None and parsed.assemble is not None
    # What this process reads itself should the child not start.
    local = parsed.read(0) if staged and parsed.read is not None else parsed.records
    local_position = parsed.position
    where = [0, 0]
    started = [False]

    def received() -> Iterator[Any]:
        child.start()
        try:
            while True:
                try:
                    message = channel.get(timeout=_POLL_SECONDS)
                except queue.Empty:
                    if not child.is_alive() and not started[0]:
                        # The child could not even start (say, a script without a main
                        # guard): read in this process instead, as if it had never been tried.
                        parsed.position = local_position
                        parsed.notes.append(FALLBACK_NOTE)
                        yield from local
                        return
                    if not child.is_alive():
                        raise ImportFailed(
                            f"{parsed.path}: the reader stopped unexpectedly "
                            f"(exit code {child.exitcode}); nothing was imported"
                        ) from None
                    continue
                started[0] = True
                if message[0] == "items":
                    where[0], where[1] = message[2]
                    yield from message[1]
                elif message[0] == "end":
                    if not staged:
                        parsed.files[:] = message[1]
                        parsed.export_date, parsed.export_basis = message[2], message[4]
                    parsed.notes.extend(message[3])
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

    parsed.position = lambda: (where[0], where[1])
    if staged and parsed.assemble is not None:
        parsed.records = parsed.assemble(received())
    else:
        parsed.records = received()
    return parsed


def _errors() -> dict[str, type[GoodwordError]]:
    from goodword import errors

    return {
        name: value
        for name, value in vars(errors).items()
        if isinstance(value, type) and issubclass(value, GoodwordError)
    }


_ERRORS = _errors()
