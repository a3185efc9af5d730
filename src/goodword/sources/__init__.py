"""Sources: one module per input format, and a registry that picks one by score.

``goodword import PATH`` asks each importer how sure it is that it can read
PATH and uses the most certain one; nothing here touches the database.
"""

from __future__ import annotations

from pathlib import Path

from goodword.errors import ImportFailed, UnsupportedInput
from goodword.sources.base import Importer, Parsed
from goodword.sources.contacts import ContactsCsvImporter, VCardImporter
from goodword.sources.ics import IcsImporter
from goodword.sources.linkedin import LinkedInImporter
from goodword.sources.mail.maildir import MaildirImporter, MailFolderImporter
from goodword.sources.mail.mbox import MboxImporter


def importers() -> list[Importer]:
    """Every importer goodword knows, in no particular order."""
    return [
        LinkedInImporter(),
        MboxImporter(),
        MaildirImporter(),
        MailFolderImporter(),
        VCardImporter(),
        ContactsCsvImporter(),
        IcsImporter(),
    ]


def pick(path: Path) -> Importer:
    """The importer most certain it can read ``path``."""
    if not path.exists():
        raise ImportFailed(f"{path}: no such file or folder")
    scored = [(imp.score(path), imp) for imp in importers()]
    best_score, best = max(scored, key=lambda pair: pair[0])
    if best_score <= 0:
        raise UnsupportedInput(
            f"{path}: not a format goodword reads; give it a LinkedIn export "
            "(the .zip, its unzipped folder, or one of its CSV files), mail (an mbox file, "
            "a Maildir folder, or a folder of one-message files: .eml or numbered as in "
            "the Enron corpus), "
            "an address book (.vcf vCard files, or a Google or Outlook contacts CSV), "
            "or a calendar (an .ics file, or a folder or .zip of them)"
        )
    return best


def parse(path: Path) -> Parsed:
    """Parse ``path`` with the importer that fits it best."""
    return pick(path).parse(path)


__all__ = ["Importer", "Parsed", "importers", "parse", "pick"]
