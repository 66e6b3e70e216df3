"""The indicator grid as a whole."""
from __future__ import annotations

import re
from typing import Dict, Iterator

from ...model.table import MAX_CELL, Table
from ...util.normalize import canon
from .base import Hit


_PUNCTUATION = re.compile(r"[\W_]+")


def duplicate_indicator(table: Table) -> Iterator[Hit]:
    """The same 三级指标 a second time in one table (spaces and punctuation ignored)."""
    seen: Dict[str, int] = {}
    for row in table.rows:
        key = _PUNCTUATION.sub("", canon(row.name.text))
        if len(key) < 2:
            continue
        if key in seen:
            yield Hit(row.name, "name", {"name": row.name.text, "first_line": str(seen[key])}, row.name.text)
        else:
            seen[key] = row.name.loc.line


def unknown_columns(table: Table) -> Iterator[Hit]:
    """Each column of the grid whose cells were not read: a heading the column vocabulary does not
    know, or cells standing under no heading."""
    for column in table.columns:
        if column.field is None:
            heading = column.heading.text
            yield Hit(column.heading, "column", {"heading": heading, "column": str(column.index + 1),
                                                 "what": f"表头“{heading}”" if heading else "没有表头的一列"})


def cut_cells(table: Table) -> Iterator[Hit]:
    """Each cell of which the reader kept only the first MAX_CELL characters."""
    for cell in table.cut:
        yield Hit(cell, "cell", {"limit": f"{MAX_CELL:,}", "start": cell.text[:20]})
