"""A file's lines as cells, and those lines cut into one table's lines each (at titles, and at a
second 项目名称): the first step of the table logic every reader shares (``linter.readers.tables``).

Text lines are split at tabs here, each filled cell kept with its place; structured formats
(sheets, Word tables, PDF pages) hand over cells they already placed (``Line.of_cells``).
"""
from __future__ import annotations

from typing import Iterable, Iterator, List, Sequence, Tuple

from ..model.table import EMPTY, MAX_CELL, Cell, Location
from ..util.errors import InputError
from ..util.normalize import clean, compact
from . import labels as L

_new = tuple.__new__
MAX_TABLE_LINES = 20_000  # the longest seed table has 56 lines


def _plain(line: str) -> bool:
    """Whether str.strip cleans each cell of the line as ``clean`` would: no markup, no entity,
    no double space, no whitespace but single spaces (isprintable is False for all other
    whitespace; other unprintable characters just take the longer way)."""
    return not ("<" in line or "&" in line or "  " in line) and line.replace("\t", " ").isprintable()


class Line:
    """A line split at tabs. Empty cells stay as EMPTY placeholders: only their count matters."""

    __slots__ = ("number", "cells", "filled", "width", "cut")

    def __init__(self, number: int, line: str):
        self.number = number
        if line.endswith("\r"):
            line = line[:-1]
        self.width = len(line)
        parts = line.split("\t")
        cells = self.cells = [EMPTY] * len(parts)
        filled: List[Tuple[int, Cell]] = []
        self.filled = filled
        self.cut: Sequence[Cell] = ()
        tidy = str.strip if _plain(line) else clean  # most lines are plain text
        offset = 1
        for index, raw in enumerate(parts):
            if not raw:
                offset += 1
                continue
            size = len(raw)
            if size > MAX_CELL:
                self._cut(index, raw, offset, tidy)
            else:
                text = tidy(raw)
                if text:
                    # tuple.__new__ skips the named tuples' argument handling: this runs for every cell
                    cell = cells[index] = _new(Cell, (text, _new(Location, (number, offset, number, offset + size, "")), raw))
                    filled.append((index, cell))
            offset += size + 1

    def _cut(self, index: int, raw: str, offset: int, tidy) -> None:
        """A pathological cell: only its first MAX_CELL characters are kept."""
        kept = raw[:MAX_CELL]
        text = tidy(kept)
        if text:
            cell = self.cells[index] = Cell(text, Location(self.number, offset, self.number, offset + MAX_CELL), kept)
            self.filled.append((index, cell))
            self.cut = [*self.cut, cell]

    @classmethod
    def of_cells(cls, number: int, cells: Sequence[Cell]) -> "Line":
        line = cls.__new__(cls)
        line.number, line.cells = number, list(cells)
        line.filled = [(index, cell) for index, cell in enumerate(line.cells) if cell.text]
        line.width = max((cell.loc.end_column for _, cell in line.filled), default=1) - 1
        line.cut = [cell for _, cell in line.filled if len(cell.raw) >= MAX_CELL]  # the readers keep MAX_CELL
        return line

    def is_title(self) -> bool:
        filled = self.filled
        return len(filled) == 1 and len(filled[0][1].text) < 40 and bool(L.TITLE.search(compact(filled[0][1].text)))


def chunks(lines: Iterable[Line]) -> Iterator[List[Line]]:
    """Split a file at table titles, and where a second 项目名称 starts a table with no title.
    Only one table's lines are held at a time."""
    current: List[Line] = []
    has_project = False
    for line in lines:
        filled = line.filled
        if line.is_title():
            if current:
                yield current
            current, has_project = [line], False
            continue
        if filled and L.header_field(filled[0][1].text) == "project":
            if has_project:
                yield current
                current = []
            has_project = True
        current.append(line)
        if len(current) > MAX_TABLE_LINES:
            raise InputError(f"第 {current[0].number} 行起的表格超过 {MAX_TABLE_LINES} 行，不像绩效目标表，未读取")
    if current:
        yield current


def join(cells: List[Cell], separator: str) -> Cell:
    cells = [c for c in cells if c.text]
    if not cells:
        return EMPTY
    if len(cells) == 1:
        return cells[0]
    first, last = cells[0].loc, cells[-1].loc
    return Cell(separator.join(c.text for c in cells),
                Location(first.line, first.column, last.end_line, last.end_column, first.ref),
                "\n".join(c.raw for c in cells) if first.line != last.end_line else
                separator.join(c.raw for c in cells))
