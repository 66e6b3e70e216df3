"""Run jxlint from a checkout without installing it: ``python cli.py check samples/``.
The command itself lives in linter/cli/ (the installed console script runs it from there)."""
import sys

from linter.cli import main

if __name__ == "__main__":
    sys.exit(main())
