"""Rich rendering of service views for the terminal; ``--json`` output goes through :func:`emit_json`."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from goodword.service import fit_of

if TYPE_CHECKING:  # each view's module loads with the command that returns it (the facade is lazy)
    from goodword.service import (
        AskView,
        Assessment,
        Backtest,
        DataCopy,
        DbInfo,
        ImportSummary,
        JobView,
        MatchView,
        MeView,
        PersonDetail,
        Score,
        Suggestion,
        VettingFact,
    )


def console() -> Console:
    """A console on stdout (made per command, so tests can capture it)."""
    return Console(highlight=False, soft_wrap=True)


def _default(value: object) -> object:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def emit_json(data: Any) -> None:
    """Print ``data`` as JSON on stdout: indented on a terminal, compact when piped.

    Indenting makes Python's encoder take its slow path: ``people --json``
    for 30,000 people took 2.7 s to print indented and 0.8 s compact. A
    program reading the output does not need the indentation; a person at a
    terminal gets it.
    """
    indent = 2 if sys.stdout.isatty() else None
    print(json.dumps(data, ensure_ascii=False, indent=indent, default=_default))


def late_scores(held_until: datetime | None) -> None:
    """On stderr (JSON stays clean): the scores shown are those of before ``held_until``."""
    if held_until is None:
        return
    Console(stderr=True, highlight=False, soft_wrap=True).print(
        f"[dim]note: scores as they stood until {held_until:%Y-%m-%d %H:%M} UTC, from the same "
        "evidence; fresh ones are being computed in the background for your next command[/dim]"
    )


def old_exports(flags: Sequence[str]) -> None:
    """On stderr (JSON stays clean), once each: a source known only up to an old export."""
    for flag in flags:
        Console(stderr=True, highlight=False, soft_wrap=True).print(
            f"[yellow]note: {escape(flag)}[/yellow]"
        )


COMPACT: dict[str, Any] = {
    "box": box.SIMPLE_HEAD,
    "show_edge": False,
    "pad_edge": False,
    "collapse_padding": True,
}
"""No side borders and one space between columns: tables stay readable at 80 columns."""


def _cell(score: Score, unknown: str = "unknown") -> str:
    if score.value is None:
        return f"[dim]{unknown}[/dim]"
    colour = "green" if score.value >= 0.6 else ("yellow" if score.value >= 0.35 else "red")
    return f"[{colour}]{score.value:.2f}[/{colour}]"


def people_table(
    assessed: list[Assessment], total: int, *, filtered: bool = False, sort: str = "fit"
) -> None:
    """The people list: name, organisation and title, the fit they are sorted by, the criteria.

    With nobody to show, the next step instead: import evidence or try the
    demo, or (``filtered``) loosen the filters.
    """
    if not total:
        console().print(
            "nobody matches these filters: `goodword people` lists everyone"
            if filtered
            else "no people yet: `goodword import PATH` reads a LinkedIn export, mail, a "
            "calendar or an address book; `goodword demo` tries goodword on a synthetic network"
        )
        return
    table = Table(
        title=f"{len(assessed)} of {total} people, by {sort}",
        title_justify="left",
        caption="fit: the weakest criterion with their mean · fam familiarity\n"
        "comm communication · sat satisfaction · conf confidence · — unknown",
        caption_justify="left",
        **COMPACT,
    )
    table.add_column("#", justify="right", style="dim", no_wrap=True)
    table.add_column("name", ratio=2, min_width=10)
    table.add_column("organisation · title", ratio=3, min_width=12)
    table.add_column("rel.")
    for header in ("fit", "fam", "comm", "sat", "conf"):
        table.add_column(header, justify="right", no_wrap=True)
    for a in assessed:
        p = a.person
        where = " · ".join(x for x in (p.organization, p.title) if x)
        table.add_row(
            str(p.id),
            escape(p.name),
            escape(where),
            a.relationship.kind if a.relationship else "",
            f"{fit_of(a):.2f}",
            _cell(a.familiarity, "—"),
            _cell(a.communication, "—"),
            _cell(a.satisfaction, "—"),
            f"{a.confidence:.2f}",
        )
    console().print(table)


def person_detail(detail: PersonDetail) -> None:
    """Everything about one person: the why of each score, then every piece of evidence."""
    out = console()
    a, r = detail.assessment, detail.record
    p = a.person
    out.print(f"[bold]{escape(p.name)}[/bold]  [dim]#{p.id}[/dim]")
    if p.organization or p.title:
        out.print(escape(" · ".join(x for x in (p.title, p.organization) if x)))
    if a.relationship:
        out.print(f"relationship: {a.relationship.kind} [dim]({escape(a.relationship.why)})[/dim]")
    if p.soured:
        out.print(f"[red]soured[/red] {escape(p.soured_note)}")
    said = a.satisfaction.details.get("willing")
    if said == "no":
        out.print(
            "[red]said no in the honest conversation[/red]: ask, draft, prep and sheet refuse "
            "them unless --anyway"
        )
    elif a.satisfaction.details.get("concerns"):
        out.print(
            f"[yellow]concerns they raised:[/yellow] {escape(a.satisfaction.details['concerns'])}"
        )
    out.print()
    for label, score in (
        ("familiarity", a.familiarity),
        ("communication", a.communication),
        ("satisfaction", a.satisfaction),
    ):
        out.print(
            f"{label:>13}  {_cell(score)}  [dim]confidence {score.confidence:.2f}[/dim]  "
            f"{escape(score.why)}"
        )
    out.print()
    if r.identities:
        out.print("[bold]identities[/bold]")
        for identity in r.identities:
            out.print(
                f"  {identity.kind}: {escape(identity.value)} [dim]({escape(identity.source)})[/dim]"
            )
    if r.tenures:
        out.print("[bold]positions[/bold]")
        for t in r.tenures:
            span = (
                f"{t.start_on:%Y-%m} – {'now' if t.is_current else (f'{t.end_on:%Y-%m}' if t.end_on else '?')}"
                if t.start_on
                else (f"current as of {t.observed_on}" if t.is_current else "")
            )
            out.print(
                f"  [dim]tenure #{t.id}[/dim] {escape(t.title or '?')} at {escape(t.organization)} {span}"
            )
    if r.recommendations:
        out.print("[bold]recommendations[/bold]")
        for x in r.recommendations:
            who = "they wrote about you" if x.direction == "received" else "you wrote about them"
            when = f"{x.created_at:%Y-%m-%d}" if x.created_at else "undated"
            out.print(
                f"  [dim]recommendation #{x.id}[/dim] {when}, {who}: “{escape(x.text[:300])}”"
            )
    if r.endorsements:
        out.print("[bold]endorsements[/bold]")
        for e in r.endorsements:
            who = "endorsed you for" if e.direction == "received" else "you endorsed them for"
            when = f"{e.endorsed_at:%Y-%m-%d}" if e.endorsed_at else "undated"
            out.print(f"  [dim]endorsement #{e.id}[/dim] {when} {who} {escape(e.skill)}")
    if r.vettings:
        out.print("[bold]honest conversations[/bold]")
        for v in r.vettings:
            _vetting(out, v)
    if r.messages:
        out.print(f"[bold]interactions[/bold] ({len(r.messages)})")
        for msg in r.messages:
            if msg.sender_id == detail.self_id:
                arrow = "you →"
            elif detail.self_id in msg.recipient_ids:
                arrow = "→ you"
            else:
                arrow = "group"
            group = (
                f" [dim]({msg.participant_count} people)[/dim]" if msg.participant_count > 2 else ""
            )
            kind = _INTERACTION_KINDS.get(msg.kind, "message")
            if msg.kind == "away" and msg.ends_at is not None:
                kind = f"out-of-office (back {msg.ends_at:%Y-%m-%d})"
            elif msg.kind == "bounced" and msg.folder:
                kind = f"bounce ({escape(msg.folder)})"
            out.print(
                f"  [dim]interaction #{msg.id}[/dim] {msg.occurred_at:%Y-%m-%d %H:%M} {arrow} "
                f"{kind}{group} {escape(msg.subject)}"
            )


_INTERACTION_KINDS = {
    "linkedin_invitation": "invitation",
    "linkedin_message": "message",
    "email": "email",
    "meeting": "meeting",
    "away": "out-of-office",
    "bounced": "bounce",
}


def _vetting(out: Console, v: VettingFact) -> None:
    how = f" ({escape(v.channel)})" if v.channel else ""
    answer = {"yes": "yes", "concerns": "yes, with concerns", "no": "no", "not-yet": "not yet"}
    out.print(
        f"  {v.held_on}{how}: “{escape(v.questions[0])}” — {answer.get(v.willing, v.willing)}"
    )
    if v.concerns or v.willing in {"yes", "concerns"}:
        out.print(f"    “{escape(v.questions[1])}” — {escape(v.concerns) or 'none'}")


def judged(detail: PersonDetail, criterion: str) -> None:
    """One line after recording a judgement: the person and the criterion it changed."""
    a = detail.assessment
    score: Score = getattr(a, criterion)
    relation = f", {a.relationship.kind}" if a.relationship else ""
    flags = " · ".join(
        x for x, on in (("soured", a.person.soured), ("do not ask", a.person.do_not_ask)) if on
    )
    console().print(
        f"{escape(a.person.name)} #{a.person.id}{relation}"
        + (f" [red]({flags})[/red]" if flags else "")
        + f": {criterion} {_cell(score)} — {escape(score.why)}"
    )
    if criterion == "satisfaction" and detail.record.vettings:
        _vetting(console(), detail.record.vettings[-1])


def import_line(summary: ImportSummary) -> None:
    """One line per import: what was read, what came of it, who was joined or is in question."""
    out = console()
    for f in (f for f in summary.files if f.used):
        skipped = sum(f.skipped.values())
        parts = [f"{f.rows:,} read", f"{f.added:,} added"]
        if f.unchanged:
            parts.append(f"{f.unchanged:,} already had")
        if skipped:
            parts.append(f"{skipped:,} skipped")
        if f.problems:
            parts.append(f"{f.problems:,} problems")
        out.print(f"{escape(f.name)} ({f.kind}): " + ", ".join(parts))
    if summary.people_added:
        out.print(f"  new people: {summary.people_added}")
    if summary.matches_merged:
        out.print(f"  joined {summary.matches_merged} people seen in two places")
    if summary.matches_pending:
        out.print(
            f"  [yellow]{summary.matches_pending} possible match(es): `goodword review`[/yellow]"
        )


def import_summary(summary: ImportSummary, problem_limit: int = 15) -> None:
    """Per-file counts, files not used, new people, the owner's identities and the problems."""
    out = console()
    used = [f for f in summary.files if f.used]
    table = Table(
        title=f"import #{summary.import_id}: {escape(summary.path)}",
        title_justify="left",
        **COMPACT,
    )
    for column in ("file", "rows", "added", "already had", "skipped", "problems", "warnings"):
        table.add_column(column, justify="left" if column == "file" else "right", overflow="fold")
    for f in used:
        skipped = sum(f.skipped.values())
        table.add_row(
            escape(f.name),
            str(f.rows),
            str(f.added),
            str(f.unchanged),
            str(skipped),
            str(f.problems),
            str(f.warnings),
        )
    out.print(table)
    for f in used:
        for reason, count in f.skipped.items():
            out.print(f"  [dim]{escape(f.name)}: skipped {count} × {escape(reason)}[/dim]")
        if f.note:
            out.print(f"  [dim]{escape(f.name)}: {escape(f.note)}[/dim]")
    unused = [f for f in summary.files if not f.used]
    if unused:
        out.print(
            f"not used ({len(unused)} files): "
            + ", ".join(
                escape(f.name)
                + (f" [dim]({escape(f.note)})[/dim]" if f.note != "not used by goodword" else "")
                for f in unused
            )
        )
    out.print(f"people added: {summary.people_added}")
    if summary.matches_merged:
        out.print(
            f"joined {summary.matches_merged} people seen in two places "
            "[dim](wrong? `goodword split`)[/dim]"
        )
        for example in summary.merge_examples:
            out.print(f"  [dim]{escape(example)}[/dim]")
    if summary.matches_pending:
        out.print(
            f"[yellow]{summary.matches_pending} possible match(es) to check: "
            "`goodword review`[/yellow]"
        )
    if summary.export_date:
        basis = f" [dim](from the {summary.export_basis})[/dim]" if summary.export_basis else ""
        out.print(f"export date: {summary.export_date}{basis}")
    if summary.old_export:
        out.print(f"[yellow]note: {escape(summary.old_export)}[/yellow]")
    if summary.owner_identities:
        out.print(
            "you are: "
            + ", ".join(escape(i) for i in summary.owner_identities)
            + "  [dim](wrong or missing? fix with `goodword me`)[/dim]"
        )
    else:
        out.print(
            "[yellow]your own identity was not found; set it with `goodword me --linkedin URL`[/yellow]"
        )
    if summary.problems:
        out.print(f"[yellow]{len(summary.problems)} problem(s)[/yellow]")
        for problem in summary.problems[:problem_limit]:
            where = f"{problem['file']} {problem['location']}".strip()
            out.print(f"  {escape(where)}: {escape(problem['message'])}")
        if len(summary.problems) > problem_limit:
            out.print(f"  … {len(summary.problems) - problem_limit} more (see --json)")
    out.print(f"next: {import_next_step(summary)}")


def import_next_step(summary: ImportSummary) -> str:
    """What to run after an import: answer its open questions first, then look and choose."""
    if summary.matches_pending:
        return (
            f"`goodword review` to answer the {summary.matches_pending} possible match(es), "
            "then `goodword people`"
        )
    if not summary.owner_identities:
        return "`goodword me --linkedin URL` so your own messages count as yours, then `goodword people`"
    return (
        "`goodword people` shows who knows your work best; `goodword job add --title TITLE` "
        "then `goodword suggest TITLE` picks whom to ask"
    )


def me_view(me: MeView) -> None:
    """The owner's name and identities."""
    out = console()
    name = me.name or '(name unknown; set with --name "Your Name": drafts are signed with it)'
    out.print(f"[bold]{escape(name)}[/bold]  {escape(me.headline)}".rstrip())
    out.print(f"LinkedIn: {escape(me.linkedin_url or '(unknown; set with --linkedin URL)')}")
    out.print(
        "emails: " + (", ".join(escape(e) for e in me.emails) or "(none; add with --add-email)")
    )
    for other in me.other:
        out.print(f"also: {escape(other)}")
    for position in me.positions:
        out.print(f"  {escape(position)}")
    for name in me.merged:
        out.print(
            f"[yellow]note:[/yellow] {escape(name)} had that identity: they were you, merged into you"
        )


def jobs_table(jobs: list[JobView]) -> None:
    """The opportunities (or, with none, how to add one)."""
    if not jobs:
        from goodword.service import ADD_A_JOB

        console().print(f"no jobs yet: {ADD_A_JOB}")
        return
    table = Table(title=f"{len(jobs)} job(s)", title_justify="left", **COMPACT)
    for column in ("#", "title", "organisation", "deadline", "needs", "status"):
        table.add_column(column)
    for job in jobs:
        table.add_row(
            str(job.id),
            escape(job.title),
            escape(job.organization),
            str(job.deadline or ""),
            escape(job.needs.describe()),
            job.status + (" · confidential" if job.confidential else ""),
        )
    console().print(table)


def suggestion(result: Suggestion) -> None:
    """The shortlist with reasons, runners-up and exclusions."""
    out = console()
    job, shortlist = result.job, result.shortlist
    out.print(
        f"[bold]{escape(job.title)}[/bold]"
        + (f" at {escape(job.organization)}" if job.organization else "")
        + f" — needs {escape(shortlist.needs.describe())}"
        + (" · confidential" if shortlist.brief.confidential else "")
        + f"  [dim](as of {result.as_of:%Y-%m-%d})[/dim]"
    )
    if not shortlist.picks:
        out.print(
            "[yellow]nobody qualifies yet: import more evidence or record honest conversations[/yellow]"
        )
    for rank, pick in enumerate(shortlist.picks, 1):
        p = pick.candidate.assessment.person
        where = " · ".join(x for x in (p.title, p.organization) if x)
        out.print(
            f"\n[bold]{rank}. {escape(p.name)}[/bold] [dim]#{p.id}[/dim]  {escape(where)}  "
            f"fit [bold]{pick.candidate.fit:.2f}[/bold]"
        )
        for reason in pick.reasons:
            out.print(f"   • {escape(reason)}")
        for flag in pick.candidate.flags:
            out.print(f"   [yellow]! {escape(flag)}[/yellow]")
    shortfall = shortlist.shortfall()
    if shortfall:
        out.print(f"\n[yellow]{escape(shortfall['why'])}[/yellow]")
        for step in shortfall["next_steps"]:
            out.print(f"   [yellow]→ {escape(step)}[/yellow]")
    if shortlist.runners_up:
        out.print("\n[bold]runners-up[/bold]")
        for runner in shortlist.runners_up:
            p = runner.candidate.assessment.person
            out.print(f"   {escape(p.name)} [dim]#{p.id}[/dim]: {escape(runner.why_not)}")
            concerns = runner.candidate.assessment.satisfaction.details.get("concerns")
            if concerns:
                out.print(f"     [yellow]! concerns they raised: {escape(concerns)}[/yellow]")
    if shortlist.bench:
        out.print(
            "\n[bold]back-ups[/bold]: "
            + ", ".join(
                f"{escape(c.assessment.person.name)} #{c.person_id} ({c.fit:.2f})"
                for c in shortlist.bench
            )
        )
    if result.excluded_counts:
        out.print(
            "\n[dim]not considered: "
            + ", ".join(f"{n} {escape(reason)}" for reason, n in result.excluded_counts.items())
            + "[/dim]"
        )


def backtest(result: Backtest) -> None:
    """Each cut, then the model next to the baselines: AUC, Brier, intervals and calibration."""
    out = console()
    card = result.card
    coverage = "n/a" if card.coverage is None else f"{card.coverage:.0%}"
    out.print(
        f"{len(result.windows)} cut(s) from {result.split:%Y-%m-%d}, replies judged up to "
        f"{result.until:%Y-%m-%d}: {result.asks_judged} asks to {result.people} people "
        f"({result.replied_after} answered); the model scored {coverage} of them"
    )
    if result.new_contacts:
        out.print(
            f"[dim]{result.new_contacts} later asks went to new contacts (nothing before "
            "their cut): counted, not judged[/dim]"
        )
    keys = [m.key for m in card.methods]
    cuts = Table(title="each cut (AUC: 0.5 = chance)", title_justify="left", **COMPACT)
    for column in ("cut", "to", "learned from", "judged", "answered", "new", "coverage"):
        cuts.add_column(column, justify="right")
    for method in card.methods:
        cuts.add_column(_SHORT.get(method.key, method.key), justify="right")
    for window in result.windows:
        w = window.card
        cuts.add_row(
            f"{window.cut:%Y-%m-%d}",
            f"{window.until:%Y-%m-%d}",
            str(window.asks_before),
            str(w.asks),
            str(w.answered),
            str(window.new_contacts),
            "n/a" if w.coverage is None else f"{w.coverage:.0%}",
            *(_fixed(w.method(key).auc, 3) for key in keys),
        )
    out.print(cuts)
    summary = Table(
        title="all cuts: how well each predicts who answers", title_justify="left", **COMPACT
    )
    for column in ("method", "AUC within owner", "Brier (lower is better)"):
        summary.add_column(column, justify="left" if column == "method" else "right")
    for method in card.methods:
        summary.add_row(method.name, _fixed(method.auc, 3), _fixed(method.brier, 4))
    out.print(summary)
    level = result.difference.level
    gaps = Table(
        title=f"model − each baseline, {level:.0%} interval", title_justify="left", **COMPACT
    )
    for column in ("model − baseline", "AUC", "interval", "Brier", "interval "):
        gaps.add_column(column, justify="left" if column == "model − baseline" else "right")
    for key, difference in card.differences.items():
        gaps.add_row(
            card.method(key).name,
            _signed(difference.auc.estimate, 3),
            _span(difference.auc.low, difference.auc.high, 3),
            _signed(difference.brier.estimate, 4),
            _span(difference.brier.low, difference.brier.high, 4),
        )
    out.print(gaps)
    out.print(
        f"[dim]intervals: {result.difference.resamples} bootstrap resamples of the cuts, then "
        "the people in each, a person's asks kept together; an interval spanning 0 means "
        "this history cannot tell the two apart. Brier is n/a for counts: they are not "
        "probabilities[/dim]"
    )
    for method in card.methods:
        if not method.calibration:
            continue
        table = Table(title=f"calibration: {method.name}", title_justify="left", **COMPACT)
        for column in ("predicted", "asks", "mean predicted", "answered"):
            table.add_column(column, justify="right")
        for b in method.calibration:
            table.add_row(
                f"{b.low:.1f}–{min(b.high, 1.0):.1f}",
                str(b.count),
                "" if b.predicted is None else f"{b.predicted:.2f}",
                "" if b.observed is None else f"{b.observed:.2f}",
            )
        out.print(table)


_SHORT = {
    "model": "AUC model",
    "raw_rate": "raw rate",
    "exchanged": "exchanged",
    "from_them": "from them",
}


def _fixed(value: float | None, digits: int) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def _signed(value: float | None, digits: int) -> str:
    return "n/a" if value is None else f"{value:+.{digits}f}"


def _span(low: float | None, high: float | None, digits: int) -> str:
    if low is None or high is None:
        return "n/a"
    return f"{low:+.{digits}f} to {high:+.{digits}f}"


def nothing_due(upcoming: AskView | None) -> None:
    """Nothing due today: the next date something is, or how to start an ask."""
    if upcoming is None:
        console().print(
            "nothing is due, and no ask is waiting: `goodword suggest JOB` proposes whom to "
            "ask, `goodword ask JOB NAME` records it"
        )
        return
    console().print(
        f"nothing is due today; next, on {upcoming.due_on}: {escape(upcoming.next_action)} "
        f"({escape(upcoming.person)}, {escape(upcoming.job)})"
    )


NARROW = 110
"""Below this many columns, lists too wide for a table are printed as lines."""


def asks_table(views: list[AskView], *, title: str, empty: str = "no asks yet") -> None:
    """Asks with their state, since when, and what is due."""
    out = console()
    if not views:
        out.print(empty)
        return
    if out.width < NARROW:
        # Eight columns do not fit in 80: two lines per ask instead.
        out.print(f"{title}: {len(views)}")
        for view in views:
            due = f", due {view.due_on}" if view.due_on else ""
            out.print(
                f"#{view.id} [bold]{escape(view.person)}[/bold] — {view.kind} for "
                f"{escape(view.job)} [dim](job #{view.job_id})[/dim]",
                soft_wrap=False,
            )
            out.print(
                f"    {view.state_label} since {view.since:%Y-%m-%d}{due}: "
                f"{escape(view.next_action)}",
                soft_wrap=False,
            )
        return
    table = Table(title=f"{title}: {len(views)}", title_justify="left", **COMPACT)
    for column in ("#", "job", "person", "kind", "state", "since", "due", "next"):
        table.add_column(
            column,
            no_wrap=column in {"#", "kind", "since", "due"},
            ratio=2 if column == "next" else 1,
        )
    for view in views:
        table.add_row(
            str(view.id),
            escape(view.job),
            escape(view.person),
            view.kind,
            view.state_label,
            f"{view.since:%Y-%m-%d}",
            str(view.due_on or ""),
            escape(view.next_action),
        )
    out.print(table)
    noted: set[int] = set()
    for view in views:
        if view.person_id in noted:
            continue
        noted.add(view.person_id)
        if view.said_no and view.answer is not None:
            out.print(
                f"[red]! {escape(view.person)} said no on {view.answer.held_on:%Y-%m-%d}[/red]: "
                f"decline or withdraw the ask (`goodword ask {view.job_id} {view.person_id} "
                "--to withdrawn`)"
            )
        elif view.concerns:
            out.print(f"[yellow]! {escape(view.concerns)}[/yellow]")


def db_info(info: DbInfo, *, status: bool) -> None:
    """Where the data lives; with ``status``, the migration state too."""
    out = console()
    out.print(f"data directory: {escape(info.data_dir)}")
    out.print(f"database: {escape(info.url)}")
    if status:
        if info.current is None:
            out.print(f"not created yet: {len(info.pending)} migration(s) will run on first use")
        elif info.pending:
            out.print(
                f"at {info.current}; pending: {', '.join(info.pending)} (run `goodword db upgrade`)"
            )
        else:
            out.print(f"up to date (revision {info.current})")
        if info.background_failure:
            out.print(f"[yellow]background scoring:[/yellow] {escape(info.background_failure)}")


def match_table(found: list[MatchView], status: str) -> None:
    """Possible matches with their confidence and evidence, and how to answer them."""
    out = console()
    if not found:
        out.print(f"no {status if status != 'all' else ''} matches".replace("  ", " "))
        return
    table = Table(title=f"matches ({status})", title_justify="left", **COMPACT)
    for column in ("id", "confidence", "person", "other", "why", "status"):
        table.add_column(column, justify="right" if column in {"id", "confidence"} else "left")
    for view in found:
        table.add_row(
            str(view.id),
            f"{view.confidence:.2f}",
            "[bold]you[/bold]: is this you?"
            if view.is_you
            else f"{escape(view.person_name)} (#{view.person_id})"
            if view.person_id
            else "gone",
            f"{escape(view.other_name)} (#{view.other_id})" if view.other_id else "gone",
            escape("; ".join(view.evidence)),
            f"{view.status} ({view.decided_by})" if view.status != "pending" else "pending",
        )
    out.print(table)
    if any(v.status == "pending" and not v.is_you for v in found):
        out.print(
            "[dim]answer with `goodword review --accept ID` (same person) "
            "or `--reject ID` (two people)[/dim]"
        )
    if any(v.status == "pending" and v.is_you for v in found):
        out.print(
            "[dim]is this you? `goodword review --accept ID` (yes: it becomes yours, see "
            "`goodword me`) or `--reject ID` (no: a contact, never asked again); until then "
            "they are left out of suggestions[/dim]"
        )


def data_copy(copied: DataCopy) -> None:
    """What an export, import of an export, backup or restore did, in a line or two."""
    out = console()
    size = f"{copied.size / 1e6:,.1f} MB" if copied.size >= 100_000 else f"{copied.size:,} bytes"
    said = {
        "export": f"exported ({copied.format}) to {escape(copied.path)}, {size}",
        "import": f"imported the export {escape(copied.path)}",
        "backup": f"backed up ({copied.format}) to {escape(copied.path)}, {size}",
        "restore": f"restored {escape(copied.path)} ({copied.format})",
    }[copied.action]
    out.print(said)
    if copied.counts:
        shown = ", ".join(
            f"{count:,} {name.replace('_', ' ')}" for name, count in copied.counts.items() if count
        )
        out.print(f"  {shown or 'nothing yet'}")
