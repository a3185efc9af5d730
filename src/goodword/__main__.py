"""Allow ``python -m goodword``."""

from goodword.cli.app import main

main()
