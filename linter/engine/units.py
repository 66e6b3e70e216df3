"""Units things are counted in and which of them measure the same thing (人 = 名 = 人次), read
from the word list rules/wordlists/unit-classes.yaml: the built-in checks and the target
comparisons read a table with no rule pack at hand, so the list is loaded here once."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Dict

from ..util import cache
from ..util.paths import default_rules_dir

SOURCE = ("wordlists", "unit-classes.yaml")


@lru_cache(maxsize=None)
def kinds() -> Dict[str, str]:
    """{unit: its kind}, in the word list's order."""
    return cache.bundled("unit-classes", default_rules_dir().joinpath(*SOURCE))["mapping"]


def alternation() -> str:
    """A regular-expression alternation of the units, longest first."""
    return "|".join(map(re.escape, sorted(kinds(), key=len, reverse=True)))


def same_kind(unit: str, other: str) -> bool:
    """Both units are known and of one kind."""
    known = kinds()
    return unit in known and known[unit] == known.get(other)
