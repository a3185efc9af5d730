"""One exception tree for goodword; faces map it to exit codes and error shapes.

::

    GoodwordError                 anything goodword refuses to do, with the fix in the message
    ├── ConfigError               a setting is wrong (database URL, data directory)
    ├── StoreError                the database cannot be opened or is not at the expected version
    ├── ImportFailed              an input cannot be imported at all (nothing was written)
    │   ├── UnsupportedInput      no importer recognises the path
    │   └── BrokenFile            a file is unreadable (bad zip, undecodable, no header)
    ├── NotFound                  a person, job or other record does not exist
    ├── Ambiguous                 a name matches several records
    └── InvalidInput              a value the user typed cannot be used

Each class's docstring is its default message. Core code raises these; only
the faces turn them into one-line messages and exit codes.
"""

from __future__ import annotations


class GoodwordError(Exception):
    """goodword could not do that."""

    exit_code = 1

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or (self.__doc__ or "").strip())

    @property
    def message(self) -> str:
        """The one-line message shown to the user."""
        return str(self.args[0])


class ConfigError(GoodwordError):
    """A goodword setting is invalid; check the GOODWORD_ environment variables."""

    exit_code = 2


class StoreError(GoodwordError):
    """The goodword database cannot be used; run `goodword db status` for details."""

    exit_code = 3


class ImportFailed(GoodwordError):
    """The import failed and nothing was written."""

    exit_code = 4


class UnsupportedInput(ImportFailed):
    """goodword does not recognise this input; give it a LinkedIn export or one of its CSVs."""


class BrokenFile(ImportFailed):
    """A file in the input cannot be read; nothing was imported."""


class NotFound(GoodwordError):
    """No such record; `goodword people` lists who is known."""

    exit_code = 5


class Ambiguous(GoodwordError):
    """That name matches several records; use the id shown by `goodword people`."""

    exit_code = 6


class InvalidInput(GoodwordError):
    """That value cannot be used."""

    exit_code = 2
