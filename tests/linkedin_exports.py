"""Helpers to build LinkedIn exports for tests: the readable fixture folder, zipped at test time."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures" / "linkedin"
EXPORT_2025 = FIXTURES / "export_2025"
QUIRKS = FIXTURES / "quirks"
OWNER_URL = "linkedin.com/in/sam-rivera-0a1b2c3d"


def zip_folder(
    folder: Path, destination: Path, name: str = "Basic_LinkedInDataExport_10-01-2025.zip"
) -> Path:
    """Zip ``folder`` as LinkedIn does: members at the root, sub-folders kept."""
    destination.mkdir(parents=True, exist_ok=True)
    archive = destination / name
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
        for file in sorted(folder.rglob("*")):
            if file.is_file():
                out.write(file, file.relative_to(folder).as_posix())
    return archive


def copy_export(destination: Path, replace: dict[str, Path | bytes | None] | None = None) -> Path:
    """A copy of the fixture export with some members replaced (bytes or a file) or removed (None)."""
    shutil.copytree(EXPORT_2025, destination)
    for name, content in (replace or {}).items():
        target = destination / name
        if content is None:
            target.unlink()
        elif isinstance(content, bytes):
            target.write_bytes(content)
        else:
            shutil.copyfile(content, target)
    return destination
