"""Rows of cells from a format that has its own positions (PDF pages, CSV records), read by the
text reader's logic: cells are classified by what they say, wherever they landed.

Each row becomes one tab-separated line for ``text.parse``; every cell of the tables it returns
is then moved from (line, column) of that text back to the place the format gave its cell.
A row of ``None`` is a break (a new page), as a blank line is in extracted text.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import replace
from typing import List, Optional, Sequence, Tuple

from ..model import Cell, IndicatorRow, Location, Table
from . import text

Row = Optional[Sequence[Tuple[str, Location]]]  # (cell text, where the format has it)

_WRAP = re.compile(r"\s*\n\s*")
_WIDE = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f“”‘’…—]")


def parse(rows: Sequence[Row], path: str) -> List[Table]:
    lines, places = [], []
    for row in rows:
        cells = [flat(cell) for cell, _ in row or ()]
        starts, column = [], 1
        for cell in cells:
            starts.append(column)
            column += len(cell) + 1
        lines.append("\t".join(cells))
        places.append((starts, [place for _, place in row or ()]))
    return [_moved(table, places) for table in text.parse("\n".join(lines), path)]


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
    if wrap.group().strip(" ") != "\n":  # a space stood at the wrap: keep it
        return " "
    if _WIDE.match(before) or _WIDE.match(after) or (before.isdigit() and after in "0123456789.,%"):
        return ""
    return " "


def _moved(table: Table, places) -> Table:
    def place(line: int, column: int) -> Location:
        starts, locations = places[line - 1]
        return locations[max(bisect_right(starts, column) - 1, 0)]

    def move(loc: Location) -> Location:
        if not loc.line:
            return loc
        start = place(loc.line, loc.column)
        end = place(loc.end_line, max(loc.end_column - 1, loc.column if loc.end_line == loc.line else 1))
        return Location(start.line, start.column, end.end_line, end.end_column, start.ref)

    def cell(c: Cell) -> Cell:
        return Cell(c.text, move(c.loc), c.raw) if c.loc else c

    return replace(
        table, title=cell(table.title), year=cell(table.year),
        header={name: cell(c) for name, c in table.header.items()},
        funds={name: cell(c) for name, c in table.funds.items()},
        rows=tuple(IndicatorRow(*map(cell, row.cells())) for row in table.rows),
        total_weight=cell(table.total_weight), total_score=cell(table.total_score), loc=move(table.loc))
