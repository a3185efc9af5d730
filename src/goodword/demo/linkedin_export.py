"""Write a ``Network`` as a LinkedIn "Get a copy of your data" export.

``render_export`` returns every file as bytes keyed by its path inside the
archive; ``write_export`` writes them to a folder and ``write_export_zip`` to
a ``Basic_LinkedInDataExport_MM-DD-YYYY.zip``. Output is byte-for-byte
deterministic for a given network and style.

Styles (docs/formats.md, "LinkedIn export"):

- ``"2024"``: 12-column messages.csv with draft flags, Invitations with
  profile URLs, plus ``coach_messages.csv`` and ``Rich_Media.csv``.
- ``"2023"``: 10-column messages.csv (drafts left out), Invitations with
  ``urn:li:member:NNN``.
- ``"2018"``: ``Messages.csv`` (names only, Direction, ``M/D/YY, h:mm AM``),
  Connections without preamble or URL, 5-column Invitations, 15-column
  Profile, and UTF-16LE/TAB ``Ad Targeting.csv`` and ``Search Queries.csv``.

In every style the owner's own profile URL is the SENDER PROFILE URL of their
messages (and ``inviterProfileUrl`` of OUTGOING invitations in 2024), while
Profile.csv carries no URL, exactly as LinkedIn does.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

from goodword.demo import linkedin_account as extras
from goodword.demo import linkedin_formats as fmt
from goodword.demo.linkedin_formats import STYLES, Style, csv_bytes
from goodword.demo.truth import Contact, Endorsement, Network, Party, Recommendation

_FOLDERS_2018 = {"INBOX": "INBOX", "ARCHIVE": "ARCHIVED", "SPAM": "SPAM", "": "INBOX"}


def _check_style(style: str) -> Style:
    for known in STYLES:
        if style == known:
            return known
    raise ValueError(f"unknown export style {style!r}; use one of {', '.join(STYLES)}")


def _names(contact: Contact) -> tuple[str, str]:
    """First and last name outside Connections.csv (where stray spaces live)."""
    return contact.first_name.strip(), contact.last_name.strip()


def connections_csv(network: Network, style: Style) -> bytes:
    """Connections.csv: newest first, ghost rows, percent-encoded URLs, no final newline."""
    contacts = sorted(network.contacts, key=lambda c: (c.connected_at, c.index), reverse=True)
    if style == "2018":
        rows_2018 = (
            ["", "", "", "", "", fmt.us_short(c.connected_at)]
            if c.ghost
            else [
                c.first_name,
                c.last_name,
                c.email,
                c.company,
                c.position,
                fmt.us_short(c.connected_at),
            ]
            for c in contacts
        )
        return csv_bytes(fmt.CONNECTIONS_HEADER_2018, rows_2018)
    rows = (
        ["", "", "", "", "", "", fmt.connections_date(c.connected_on)]
        if c.ghost
        else [
            c.first_name,
            c.last_name,
            fmt.url_encoded(c.slug),
            c.email,
            c.company,
            c.position,
            fmt.connections_date(c.connected_on),
        ]
        for c in contacts
    )
    body = csv_bytes(fmt.CONNECTIONS_HEADER, rows, trailing_newline=False)
    return fmt.CONNECTIONS_PREAMBLE.encode("utf-8") + body


def _url(party: Party) -> str:
    return fmt.url_raw(party.slug) if party.slug else ""


def _message_rows(network: Network, style: Style) -> Iterator[list[str]]:
    conversations = sorted(network.conversations, key=lambda c: (c.last_at, c.id), reverse=True)
    for conv in conversations:
        conv_draft = "Yes" if conv.is_draft else "No"
        for m in reversed(conv.messages):
            if m.draft and style != "2024":
                continue
            to = ",".join(r.name for r in m.recipients)
            if style == "2018":
                outgoing = m.sender.is_owner
                content = m.content.replace("'", "&rsquo;")
                folder = "SENT" if outgoing else _FOLDERS_2018[conv.folder]
                direction = "OUTGOING" if outgoing else "INCOMING"
                yield [m.sender.name, to, fmt.us_short(m.sent_at), m.subject, content,
                       direction, folder]  # fmt: skip
                continue
            row = [conv.id, conv.title, m.sender.name, _url(m.sender), to,
                   ",".join(_url(r) for r in m.recipients), fmt.message_date(m.sent_at),
                   m.subject, m.content, conv.folder]  # fmt: skip
            if style == "2024":
                row += ["Yes" if m.draft else "No", conv_draft]
            yield row


def messages_csv(network: Network, style: Style) -> tuple[str, bytes]:
    """(file name, bytes) of the message file: ``messages.csv`` or 2018 ``Messages.csv``."""
    header = {
        "2024": fmt.MESSAGES_HEADER_2024,
        "2023": fmt.MESSAGES_HEADER_2023,
        "2018": fmt.MESSAGES_HEADER_2018,
    }[style]
    name = "Messages.csv" if style == "2018" else "messages.csv"
    return name, csv_bytes(header, _message_rows(network, style))


def coach_messages_csv(network: Network) -> bytes:
    """coach_messages.csv (2024): an AI-coach chat in the messages.csv layout, not contacts."""
    me = network.owner_party
    rows = []
    for conv_id, m in extras.coach_chat(network):
        coach_side = Party("LinkedIn Coach", "")
        to = coach_side if m.sender.is_owner else me
        rows.append([conv_id, "", m.sender.name, _url(m.sender), to.name, _url(to),
                     fmt.message_date(m.sent_at), "", m.content, "INBOX", "No", "No"])  # fmt: skip
    return csv_bytes(fmt.MESSAGES_HEADER_2024, reversed(rows))


def invitations_csv(network: Network, style: Style) -> bytes:
    """Invitations.csv in the 5-, URN- or URL-column layout of ``style``."""
    owner = network.owner_party
    rows = []
    for inv in sorted(network.invitations, key=lambda i: i.sent_at, reverse=True):
        inviter, invitee = (inv.other, owner) if inv.direction == "INCOMING" else (owner, inv.other)
        row = [inviter.name, invitee.name, fmt.us_short(inv.sent_at), inv.message, inv.direction]
        if style == "2024":
            row += [fmt.url_raw(inviter.slug), fmt.url_raw(invitee.slug)]
        elif style == "2023":
            row += [fmt.member_urn(inviter.member_id), fmt.member_urn(invitee.member_id)]
        rows.append(row)
    header = {
        "2024": fmt.INVITATIONS_HEADER_2024,
        "2023": fmt.INVITATIONS_HEADER_2023,
        "2018": fmt.INVITATIONS_HEADER_2018,
    }[style]
    return csv_bytes(header, rows)


def recommendations_csv(network: Network, recs: tuple[Recommendation, ...]) -> bytes:
    """Recommendations_Received/Given.csv: one-line texts, zero-padded US dates."""
    rows = []
    by_index = {c.index: c for c in network.contacts}
    for r in sorted(recs, key=lambda r: r.created_at, reverse=True):
        first, last = _names(by_index[r.contact])
        status = "VISIBLE" if r.visible else ""
        rows.append([first, last, r.company, r.job_title, r.text,
                     fmt.us_short_padded(r.created_at), status])  # fmt: skip
    return csv_bytes(fmt.RECOMMENDATIONS_HEADER, rows)


def endorsements_csv(
    network: Network, endorsements: tuple[Endorsement, ...], *, given: bool
) -> bytes:
    """Endorsement_Received_Info.csv / Endorsement_Given_Info.csv with scheme-less URLs."""
    rows = []
    by_index = {c.index: c for c in network.contacts}
    for e in sorted(endorsements, key=lambda e: e.endorsed_at, reverse=True):
        contact = by_index[e.contact]
        first, last = _names(contact)
        rows.append([fmt.endorsement_date(e.endorsed_at), e.skill, first, last,
                     fmt.url_schemeless(contact.slug), e.status])  # fmt: skip
    header = fmt.ENDORSEMENT_GIVEN_HEADER if given else fmt.ENDORSEMENT_RECEIVED_HEADER
    return csv_bytes(header, rows)


def render_export(
    network: Network, *, style: str = "2024", profile_only: bool = False
) -> dict[str, bytes]:
    """Every file of the export, keyed by its POSIX path inside the archive, in zip order.

    ``profile_only`` writes only the profile files (Profile, Email Addresses,
    Positions, Education, Skills), as an export where the user ticked just
    those: no connections, messages, endorsements or invitations.
    """
    chosen = _check_style(style)
    files: dict[str, bytes] = {
        "Profile.csv": extras.profile_csv(network, chosen),
        "Email Addresses.csv": extras.email_addresses_csv(network),
        "Positions.csv": extras.positions_csv(network),
        "Education.csv": extras.education_csv(network),
        "Skills.csv": extras.skills_csv(network),
    }
    if profile_only:
        return files
    messages_name, messages = messages_csv(network, chosen)
    files |= {
        "Connections.csv": connections_csv(network, chosen),
        messages_name: messages,
        "Invitations.csv": invitations_csv(network, chosen),
    }
    if network.recommendations_received:
        files["Recommendations_Received.csv"] = recommendations_csv(
            network, network.recommendations_received
        )
    if network.recommendations_given:
        files["Recommendations_Given.csv"] = recommendations_csv(
            network, network.recommendations_given
        )
    files["Endorsement_Received_Info.csv"] = endorsements_csv(
        network, network.endorsements_received, given=False
    )
    files["Endorsement_Given_Info.csv"] = endorsements_csv(
        network, network.endorsements_given, given=True
    )
    if chosen == "2024":
        files["coach_messages.csv"] = coach_messages_csv(network)
    files.update(extras.unused_files(network, chosen))
    return files


def export_zip_name(network: Network) -> str:
    """``Basic_LinkedInDataExport_MM-DD-YYYY.zip`` for the network's export date."""
    return f"Basic_LinkedInDataExport_{network.export_date:%m-%d-%Y}.zip"


def write_export(
    network: Network, dest: Path, *, style: str = "2024", profile_only: bool = False
) -> Path:
    """Write the unzipped export into folder ``dest`` (created if needed) and return it."""
    dest = Path(dest)
    for name, data in render_export(network, style=style, profile_only=profile_only).items():
        path = dest / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return dest


def write_export_zip(
    network: Network, zip_path: Path, *, style: str = "2024", profile_only: bool = False
) -> Path:
    """Write the export as a zip and return its path (``profile_only``: see ``render_export``).

    ``zip_path`` is either the archive's file name or a folder (an existing
    directory, or a path without ``.zip``), in which case the archive is named
    ``Basic_LinkedInDataExport_MM-DD-YYYY.zip`` inside it. Entries carry the
    export date as their timestamp, so equal networks give identical bytes.
    """
    zip_path = Path(zip_path)
    if zip_path.is_dir() or zip_path.suffix.lower() != ".zip":
        zip_path = zip_path / export_zip_name(network)
    zip_path.parent.mkdir(parents=True, exist_ok=True)
    stamp = (network.export_date.year, network.export_date.month, network.export_date.day, 0, 0, 0)
    with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in render_export(network, style=style, profile_only=profile_only).items():
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return zip_path


__all__ = [
    "STYLES",
    "export_zip_name",
    "render_export",
    "write_export",
    "write_export_zip",
]
