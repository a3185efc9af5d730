"""``goodword demo``: a synthetic export, mailbox, calendar and address book imported into a
fresh home, and a suggestion.

Three flavours, each with the same mail, calendar and address book:

* ``full``: the export from two years ago, then the current one (a user who
  kept both);
* ``old-export``: only the export from two years ago, scored as of today
  (the current export's date), as when a user imports an old download;
* ``profile-only``: a current export holding only the profile files.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from goodword.config import Settings
from goodword.errors import InvalidInput
from goodword.service.facade import Service
from goodword.service.views import ImportSummary, JobView, Suggestion

Flavour = Literal["full", "old-export", "profile-only"]
FLAVOURS: tuple[Flavour, ...] = ("full", "old-export", "profile-only")
DEMO_CONTACTS = 300
"""The default size of the demo network."""


@dataclass(frozen=True, slots=True)
class DemoRun:
    """What ``goodword demo`` made and found."""

    export_path: Path | None
    summary: ImportSummary
    job: JobView
    suggestion: Suggestion
    kept: Path | None
    # The mailbox, calendar and address book imported after the LinkedIn export.
    more: tuple[ImportSummary, ...] = ()
    flavour: Flavour = "full"
    # LinkedIn exports imported before ``summary``'s (the old one, in the full flavour).
    earlier: tuple[ImportSummary, ...] = ()


def _flavour(name: str) -> Flavour:
    for known in FLAVOURS:
        if name == known:
            return known
    raise InvalidInput(f"no demo flavour {name!r}; use one of {', '.join(FLAVOURS)}")


def run_demo(
    *,
    seed: int = 7,
    contacts: int = DEMO_CONTACTS,
    keep: Path | None = None,
    flavour: str = "full",
) -> DemoRun:
    """Generate a synthetic export, mail, calendar and contacts; import them; suggest references.

    ``flavour`` picks the LinkedIn exports (see the module docstring). Scores
    are taken as of the current export's date so the same seed always gives
    the same shortlist. Without ``keep`` everything lives in a temporary
    folder that is removed afterwards.
    """
    from goodword.demo import (
        SAMPLE_JOB,
        build_network,
        export_as_of,
        old_export_date,
        write_export_zip,
    )
    from goodword.demo.workspace import write_workspace

    chosen = _flavour(flavour)
    if contacts < 20:
        raise InvalidInput("the demo needs at least 20 contacts")
    network = build_network(seed=seed, contacts=contacts)
    with tempfile.TemporaryDirectory(prefix="goodword-demo-") as scratch:
        base = keep.expanduser() if keep else Path(scratch)
        if keep and (base / "home").exists():
            raise InvalidInput(f"{base} already holds a demo; choose another --keep folder")
        exports: list[Path] = []
        if chosen != "profile-only":
            old = export_as_of(network, old_export_date(network))
            exports.append(write_export_zip(old, base / "export"))
        if chosen != "old-export":
            profile_only = chosen == "profile-only"
            exports.append(write_export_zip(network, base / "export", profile_only=profile_only))
        workspace = write_workspace(network, base / "workspace")
        service = Service(Settings(home=base / "home"))
        try:
            imported = [service.import_path(path) for path in exports]
            summary, earlier = imported[-1], tuple(imported[:-1])
            more = tuple(service.import_path(path) for path in workspace)
            job = service.add_job(
                title=SAMPLE_JOB.title,
                organization=SAMPLE_JOB.organization,
                description=SAMPLE_JOB.description,
                needs=SAMPLE_JOB.needs,
            )
            suggestion = service.suggest(str(job.id), as_of=network.export_date)
        finally:
            service.close()
    return DemoRun(
        exports[-1] if keep else None,
        summary,
        job,
        suggestion,
        base if keep else None,
        more,
        chosen,
        earlier,
    )
