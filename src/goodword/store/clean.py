"""Text as both databases can store it: the one place imported text is cleaned.

SQLite stores any Python string; PostgreSQL refuses a NUL character in text
and cannot encode a lone surrogate (what an undecodable byte in a file name,
or a broken ``\\udxxx`` escape, becomes in Python). So every record is
cleaned as it enters the loader, before anything is stored: NULs are
removed, lone surrogates become U+FFFD. A record that changed is counted
as a warning of its file, so the import summary says so, and the same bytes
give the same rows on both databases.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from datetime import date, datetime
from operator import attrgetter
from typing import Any, TypeVar, cast

T = TypeVar("T")

_SURROGATE = re.compile("[\ud800-\udfff]")


def clean_text(value: str) -> str:
    """``value`` without NULs, each lone surrogate replaced by U+FFFD."""
    if "\x00" in value:
        value = value.replace("\x00", "")
    if not value.isascii():
        value = _SURROGATE.sub("\ufffd", value)
    return value


def _dirty(value: str) -> bool:
    return "\x00" in value or (not value.isascii() and _SURROGATE.search(value) is not None)


# Values that hold no text: returned as they are, without a look inside.
_ATOMS = frozenset({int, float, bool, type(None), bytes, datetime, date})
# Per dataclass: its field names and a getter that reads them all at once (in C).
_PLANS: dict[type[Any], tuple[tuple[str, ...], Callable[[Any], Any]] | None] = {}


def _plan(kind: type[Any]) -> tuple[tuple[str, ...], Callable[[Any], Any]] | None:
    if kind not in _PLANS:
        if dataclasses.is_dataclass(kind):
            names = tuple(f.name for f in dataclasses.fields(kind))
            _PLANS[kind] = (names, _getter(names))
        else:
            _PLANS[kind] = None
    return _PLANS[kind]


def _getter(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    getter = attrgetter(*names)
    if len(names) > 1:
        return getter
    # attrgetter of one name gives the value alone: hand back a tuple all the same.
    return lambda value: (getter(value),)


def clean_value(value: T) -> T:
    """``value`` with every string in it cleaned: dataclasses, tuples, lists and dicts are walked.

    The very same object comes back when nothing needed cleaning, so the
    common case (clean text) allocates nothing.
    """
    return cast(T, _clean(value))


def _clean(value: Any) -> Any:
    kind = type(value)
    if kind is str:
        return clean_text(value) if _dirty(value) else value
    if kind in _ATOMS:
        return value
    if kind is tuple or kind is list:
        items = [_clean(item) for item in value]
        if all(new is old for new, old in zip(items, value, strict=True)):
            return value
        return kind(items)
    if kind is dict:
        pairs = [(_clean(k), _clean(v)) for k, v in value.items()]
        if all(
            nk is ok and nv is ov for (nk, nv), (ok, ov) in zip(pairs, value.items(), strict=True)
        ):
            return value
        return dict(pairs)
    plan = _plan(kind)
    if plan is None:
        return value
    names, getter = plan
    changes = None
    for name, old in zip(names, getter(value), strict=True):
        kind = type(old)
        if kind is str:  # most fields: checked here, without a call
            if "\x00" not in old and (old.isascii() or _SURROGATE.search(old) is None):
                continue
            new = clean_text(old)
        elif kind in _ATOMS:
            continue
        else:
            new = _clean(old)
        if new is not old:
            changes = changes or {}
            changes[name] = new
    return dataclasses.replace(value, **changes) if changes else value
