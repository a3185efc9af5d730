"""A deterministic synthetic LinkedIn network and a byte-faithful export writer.

``build_network(seed)`` draws an owner with a ~12-year career and their
contacts (managers, reports, peers, clients, mentors, professors, classmates,
recruiters, acquaintances), with message threads whose replies follow each
contact's responsiveness at the time (which may change: ties cool once the
shared work ends, some people go quiet or get busier, a few warm up), recommendations, endorsements and invitations.
``write_export`` / ``write_export_zip`` serialise it exactly as LinkedIn's
data export does, quirks included (docs/formats.md, "LinkedIn export"), in a 2024, 2023 or 2018
layout. Nothing here is real: every name and organisation is made up.

The network carries the traps real networks have: hundreds of strangers at
the owner's large current employer (executives among them), the owner's own
second account, namesakes, an endorsement burst, and (``export_as_of``,
``render_export(profile_only=True)``) an export two years old and a
profile-only one.

Example::

    from goodword.demo import build_network, write_export_zip
    network = build_network(seed=7, contacts=300)
    archive = write_export_zip(network, tmp_path)  # .../Basic_LinkedInDataExport_10-01-2026.zip
"""

from goodword.demo.linkedin_export import (
    export_zip_name,
    render_export,
    write_export,
    write_export_zip,
)
from goodword.demo.linkedin_formats import STYLES, Style
from goodword.demo.network import SAMPLE_JOB, build_network
from goodword.demo.older import OLD_EXPORT_AGE, export_as_of, old_export_date
from goodword.demo.truth import (
    ROLES,
    Change,
    ChangeKind,
    Contact,
    Conversation,
    Education,
    Endorsement,
    Invitation,
    JobPosting,
    Message,
    Network,
    Owner,
    Party,
    Position,
    Recommendation,
    Responsiveness,
    Role,
    Seniority,
)

__all__ = [
    "OLD_EXPORT_AGE",
    "ROLES",
    "SAMPLE_JOB",
    "STYLES",
    "Change",
    "ChangeKind",
    "Contact",
    "Conversation",
    "Education",
    "Endorsement",
    "Invitation",
    "JobPosting",
    "Message",
    "Network",
    "Owner",
    "Party",
    "Position",
    "Recommendation",
    "Responsiveness",
    "Role",
    "Seniority",
    "Style",
    "build_network",
    "export_as_of",
    "export_zip_name",
    "old_export_date",
    "render_export",
    "write_export",
    "write_export_zip",
]
