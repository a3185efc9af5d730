"""Allow ``python -m goodword``."""

from goodword.cli import main

main()
