"""Sending through the user's own SMTP server: a real local aiosmtpd server receives the mail."""

from __future__ import annotations

import email
import email.policy
import socket
import sys
import types
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import parseaddr
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, Envelope, LoginPassword, Session

from goodword.config import Settings
from goodword.documents.messages import Draft
from goodword.errors import InvalidInput
from goodword.workflow.outbox import SendFailed, find_password, send

USER = "ada@example.org"
PASSWORD = "correct horse battery staple"

DRAFT = Draft(
    kind="ask",
    subject="Would you be a reference for me, Zoë?",
    body="Hi Zoë,\n\nWould you be a reference for me for Staff Data Scientist at Fabrikam?\n",
    to_name="Zoë Bašić",
    to_email="zoe@example.com",
)


@dataclass
class Inbox:
    """An aiosmtpd handler that keeps every envelope it is given."""

    envelopes: list[Envelope] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Session, envelope: Envelope) -> str:
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"

    def only_message(self) -> tuple[Envelope, EmailMessage]:
        assert len(self.envelopes) == 1
        envelope = self.envelopes[0]
        assert isinstance(envelope.content, bytes)
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        return envelope, message


def _accept_one_login(
    server: Any, session: Session, envelope: Envelope, mechanism: str, auth_data: Any
) -> AuthResult:
    ok = (
        isinstance(auth_data, LoginPassword)
        and auth_data.login == USER.encode()
        and auth_data.password == PASSWORD.encode()
    )
    # handled=False: let aiosmtpd answer "535" itself (the default means "I already replied").
    return AuthResult(success=ok, handled=False)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


# The login tests run AUTH without TLS on purpose, on 127.0.0.1 only.
requires_login = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")


@contextmanager
def smtp_server(**smtp_options: Any) -> Iterator[tuple[Inbox, int]]:
    """A real SMTP server on 127.0.0.1 and a free port, always stopped afterwards."""
    inbox = Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port, **smtp_options)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


def settings_for(port: int, **overrides: Any) -> Settings:
    """Settings for the local test server: no TLS, a short timeout."""
    values: dict[str, Any] = {
        "smtp_host": "127.0.0.1",
        "smtp_port": port,
        "smtp_security": "none",
        "smtp_timeout": 2.0,
        "mail_from": "Ada Lovelace <ada@example.org>",
    }
    values.update(overrides)
    return Settings(**values)


@pytest.fixture(autouse=True)
def _no_smtp_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """The developer's own SMTP settings and password never reach these tests."""
    for name in (
        "GOODWORD_SMTP_HOST",
        "GOODWORD_SMTP_PORT",
        "GOODWORD_SMTP_SECURITY",
        "GOODWORD_SMTP_USER",
        "GOODWORD_SMTP_TIMEOUT",
        "GOODWORD_SMTP_PASSWORD",
        "GOODWORD_MAIL_FROM",
    ):
        monkeypatch.delenv(name, raising=False)


def _no_keyring(user: str) -> str | None:
    return None


# --- a message arrives --------------------------------------------------------------------


def test_a_draft_arrives_with_envelope_subject_body_and_utf8_name() -> None:
    with smtp_server() as (inbox, port):
        message_id = send(DRAFT, settings_for(port))

    envelope, message = inbox.only_message()
    assert envelope.mail_from == "ada@example.org"
    assert envelope.rcpt_tos == ["zoe@example.com"]
    assert message["Subject"] == "Would you be a reference for me, Zoë?"
    assert parseaddr(str(message["To"])) == ("Zoë Bašić", "zoe@example.com")
    assert parseaddr(str(message["From"])) == ("Ada Lovelace", "ada@example.org")
    assert message["Message-ID"] == message_id
    assert message_id.endswith("@example.org>")
    assert message.get_content().replace("\r\n", "\n") == DRAFT.body


def test_a_bare_from_address_takes_the_given_name() -> None:
    with smtp_server() as (inbox, port):
        send(DRAFT, settings_for(port, mail_from="ada@example.org"), from_name="Åda Lovelace")

    _, message = inbox.only_message()
    assert parseaddr(str(message["From"])) == ("Åda Lovelace", "ada@example.org")


# --- logging in ---------------------------------------------------------------------------


@requires_login
def test_the_right_password_from_the_environment_logs_in_and_sends(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("GOODWORD_SMTP_PASSWORD", PASSWORD)

    with smtp_server(
        auth_required=True, auth_require_tls=False, authenticator=_accept_one_login
    ) as (inbox, port):
        send(DRAFT, settings_for(port, smtp_user=USER))

    envelope, _ = inbox.only_message()
    assert envelope.rcpt_tos == ["zoe@example.com"]


@requires_login
def test_a_wrong_password_is_a_one_line_send_failed_naming_host_and_fix(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("GOODWORD_SMTP_PASSWORD", "wrong")

    with (
        smtp_server(
            auth_required=True, auth_require_tls=False, authenticator=_accept_one_login
        ) as (inbox, port),
        pytest.raises(SendFailed) as caught,
    ):
        send(DRAFT, settings_for(port, smtp_user=USER))

    message = caught.value.message
    assert f"127.0.0.1:{port}" in message
    assert "refused the login" in message
    assert "GOODWORD_SMTP_PASSWORD" in message
    assert "wrong" not in message
    assert "\n" not in message
    assert inbox.envelopes == []


@requires_login
def test_a_server_that_wants_a_login_without_a_user_says_so() -> None:
    with (
        smtp_server(
            auth_required=True, auth_require_tls=False, authenticator=_accept_one_login
        ) as (inbox, port),
        pytest.raises(SendFailed, match=r"requires a login.*GOODWORD_SMTP_USER"),
    ):
        send(DRAFT, settings_for(port))

    assert inbox.envelopes == []


def test_a_user_without_any_password_is_refused_before_connecting() -> None:
    with pytest.raises(InvalidInput, match="GOODWORD_SMTP_PASSWORD"):
        send(DRAFT, settings_for(_free_port(), smtp_user=USER), password_lookup=_no_keyring)


def test_a_login_without_tls_is_refused_unless_the_server_is_on_this_machine(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("GOODWORD_SMTP_PASSWORD", PASSWORD)
    settings = settings_for(25, smtp_host="mail.example.com", smtp_user=USER)

    with pytest.raises(InvalidInput, match="clear text: set GOODWORD_SMTP_SECURITY"):
        send(DRAFT, settings)


# --- the network fails --------------------------------------------------------------------


def test_a_refused_connection_is_send_failed_naming_host_and_fix() -> None:
    port = _free_port()  # nothing listens there

    with pytest.raises(SendFailed) as caught:
        send(DRAFT, settings_for(port))

    assert f"127.0.0.1:{port} refused the connection" in caught.value.message
    assert "GOODWORD_SMTP_HOST" in caught.value.message


def test_a_server_that_never_answers_times_out() -> None:
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)  # accepts the connection, never says hello
        port = silent.getsockname()[1]

        with pytest.raises(SendFailed, match="did not answer in time"):
            send(DRAFT, settings_for(port, smtp_timeout=0.3))


def test_ssl_against_a_plain_server_is_a_tls_failure() -> None:
    with smtp_server() as (inbox, port), pytest.raises(SendFailed) as caught:
        send(DRAFT, settings_for(port, smtp_security="ssl"))

    assert caught.value.message.startswith(f"TLS with SMTP server 127.0.0.1:{port} failed")
    assert "GOODWORD_SMTP_SECURITY" in caught.value.message
    assert inbox.envelopes == []


def test_starttls_against_a_server_without_it_names_the_setting() -> None:
    with smtp_server() as (inbox, port), pytest.raises(SendFailed) as caught:
        send(DRAFT, settings_for(port, smtp_security="starttls"))

    assert "STARTTLS" in caught.value.message
    assert "GOODWORD_SMTP_SECURITY" in caught.value.message
    assert inbox.envelopes == []


# --- refused before anything is sent -----------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "draft", "fix"),
    [
        ({"smtp_host": None}, DRAFT, "GOODWORD_SMTP_HOST"),
        ({"smtp_host": "  "}, DRAFT, "GOODWORD_SMTP_HOST"),
        ({"mail_from": None}, DRAFT, "GOODWORD_MAIL_FROM"),
        ({"mail_from": "Ada Lovelace"}, DRAFT, "GOODWORD_MAIL_FROM"),
        ({}, Draft("ask", "Hi", "Body\n", "Zoë Bašić", None), "no email address for Zoë Bašić"),
        ({"smtp_security": "tls"}, DRAFT, "starttls, ssl, none"),
    ],
)
def test_missing_settings_or_recipient_are_invalid_input(
    overrides: dict[str, Any], draft: Draft, fix: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        send(draft, settings_for(_free_port(), **overrides))

    assert fix in caught.value.message
    assert "\n" not in caught.value.message


# --- where the password comes from ------------------------------------------------------


def _fake_keyring(get_password: Any) -> types.ModuleType:
    module = types.ModuleType("keyring")
    module.get_password = get_password  # type: ignore[attr-defined]
    return module


def test_the_environment_password_comes_first(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOODWORD_SMTP_PASSWORD", "from-env")
    monkeypatch.setitem(sys.modules, "keyring", _fake_keyring(lambda service, user: "from-ring"))

    assert find_password(USER) == "from-env"


def test_the_keyring_is_asked_for_goodword_smtp_and_the_user(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    asked: list[tuple[str, str]] = []

    def get_password(service: str, user: str) -> str:
        asked.append((service, user))
        return "from-ring"

    monkeypatch.setitem(sys.modules, "keyring", _fake_keyring(get_password))

    assert find_password(USER) == "from-ring"
    assert asked == [("goodword-smtp", USER)]


def test_a_broken_keyring_backend_means_not_found(monkeypatch: pytest.MonkeyPatch) -> None:
    def get_password(service: str, user: str) -> str:
        raise RuntimeError("no backend")

    monkeypatch.setitem(sys.modules, "keyring", _fake_keyring(get_password))

    assert find_password(USER) is None


def test_without_the_keyring_package_the_password_is_not_found(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "keyring", None)  # makes `import keyring` fail

    assert find_password(USER) is None
