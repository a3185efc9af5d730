"""SQLAlchemy models for the whole goodword domain (see docs/architecture.md).

Every owned row carries ``owner_id``; every imported row carries its
provenance (``import_id``, ``source_file``, ``source_ref``) and a
``natural_key`` that makes re-imports idempotent. Times are stored in UTC.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored as naive UTC and always read back timezone-aware."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("goodword stores aware datetimes only")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


def utcnow() -> datetime:
    """The current time, timezone-aware."""
    return datetime.now(UTC)


class Base(DeclarativeBase):
    """Declarative base with the constraint naming convention Alembic relies on."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime(),
        dict[str, Any]: JSON(),
    }


class Owner(Base):
    """Whose network this is. Local mode has exactly one."""

    __tablename__ = "owner"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    # The owner is also a person, so their positions and identities use the same tables.
    self_person_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", use_alter=True, ondelete="SET NULL")
    )
    profile: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # True for the local owner, NULL for any other: unique, so two commands that start on
    # an empty home at once cannot both make one (NULLs never clash).
    is_local: Mapped[bool | None] = mapped_column(Boolean, index=True, unique=True, default=None)


class Owned:
    """Mixin: the row belongs to one owner."""

    owner_id: Mapped[int] = mapped_column(ForeignKey("owner.id", ondelete="CASCADE"), index=True)


class Imported(Owned):
    """Mixin: provenance of an imported row and the key that makes re-imports idempotent."""

    import_id: Mapped[int | None] = mapped_column(ForeignKey("import_run.id", ondelete="SET NULL"))
    source_file: Mapped[str | None] = mapped_column(String(500))
    source_ref: Mapped[str | None] = mapped_column(String(200))
    natural_key: Mapped[str] = mapped_column(String(100))


class Person(Owned, Base):
    """A contact (or, once per owner, the owner themselves)."""

    __tablename__ = "person"

    id: Mapped[int] = mapped_column(primary_key=True)
    display_name: Mapped[str] = mapped_column(String(300))
    first_name: Mapped[str] = mapped_column(String(200), default="")
    last_name: Mapped[str] = mapped_column(String(200), default="")
    name_key: Mapped[str] = mapped_column(String(300), index=True)
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organization.id", ondelete="SET NULL")
    )
    title: Mapped[str] = mapped_column(String(300), default="")
    connected_on: Mapped[date | None] = mapped_column(Date)
    is_self: Mapped[bool] = mapped_column(Boolean, default=False)
    do_not_ask: Mapped[bool] = mapped_column(Boolean, default=False)
    soured: Mapped[bool] = mapped_column(Boolean, default=False)
    soured_note: Mapped[str] = mapped_column(Text, default="")
    first_import_id: Mapped[int | None] = mapped_column(
        ForeignKey("import_run.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    organization: Mapped[Organization | None] = relationship()
    identities: Mapped[list[Identity]] = relationship(
        back_populates="person", cascade="all, delete-orphan"
    )


class Identity(Imported, Base):
    """A normalised (kind, value) that names one person: email, LinkedIn profile, phone."""

    __tablename__ = "identity"
    __table_args__ = (UniqueConstraint("owner_id", "kind", "value"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    value: Mapped[str] = mapped_column(String(500))
    is_primary: Mapped[bool] = mapped_column(Boolean, default=False)
    set_by_user: Mapped[bool] = mapped_column(Boolean, default=False)

    person: Mapped[Person] = relationship(back_populates="identities")


class Organization(Owned, Base):
    """A company, school or other organisation, matched by its normalised key."""

    __tablename__ = "organization"
    __table_args__ = (UniqueConstraint("owner_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    key: Mapped[str] = mapped_column(String(300))


class Tenure(Imported, Base):
    """A period a person (the owner included) spent at an organisation, and the title."""

    __tablename__ = "tenure"
    __table_args__ = (UniqueConstraint("owner_id", "natural_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20), default="work")
    title: Mapped[str] = mapped_column(String(300), default="")
    start_on: Mapped[date | None] = mapped_column(Date)
    start_precision: Mapped[str] = mapped_column(String(10), default="")
    end_on: Mapped[date | None] = mapped_column(Date)
    end_precision: Mapped[str] = mapped_column(String(10), default="")
    is_current: Mapped[bool] = mapped_column(Boolean, default=False)
    observed_on: Mapped[date | None] = mapped_column(Date)
    description: Mapped[str] = mapped_column(Text, default="")
    location: Mapped[str] = mapped_column(String(300), default="")

    person: Mapped[Person] = relationship()
    organization: Mapped[Organization] = relationship()


class Relationship(Owned, Base):
    """What a person is to the owner (manager, report, peer, client, mentor, ...).

    ``kind`` reads "this person was the owner's <kind>". Inferred rows carry
    their evidence and confidence; rows set by the user win over inferred ones.
    """

    __tablename__ = "relationship"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organization.id", ondelete="SET NULL")
    )
    start_on: Mapped[date | None] = mapped_column(Date)
    end_on: Mapped[date | None] = mapped_column(Date)
    origin: Mapped[str] = mapped_column(String(20), default="user")
    confidence: Mapped[float] = mapped_column(Float, default=1.0)
    evidence: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Interaction(Imported, Base):
    """One dated piece of contact: a message, an invitation, a meeting, a call, a note.

    The owner's direction is derived from ``sender_id`` (the owner's self
    person or someone else); bodies are not stored.
    """

    __tablename__ = "interaction"
    __table_args__ = (
        UniqueConstraint("owner_id", "natural_key"),
        Index("ix_interaction_owner_thread", "owner_id", "thread_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(30))
    occurred_at: Mapped[datetime]
    sender_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL"), index=True
    )
    thread_key: Mapped[str] = mapped_column(String(200), default="")
    participant_count: Mapped[int] = mapped_column(Integer, default=2)
    subject: Mapped[str] = mapped_column(String(500), default="")
    folder: Mapped[str] = mapped_column(String(100), default="")
    has_text: Mapped[bool] = mapped_column(Boolean, default=True)
    # A meeting's end, or the return date an out-of-office reply gave.
    ends_at: Mapped[datetime | None]
    # The identity (email, profile) the sender was recognised by, so ``split`` can move it.
    sender_identity_id: Mapped[int | None] = mapped_column(Integer)

    sender: Mapped[Person | None] = relationship()
    participants: Mapped[list[InteractionParticipant]] = relationship(cascade="all, delete-orphan")


class InteractionParticipant(Owned, Base):
    """A recipient of an interaction (the sender is on the interaction itself)."""

    __tablename__ = "interaction_participant"

    interaction_id: Mapped[int] = mapped_column(
        ForeignKey("interaction.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[int] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    # "to" for mail and messages; a meeting attendee's answer (accepted, declined, ...).
    role: Mapped[str] = mapped_column(String(10), default="to")
    identity_id: Mapped[int | None] = mapped_column(Integer)

    person: Mapped[Person] = relationship()


class Endorsement(Imported, Base):
    """A skill endorsement; ``direction`` is "received" (they endorsed the owner) or "given"."""

    __tablename__ = "endorsement"
    __table_args__ = (UniqueConstraint("owner_id", "natural_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    direction: Mapped[str] = mapped_column(String(10))
    skill: Mapped[str] = mapped_column(String(200))
    endorsed_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(30), default="")

    person: Mapped[Person] = relationship()


class Recommendation(Imported, Base):
    """A written recommendation; "received" means the person wrote it about the owner."""

    __tablename__ = "recommendation"
    __table_args__ = (UniqueConstraint("owner_id", "natural_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    direction: Mapped[str] = mapped_column(String(10))
    organization: Mapped[str] = mapped_column(String(300), default="")
    title: Mapped[str] = mapped_column(String(300), default="")
    text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(30), default="")

    person: Mapped[Person] = relationship()


class Vetting(Owned, Base):
    """The honest conversation: would they recommend the owner, and any concerns."""

    __tablename__ = "vetting"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    opportunity_id: Mapped[int | None] = mapped_column(
        ForeignKey("opportunity.id", ondelete="SET NULL")
    )
    held_on: Mapped[date]
    channel: Mapped[str] = mapped_column(String(30), default="")
    willing: Mapped[str] = mapped_column(String(20))
    concerns: Mapped[str] = mapped_column(Text, default="")
    # The questions as they were asked, verbatim (goodword.workflow.vetting has today's wording).
    question_recommend: Mapped[str] = mapped_column(Text)
    question_concerns: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Opportunity(Owned, Base):
    """A job, programme or fellowship the owner needs vouchers for."""

    __tablename__ = "opportunity"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    organization_name: Mapped[str] = mapped_column(String(300), default="")
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organization.id", ondelete="SET NULL")
    )
    description: Mapped[str] = mapped_column(Text, default="")
    deadline: Mapped[date | None] = mapped_column(Date)
    needs_text: Mapped[str] = mapped_column(String(300), default="")
    needs: Mapped[dict[str, Any]] = mapped_column(default=dict)
    kind: Mapped[str] = mapped_column(String(20), default="reference")
    confidential: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(20), default="open")
    outcome_note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Ask(Owned, Base):
    """Person × opportunity × kind: one request to vouch, as a state machine."""

    __tablename__ = "ask"
    __table_args__ = (UniqueConstraint("owner_id", "person_id", "opportunity_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    opportunity_id: Mapped[int] = mapped_column(
        ForeignKey("opportunity.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20))
    state: Mapped[str] = mapped_column(String(20), default="proposed")
    due_on: Mapped[date | None] = mapped_column(Date)
    # What the person agreed the employer may use to reach them, e.g. {"email": "…"}.
    shared_contacts: Mapped[dict[str, Any]] = mapped_column(default=dict)
    preferred_contact: Mapped[str] = mapped_column(String(30), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class AskEvent(Owned, Base):
    """A dated transition of an ask."""

    __tablename__ = "ask_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    ask_id: Mapped[int] = mapped_column(ForeignKey("ask.id", ondelete="CASCADE"), index=True)
    from_state: Mapped[str | None] = mapped_column(String(20))
    to_state: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    note: Mapped[str] = mapped_column(Text, default="")


class ImportRun(Owned, Base):
    """One run of one source: what was read, the counts, and how it ended."""

    __tablename__ = "import_run"

    id: Mapped[int] = mapped_column(primary_key=True)
    source_kind: Mapped[str] = mapped_column(String(30))
    path: Mapped[str] = mapped_column(String(1000))
    fingerprint: Mapped[str] = mapped_column(String(100), index=True)
    export_date: Mapped[date | None] = mapped_column(Date)
    # How export_date was found: "file name", "latest row", "latest message", "file times", ...
    export_basis: Mapped[str] = mapped_column(String(20), default="")
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(20), default="running")
    counts: Mapped[dict[str, Any]] = mapped_column(default=dict)


class ImportIssue(Owned, Base):
    """A problem found during an import, with its file and location."""

    __tablename__ = "import_issue"

    id: Mapped[int] = mapped_column(primary_key=True)
    import_id: Mapped[int] = mapped_column(
        ForeignKey("import_run.id", ondelete="CASCADE"), index=True
    )
    file: Mapped[str] = mapped_column(String(500))
    location: Mapped[str] = mapped_column(String(200), default="")
    severity: Mapped[str] = mapped_column(String(10), default="warning")
    code: Mapped[str] = mapped_column(String(50), default="malformed")
    message: Mapped[str] = mapped_column(Text)


class PersonMatch(Owned, Base):
    """A decision, or a question, about whether two records name the same human.

    Identity resolution writes one row per fuzzy match it considered:
    ``merged`` (certain enough, done, with its confidence and evidence),
    ``pending`` (waiting in ``goodword review``), ``rejected`` or ``split``
    (the user said they are two people). Decisions are keyed by identity
    (``left_key``/``right_key`` such as ``email:ann@acme.com``) as well as
    by person, so they survive re-imports.
    """

    __tablename__ = "person_match"
    __table_args__ = (UniqueConstraint("owner_id", "left_key", "right_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL"), index=True
    )
    other_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL"), index=True
    )
    left_key: Mapped[str] = mapped_column(String(300))
    right_key: Mapped[str] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(10))
    confidence: Mapped[float] = mapped_column(Float)
    evidence: Mapped[list[str]] = mapped_column(JSON, default=list)
    decided_by: Mapped[str] = mapped_column(String(10), default="auto")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None]


class KeptScores(Owned, Base):
    """One owner's kept scores for a span of time, and the data version they came from.

    ``payload`` holds what belongs to the whole network (the owner's current
    organisations, the reply prior, the scoring version); each person's
    judgement is a :class:`KeptPerson` row.
    """

    __tablename__ = "kept_score"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[str] = mapped_column(String(64))
    computed_for: Mapped[datetime]
    valid_until: Mapped[datetime]
    payload: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class KeptPerson(Base):
    """One person's row of kept scores: what lists sort and filter on, as real columns.

    ``people`` and ``suggest`` rank everyone from these compact rows and
    read the person's :class:`KeptPayload` (the whys, evidence and
    relevance document, as JSON) only for the people they show.
    """

    __tablename__ = "kept_score_person"

    summary_id: Mapped[int] = mapped_column(
        ForeignKey("kept_score.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(Text)
    name_key: Mapped[str] = mapped_column(Text)
    organization_key: Mapped[str] = mapped_column(Text)
    fit: Mapped[float] = mapped_column(Float)
    familiarity: Mapped[float | None] = mapped_column(Float)
    communication: Mapped[float | None] = mapped_column(Float)
    satisfaction: Mapped[float | None] = mapped_column(Float)
    satisfaction_confidence: Mapped[float] = mapped_column(Float)
    confidence: Mapped[float] = mapped_column(Float)
    soured: Mapped[bool] = mapped_column(Boolean)
    do_not_ask: Mapped[bool] = mapped_column(Boolean)
    relationship: Mapped[str] = mapped_column(String(40))
    away_until: Mapped[date | None] = mapped_column(Date)
    away: Mapped[bool] = mapped_column(Boolean)
    document_pieces: Mapped[int] = mapped_column(Integer)
    document_length: Mapped[int] = mapped_column(Integer)


class KeptPayload(Base):
    """One person's whole judgement in kept scores, as JSON, apart from their compact row.

    In a table of its own so that reading everyone's rows (every call
    of ``people`` and ``suggest``) does not walk past a couple of kilobytes
    of JSON a person.
    """

    __tablename__ = "kept_score_payload"

    summary_id: Mapped[int] = mapped_column(
        ForeignKey("kept_score.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    payload: Mapped[str] = mapped_column(Text)


class KeptTerm(Base):
    """The words of everyone's relevance documents: which people use a word, how often.

    ``key`` is a digest of ``term`` (a word can be longer than an index allows);
    ``postings`` is JSON ``[person id, count, person id, count, ...]``.
    """

    __tablename__ = "kept_score_term"

    summary_id: Mapped[int] = mapped_column(
        ForeignKey("kept_score.id", ondelete="CASCADE"), primary_key=True
    )
    key: Mapped[str] = mapped_column(String(32), primary_key=True)
    term: Mapped[str] = mapped_column(Text)
    postings: Mapped[str] = mapped_column(Text)


class DoNotImport(Owned, Base):
    """A key of a forgotten person, kept only as a keyed one-way digest (see docs/privacy.md).

    Importers check every identity a row names against these before making
    a person or attaching evidence; the digests are
    :func:`goodword.identity.forgotten.digest` under the owner's
    :class:`DoNotImportSecret`.
    """

    __tablename__ = "do_not_import"
    __table_args__ = (UniqueConstraint("owner_id", "digest"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    digest: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class DoNotImportSecret(Base):
    """The random key of one owner's do-not-import digests (made on the first forget)."""

    __tablename__ = "do_not_import_secret"

    owner_id: Mapped[int] = mapped_column(
        ForeignKey("owner.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    secret: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
