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
    """A line split at tabs: its filled cells, each with its index among the line's cells (the
    empty ones count, a format's columns are positional)."""

    __slots__ = ("number", "filled", "width", "cut")

    def __init__(self, number: int, line: str):
        self.number = number
        if line.endswith("\r"):
            line = line[:-1]
        self.width = len(line)
        self.cut: Sequence[Cell] = ()
        tidy = str.strip if _plain(line) else clean  # most lines are plain text
        if len(line) > MAX_CELL:
            self.filled = self._with_cut(line.split("\t"), tidy)
            return
        filled: List[Tuple[int, Cell]] = []
        self.filled = filled
        offset = 1
        for index, raw in enumerate(line.split("\t")):
            if raw:
                end = offset + len(raw)
                text = tidy(raw)
                if text:
                    # tuple.__new__ skips the named tuples' argument handling: this runs for every cell
                    filled.append((index, _new(Cell, (text, _new(Location, (number, offset, number, end, "")), raw))))
                offset = end + 1
            else:
                offset += 1

    def _with_cut(self, parts: List[str], tidy) -> List[Tuple[int, Cell]]:
        """A line with a pathological cell: only the first MAX_CELL characters of a cell are kept."""
        filled, cut, offset, number = [], [], 1, self.number
        for index, raw in enumerate(parts):
            kept = raw[:MAX_CELL]
            text = tidy(kept) if kept else ""
            if text:
                cell = Cell(text, Location(number, offset, number, offset + len(kept)), kept)
                filled.append((index, cell))
                if len(raw) > MAX_CELL:
                    cut.append(cell)
            offset += len(raw) + 1
        self.cut = cut
        return filled

    @classmethod
    def of_cells(cls, number: int, cells: Sequence[Cell]) -> "Line":
        line = cls.__new__(cls)
        line.number = number
        line.filled = [(index, cell) for index, cell in enumerate(cells) if cell.text]
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
