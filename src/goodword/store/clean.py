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


_FIELDS: dict[type[Any], tuple[str, ...]] = {}


def _fields(kind: type[Any]) -> tuple[str, ...]:
    names = _FIELDS.get(kind)
    if names is None:
        names = _FIELDS[kind] = tuple(f.name for f in dataclasses.fields(kind))
    return names


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
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {}
        for name in _fields(kind):
            old = getattr(value, name)
            new = _clean(old)
            if new is not old:
                changes[name] = new
        return dataclasses.replace(value, **changes) if changes else value
    return value
