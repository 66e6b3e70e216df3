"""Where the packaged data lives, installed (linter/rules) or in a source checkout (rules/)."""
from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent


def default_rules_dir() -> Path:
    installed = PACKAGE / "rules"
    return installed if installed.is_dir() else PACKAGE.parent / "rules"


def schema_path(name: str) -> Path:
    return PACKAGE / "schemas" / name
