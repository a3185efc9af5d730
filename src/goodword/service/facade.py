"""The facade: :class:`Service`, one area per mixin, plus the database, import and me.

A :class:`Service` is built per command (never at import time) from
:class:`~goodword.config.Settings`; each method opens one transaction, calls
the core stages and returns plain view objects with ``as_dict()`` for JSON.
The areas live beside this module: :mod:`~goodword.service.base` (the store
and the lookups), :mod:`~goodword.service.people` (people, person,
judgements), :mod:`~goodword.service.asks`, :mod:`~goodword.service.documents`
(prep, sheet, drafts, send), :mod:`~goodword.service.jobs` (jobs, suggest,
eval), :mod:`~goodword.service.identities` (review, merge, split) and
:mod:`~goodword.service.export` (export, import of an export, backup, restore).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from goodword.errors import ImportFailed, InvalidInput, NotFound, StoreError
from goodword.evidence import known
from goodword.identity import normalise
from goodword.service.asks import AskActions
from goodword.service.base import db_error, safe_url
from goodword.service.documents import DocumentActions
from goodword.service.export import DataActions
from goodword.service.forget import ForgetActions
from goodword.service.identities import IdentityActions
from goodword.service.jobs import JobActions
from goodword.service.people import PeopleActions
from goodword.service.scores.refresh import failure_path
from goodword.service.views import (
    DbInfo,
    FileSummary,
    ImportSummary,
    MeView,
    linkedin_link,
)
from goodword.store import models as m
from goodword.store.engine import (
    blank_status,
    make_engine,
    migration_status,
    sqlite_file,
    upgrade,
)
from goodword.store.owner import (
    claim_identity,
    drop_identity,
    local_owner,
    owner_identities,
    owner_positions,
    rename_owner,
)
from goodword.store.queries import import_issues

if TYPE_CHECKING:
    from goodword.store.load import Progress


class Service(
    IdentityActions,
    PeopleActions,
    AskActions,
    DocumentActions,
    JobActions,
    DataActions,
    ForgetActions,
):
    """goodword's operations for one owner on one database."""

    # -- database

    def db_info(self) -> DbInfo:
        """Where the data lives and whether migrations are pending (nothing is changed)."""
        url = self.settings.resolved_database_url()
        file = sqlite_file(url)
        if file is not None and not file.exists():
            status = blank_status()  # asking must not create the file
        else:
            engine = make_engine(url)
            try:
                status = migration_status(engine)
            except OperationalError as exc:
                raise StoreError(db_error(exc, self.settings)) from exc
            finally:
                engine.dispose()
        failure = failure_path(self.settings)  # a background scoring that failed, if any
        return DbInfo(
            data_dir=str(self.settings.data_dir()),
            url=safe_url(url),
            current=status.current,
            head=status.head,
            pending=status.pending,
            background_failure=failure.read_text().strip() if failure.is_file() else None,
        )

    def db_upgrade(self) -> DbInfo:
        """Apply pending migrations."""
        engine = make_engine(self.settings.resolved_database_url())
        try:
            upgrade(engine)
        finally:
            engine.dispose()
        return self.db_info()

    # -- import

    def import_path(
        self,
        path: Path,
        *,
        strict: bool = False,
        progress: Progress | None = None,
        me: Iterable[str] = (),
        counted: Callable[[int], None] | None = None,
        waiting: Callable[[], None] | None = None,
    ) -> ImportSummary:
        """Read ``path`` and load it as it streams, in one transaction (all or nothing).

        ``progress`` gets (bytes read, size) for a mailbox and (records, total)
        otherwise, and ``counted`` the messages read so far; ``strict`` stops
        at the first problem and imports nothing. One import runs at a time
        in a home: a second waits for the first to end (``waiting`` is told
        once when it starts to wait).
        """
        addresses = []
        for raw in me:
            address = normalise.email(raw)
            if address is None:
                raise InvalidInput(f"--me {raw!r} is not an email address")
            addresses.append(address)
        # The importers load their parsers (calendar, vCard, mail) slowly: only for an import.
        from goodword.sources import pick
        from goodword.sources.mail.background import fewer_collections, in_background, worth_it
        from goodword.store.load import load

        importer = pick(path.expanduser())
        parsed = importer.parse(path.expanduser())
        if worth_it(parsed):
            # A large mailbox: read it in a second process while this one stores.
            parsed = in_background(importer, parsed)
        with (
            self.store.exclusive(waiting),
            self.store.session() as session,
            fewer_collections(),
        ):
            owner = local_owner(session)
            for address in addresses:
                # Your addresses first, so mail from and to them counts as yours.
                claim_identity(session, owner, "email", address)
            # Streamed: records are written as the importer reads them, in one transaction.
            result = load(session, owner, parsed, progress, strict=strict, counted=counted)
            if strict and result.first_rejection:
                # Raising inside the transaction rolls the whole import back.
                raise ImportFailed(f"{result.first_rejection} (--strict: nothing imported)")
            files = [
                FileSummary(name=report.name, **result.file_counts(report))
                for report in parsed.files
            ]
            return ImportSummary(
                import_id=result.import_id,
                path=str(path),
                kind=parsed.kind,
                export_date=parsed.export_date,
                files=files,
                people_added=result.people_added,
                owner_identities_added=result.owner_identities,
                owner_identities=[f"{k}:{v}" for k, v in owner_identities(session, owner)],
                problems=import_issues(session, result.import_id),
                matches_merged=result.matches.merged,
                matches_pending=result.matches.pending,
                merge_examples=result.matches.examples,
                export_basis=parsed.export_basis,
                old_export=known.old_export(
                    parsed.kind,
                    parsed.export_date,
                    datetime.now(UTC).date(),
                    newest=False,
                    newer_stored=result.newer_stored,
                ),
            )

    # -- me

    def me(self) -> MeView:
        """The owner's name, identities and positions."""
        with self.store.session(snapshot=True) as session:
            return _me_view(session, local_owner(session))

    def update_me(
        self,
        *,
        name: str | None = None,
        add_emails: Iterable[str] = (),
        remove_emails: Iterable[str] = (),
        linkedin: str | None = None,
    ) -> MeView:
        """Change the owner's name or identities; a contact holding one of them is merged in."""
        merged: list[str] = []
        with self.store.session() as session:
            owner = local_owner(session)
            if name is not None:
                if not name.strip():
                    raise InvalidInput("your name cannot be empty")
                rename_owner(session, owner, name.strip())
            for raw in add_emails:
                address = normalise.email(raw)
                if address is None:
                    raise InvalidInput(f"{raw!r} is not an email address")
                merged.extend(filter(None, [claim_identity(session, owner, "email", address)]))
            for raw in remove_emails:
                address = normalise.email(raw) or raw.strip().lower()
                if not drop_identity(session, owner, "email", address):
                    raise NotFound(
                        f"{raw!r} is not one of your addresses; `goodword me` lists them"
                    )
            if linkedin is not None:
                key = normalise.linkedin_url(linkedin)
                if key is None:
                    raise InvalidInput(
                        f"{linkedin!r} is not a LinkedIn profile URL "
                        "(like https://www.linkedin.com/in/your-name)"
                    )
                merged.extend(filter(None, [claim_identity(session, owner, "linkedin", key)]))
            session.flush()
            from goodword.store.matching import Matcher

            Matcher(session, owner).ask_if_you()  # a new name or address may be someone's
            session.expire_all()
            return replace(_me_view(session, owner), merged=merged)


def _me_view(session: Session, owner: m.Owner) -> MeView:
    identities = owner_identities(session, owner)
    positions = []
    for title, organization, start, end, current in owner_positions(session, owner):
        text = f"{title or '?'} at {organization}"
        if start:
            text += f" ({start:%Y-%m} – {'now' if current else (f'{end:%Y-%m}' if end else '?')})"
        positions.append(text)
    profiles = [v for k, v in identities if k == "linkedin"]
    return MeView(
        name=owner.name,
        emails=[v for k, v in identities if k == "email"],
        linkedin_url=linkedin_link(profiles[0] if profiles else None),
        # A second profile (your other account, once `review` said it is you) is listed too.
        other=[f"linkedin:{v}" for v in profiles[1:]]
        + [f"{k}:{v}" for k, v in identities if k not in ("email", "linkedin")],
        headline=str(owner.profile.get("headline", "")),
        positions=positions,
    )
