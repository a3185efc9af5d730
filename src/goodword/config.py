"""Typed settings (``GOODWORD_`` environment prefix) and where the data lives.

Nothing here is built at import time: call :func:`load_settings` when a
command starts, so tests and faces can point ``GOODWORD_HOME`` elsewhere.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import platformdirs

from goodword.errors import ConfigError

SQLITE_FILE_NAME = "goodword.db"
ENV_PREFIX = "GOODWORD_"


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    """Settings read from ``GOODWORD_*`` environment variables (see :func:`load_settings`).

    Built directly (``Settings(home=...)``) it holds just what it is given:
    tests and tools say everything they mean.
    """

    home: Path | None = None
    """Data directory; defaults to the platform's user data directory."""

    database_url: str | None = None
    """SQLAlchemy URL; defaults to SQLite in the data directory."""

    smtp_host: str | None = None
    """The user's own SMTP server; nothing is sent without it."""

    smtp_port: int = 587
    """SMTP port: 587 for ``starttls``, 465 for ``ssl``."""

    smtp_security: str = "starttls"
    """How to secure the SMTP connection: ``starttls``, ``ssl`` or ``none``."""

    smtp_user: str | None = None
    """SMTP login; the password comes from GOODWORD_SMTP_PASSWORD or the keyring, never from here."""

    smtp_timeout: float = 30.0
    """Seconds to wait for the SMTP server before giving up."""

    mail_from: str | None = None
    """The sender, as ``you@example.com`` or ``Your Name <you@example.com>``."""

    max_unpacked_mb: int = 2048
    """Most megabytes the files read from one zip may unpack to; more stops the import."""

    max_ratio: int = 100
    """Most times a zip member may grow as it unpacks (real exports: about 20 at most); more stops the import."""

    max_line_mb: int = 1
    """Longest line, in megabytes, of a CSV, calendar or address-book file; longer stops the import."""

    max_upload_mb: int = 2048
    """The largest file the web app takes as an upload, in MB (a big mail archive fits)."""

    def __post_init__(self) -> None:
        home: object = self.home
        if isinstance(home, str):  # the variable's or a script's text: the path it names
            object.__setattr__(self, "home", Path(home).expanduser())
        if self.max_upload_mb < 1:
            raise ConfigError(
                f"invalid goodword setting: {ENV_PREFIX}MAX_UPLOAD_MB must be at least 1, "
                f"not {self.max_upload_mb}"
            )

    def data_dir(self) -> Path:
        """The directory that holds the SQLite database and user templates."""
        if self.home is not None:
            return self.home
        return Path(platformdirs.user_data_dir("goodword", appauthor=False))

    def sqlite_path(self) -> Path:
        """Where the default SQLite database lives."""
        return self.data_dir() / SQLITE_FILE_NAME

    def resolved_database_url(self) -> str:
        """The database URL in use: ``GOODWORD_DATABASE_URL`` or the SQLite file."""
        if self.database_url:
            url = self.database_url.strip()
            if url.startswith(("postgres://", "postgresql://")):
                # psycopg 3 is the driver we ship; SQLAlchemy defaults to psycopg2.
                url = "postgresql+psycopg://" + url.split("://", 1)[1]
            if not url.startswith(("sqlite", "postgresql+psycopg")):
                raise ConfigError(
                    f"GOODWORD_DATABASE_URL {url.split(':', 1)[0]!r} is not supported; "
                    "use sqlite:///PATH or postgresql://USER@HOST/DB"
                )
            return url
        return f"sqlite:///{self.sqlite_path()}"


def load_settings() -> Settings:
    """Read the settings from the environment now (names in any case, as shells differ).

    Twelve plain values do not need a settings library: pydantic-settings took
    a tenth of a second to load, on every command.
    """
    environ = {key.upper(): value for key, value in os.environ.items()}
    found: dict[str, Any] = {}
    for spec in fields(Settings):
        name = ENV_PREFIX + spec.name.upper()
        if name in environ:
            found[spec.name] = _parsed(name, environ[name], spec.default)
    return Settings(**found)


def _parsed(name: str, text: str, default: object) -> object:
    """One setting's text as its field's type (``home``: a path, ``~`` expanded; blank: none)."""
    if name == ENV_PREFIX + "HOME":
        return text if text.strip() else None  # Settings makes it a path
    for kind, what in ((int, "a whole number"), (float, "a number")):
        if type(default) is kind:
            try:
                return kind(text.strip())
            except ValueError:
                raise ConfigError(
                    f"invalid goodword setting: {name} must be {what}, not {text!r}"
                ) from None
    return text
