"""Benchmark: how close real exports come to the import caps (GOODWORD_MAX_RATIO, _LINE_MB).

Reads ``linkedin-before-cut.tar.xz`` and ``enron-before-cut.tar.xz`` from the
shared data folder beside the checkout (``../shared/data``, or ``--data DIR``)
and prints aggregate figures only: for the text files inside, the largest
ratio deflate packs them by (as a zip would) and the longest line. A default
cap must stay well above both, or real exports would be refused.

    .venv/bin/python bench/bench_archive_limits.py
"""

from __future__ import annotations

import argparse
import tarfile
import zlib
from pathlib import Path

SOURCES = ("linkedin-before-cut", "enron-before-cut")
MB = 1 << 20


def measure(archive: Path, limit: int) -> tuple[int, float, int, int]:
    """(files, largest deflate ratio of a file over 64 KB, longest line, bytes) of ``archive``."""
    files = total = longest = 0
    ratio = 0.0
    with tarfile.open(archive) as tar:
        for info in tar:
            if not info.isfile() or files >= limit:
                continue
            handle = tar.extractfile(info)
            if handle is None:
                continue
            data = handle.read()
            files += 1
            total += len(data)
            longest = max(longest, max(map(len, data.split(b"\n"))))
            if len(data) > 64 * 1024:
                ratio = max(ratio, len(data) / max(len(zlib.compress(data, 6)), 1))
    return files, ratio, longest, total


def main() -> None:
    """Print the figures for each source found."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path(__file__).parents[2] / "shared" / "data")
    parser.add_argument("--files", type=int, default=20_000, help="files read per source at most")
    args = parser.parse_args()
    for name in SOURCES:
        archive = args.data / f"{name}.tar.xz"
        if not archive.exists():
            print(f"{name}: not found under {args.data}")
            continue
        files, ratio, longest, total = measure(archive, args.files)
        print(
            f"{name}: {files} files, {total / MB:.1f} MB; largest deflate ratio {ratio:.1f} "
            f"(cap 100); longest line {longest / 1024:.1f} KB (cap 1024 KB)"
        )


if __name__ == "__main__":
    main()
