"""The views the facade returns: plain results with ``as_dict()`` for the JSON twin of every page."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from goodword.choose.fit import fit

if TYPE_CHECKING:  # the chooser and the documents load when used, not for every command
    from goodword.choose.needs import Needs
    from goodword.choose.shortlist import Candidate, Shortlist
    from goodword.documents import PrepBrief, ReferencesSheet
    from goodword.documents.messages import Draft
    from goodword.evidence.assessment import Assessment
    from goodword.store.facts import PersonRecord
    from goodword.workflow.vetting import Answer


def as_of_moment(day: date | None) -> datetime:
    """The start of ``day`` in UTC, or now when no day is given."""
    if day is None:
        return datetime.now(UTC)
    return datetime.combine(day, time.min, tzinfo=UTC)


def linkedin_link(key: str | None) -> str | None:
    """``linkedin.com/in/slug`` → ``https://www.linkedin.com/in/slug``."""
    return f"https://www.{key}" if key else None


@dataclass(frozen=True, slots=True)
class FileSummary:
    """One input file after an import."""

    name: str
    kind: str
    used: bool
    rows: int
    added: int
    unchanged: int
    skipped: dict[str, int]
    problems: int
    warnings: int
    note: str

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {k: getattr(self, k) for k in self.__slots__}


@dataclass(frozen=True, slots=True)
class ImportSummary:
    """What an import did: per-file counts, new people, the owner's identities, problems."""

    import_id: int
    path: str
    kind: str
    export_date: date | None
    files: list[FileSummary]
    people_added: int
    owner_identities_added: list[str]
    owner_identities: list[str]
    problems: list[dict[str, str]]
    matches_merged: int = 0
    matches_pending: int = 0
    merge_examples: list[str] = field(default_factory=list)
    export_basis: str = ""  # how export_date was found: "file name", "latest row", ...
    old_export: str = ""  # the flag for an old export, once: what it means, what to do

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "export_basis": self.export_basis,
            "old_export": self.old_export,
            "matches_merged": self.matches_merged,
            "matches_pending": self.matches_pending,
            "merge_examples": self.merge_examples,
            "import_id": self.import_id,
            "path": self.path,
            "kind": self.kind,
            "export_date": self.export_date.isoformat() if self.export_date else None,
            "files": [f.as_dict() for f in self.files],
            "people_added": self.people_added,
            "owner_identities_added": self.owner_identities_added,
            "owner_identities": self.owner_identities,
            "problems": self.problems,
        }


@dataclass(frozen=True, slots=True)
class MeView:
    """The owner as goodword knows them."""

    name: str
    emails: list[str]
    linkedin_url: str | None
    other: list[str]
    headline: str
    positions: list[str]
    merged: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {k: getattr(self, k) for k in self.__slots__}


def fit_of(assessment: Assessment) -> float:
    """The fit ``people`` sorts by: the weakest criterion with their mean (before relevance)."""
    return fit(assessment)


def assessment_dict(assessment: Assessment) -> dict[str, Any]:
    """The JSON object for one person in ``people --json`` (the documented contract)."""
    person = assessment.person
    relation = assessment.relationship
    return {
        "id": person.id,
        "name": person.name,
        "emails": list(person.emails),
        "linkedin_url": linkedin_link(person.linkedin),
        "organization": person.organization or None,
        "title": person.title or None,
        "relationship": None
        if relation is None
        else {
            "kind": relation.kind,
            "confidence": round(relation.confidence, 2),
            "why": relation.why,
            # What titles alone suggest, for the user to confirm with `goodword relate`.
            "possible": relation.possible or None,
        },
        "communication": assessment.communication.as_dict(),
        "familiarity": assessment.familiarity.as_dict(),
        "satisfaction": assessment.satisfaction.as_dict(),
        "fit": round(fit_of(assessment), 3),
        "confidence": round(assessment.confidence, 3),
    }


@dataclass(frozen=True, slots=True)
class PersonDetail:
    """One person: every piece of evidence and the why of each score."""

    assessment: Assessment
    record: PersonRecord
    self_id: int
    held_until: datetime | None = None  # the scores are those of before this (see scoring)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        r = self.record
        return {
            **assessment_dict(self.assessment),
            "identities": [
                {"kind": i.kind, "value": i.value, "source": i.source} for i in r.identities
            ],
            "tenures": [
                {
                    "id": t.id,
                    "organization": t.organization,
                    "title": t.title,
                    "start": t.start_on.isoformat() if t.start_on else None,
                    "end": t.end_on.isoformat() if t.end_on else None,
                    "current": t.is_current,
                    "observed_on": t.observed_on.isoformat() if t.observed_on else None,
                }
                for t in r.tenures
            ],
            "interactions": [
                {
                    "id": msg.id,
                    "kind": msg.kind,
                    "at": msg.occurred_at.isoformat(),
                    "direction": "from_me"
                    if msg.sender_id == self.self_id
                    else "to_me"
                    if self.self_id in msg.recipient_ids
                    else "group",
                    "participants": msg.participant_count,
                    "subject": msg.subject,
                }
                for msg in r.messages
            ],
            "endorsements": [
                {
                    "id": e.id,
                    "direction": e.direction,
                    "skill": e.skill,
                    "at": e.endorsed_at.isoformat() if e.endorsed_at else None,
                }
                for e in r.endorsements
            ],
            "recommendations": [
                {
                    "id": x.id,
                    "direction": x.direction,
                    "organization": x.organization,
                    "title": x.title,
                    "at": x.created_at.isoformat() if x.created_at else None,
                    "text": x.text,
                }
                for x in r.recommendations
            ],
            "vettings": [
                {
                    "id": v.id,
                    "on": v.held_on.isoformat(),
                    "channel": v.channel,
                    "questions": list(v.questions),
                    "willing": v.willing,
                    "concerns": v.concerns,
                }
                for v in r.vettings
            ],
        }


@dataclass(frozen=True, slots=True)
class JobView:
    """An opportunity."""

    id: int
    title: str
    organization: str
    deadline: date | None
    needs: Needs
    confidential: bool
    status: str
    description: str

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "id": self.id,
            "title": self.title,
            "organization": self.organization or None,
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "needs": {**self.needs.as_dict(), "text": self.needs.describe()},
            "confidential": self.confidential,
            "status": self.status,
            "description": self.description,
        }


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A shortlist for a job, ready to render."""

    job: JobView
    shortlist: Shortlist
    as_of: datetime
    excluded_counts: dict[str, int] = field(default_factory=dict)
    # Set when the scores are those that held until then, today's being computed meanwhile.
    scores_held_until: datetime | None = None

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""

        def candidate(c: Candidate) -> dict[str, Any]:
            return {
                **assessment_dict(c.assessment),
                "fit": round(c.fit, 3),
                "flags": list(c.flags),
                "concerns": c.assessment.satisfaction.details.get("concerns"),
                "relevance": c.relevance.as_dict() if c.relevance else None,
            }

        return {
            "job": self.job.as_dict(),
            "as_of": self.as_of.isoformat(),
            "scores_held_until": None
            if self.scores_held_until is None
            else self.scores_held_until.isoformat(),
            "picks": [
                {**candidate(p.candidate), "role": p.role, "reasons": list(p.reasons)}
                for p in self.shortlist.picks
            ],
            "runners_up": [
                {**candidate(r.candidate), "why_not": r.why_not} for r in self.shortlist.runners_up
            ],
            "bench": [candidate(c) for c in self.shortlist.bench],
            "kind": self.shortlist.brief.kind,
            "unfilled": self.shortlist.shortfall(),
            "excluded": self.excluded_counts,
        }


@dataclass(frozen=True, slots=True)
class DbInfo:
    """Where the data lives and how far its migrations are."""

    data_dir: str
    url: str
    current: str | None
    head: str
    pending: list[str]
    background_failure: str | None = None  # the last background scoring's failure, if any

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {k: getattr(self, k) for k in self.__slots__}


USED_LABELS = {
    "reference": "contacted by the employer",
    "recommendation": "letter submitted",
    "referral": "referral made",
}


@dataclass(frozen=True, slots=True)
class AskView:
    """One ask in the pipeline: who, for what, where it stands, and what is due."""

    id: int
    person_id: int
    person: str
    job_id: int
    job: str
    kind: str
    state: str
    since: datetime
    due_on: date | None
    next_action: str
    events: tuple[tuple[datetime, str | None, str, str], ...]
    answer: Answer | None = None  # their latest honest-conversation answer, if recorded

    @property
    def said_no(self) -> bool:
        """True when their latest honest-conversation answer was no."""
        return self.answer is not None and self.answer.said_no

    @property
    def concerns(self) -> str | None:
        """``Zoë raised concerns on …: …`` for the user, or None."""
        return self.answer.concerns_line(self.person) if self.answer else None

    @property
    def state_label(self) -> str:
        """The state in words; "used" says what happened for this kind of ask."""
        if self.state == "used":
            return USED_LABELS.get(self.kind, "used")
        return self.state

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "id": self.id,
            "state_label": self.state_label,
            "person": {"id": self.person_id, "name": self.person},
            "job": {"id": self.job_id, "title": self.job},
            "kind": self.kind,
            "state": self.state,
            "since": self.since.isoformat(),
            "due_on": self.due_on.isoformat() if self.due_on else None,
            "next_action": self.next_action or None,
            "events": [
                {"at": at.isoformat(), "from": before, "to": after, "note": note}
                for at, before, after, note in self.events
            ],
            "honest_conversation": self.answer.as_dict() if self.answer else None,
        }


@dataclass(frozen=True, slots=True)
class BriefView:
    """A prep brief, ready to print as Markdown or write as PDF.

    ``concerns`` is for the user only, never part of the brief: what the
    person raised in the honest conversation, to settle before they vouch.
    """

    brief: PrepBrief
    concerns: str | None = None

    def markdown(self) -> str:
        """The brief as Markdown."""
        from goodword.documents import render_brief_markdown

        return render_brief_markdown(self.brief)

    def write_pdf(self, path: Path) -> Path:
        """Write the brief as a PDF."""
        from goodword.documents import write_brief_pdf

        return write_brief_pdf(self.brief, path)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form: the brief's content, its Markdown, and their concerns (for you)."""
        return {"brief": asdict(self.brief), "markdown": self.markdown(), "concerns": self.concerns}


@dataclass(frozen=True, slots=True)
class SheetView:
    """A references sheet, ready to print as Markdown or write as PDF."""

    sheet: ReferencesSheet

    def markdown(self) -> str:
        """The sheet as Markdown."""
        from goodword.documents import render_sheet_markdown

        return render_sheet_markdown(self.sheet)

    def write_pdf(self, path: Path) -> Path:
        """Write the sheet as a PDF."""
        from goodword.documents import write_sheet_pdf

        return write_sheet_pdf(self.sheet, path)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form: the sheet's content, and its Markdown."""
        return {"sheet": asdict(self.sheet), "markdown": self.markdown()}


@dataclass(frozen=True, slots=True)
class DraftView:
    """A message draft and who it is from; nothing is sent by making one.

    ``concerns`` is for the user, never in the message: what they raised in
    the honest conversation.
    """

    draft: Draft
    from_name: str
    from_email: str | None
    concerns: str | None = None

    def text(self) -> str:
        """The draft as plain text with its subject."""
        from goodword.documents.messages import to_text

        return to_text(self.draft)

    def write_eml(self, path: Path) -> Path:
        """Save the draft as an .eml file the user's mail program can open."""
        from goodword.documents.messages import write_eml

        return write_eml(self.draft, path, self.from_name, self.from_email or "me@localhost")

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            **asdict(self.draft),
            "from_name": self.from_name,
            "from_email": self.from_email,
            "concerns": self.concerns,
        }
