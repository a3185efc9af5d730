"""Settings come from GOODWORD_* variables, typed, with errors that name the variable."""

from __future__ import annotations

from pathlib import Path

import pytest

from goodword.config import Settings, load_settings
from goodword.errors import ConfigError


def test_each_setting_is_read_from_its_variable_as_its_type(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("GOODWORD_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("GOODWORD_DATABASE_URL", "postgres://sam@db.example/goodword")
    monkeypatch.setenv("GOODWORD_SMTP_HOST", "smtp.example.org")
    monkeypatch.setenv("GOODWORD_SMTP_PORT", " 465 ")
    monkeypatch.setenv("GOODWORD_SMTP_TIMEOUT", "2.5")
    monkeypatch.setenv("goodword_mail_from", "Ada <ada@example.org>")  # any case, as shells differ

    settings = load_settings()

    assert settings.home == tmp_path / "data"
    assert settings.resolved_database_url() == "postgresql+psycopg://sam@db.example/goodword"
    assert (settings.smtp_host, settings.smtp_port, settings.smtp_timeout) == (
        "smtp.example.org",
        465,
        2.5,
    )
    assert settings.mail_from == "Ada <ada@example.org>"
    assert settings.smtp_security == "starttls"  # not set: the default


def test_home_expands_the_tilde_and_a_blank_one_means_the_default(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("GOODWORD_HOME", "~/goodword-data")
    assert load_settings().home == Path.home() / "goodword-data"

    monkeypatch.setenv("GOODWORD_HOME", "  ")
    assert load_settings().home is None
    assert load_settings().sqlite_path().name == "goodword.db"


def test_a_port_that_is_not_a_number_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOODWORD_SMTP_PORT", "five-eight-seven")

    with pytest.raises(ConfigError, match="GOODWORD_SMTP_PORT must be a whole number"):
        load_settings()


def test_settings_built_directly_hold_only_what_they_are_given(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("GOODWORD_SMTP_HOST", "smtp.example.org")

    settings = Settings(home=tmp_path)

    assert settings.smtp_host is None
    assert settings.resolved_database_url() == f"sqlite:///{tmp_path / 'goodword.db'}"


def test_a_home_given_as_text_is_the_path_it_names(tmp_path: Path) -> None:
    settings = Settings(home=str(tmp_path / "data"))  # type: ignore[arg-type]

    assert settings.home == tmp_path / "data"
    assert settings.sqlite_path() == tmp_path / "data" / "goodword.db"


def test_the_upload_limit_is_a_whole_number_of_megabytes(monkeypatch: pytest.MonkeyPatch) -> None:
    assert load_settings().max_upload_mb == 2048  # a large mail archive fits
    monkeypatch.setenv("GOODWORD_MAX_UPLOAD_MB", "300")
    assert load_settings().max_upload_mb == 300
    monkeypatch.setenv("GOODWORD_MAX_UPLOAD_MB", "lots")
    with pytest.raises(ConfigError, match="GOODWORD_MAX_UPLOAD_MB must be a whole number"):
        load_settings()
    monkeypatch.setenv("GOODWORD_MAX_UPLOAD_MB", "0")
    with pytest.raises(ConfigError, match="GOODWORD_MAX_UPLOAD_MB must be at least 1"):
        load_settings()
