"""The indicator grid as a whole."""
from __future__ import annotations

import re
from typing import Dict, Iterator

from ..model import Table
from ..normalize import canon
from .base import Hit


def duplicate_indicator(table: Table) -> Iterator[Hit]:
    """The same 三级指标 a second time in one table (spaces and punctuation ignored)."""
    seen: Dict[str, int] = {}
    for row in table.rows:
        key = re.sub(r"[\W_]+", "", canon(row.name.text))
        if len(key) < 2:
            continue
        if key in seen:
            yield Hit(row.name, "name", {"name": row.name.text, "first_line": str(seen[key])}, row.name.text)
        else:
            seen[key] = row.name.loc.line
