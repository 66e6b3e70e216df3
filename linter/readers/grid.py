"""Rows of cells from a format that has its own positions (PDF pages, CSV records), read by the
shared table logic (``tables.parse_rows``): cells are classified by what they say, wherever they
landed. A row of ``None`` is a break (a new page), as a blank line is in extracted text.
"""
from __future__ import annotations

import re
from typing import List, Optional, Sequence, Tuple

from ..model.table import Cell, Location, Table
from ..util.normalize import clean
from . import tables

Row = Optional[Sequence[Tuple[str, Location]]]  # (cell text, where the format has it)

_WRAP = re.compile(r"\s*\n\s*")
_WIDE = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f“”‘’…—]")


def parse(rows: Sequence[Row], path: str) -> List[Table]:
    numbered = ((number, [_cell(raw, place) for raw, place in row or ()]) for number, row in enumerate(rows, 1))
    return list(tables.parse_rows(numbered, path))


def _cell(raw: str, place: Location) -> Cell:
    flat_text = flat(raw)
    return Cell(clean(flat_text), place, flat_text)


def flat(cell: str) -> str:
    """A cell's text on one line: a line wrapped inside Chinese text or a number is joined
    without a space ("年度指标\\n值", "23,035,71\\n4.51"), other wraps become one space."""
    return _WRAP.sub(_join, cell).replace("\t", " ")


def _join(wrap: re.Match) -> str:
    text = wrap.string
    before = text[wrap.start() - 1] if wrap.start() else ""
    after = text[wrap.end()] if wrap.end() < len(text) else ""
    if not before or not after:
        return ""
    if wrap.group() != "\n":  # a space stood at the wrap: keep it
        return " "
    if _WIDE.match(before) or _WIDE.match(after) or (before.isdigit() and after in "0123456789.,%"):
        return ""
    return " "
