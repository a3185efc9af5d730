"""The ``goodword`` command: thin Typer commands over :class:`goodword.service.Service`.

Every command parses its input, calls the service and renders (Rich, or JSON
with ``--json``). A :class:`~goodword.errors.GoodwordError` becomes one line
on stderr and a non-zero exit; user mistakes never show a traceback.
"""

from __future__ import annotations

import logging
import os
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from typer.core import TyperGroup

from goodword.cli import render
from goodword.errors import ConfigError, GoodwordError, InvalidInput
from goodword.service import (
    SORT_KEYS,
    PeopleQuery,
    assessment_dict,
    collector_paused,
    people_page,
)
from goodword.service import suggest as suggest_slate

if TYPE_CHECKING:  # the facade loads when a command needs it (see _service)
    from goodword.service import PersonDetail, Service


class _Group(TyperGroup):
    """Maps goodword errors to a one-line message and the error's exit code."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except GoodwordError as exc:
            Console(stderr=True, highlight=False, soft_wrap=True).print(
                f"[red]error:[/red] {escape(exc.message)}"
            )
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            # Every command writes in one transaction: stopping it leaves nothing half done.
            Console(stderr=True, highlight=False).print(
                "[yellow]interrupted[/yellow]: nothing was changed"
            )
            raise typer.Exit(130) from None


app = typer.Typer(
    cls=_Group,
    help="Pick, vet, prepare and track the people who vouch for you — from evidence you own.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
db_app = typer.Typer(
    cls=_Group, help="Where the data lives and its migrations.", no_args_is_help=True
)
job_app = typer.Typer(cls=_Group, help="Opportunities you need vouchers for.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(job_app, name="job")


def _version(shown: bool) -> None:
    if shown:
        from goodword import __version__

        print(f"goodword {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[
        bool | None,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print goodword's version and exit."
        ),
    ] = None,
) -> None:
    """Pick, vet, prepare and track the people who vouch for you — from evidence you own."""


TABLE_ROWS = 50
# Inputs above this size show bytes and speed on the progress bar rather than records.
LARGE_INPUT = 8 << 20
JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
AsOf = Annotated[
    str | None,
    typer.Option(
        "--as-of", metavar="YYYY-MM-DD", help="Score from evidence before this date only."
    ),
]


def _day(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidInput(f"{option} {value!r}: write the date as YYYY-MM-DD") from None


def _service() -> Service:
    from goodword.service import Service

    return Service()


WAITING = "another import into this home is running: this one starts when it ends"


@app.command("import")
def import_(
    path: Annotated[
        Path,
        typer.Argument(
            help="A LinkedIn export (zip, folder or one CSV), a goodword JSON export, an mbox file, a Maildir or folder of messages, a calendar (.ics, or a folder or zip of them), or an address book (vCard, Google or Outlook CSV)."
        ),
    ],
    strict: Annotated[
        bool, typer.Option(help="Stop at the first problem and import nothing.")
    ] = False,
    me: Annotated[
        list[str] | None,
        typer.Option("--me", help="One of your email addresses (repeatable)."),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Import evidence: LinkedIn export, mail (mbox, Maildir, message folders), calendar, address book.

    A goodword JSON export (`goodword export`) is imported whole, into an empty home only.
    """
    from goodword.service import is_export

    service = _service()
    if is_export(path):
        copied = service.import_export(path, waiting=lambda: typer.echo(WAITING, err=True))
        service.refresh_scores()
        if as_json:
            render.emit_json(copied.as_dict())
        else:
            render.data_copy(copied)
        return
    quiet = as_json or not sys.stderr.isatty()  # no progress bar or spinner
    if quiet:
        summary = service.import_path(
            path, strict=strict, me=me or (), waiting=lambda: typer.echo(WAITING, err=True)
        )
    else:
        from rich.progress import (  # the bar loads with the command that shows it
            BarColumn,
            DownloadColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TransferSpeedColumn,
        )

        streamed = path.is_file() and path.stat().st_size > LARGE_INPUT
        with Progress(
            TextColumn("importing"),
            BarColumn(),
            *((DownloadColumn(), TransferSpeedColumn()) if streamed else (MofNCompleteColumn(),)),
            TextColumn("{task.fields[messages]}"),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            transient=True,
        ) as bar:
            task = bar.add_task("import", total=None, messages="")

            summary = service.import_path(
                path,
                strict=strict,
                me=me or (),
                progress=lambda done, total: bar.update(task, completed=done, total=total),
                counted=lambda n: bar.update(task, messages=f"{n:,} messages"),
                waiting=lambda: bar.console.print(WAITING),
            )
    # Score everyone now, while the import has the user's attention, so that the next
    # `people` or `suggest` answers at once.
    if quiet:
        service.refresh_scores()
    else:
        with Console(stderr=True).status("scoring everyone with the new evidence"):
            service.refresh_scores()
    if as_json:
        render.emit_json(summary.as_dict())
    else:
        render.import_summary(summary)


@app.command()
def me(
    name: Annotated[str | None, typer.Option(help="Set your name.")] = None,
    add_email: Annotated[
        list[str] | None, typer.Option("--add-email", help="Add one of your addresses.")
    ] = None,
    remove_email: Annotated[
        list[str] | None,
        typer.Option("--remove-email", help="Remove an address that is not yours."),
    ] = None,
    linkedin: Annotated[str | None, typer.Option(help="Your LinkedIn profile URL.")] = None,
    as_json: JsonFlag = False,
) -> None:
    """Show who goodword thinks you are, or correct it."""
    service = _service()
    if name is None and not add_email and not remove_email and linkedin is None:
        view = service.me()
    else:
        view = service.update_me(
            name=name,
            add_emails=add_email or (),
            remove_emails=remove_email or (),
            linkedin=linkedin,
        )
    if as_json:
        render.emit_json(view.as_dict())
    else:
        render.me_view(view)


@app.command()
def people(
    sort: Annotated[str, typer.Option(help=f"Sort by: {', '.join(SORT_KEYS)}.")] = "fit",
    org: Annotated[str | None, typer.Option(help="Only people at this organisation.")] = None,
    search: Annotated[str | None, typer.Option(help="Only names containing this.")] = None,
    min_familiarity: Annotated[float | None, typer.Option(help="Hide lower familiarity.")] = None,
    min_communication: Annotated[
        float | None, typer.Option(help="Hide lower communication.")
    ] = None,
    min_satisfaction: Annotated[float | None, typer.Option(help="Hide lower satisfaction.")] = None,
    limit: Annotated[
        int | None, typer.Option(help="Show at most this many (default 50 in the table).")
    ] = None,
    as_of: AsOf = None,
    as_json: JsonFlag = False,
) -> None:
    """Your people, judged on familiarity, communication and satisfaction."""
    minimum = {
        k: v
        for k, v in (
            ("familiarity", min_familiarity),
            ("communication", min_communication),
            ("satisfaction", min_satisfaction),
        )
        if v is not None
    }
    # Only the people shown are built in full: the table shows 50 unless told otherwise.
    day = _day(as_of, "--as-of")
    query = PeopleQuery.of(
        as_of=day,
        sort=sort,
        organization=org,
        search=search,
        minimum=minimum,
        limit=limit if limit or as_json else TABLE_ROWS,
    )
    # Everyone's, perhaps: millions of objects decoded and printed, all kept to the end.
    with collector_paused():
        shown, total, held_until, old_exports = people_page(query)
        if as_json:
            render.emit_json([assessment_dict(a) for a in shown])
        else:
            render.people_table(shown, total, filtered=bool(org or search or minimum), sort=sort)
    render.late_scores(held_until)
    render.old_exports(old_exports)


@app.command()
def person(
    name: Annotated[
        str, typer.Argument(help="A name (or part of one) or an id from `goodword people`.")
    ],
    as_of: AsOf = None,
    as_json: JsonFlag = False,
) -> None:
    """One person: every piece of evidence and the why of each score."""
    detail = _service().person(name, as_of=_day(as_of, "--as-of"))
    if as_json:
        render.emit_json(detail.as_dict())
    else:
        render.person_detail(detail)
    render.late_scores(detail.held_until)


@app.command()
def vet(
    name: Annotated[str, typer.Argument(help="A name or an id from `goodword people`.")],
    willing: Annotated[
        str,
        typer.Option(
            help="Their answer to 'Would you be able to honestly recommend me for a future job "
            "opportunity?': yes, concerns (yes, with concerns), no, or not-yet."
        ),
    ],
    concerns: Annotated[
        str, typer.Option(help="Their answer to 'Do you have any concerns about doing so?'")
    ] = "",
    channel: Annotated[str, typer.Option(help="How you asked: call, email, in person, ...")] = "",
    on: Annotated[
        str | None, typer.Option(metavar="YYYY-MM-DD", help="When (default today).")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Record the honest conversation: would they recommend you, and any concerns."""
    detail = _service().vet(
        name, willing=willing, concerns=concerns, channel=channel, held_on=_day(on, "--on")
    )
    _judged(detail, "satisfaction", as_json)


@app.command()
def flag(
    name: Annotated[str, typer.Argument(help="A name or an id from `goodword people`.")],
    soured: Annotated[
        bool | None,
        typer.Option(
            "--soured/--not-soured", help="The relationship went bad: never suggest them."
        ),
    ] = None,
    do_not_ask: Annotated[
        bool | None,
        typer.Option("--do-not-ask/--may-ask", help="Keep them out of suggestions for now."),
    ] = None,
    note: Annotated[str | None, typer.Option(help="Why, for your own record.")] = None,
    as_json: JsonFlag = False,
) -> None:
    """Flag a person: soured relationship, or not to be asked."""
    detail = _service().flag(name, soured=soured, do_not_ask=do_not_ask, note=note)
    _judged(detail, "satisfaction", as_json)


@app.command()
def relate(
    name: Annotated[str, typer.Argument(help="A name or an id from `goodword people`.")],
    kind: Annotated[
        str | None,
        typer.Argument(
            help="What they were to you: manager, report, peer, client, mentor, professor, "
            "classmate or other."
        ),
    ] = None,
    org: Annotated[str, typer.Option(help="Where you worked together.")] = "",
    since: Annotated[str | None, typer.Option(metavar="YYYY-MM-DD", help="From when.")] = None,
    until: Annotated[str | None, typer.Option(metavar="YYYY-MM-DD", help="Until when.")] = None,
    clear: Annotated[
        bool, typer.Option(help="Forget what you stated; inference applies again.")
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """State what a person is to you; it wins over what goodword infers."""
    if kind is None and not clear:
        raise InvalidInput(
            "say what they were to you (e.g. `goodword relate NAME manager`) or --clear"
        )
    detail = _service().relate(
        name,
        kind=None if clear else kind,
        organization=org,
        start=_day(since, "--since"),
        end=_day(until, "--until"),
    )
    _judged(detail, "familiarity", as_json)


@app.command()
def review(
    accept: Annotated[
        int | None, typer.Option(metavar="ID", help="They are the same person: merge them.")
    ] = None,
    reject: Annotated[
        int | None, typer.Option(metavar="ID", help="They are two people: never ask again.")
    ] = None,
    status: Annotated[
        str, typer.Option(help="Which matches to list: pending, merged, rejected, split or all.")
    ] = "pending",
    as_json: JsonFlag = False,
) -> None:
    """Check the people goodword thinks may be one human seen in two places."""
    service = _service()
    if accept is not None and reject is not None:
        raise InvalidInput("give --accept or --reject, not both")
    if accept is not None or reject is not None:
        decision = service.decide_match(
            accept if accept is not None else reject or 0, same=accept is not None
        )
        if as_json:
            render.emit_json(decision.as_dict())
        else:
            render.console().print(escape(decision.message))
        return
    found = service.review(None if status == "all" else status)
    if as_json:
        from goodword.service import match_dict

        render.emit_json([match_dict(view) for view in found])
    else:
        render.match_table(found, status)


@app.command()
def merge(
    keep: Annotated[str, typer.Argument(help="The person to keep (a name or an id).")],
    other: Annotated[str, typer.Argument(help="The same human's other record, folded in.")],
    as_json: JsonFlag = False,
) -> None:
    """Make two records one person; the decision survives later imports."""
    decision = _service().merge(keep, other)
    if as_json:
        render.emit_json(decision.as_dict())
    else:
        render.console().print(escape(decision.message))


@app.command()
def split(
    name: Annotated[str, typer.Argument(help="A name or an id from `goodword people`.")],
    identity: Annotated[
        list[str] | None,
        typer.Argument(help="The addresses or profiles that belong to someone else."),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Undo a wrong match: move identities, and what came through them, to a new person."""
    decision = _service().split(name, identity or [])
    if as_json:
        render.emit_json(decision.as_dict())
    else:
        render.console().print(escape(decision.message))


def _interactive() -> bool:
    """Whether someone at a terminal can answer a question (stdin is a TTY)."""
    return sys.stdin is not None and sys.stdin.isatty()


@app.command()
def forget(
    name: Annotated[str, typer.Argument(help="A name or an id from `goodword people`.")],
    yes: Annotated[
        bool, typer.Option("--yes", help="Do not ask for confirmation (for scripts).")
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """Remove a person and everything about them, and keep them out of every later import."""
    if not yes and not _interactive():
        raise InvalidInput("forget asks for confirmation: run it at a terminal, or add --yes")
    service = _service()
    preview = service.forget_preview(name)
    if not yes:
        # With --json the question goes to stderr, so stdout stays one JSON document.
        out = Console(stderr=True, highlight=False, soft_wrap=True) if as_json else render.console()
        out.print(f"Forgetting {escape(preview.name)} (#{preview.person_id}) removes:")
        for words, count in preview.listed or [("nothing else: they have no other rows", 0)]:
            out.print(f"  {count:>6,}  {escape(words)}" if count else f"  {escape(words)}")
        out.print("  and every kept score (everyone else is scored again on the next use)")
        out.print(
            f"Forget {escape(preview.name)} and everything about them? "
            "This cannot be undone. \\[y/N] ",
            end="",
        )
        try:
            answer = input()
        except EOFError:
            answer = ""
        if answer.strip().lower() not in ("y", "yes"):
            out.print("nothing was changed")
            raise typer.Exit(1)
    done = service.forget(f"#{preview.person_id}")
    if as_json:
        render.emit_json(done.as_dict())
        return
    removed = sum(count for _words, count in done.listed)
    render.console().print(
        f"forgotten: #{done.person_id} and {removed:,} row(s) about them; "
        f"{done.digests} key(s) kept as one-way digests so no import brings them back"
    )


def _judged(detail: PersonDetail, criterion: str, as_json: bool) -> None:
    if as_json:
        render.emit_json(detail.as_dict())
    else:
        render.judged(detail, criterion)


@job_app.command("add")
def job_add(
    title: Annotated[str, typer.Option(help="The role or programme.")],
    org: Annotated[str, typer.Option(help="The organisation.")] = "",
    description_file: Annotated[
        str | None,
        typer.Option("--description-file", help="The posting's text: a file, or - for stdin."),
    ] = None,
    deadline: Annotated[
        str | None, typer.Option(metavar="YYYY-MM-DD", help="When it is due.")
    ] = None,
    needs: Annotated[
        str, typer.Option(help='What it needs, e.g. "3 references, 1 supervisor".')
    ] = "",
    kind: Annotated[str, typer.Option(help="reference, recommendation or referral.")] = "reference",
    confidential: Annotated[
        bool, typer.Option(help="Your current employer must not find out.")
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """Add an opportunity."""
    from goodword.service import read_description  # the chooser loads for this command only

    job = _service().add_job(
        title=title,
        organization=org,
        description=read_description(description_file),
        deadline=_day(deadline, "--deadline"),
        needs=needs,
        kind=kind,
        confidential=confidential,
    )
    if as_json:
        render.emit_json(job.as_dict())
    else:
        render.console().print(f"added job #{job.id}: {job.title} — needs {job.needs.describe()}")


@job_app.command("outcome")
def job_outcome(
    job: Annotated[str, typer.Argument(help="A job id or words from its title.")],
    status: Annotated[
        str,
        typer.Argument(help="open, applied, interviewing, offer, hired, rejected or withdrawn."),
    ],
    note: Annotated[str, typer.Option(help="What happened.")] = "",
    as_json: JsonFlag = False,
) -> None:
    """Record where an opportunity stands, so its vouchers can be thanked and told."""
    view = _service().job_outcome(job, status, note)
    if as_json:
        render.emit_json(view.as_dict())
    else:
        render.console().print(f"job #{view.id} {view.title}: {view.status}")


@job_app.command("list")
def job_list(as_json: JsonFlag = False) -> None:
    """List your opportunities."""
    jobs = _service().jobs()
    if as_json:
        render.emit_json([j.as_dict() for j in jobs])
    else:
        render.jobs_table(jobs)


@app.command()
def suggest(
    job: Annotated[str, typer.Argument(help="A job id or words from its title.")],
    kind: Annotated[
        str | None,
        typer.Option(help="reference, recommendation or referral (default: the job's own)."),
    ] = None,
    as_of: AsOf = None,
    as_json: JsonFlag = False,
) -> None:
    """Suggest the best set of people to ask for a job, with reasons, runners-up and back-ups."""
    day = _day(as_of, "--as-of")
    result = suggest_slate(job, kind=kind, as_of=day)
    if as_json:
        render.emit_json(result.as_dict())
    else:
        render.suggestion(result)
    render.late_scores(result.scores_held_until)


Anyway = Annotated[
    bool,
    typer.Option(
        "--anyway",
        help="Go ahead even though they said no in the honest conversation.",
    ),
]


@app.command("ask")
def ask_(
    job: Annotated[str, typer.Argument(help="A job id or words from its title.")],
    names: Annotated[list[str], typer.Argument(help="The people to ask (names or ids).")],
    to: Annotated[
        str | None,
        typer.Option(
            help="Move the ask on: vetted, asked, agreed, declined, no-answer, briefed, used, "
            "thanked or withdrawn (new asks start as proposed)."
        ),
    ] = None,
    kind: Annotated[str | None, typer.Option(help="reference, recommendation or referral.")] = None,
    note: Annotated[str, typer.Option(help="What happened, for the record.")] = "",
    on: Annotated[
        str | None, typer.Option(metavar="YYYY-MM-DD", help="When (default now).")
    ] = None,
    share: Annotated[
        list[str] | None,
        typer.Option(
            metavar="KIND=VALUE",
            help="A contact detail they agreed the employer may use, e.g. email=zoe@example.com "
            "or phone=+1 555 0100 (repeatable; the references sheet shows only these).",
        ),
    ] = None,
    prefer: Annotated[
        str | None, typer.Option(help="How they prefer to be reached: one of the shared kinds.")
    ] = None,
    anyway: Anyway = False,
    as_json: JsonFlag = False,
) -> None:
    """Propose asking people for a job, or record how an ask moved on."""
    contacts: dict[str, str] = {}
    for item in share or []:
        kind_, sep, value = item.partition("=")
        if not sep or not kind_.strip() or not value.strip():
            raise InvalidInput(
                f"--share {item!r}: write it as KIND=VALUE, e.g. email=zoe@example.com"
            )
        contacts[kind_.strip().lower()] = value.strip()
    views = _service().ask(
        job,
        names,
        to=to,
        kind=kind,
        note=note,
        on=_day(on, "--on"),
        share=contacts or None,
        prefer=prefer.strip().lower() if prefer else None,
        anyway=anyway,
    )
    if as_json:
        render.emit_json([v.as_dict() for v in views])
    else:
        render.asks_table(views, title="updated")


@app.command()
def asks(
    job: Annotated[str | None, typer.Argument(help="Only this job (id or title words).")] = None,
    as_json: JsonFlag = False,
) -> None:
    """The ask pipeline: who was asked for what, where each ask stands, what is due."""
    views = _service().asks(job)
    if as_json:
        render.emit_json([v.as_dict() for v in views])
    else:
        render.asks_table(views, title="asks")


@app.command()
def due(
    on: Annotated[
        str | None, typer.Option(metavar="YYYY-MM-DD", help="As of this day (default today).")
    ] = None,
    ics: Annotated[
        Path | None,
        typer.Option(help="Also write every upcoming reminder to this calendar file (.ics)."),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """What to do today: follow up with the silent, brief the agreed, thank the used."""
    service = _service()
    if ics is not None:
        try:
            ics.write_bytes(service.reminders_ics(since=_day(on, "--on")))
        except OSError as exc:
            raise InvalidInput(f"{ics}: cannot write it ({exc.strerror})") from None
        Console(stderr=True).print(f"reminders written to {ics}: import it into your calendar")
    day = _day(on, "--on")
    views = service.due(day)
    if as_json:
        render.emit_json([v.as_dict() for v in views])
    elif views:
        render.asks_table(views, title="due")
    else:
        render.nothing_due(service.next_due(day))


@app.command()
def thank(
    job: Annotated[str, typer.Argument(help="A job id or words from its title.")],
    names: Annotated[list[str], typer.Argument(help="Who you thanked.")],
    note: Annotated[str, typer.Option(help="How you thanked them.")] = "",
    as_json: JsonFlag = False,
) -> None:
    """Record that you thanked people who vouched for you."""
    views = _service().ask(job, names, to="thanked", note=note)
    if as_json:
        render.emit_json([v.as_dict() for v in views])
    else:
        render.asks_table(views, title="thanked")


@app.command()
def prep(
    job: Annotated[str, typer.Argument(help="A job id or words from its title.")],
    name: Annotated[str, typer.Argument(help="The person to prepare (name or id).")],
    pdf: Annotated[Path | None, typer.Option(help="Also write the brief as a PDF here.")] = None,
    out: Annotated[
        Path | None, typer.Option(help="Write the Markdown here instead of printing it.")
    ] = None,
    as_of: AsOf = None,
    anyway: Anyway = False,
    as_json: JsonFlag = False,
) -> None:
    """The prep brief for one person: the role, your shared stories, what to confirm, what to expect."""
    view = _service().prep(job, name, as_of=_day(as_of, "--as-of"), anyway=anyway)
    if view.concerns and not as_json:
        # For you, not for them: stderr, so the brief on stdout stays theirs.
        Console(stderr=True).print(
            f"[yellow]note:[/yellow] {escape(view.concerns)}; settle them before you send this"
        )
    _document(view.markdown(), view.as_dict(), out, pdf, view.write_pdf, as_json)


@app.command()
def sheet(
    job: Annotated[str, typer.Argument(help="A job id or words from its title.")],
    names: Annotated[
        list[str] | None, typer.Argument(help="Who to list (default: everyone who agreed).")
    ] = None,
    pdf: Annotated[Path | None, typer.Option(help="Also write the sheet as a PDF here.")] = None,
    out: Annotated[
        Path | None, typer.Option(help="Write the Markdown here instead of printing it.")
    ] = None,
    anyway: Anyway = False,
    as_json: JsonFlag = False,
) -> None:
    """The references sheet for the employer: who, their role, how you know them, how to reach them."""
    view = _service().sheet(job, names or None, anyway=anyway)
    _document(view.markdown(), view.as_dict(), out, pdf, view.write_pdf, as_json)


def _document(
    markdown: str,
    payload: dict[str, Any],
    out: Path | None,
    pdf: Path | None,
    write_pdf: Any,
    as_json: bool,
) -> None:
    if pdf is not None:
        write_pdf(pdf)
    if out is not None:
        try:
            out.write_text(markdown, encoding="utf-8")
        except OSError as exc:
            raise InvalidInput(f"{out}: cannot write it ({exc.strerror})") from None
    if as_json:
        render.emit_json(payload)
    elif out is None:
        print(markdown)
    written = [str(p) for p in (out, pdf) if p is not None]
    if written and not as_json:
        Console(stderr=True).print("written: " + ", ".join(written))


@app.command()
def draft(
    kind: Annotated[str, typer.Argument(help="honest-conversation, ask, follow-up or thank-you.")],
    job: Annotated[str, typer.Argument(help="A job id or words from its title.")],
    name: Annotated[str, typer.Argument(help="Who the message is for (name or id).")],
    eml: Annotated[
        Path | None, typer.Option(help="Save as an .eml file (or into this folder).")
    ] = None,
    send: Annotated[
        bool, typer.Option("--send", help="Send it through your SMTP server (GOODWORD_SMTP_*).")
    ] = False,
    anyway: Anyway = False,
    as_json: JsonFlag = False,
) -> None:
    """Draft a message from your templates: the honest conversation, the ask, a follow-up, thanks."""
    service = _service()
    view = service.draft(kind, job, name, anyway=anyway)
    sent = service.send(view) if send else None
    written = view.write_eml(eml) if eml else None
    if as_json:
        render.emit_json(
            {**view.as_dict(), "sent_message_id": sent, "eml": str(written) if written else None}
        )
        return
    print(view.text())
    if view.concerns:
        Console(stderr=True).print(f"[yellow]note:[/yellow] {escape(view.concerns)}")
    if written:
        Console(stderr=True).print(f"written: {written}")
    if sent:
        Console(stderr=True).print(f"sent to {view.draft.to_email} ({sent})")


@app.command("eval")
def eval_(
    cuts: Annotated[
        int | None,
        typer.Option(
            "--cuts",
            metavar="N",
            help="How many rolling cuts, spread from 55% to 85% of your asks (default 3).",
        ),
    ] = None,
    split: Annotated[
        str | None,
        typer.Option(metavar="YYYY-MM-DD", help="One cut at this date instead of rolling cuts."),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option(metavar="YYYY-MM-DD", help="Judge replies up to this date (default today)."),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Back-test the communication score on your own history against naive baselines.

    At each cut, everyone is scored from the messages before it only; then
    each direct message you sent after it (up to the next cut) is checked:
    answered or not. Only people you had exchanged messages with before the
    cut are judged; the rest are counted as new contacts.

    AUC: the chance that a message that was answered had a higher prediction
    than one that was not. 0.5 is chance, 1.0 is perfect. Pairs are only
    formed within your own history and within one cut, never across.

    Calibration: per bin of predicted reply chance, the mean predicted next to
    the share actually answered; close means the chances can be taken at
    their word. Brier: the mean squared gap between prediction and outcome;
    lower is better (0.25 is what always saying 50% scores).

    Baselines: messages exchanged before the cut, messages they sent you, and
    their raw past reply rate. The model minus each comes with a 95% interval
    (a bootstrap resampling cuts, then people); one that spans 0 means your
    history cannot tell the two apart.
    """
    result = _service().evaluate(
        split=_day(split, "--split"), until=_day(until, "--until"), cuts=cuts
    )
    if as_json:
        render.emit_json(result.as_dict())
    else:
        render.backtest(result)


@db_app.command("path")
def db_path(as_json: JsonFlag = False) -> None:
    """Print where goodword keeps its data."""
    info = _service().db_info()
    if as_json:
        render.emit_json({"data_dir": info.data_dir, "url": info.url})
    else:
        render.db_info(info, status=False)


@db_app.command("status")
def db_status(as_json: JsonFlag = False) -> None:
    """Say whether the database exists and whether migrations are pending."""
    info = _service().db_info()
    if as_json:
        render.emit_json(info.as_dict())
    else:
        render.db_info(info, status=True)


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply pending migrations (goodword also does this on first use)."""
    render.db_info(_service().db_upgrade(), status=True)


@app.command()
def demo(
    seed: Annotated[int, typer.Option(help="Seed of the synthetic network.")] = 7,
    contacts: Annotated[int, typer.Option(help="How many contacts to generate.")] = 300,
    keep: Annotated[
        Path | None, typer.Option(help="Keep the export and database in this folder.")
    ] = None,
    flavour: Annotated[
        str,
        typer.Option(
            help="full (an export from two years ago, then the current one), old-export "
            "(only the old one) or profile-only (an export without connections or messages)."
        ),
    ] = "full",
    as_json: JsonFlag = False,
) -> None:
    """Generate a synthetic network (LinkedIn export, mail, calendar, contacts), import it, suggest."""
    from goodword.service import run_demo  # the demo's generator loads only for the demo

    result = run_demo(seed=seed, contacts=contacts, keep=keep, flavour=flavour)
    if as_json:
        render.emit_json(
            {
                "flavour": result.flavour,
                "export": str(result.export_path) if result.export_path else None,
                "earlier_imports": [summary.as_dict() for summary in result.earlier],
                "import": result.summary.as_dict(),
                "more_imports": [summary.as_dict() for summary in result.more],
                "suggestion": result.suggestion.as_dict(),
            }
        )
        return
    out = render.console()
    out.print(
        f"[bold]goodword demo[/bold]: a synthetic network (seed {seed}, {contacts} contacts, "
        f"{result.flavour})"
    )
    if result.export_path:
        out.print(f"export written as LinkedIn writes it: {result.export_path}")
    for summary in result.earlier:
        out.print(f"an older export first: {escape(Path(summary.path).name)}")
        render.import_line(summary)
    render.import_summary(result.summary, problem_limit=5)
    for summary in result.more:
        render.import_line(summary)
        if summary.matches_pending and not result.kept:
            out.print(
                "  [dim](the demo's data is thrown away: add --keep DIR to answer them)[/dim]"
            )
    out.print()
    render.suggestion(result.suggestion)
    if result.kept:
        out.print(
            f"\nkept in {result.kept}: try GOODWORD_HOME={result.kept / 'home'} goodword people"
        )


@app.command()
def serve(
    host: Annotated[
        str, typer.Option(help="Address to listen on (loopback unless --allow-remote).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    allow_remote: Annotated[
        bool,
        typer.Option(help="Allow a non-loopback --host (needs a password)."),
    ] = False,
    password_file: Annotated[
        Path | None,
        typer.Option(help="A file whose first line is the password (or GOODWORD_WEB_PASSWORD)."),
    ] = None,
) -> None:
    """Serve the web app and its JSON API on this machine (needs goodword's web extra)."""
    try:
        from goodword.web import server
    except ImportError as exc:
        raise ConfigError(
            f"the web app needs the web extra ({exc.name} is missing): pip install 'goodword[web]'"
        ) from None
    password = server.read_password(password_file, os.environ.get(server.PASSWORD_ENV))
    server.serve(_service(), host=host, port=port, allow_remote=allow_remote, password=password)


@app.command()
def export(
    out: Annotated[
        Path,
        typer.Argument(
            help="The file to write (json) or the folder to make (csv); it must not exist yet."
        ),
    ],
    format: Annotated[
        str,
        typer.Option(
            "--format",
            help="json: one file, the documented format `goodword import` reads back. "
            "csv: a folder with one CSV a section, for spreadsheets (not read back).",
        ),
    ] = "json",
    as_json: JsonFlag = False,
) -> None:
    """Write everything this home holds (people, evidence, vettings, asks, jobs, you) to a file.

    Kept scores are left out: they are computed again. The file holds private
    data about the people you know: keep it as safe as the database.
    """
    copied = _service().export_data(out, format=format.strip().lower())
    if as_json:
        render.emit_json(copied.as_dict())
    else:
        render.data_copy(copied)


@app.command()
def backup(
    out: Annotated[Path, typer.Argument(help="The backup file to write; it must not exist yet.")],
    as_json: JsonFlag = False,
) -> None:
    """Copy the whole database to a file, consistently, even while goodword runs.

    SQLite: a copy through SQLite's backup API. PostgreSQL: pg_dump's custom format
    (needs pg_dump at least as new as the server).
    """
    copied = _service().backup(out)
    if as_json:
        render.emit_json(copied.as_dict())
    else:
        render.data_copy(copied)


@app.command()
def restore(
    backup_file: Annotated[
        Path, typer.Argument(metavar="BACKUP", help="A file made by `goodword backup`.")
    ],
    force: Annotated[
        bool,
        typer.Option("--force", help="Replace what this home holds now (otherwise refused)."),
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """Put a backup back as this home's database (an empty home, or any with --force)."""
    copied = _service().restore(backup_file, force=force)
    if as_json:
        render.emit_json(copied.as_dict())
    else:
        render.data_copy(copied)


def main() -> None:
    """Console-script entry point."""
    # Libraries' own log lines (psycopg's "error ignored terminating <Pipeline>" when Ctrl-C
    # lands mid-write) are not for the user: goodword says what happened in its own words.
    for name in ("psycopg", "sqlalchemy", "alembic"):
        logging.getLogger(name).addHandler(logging.NullHandler())
    app()
