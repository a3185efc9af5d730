"""Message drafts from templates: the honest conversation, the ask, the follow-up, the thanks.

Each kind of message is a Jinja2 template ``<kind>.txt.j2`` shipped in
``documents/templates/``: a first line ``Subject: …``, a blank line, then the
plain-text body. The user overrides any of them by putting a file with the
same name in ``<data dir>/templates/`` (:func:`user_template_dir`).

Templates see these variables (all always defined; "" or None when unknown):

``owner_name``, ``owner_first_name``, ``owner_email``
    who is asking.
``first_name``, ``full_name``, ``email``
    who is asked.
``relationship``
    the owner's role towards them: ``manager``, ``peer``, … or "".
``worked_on``, ``worked_on_text``
    what you worked on together: a tuple of short strings, and the same
    joined as "a, b and c".
``worked_together``
    where and when you worked together, e.g. "Globex, 2019–2023".
``title``, ``organization``
    the opportunity.
``opportunity_kind``
    ``reference`` (they may be called), ``recommendation`` (they write a
    letter) or ``referral`` (they refer you inside their organisation).
``deadline``, ``deadline_text``
    the date (or None) and the same as "Friday 15 May 2026" (or "").
``first_asked_on``, ``first_asked_text``
    for follow-ups: when the first ask went out, as a date and as text.
``recommend_question``, ``concerns_question``
    the two honest-conversation questions, verbatim.

and two filters: ``long_date`` (a date as "Friday 15 May 2026") and
``and_list`` (a list as "a, b and c").

A template that uses an unknown variable, or does not parse, is an
:class:`~goodword.errors.InvalidInput` naming the file and the line.
"""

from __future__ import annotations

import re
import types
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from goodword.config import Settings
from goodword.errors import InvalidInput
from goodword.workflow.outbox import compose
from goodword.workflow.vetting import CONCERNS, RECOMMEND

if TYPE_CHECKING:  # Jinja2 is loaded when a message is rendered, not by every command
    from jinja2 import BaseLoader, Environment, Template

KINDS = ("honest-conversation", "ask", "follow-up", "thank-you")
"""The kinds of message, each one template ``<kind>.txt.j2``."""

OPPORTUNITY_KINDS = ("reference", "recommendation", "referral")
"""What the person is asked to do: be called, write a letter, refer the owner."""

TEMPLATE_SUFFIX = ".txt.j2"

# What a kind cannot be written without (field of MessageContext, what to say).
_NEEDS: dict[str, tuple[tuple[str, str], ...]] = {
    "ask": (("title", "the opportunity's title"),),
    "follow-up": (
        ("title", "the opportunity's title"),
        ("first_asked_on", "the date of the first ask"),
    ),
    "thank-you": (("title", "the opportunity's title"),),
}

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_SUBJECT = re.compile(r"subject:(.*)", re.IGNORECASE)
UNSIGNED = (
    "your name is unknown and a message must be signed: set it with "
    '`goodword me --name "Your Name"`, then draft again'
)


@dataclass(frozen=True)
class MessageContext:
    """What a message can be personalised from; every field but the names may be left empty."""

    owner_name: str
    first_name: str
    full_name: str
    owner_email: str | None = None
    email: str | None = None
    relationship: str = ""
    worked_on: tuple[str, ...] = ()
    worked_together: str = ""
    title: str = ""
    organization: str = ""
    deadline: date | None = None
    opportunity_kind: str = "reference"
    first_asked_on: date | None = None

    def __post_init__(self) -> None:
        if not self.owner_name.strip():
            # A draft signed by nobody is worse than no draft: ask for the name instead.
            raise InvalidInput(UNSIGNED)
        if self.opportunity_kind not in OPPORTUNITY_KINDS:
            raise InvalidInput(
                f"opportunity kind {self.opportunity_kind!r}: use one of {', '.join(OPPORTUNITY_KINDS)}"
            )


@dataclass(frozen=True)
class Draft:
    """A message ready to read, copy, save as .eml or send; nothing is sent by making one."""

    kind: str
    subject: str
    body: str
    to_name: str
    to_email: str | None


def long_date(value: date | None) -> str:
    """A date as "Friday 15 May 2026", the same in every locale; "" for None."""
    if value is None:
        return ""
    return f"{_WEEKDAYS[value.weekday()]} {value.day} {_MONTHS[value.month - 1]} {value.year}"


def and_list(items: Iterable[str]) -> str:
    """Items as "a", "a and b", "a, b and c"."""
    parts = [item for item in (str(i).strip() for i in items) if item]
    if len(parts) <= 1:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} and {parts[-1]}"


def user_template_dir(settings: Settings) -> Path:
    """Where the user's own templates live: ``<data dir>/templates``."""
    return settings.data_dir() / "templates"


def template_variables(context: MessageContext) -> dict[str, Any]:
    """Every variable a template can use, built from ``context``."""
    owner_first = context.owner_name.split()[0] if context.owner_name.split() else ""
    return {
        "owner_name": context.owner_name,
        "owner_first_name": owner_first,
        "owner_email": context.owner_email,
        "first_name": context.first_name,
        "full_name": context.full_name,
        "email": context.email,
        "relationship": context.relationship,
        "worked_on": context.worked_on,
        "worked_on_text": and_list(context.worked_on),
        "worked_together": context.worked_together,
        "title": context.title,
        "organization": context.organization,
        "opportunity_kind": context.opportunity_kind,
        "deadline": context.deadline,
        "deadline_text": long_date(context.deadline),
        "first_asked_on": context.first_asked_on,
        "first_asked_text": long_date(context.first_asked_on),
        "recommend_question": RECOMMEND,
        "concerns_question": CONCERNS,
    }


def environment(template_dir: Path | None) -> Environment:
    """A Jinja2 environment over the user's templates (when given), then the shipped ones."""
    import jinja2

    loaders: list[BaseLoader] = []
    if template_dir is not None:
        loaders.append(jinja2.FileSystemLoader(template_dir))
    loaders.append(jinja2.PackageLoader("goodword.documents", "templates"))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["long_date"] = long_date
    env.filters["and_list"] = and_list
    return env


def _one_line(text: str | None) -> str:
    return " ".join((text or "").split())


def _line_in(traceback: types.TracebackType | None, filename: str | None) -> int | None:
    """The template line an error happened on: Jinja puts template frames in the traceback."""
    line = None
    while traceback is not None:
        if filename and traceback.tb_frame.f_code.co_filename == filename:
            line = traceback.tb_lineno
        traceback = traceback.tb_next
    return line


def _load(env: Environment, kind: str) -> Template:
    import jinja2

    name = kind + TEMPLATE_SUFFIX
    try:
        return env.get_template(name)
    except jinja2.TemplateSyntaxError as exc:
        raise InvalidInput(
            f"template {exc.filename or name} line {exc.lineno}: {_one_line(exc.message)}; "
            "fix it, or delete it to use the built-in one"
        ) from exc
    except jinja2.TemplateNotFound as exc:
        raise InvalidInput(f"template {name} is missing; reinstall goodword") from exc


def _render(template: Template, variables: dict[str, Any]) -> str:
    import jinja2

    where = template.filename or template.name or "?"
    try:
        return template.render(variables)
    except jinja2.UndefinedError as exc:
        line = _line_in(exc.__traceback__, template.filename)
        at = f" line {line}" if line else ""
        raise InvalidInput(
            f"template {where}{at} uses an unknown variable ({_one_line(exc.message)}); "
            f"use one of: {', '.join(sorted(variables))}"
        ) from exc
    except jinja2.TemplateError as exc:
        line = _line_in(exc.__traceback__, template.filename)
        at = f" line {line}" if line else ""
        raise InvalidInput(f"template {where}{at}: {_one_line(exc.message)}; fix it") from exc


def _split(text: str, where: str) -> tuple[str, str]:
    """The ``Subject:`` first line and the body after it, tidied."""
    first, _, rest = text.lstrip("\n").partition("\n")
    match = _SUBJECT.fullmatch(first.strip())
    subject = " ".join(match.group(1).split()) if match else ""
    if not subject:
        raise InvalidInput(
            f"template {where} must start with a 'Subject: …' line, then a blank line, then the body"
        )
    lines = [line.rstrip() for line in rest.splitlines()]
    body = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")
    return subject, body + "\n"


def render_draft(kind: str, context: MessageContext, template_dir: Path | None = None) -> Draft:
    """Render the ``kind`` message for ``context``.

    ``template_dir`` holds the user's overrides (usually :func:`user_template_dir`);
    None uses only the templates shipped with goodword.
    """
    if kind not in KINDS:
        raise InvalidInput(f"message kind {kind!r}: use one of {', '.join(KINDS)}")
    missing = [what for field, what in _NEEDS.get(kind, ()) if not getattr(context, field)]
    if missing:
        raise InvalidInput(
            f"a {kind} message needs {' and '.join(missing)}; add what is missing and try again"
        )
    template = _load(environment(template_dir), kind)
    text = _render(template, template_variables(context))
    subject, body = _split(text, template.filename or template.name or kind)
    return Draft(
        kind=kind,
        subject=subject,
        body=body,
        to_name=context.full_name,
        to_email=context.email or None,
    )


def to_text(draft: Draft) -> str:
    """The draft as plain text to read or paste: To, Subject, a blank line, the body."""
    to = f"{draft.to_name} <{draft.to_email}>" if draft.to_email else draft.to_name
    return f"To: {to}\nSubject: {draft.subject}\n\n{draft.body}"


def to_eml(draft: Draft, from_name: str, from_email: str) -> bytes:
    """The draft as an RFC 5322 message (.eml), the same bytes the outbox would send.

    UTF-8 body, encoded headers, a Date, a Message-ID on the sender's domain,
    and ``To`` only when the person's address is known.
    """
    return compose(draft, from_name, from_email).as_bytes()


def _file_name(draft: Draft) -> str:
    ascii_name = unicodedata.normalize("NFKD", draft.to_name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "draft"
    return f"{draft.kind}-{slug}.eml"


def write_eml(draft: Draft, path: Path, from_name: str, from_email: str) -> Path:
    """Write the draft as .eml to ``path`` (a file, or a folder to put ``<kind>-<name>.eml`` in)."""
    target = path / _file_name(draft) if path.is_dir() else path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(to_eml(draft, from_name, from_email))
    return target
