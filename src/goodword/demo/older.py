"""Older and partial exports of the same synthetic account: what an export taken earlier shows.

Real users import an export they downloaded a year or two ago, or one where
they ticked only the profile files. ``export_as_of(network, day)`` is the
network as a LinkedIn export taken on ``day`` would show it: only the
connections, messages, endorsements, recommendations and invitations made
before ``day``; the owner's positions as they stood (the one held then still
open, later ones absent); colleagues who were still working with the owner on
``day`` shown at that employer. Contacts keep their indexes, so a person in
the older export is the same ``Contact`` as in the current one.
``OLD_EXPORT_AGE`` is how far back the demo's old export goes.

A profile-only export is the same network written with
``render_export(network, profile_only=True)``.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

from goodword.demo._dates import at_midnight, month_first
from goodword.demo.truth import Contact, Network, Owner, Position

OLD_EXPORT_AGE = timedelta(days=669)
"""The demo's old export is this much older than the current one (2026-10-01 → 2024-12-01)."""


def old_export_date(network: Network) -> date:
    """The first of the month ``OLD_EXPORT_AGE`` before the network's export."""
    day = network.export_date - OLD_EXPORT_AGE
    return day.replace(day=1)


def _owner_as_of(owner: Owner, day: date) -> Owner:
    held: list[Position] = []
    for position in owner.positions:
        if month_first(position.start) >= day:
            break
        ended = position.end is not None and month_first(position.end) < day
        held.append(position if ended else replace(position, end=None))
    if not held:
        raise ValueError(f"the owner had no position yet on {day}; pick a later date")
    latest = held[-1]
    _, _, rest = owner.headline.partition(" | ")
    headline = f"{latest.title} at {latest.company}" + (f" | {rest}" if rest else "")
    kept = [
        (email, at)
        for k, (email, at) in enumerate(zip(owner.emails, owner.email_updated_at, strict=True))
        if k == 0 or at.date() < day
    ]
    return replace(
        owner,
        headline=headline,
        positions=tuple(held),
        emails=tuple(e for e, _ in kept),
        email_updated_at=tuple(at for _, at in kept),
    )


def _contact_as_of(contact: Contact, day: date) -> Contact:
    if contact.worked_at and contact.overlap_end and contact.overlap_end >= day:
        # Still working with the owner then: their profile showed that employer.
        return replace(contact, company=contact.worked_at)
    return contact


def export_as_of(network: Network, day: date) -> Network:
    """``network`` as a LinkedIn export taken on ``day`` (before its own export date) shows it.

    Raises ``ValueError`` for a day after the network's export date or before
    the owner's first position.
    """
    if day > network.export_date:
        raise ValueError(f"an older export must be dated before {network.export_date}, got {day}")
    cut = at_midnight(day)

    def before(moment: datetime) -> bool:
        return moment < cut

    contacts = tuple(_contact_as_of(c, day) for c in network.contacts if before(c.connected_at))
    known = {c.index for c in contacts}
    conversations = []
    for conv in network.conversations:
        messages = tuple(m for m in conv.messages if before(m.sent_at))
        people = {p.contact for p in conv.participants} - {None}
        if messages and people <= known:
            conversations.append(replace(conv, messages=messages))
    return replace(
        network,
        export_date=day,
        owner=_owner_as_of(network.owner, day),
        contacts=contacts,
        conversations=tuple(conversations),
        recommendations_received=tuple(
            r for r in network.recommendations_received if before(r.created_at)
        ),
        recommendations_given=tuple(
            r for r in network.recommendations_given if before(r.created_at)
        ),
        endorsements_received=tuple(
            e for e in network.endorsements_received if before(e.endorsed_at)
        ),
        endorsements_given=tuple(e for e in network.endorsements_given if before(e.endorsed_at)),
        invitations=tuple(
            i
            for i in network.invitations
            if before(i.sent_at) and (i.other.contact is None or i.other.contact in known)
        ),
    )


__all__ = ["OLD_EXPORT_AGE", "export_as_of", "old_export_date"]
