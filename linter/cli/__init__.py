"""The ``jxlint`` command (console script ``jxlint = linter.cli:main``; ``python -m linter.cli``;
``python cli.py`` in a checkout)."""
from .app import main

__all__ = ["main"]
