"""Sending a message through the user's own SMTP server, and only when asked to.

Nothing here runs on its own: a message leaves the machine only when a face
calls :func:`send`. The server comes from the ``GOODWORD_SMTP_*`` settings
(:class:`goodword.config.Settings`); the password never does. It is looked up
when sending, in this order:

1. the environment variable ``GOODWORD_SMTP_PASSWORD``;
2. the system keyring, service ``goodword-smtp``, user ``GOODWORD_SMTP_USER``
   (``keyring set goodword-smtp USER``), when the optional ``keyring`` package
   is installed and its backend answers.

:func:`compose` builds the MIME message from anything shaped like a draft
(:class:`Outgoing`), so this module needs nothing from ``documents/``;
``documents.messages.to_eml`` writes the very same message to a file.
"""

from __future__ import annotations

import ipaddress
import os
import smtplib
import socket
import ssl
from collections.abc import Callable
from email import policy
from email.errors import HeaderParseError
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from typing import Protocol

from goodword.config import Settings
from goodword.errors import GoodwordError, InvalidInput

PASSWORD_ENV = "GOODWORD_SMTP_PASSWORD"
KEYRING_SERVICE = "goodword-smtp"
SECURITY_MODES = ("starttls", "ssl", "none")

PasswordLookup = Callable[[str], str | None]
"""Given the SMTP user, the password or None."""


class SendFailed(GoodwordError):
    """The message was not sent; check the GOODWORD_SMTP_* settings and try again."""


class Outgoing(Protocol):
    """What a message needs to be sent: ``documents.messages.Draft`` has all of it."""

    @property
    def subject(self) -> str: ...

    @property
    def body(self) -> str: ...

    @property
    def to_name(self) -> str: ...

    @property
    def to_email(self) -> str | None: ...


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _address(name: str, email: str, what: str) -> Address:
    try:
        return Address(display_name=_one_line(name), addr_spec=email.strip())
    except (ValueError, HeaderParseError) as exc:
        raise InvalidInput(
            f"{what} {email!r} is not a usable email address ({_one_line(str(exc))}); correct it"
        ) from exc


def _domain(email: str) -> str:
    domain = email.rpartition("@")[2].strip()
    try:
        return domain.encode("idna").decode("ascii")
    except UnicodeError:
        return domain


def compose(message: Outgoing, from_name: str, from_email: str) -> EmailMessage:
    """The message as MIME: UTF-8 plain text with From, To (when known), Subject, Date, Message-ID.

    The Message-ID uses the sender's domain, so replies thread in the user's own mail.
    """
    if "@" not in from_email:
        raise InvalidInput(
            f"sender {from_email!r} is not an email address; "
            "set GOODWORD_MAIL_FROM to 'Your Name <you@example.com>'"
        )
    mime = EmailMessage(policy=policy.default)
    mime["From"] = _address(from_name, from_email, "sender")
    if message.to_email:
        whose = (
            f"{_one_line(message.to_name)}'s address"
            if message.to_name.strip()
            else "the recipient's address"
        )
        mime["To"] = _address(message.to_name, message.to_email, whose)
    mime["Subject"] = _one_line(message.subject)
    mime["Date"] = formatdate(localtime=True)
    mime["Message-ID"] = make_msgid(domain=_domain(from_email))
    mime.set_content(message.body, charset="utf-8")
    return mime


def find_password(user: str) -> str | None:
    """``GOODWORD_SMTP_PASSWORD``, else the keyring entry ``goodword-smtp``/``user``, else None."""
    from_env = os.environ.get(PASSWORD_ENV)
    if from_env:
        return from_env
    try:
        import keyring
    except ImportError:
        return None
    try:
        found = keyring.get_password(KEYRING_SERVICE, user)
    except Exception:  # backends raise KeyringError, D-Bus and OS errors alike: all mean "not here"
        return None
    return found if isinstance(found, str) and found else None


def sender(settings: Settings, from_name: str | None = None) -> tuple[str, str]:
    """The (display name, address) to send as, from ``GOODWORD_MAIL_FROM``."""
    if not settings.mail_from or not settings.mail_from.strip():
        raise InvalidInput(
            "no sender address: set GOODWORD_MAIL_FROM to 'Your Name <you@example.com>'"
        )
    name, address = parseaddr(settings.mail_from)
    if "@" not in address:
        raise InvalidInput(
            f"GOODWORD_MAIL_FROM {settings.mail_from!r} is not an email address; "
            "set it to 'Your Name <you@example.com>'"
        )
    return (name or from_name or ""), address


def _security(settings: Settings) -> str:
    mode = settings.smtp_security.strip().lower()
    if mode not in SECURITY_MODES:
        raise InvalidInput(
            f"GOODWORD_SMTP_SECURITY {settings.smtp_security!r} is not supported; "
            f"use one of {', '.join(SECURITY_MODES)}"
        )
    return mode


def _is_loopback(host: str) -> bool:
    if host.lower() in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _server_text(exc: smtplib.SMTPResponseException) -> str:
    error = exc.smtp_error
    text = error.decode("utf-8", "replace") if isinstance(error, bytes) else str(error)
    return _one_line(f"{exc.smtp_code} {text}")


def _connect(host: str, port: int, mode: str, timeout: float) -> smtplib.SMTP:
    context = ssl.create_default_context()
    if mode == "ssl":
        return smtplib.SMTP_SSL(host, port, timeout=timeout, context=context)
    client = smtplib.SMTP(host, port, timeout=timeout)
    try:
        client.ehlo()
        if mode == "starttls":
            client.starttls(context=context)
            client.ehlo()
    except BaseException:
        client.close()
        raise
    return client


def _failure(exc: BaseException, host: str, port: int, user: str | None) -> SendFailed:
    """One line that says what went wrong with which server, and what to change."""
    where = f"SMTP server {host}:{port}"
    if isinstance(exc, smtplib.SMTPServerDisconnected) and isinstance(exc.__context__, OSError):
        # smtplib reports a timeout or TLS error while reading as "unexpectedly closed".
        exc = exc.__context__
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return SendFailed(
            f"{where} refused the login for {user!r} ({_server_text(exc)}): check GOODWORD_SMTP_USER "
            f"and the password in {PASSWORD_ENV} or the keyring entry '{KEYRING_SERVICE}'"
        )
    if isinstance(exc, smtplib.SMTPNotSupportedError) and "STARTTLS" in str(exc):
        return SendFailed(
            f"{where} does not offer STARTTLS: set GOODWORD_SMTP_SECURITY=ssl (usually with "
            "GOODWORD_SMTP_PORT=465), or none only for a server on your own machine"
        )
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        return SendFailed(
            f"{where} does not accept a login here: unset GOODWORD_SMTP_USER, or set "
            "GOODWORD_SMTP_SECURITY to starttls or ssl (many servers offer login only over TLS)"
        )
    if isinstance(exc, smtplib.SMTPResponseException) and exc.smtp_code == 530:
        return SendFailed(
            f"{where} requires a login ({_server_text(exc)}): set GOODWORD_SMTP_USER, and "
            f"{PASSWORD_ENV} or the keyring entry '{KEYRING_SERVICE}'"
        )
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        refused = ", ".join(sorted(exc.recipients))
        return SendFailed(f"{where} refused the recipient {refused}: check their email address")
    if isinstance(exc, smtplib.SMTPSenderRefused):
        return SendFailed(
            f"{where} refused the sender ({_server_text(exc)}): check GOODWORD_MAIL_FROM "
            "and, if the server needs a login, GOODWORD_SMTP_USER"
        )
    if isinstance(exc, smtplib.SMTPResponseException):
        return SendFailed(
            f"{where} answered with an error ({_server_text(exc)}): "
            "check the GOODWORD_SMTP_* settings, or ask your mail provider"
        )
    if isinstance(exc, ssl.SSLError):
        return SendFailed(
            f"TLS with {where} failed ({_one_line(exc.reason or str(exc))}): check "
            "GOODWORD_SMTP_SECURITY (ssl for port 465, starttls for 587) and GOODWORD_SMTP_PORT"
        )
    if isinstance(exc, ConnectionRefusedError):
        return SendFailed(
            f"{where} refused the connection: check GOODWORD_SMTP_HOST and GOODWORD_SMTP_PORT"
        )
    if isinstance(exc, TimeoutError):
        return SendFailed(
            f"{where} did not answer in time: check GOODWORD_SMTP_HOST, GOODWORD_SMTP_PORT "
            "and your network, or raise GOODWORD_SMTP_TIMEOUT"
        )
    if isinstance(exc, socket.gaierror):
        return SendFailed(f"cannot find the SMTP host {host!r}: check GOODWORD_SMTP_HOST")
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return SendFailed(
            f"{where} closed the connection ({_one_line(str(exc))}): "
            "check GOODWORD_SMTP_PORT and GOODWORD_SMTP_SECURITY"
        )
    return SendFailed(
        f"cannot send through {where} ({_one_line(str(exc)) or type(exc).__name__}): "
        "check the GOODWORD_SMTP_* settings and your network"
    )


def send(
    draft: Outgoing,
    settings: Settings,
    *,
    from_name: str | None = None,
    password_lookup: PasswordLookup = find_password,
) -> str:
    """Send ``draft`` through the user's SMTP server; return the Message-ID it was sent with.

    Refuses with :class:`InvalidInput` before connecting when there is no SMTP
    host, no sender, no recipient address or no password for the SMTP user.
    Any failure of the server or the network is a :class:`SendFailed` naming
    the host and what to change. ``from_name`` is used when
    ``GOODWORD_MAIL_FROM`` holds a bare address.
    """
    host = (settings.smtp_host or "").strip()
    if not host:
        raise InvalidInput(
            "no SMTP server: set GOODWORD_SMTP_HOST (and GOODWORD_SMTP_PORT, GOODWORD_SMTP_USER), "
            "or save the draft as .eml and send it from your mail program"
        )
    name, address = sender(settings, from_name)
    if not draft.to_email or not draft.to_email.strip():
        raise InvalidInput(
            f"no email address for {_one_line(draft.to_name) or 'the recipient'}: add one, "
            "or save the draft as .eml and send it from your mail program"
        )
    mode = _security(settings)
    user = (settings.smtp_user or "").strip() or None
    if user is not None and mode == "none" and not _is_loopback(host):
        raise InvalidInput(
            f"logging in to {host} without TLS would send your password in clear text: "
            "set GOODWORD_SMTP_SECURITY to starttls or ssl"
        )
    password: str | None = None
    if user is not None:
        password = password_lookup(user)
        if not password:
            raise InvalidInput(
                f"no SMTP password for {user!r}: set {PASSWORD_ENV}, "
                f"or run `keyring set {KEYRING_SERVICE} {user}`"
            )
    mime = compose(draft, name, address)
    try:
        client = _connect(host, settings.smtp_port, mode, settings.smtp_timeout)
        try:
            if user is not None and password is not None:
                client.login(user, password)
            client.send_message(mime, from_addr=address, to_addrs=[draft.to_email.strip()])
        finally:
            try:
                client.quit()
            except (smtplib.SMTPException, OSError):
                client.close()
    except (smtplib.SMTPException, OSError) as exc:
        raise _failure(exc, host, settings.smtp_port, user) from exc
    return str(mime["Message-ID"])
