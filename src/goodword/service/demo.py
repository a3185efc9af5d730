"""``goodword demo``: a synthetic export, mailbox, calendar and address book imported into a
fresh home, and a suggestion."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from goodword.config import Settings
from goodword.errors import InvalidInput
from goodword.service.facade import Service
from goodword.service.views import ImportSummary, JobView, Suggestion


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


def run_demo(*, seed: int = 7, contacts: int = 300, keep: Path | None = None) -> DemoRun:
    """Generate a synthetic export, mail, calendar and contacts; import them; suggest references.

    Scores are taken as of the export's date so the same seed always gives
    the same shortlist. Without ``keep`` everything lives in a temporary
    folder that is removed afterwards.
    """
    from goodword.demo import SAMPLE_JOB, build_network, write_export_zip
    from goodword.demo.workspace import write_workspace

    if contacts < 20:
        raise InvalidInput("the demo needs at least 20 contacts")
    network = build_network(seed=seed, contacts=contacts)
    with tempfile.TemporaryDirectory(prefix="goodword-demo-") as scratch:
        base = keep.expanduser() if keep else Path(scratch)
        if keep and (base / "home").exists():
            raise InvalidInput(f"{base} already holds a demo; choose another --keep folder")
        export = write_export_zip(network, base / "export")
        workspace = write_workspace(network, base / "workspace")
        service = Service(Settings(home=base / "home"))
        try:
            summary = service.import_path(export)
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
    return DemoRun(export if keep else None, summary, job, suggestion, base if keep else None, more)
