"""Reader for text extracted from published PDFs: one table row per line, cells separated
by tabs, with everything extraction does to a table — cells drifted left or right, empty
cells lost, category labels printed on a neighbouring row, rows broken over a page
(a blank line), HTML fragments, a table whose header was on the previous page.

Cells are classified by what they say, not by the column they landed in: a 一级/二级
category label is known by its wording (rules/categories.yaml), 分值/得分 are numbers, and
what remains is 三级指标, 年度指标值 and so on, in order.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Dict, Iterable, Iterator, List, Optional, Sequence, Tuple

from .. import categories
from ..errors import InputError
from ..model import EMPTY, SELF_EVALUATION, TARGET, Cell, IndicatorRow, Location, Table
from ..normalize import canon, clean, compact
from . import labels as L
from .encoding import decode

_new = tuple.__new__
_NEEDS_CLEANING = re.compile(r"[<&]|\s\s|[^\S \t]")
MAX_CELL = 20_000  # characters kept of one cell; the rest of a pathological cell is dropped
MAX_TABLE_LINES = 20_000  # the longest seed table has 56 lines
_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")


def read(path) -> List[Table]:
    return list(iter_read(path))


def iter_read(path) -> Iterator[Table]:
    """Tables one at a time (the file is decoded first, so encoding errors come at once)."""
    return iter_parse(decode(Path(path).read_bytes()), str(path))


def parse(text: str, path: str = "<text>") -> List[Table]:
    return list(iter_parse(text, path))


def iter_parse(text: str, path: str = "<text>") -> Iterator[Table]:
    return _tables(_lines(text), path)


def parse_rows(rows: Iterable[Tuple[int, Sequence[Cell]]], path: str) -> Iterator[Table]:
    """Tables from rows that a structured format already split into cells (a sheet, a Word
    table): ``(number, cells)``, each cell with its position in that format. The cells are
    classified by content as extracted text is; a blank line means a page break, so give
    only filled rows."""
    return _tables((_Line.of_cells(number, cells) for number, cells in rows), path)


def _tables(lines: Iterable["_Line"], path: str) -> Iterator[Table]:
    for chunk in _chunks(lines):
        table = _TableBuilder(path, chunk).build()
        if table is not None:
            yield table


def _lines(text: str) -> Iterator["_Line"]:
    start = 0
    for number, end in enumerate(_ends(text), 1):
        yield _Line(number, text[start:end])
        start = end + 1


def _ends(text: str) -> Iterator[int]:
    """Where each line ends, without splitting a large file into a million strings at once."""
    position = text.find("\n")
    while position != -1:
        yield position
        position = text.find("\n", position + 1)
    yield len(text)


class _Line:
    """A line split at tabs. Empty cells stay as EMPTY placeholders: only their count matters."""

    __slots__ = ("number", "cells", "filled", "width")

    def __init__(self, number: int, line: str):
        self.number = number
        if line.endswith("\r"):
            line = line[:-1]
        self.width = len(line)
        parts = line.split("\t")
        self.cells: List[Cell] = [EMPTY] * len(parts)
        self.filled: List[Tuple[int, Cell]] = []
        tidy = clean if _NEEDS_CLEANING.search(line) else str.strip  # most lines are plain text
        offset = 1
        for index, raw in enumerate(parts):
            if raw:
                kept = raw if len(raw) <= MAX_CELL else raw[:MAX_CELL]
                text = tidy(kept)
                if text:
                    # tuple.__new__ skips the named tuples' argument handling: this runs for every cell
                    loc = _new(Location, (number, offset, number, offset + len(kept), ""))
                    cell = self.cells[index] = _new(Cell, (text, loc, kept))
                    self.filled.append((index, cell))
            offset += len(raw) + 1

    @classmethod
    def of_cells(cls, number: int, cells: Sequence[Cell]) -> "_Line":
        line = cls.__new__(cls)
        line.number, line.cells = number, list(cells)
        line.filled = [(index, cell) for index, cell in enumerate(line.cells) if cell.text]
        line.width = max((cell.loc.end_column for _, cell in line.filled), default=1) - 1
        return line

    def is_title(self) -> bool:
        filled = self.filled
        return len(filled) == 1 and len(filled[0][1].text) < 40 and bool(L.TITLE.search(compact(filled[0][1].text)))


def _chunks(lines: Iterable[_Line]) -> Iterator[List[_Line]]:
    """Split a file at table titles, and where a second 项目名称 starts a table with no title.
    Only one table's lines are held at a time."""
    current: List[_Line] = []
    has_project = False
    for line in lines:
        filled = line.filled
        if line.is_title():
            if current:
                yield current
            current, has_project = [line], False
            continue
        if filled and compact(filled[0][1].text) == "项目名称":
            if has_project:
                yield current
                current = []
            has_project = True
        current.append(line)
        if len(current) > MAX_TABLE_LINES:
            raise InputError(f"第 {current[0].number} 行起的表格超过 {MAX_TABLE_LINES} 行，不像绩效目标表，未读取")
    if current:
        yield current


@dataclass
class _Part:
    """One grid line after its cells were classified: labels found on it and indicator fields."""

    line: int
    l1: Optional[Cell] = None
    l2: Optional[Cell] = None
    fields: Dict[str, Cell] = field(default_factory=dict)
    after_break: bool = False

    @property
    def labels_only(self) -> bool:
        return not self.fields


class _TableBuilder:
    def __init__(self, path: str, lines: List[_Line]):
        self.path = path
        self.lines = lines
        self.cats = categories.load()
        self.title = EMPTY
        self.year = EMPTY
        self.kind: Optional[str] = None
        self.header: Dict[str, Cell] = {}
        self.funds: Dict[str, Cell] = {}
        self.goal_columns: Dict[int, str] = {}
        self.continuing: List[str] = []
        self.goals: Dict[str, List[Cell]] = {}
        self.fund_columns: List[str] = []
        self.annual_column: Optional[int] = None
        self.grid_columns: Dict[str, int] = {}
        self.parts: List[_Part] = []
        self.total_weight = EMPTY
        self.total_score = EMPTY

    @property
    def self_evaluation(self) -> bool:
        return self.kind == SELF_EVALUATION

    # ---- the walk over the lines -------------------------------------------------
    def build(self) -> Optional[Table]:
        state, blank = "header", False
        for line in self.lines:
            if not line.filled:
                blank = True
                continue
            if state == "header":
                state = self._header_line(line)
            elif state == "grid":
                state = self._grid_line(line, blank)
            blank = False
        rows = self._rows()
        if not rows and not self.header.get("project"):
            return None
        for name, pieces in self.goals.items():
            self.header[name] = _join(pieces, "")
        first = next(line for line in self.lines if line.filled)
        last = [line for line in self.lines if line.filled][-1]
        return Table(
            path=self.path, kind=self.kind or TARGET, title=self.title, year=self.year,
            header=dict(self.header), funds=dict(self.funds), rows=tuple(rows),
            total_weight=self.total_weight, total_score=self.total_score,
            loc=Location(first.number, 1, last.number, last.width + 1),
        )

    def _header_line(self, line: _Line) -> str:
        filled = line.filled
        if line.is_title():
            self.title = filled[0][1]
            self.kind = SELF_EVALUATION if "自评" in self.title.text else TARGET
            return "header"
        if len(filled) == 1 and not self.year and len(filled[0][1].text) < 20:
            year = L.YEAR.match(canon(filled[0][1].text).replace(" ", ""))
            if year:
                self.year = Cell(year.group(1), filled[0][1].loc, filled[0][1].raw)
                return "header"
        keys = [compact(c.text) for _, c in filled]
        if "一级指标" in keys and ("二级指标" in keys or "三级指标" in keys):
            self._grid_header(line)
            return "grid"
        self._header_cells(line)
        return "header"

    def _grid_header(self, line: _Line) -> None:
        for index, cell in line.filled:
            column = L.GRID_COLUMNS.get(canon(compact(cell.text)))
            if column:
                self.grid_columns.setdefault(column, index)
        if "actual" in self.grid_columns or "score" in self.grid_columns:
            self.kind = SELF_EVALUATION
        self.kind = self.kind or TARGET
        labels = self._classify(line)[0:2]
        if any(labels):
            self.parts.append(_Part(line.number, *labels))

    # ---- header block -------------------------------------------------------------
    def _header_cells(self, line: _Line) -> None:
        filled = line.filled
        used = set()
        texts: List[Tuple[int, Cell]] = []
        others = [i for i, c in filled if compact(c.text) == L.OTHER_FUNDS]
        for pos, (index, cell) in enumerate(filled):
            if index in used:
                continue
            key = canon(compact(cell.text))
            unit = L.FUNDS_BLOCK.match(key)
            if unit:
                self.header["funds_unit"] = Cell(unit.group(1), cell.loc, cell.raw)
                columns = [(i, compact(c.text)) for i, c in filled[pos + 1:]
                           if compact(c.text) in L.SELF_EVALUATION_FUND_COLUMNS]
                self.fund_columns = [L.SELF_EVALUATION_FUND_COLUMNS[key] for _, key in columns]
                used.update(i for i, _ in columns)
            elif key in L.HEADER_FIELDS:
                self._label_value(L.HEADER_FIELDS[key], filled, pos, used, self.header)
            elif self.self_evaluation and self.fund_columns and key in L.SELF_EVALUATION_FUND_ROWS:
                self._fund_row(L.SELF_EVALUATION_FUND_ROWS[key], line, index, used)
            elif not self.self_evaluation and key in L.TARGET_FUNDS:
                if L.TARGET_FUNDS[key] == "annual_total":
                    self.annual_column = index
                self._label_value(L.TARGET_FUNDS[key], filled, pos, used, self.funds)
            elif not self.self_evaluation and key == L.OTHER_FUNDS:
                annual = (len(others) > 1 and index == others[-1]) or (
                    len(others) == 1 and self.annual_column is not None and index >= self.annual_column)
                self._label_value("annual_other" if annual else "project_other", filled, pos, used, self.funds)
            elif L.goal_label(key, self.self_evaluation):
                self.goal_columns[index] = L.goal_label(key, self.self_evaluation)
            elif key in L.GOAL_CAPTIONS:
                continue
            elif self.goal_columns and not L.is_header_label(key):
                texts.append((index, cell))
        self._goal_texts(texts)

    def _goal_texts(self, texts: List[Tuple[int, Cell]]) -> None:
        """Goal text goes under the goal label to its left; but when a line holds as many texts
        as there are goal labels, they are those goals in order (extraction drifts them left),
        and the lone pieces that follow at the left margin continue them in the same order
        (a page break splits both columns, and the pieces come out one after the other)."""
        fields = [self.goal_columns[i] for i in sorted(self.goal_columns)]
        if len(texts) > 1 and len(texts) == len(set(fields)) == len(fields):
            pairs = zip(fields, (cell for _, cell in texts))
            self.continuing = fields
        elif len(texts) == 1 and self.continuing and texts[0][0] <= min(self.goal_columns):
            pairs = [(self.continuing.pop(0), texts[0][1])]
        else:
            pairs = ((self.goal_columns[max((i for i in self.goal_columns if i <= index),
                                            default=min(self.goal_columns))], cell) for index, cell in texts)
        for field_name, cell in pairs:
            self.goals.setdefault(field_name, []).append(cell)

    @staticmethod
    def _label_value(name, filled, pos, used, into) -> None:
        for index, cell in filled[pos + 1:]:
            if L.is_header_label(cell.text):
                return
            used.add(index)
            into[name] = cell
            return

    def _fund_row(self, row: str, line: _Line, index: int, used: set) -> None:
        for column, cell in zip(self.fund_columns, line.cells[index + 1:]):
            if cell.text:
                self.funds[f"{row}.{column}"] = cell
        used.update(range(index + 1, len(line.cells)))

    # ---- indicator grid -----------------------------------------------------------
    def _classify(self, line: _Line):
        l1 = l2 = None
        content = []
        kind = self._kind
        for index, cell in line.filled:
            what = kind(cell.text)
            if what is None:
                content.append((index, cell))
            elif what == "level1":
                l1 = l1 or cell
            elif what == "level2":
                l2 = l2 or cell
        return l1, l2, content

    @staticmethod
    @lru_cache(maxsize=65536)
    def _kind(text: str) -> Optional[str]:
        """What a grid cell is by its wording: a category label, the grid's own caption or
        column heading, 总分, or (None) content."""
        cats = categories.load()
        if cats.level1_group(text):
            return "level1"
        if cats.dimension_of_label(text):
            return "level2"
        key = compact(text)
        if key == L.TOTAL:
            return "total"
        if cats.is_caption(text) or canon(key) in L.GRID_COLUMNS:
            return "caption"
        return None

    def _grid_line(self, line: _Line, after_break: bool) -> str:
        if any(self._kind(c.text) == "total" for _, c in line.filled):
            numbers = [c for _, c in line.filled if _NUMBER.fullmatch(canon(c.text))]
            self.total_weight = numbers[0] if numbers else EMPTY
            self.total_score = numbers[1] if len(numbers) > 1 else EMPTY
            return "done"
        l1, l2, content = self._classify(line)
        fields = self._fields(content) if content else {}
        self.parts.append(_Part(line.number, l1, l2, fields, after_break))
        return "grid"

    def _fields(self, content) -> Dict[str, Cell]:
        (_, name), rest = content[0], content[1:]
        if not self.self_evaluation:
            return _compact_fields(name=name, value=_join([c for _, c in rest], " "))
        return _compact_fields(name=name, **self._scored_fields(rest))

    def _scored_fields(self, rest) -> Dict[str, Cell]:
        """年度指标值, 实际完成值, 分值, 得分, 偏差原因 from the cells after the name: the last
        two numbers are 分值 and 得分, text after them is the reason, text before is value/actual."""
        def numeric(cell):
            return bool(_NUMBER.fullmatch(canon(cell.text)))

        end = len(rest)
        while end and not numeric(rest[end - 1][1]):
            end -= 1
        if not end:  # no scores on this line: a row broken over a page, or scores lost
            limit = self.grid_columns.get("weight")
            middle = [(i, c) for i, c in rest if limit is None or i < limit]
            reason = [c for i, c in rest if limit is not None and i >= limit]
            scores = []
        else:
            reason = [c for _, c in rest[end:]]
            start = end
            while start and end - start < 2 and numeric(rest[start - 1][1]):
                start -= 1
            scores = [c for _, c in rest[start:end]]
            middle = rest[:start]
        cells = [c for _, c in middle]
        return {
            "value": cells[0] if cells else EMPTY,
            "actual": _join(cells[1:], " "),
            "weight": scores[0] if scores else EMPTY,
            "score": scores[1] if len(scores) > 1 else EMPTY,
            "reason": _join(reason, ""),
        }

    def _complete(self, part: _Part) -> bool:
        if self.self_evaluation:
            return "weight" in part.fields or "score" in part.fields
        return "value" in part.fields

    def _mended(self) -> List[_Part]:
        """Join rows broken over a page and drop extraction's duplicated fragments."""
        mended: List[_Part] = []
        pending: Optional[_Part] = None
        for part in self.parts:
            if pending is not None:
                if not part.labels_only and part.after_break:
                    part = _merge(pending, part)
                else:
                    mended.append(pending)
                pending = None
            if not part.labels_only and not self._complete(part):
                previous = next((p for p in reversed(mended) if not p.labels_only), None)
                if previous and set(part.fields) == {"name"} and previous.fields.get("name", EMPTY).text.endswith(
                        part.fields["name"].text):
                    continue
                pending = part
                continue
            mended.append(part)
        if pending is not None:
            mended.append(pending)
        return mended

    def _rows(self) -> List[IndicatorRow]:
        parts = self._mended()
        level1_cells = [(k, p.l1) for k, p in enumerate(parts) if p.l1]
        current1 = next((p.l1 for p in parts if p.l1), None)
        current2 = next((p.l2 for p in parts if p.l2), None)
        rows = []
        for k, part in enumerate(parts):
            if part.l1:
                current1 = part.l1
                if not part.l2 and current2 and not self._fits(current2, current1):
                    current2 = None
            if part.l2:
                current2 = part.l2
            if part.labels_only:
                continue
            level1 = current1
            if current2 and not (level1 and self._fits(current2, level1)):
                level1 = self._nearest_level1(k, current2, level1_cells) or self._implied_level1(current2)
            rows.append(IndicatorRow(level1=level1 or EMPTY, level2=current2 or EMPTY,
                                     name=part.fields.get("name", EMPTY), value=part.fields.get("value", EMPTY),
                                     **{f: part.fields[f] for f in ("actual", "weight", "score", "reason")
                                        if f in part.fields}))
        return rows

    def _fits(self, level2: Cell, level1: Cell) -> bool:
        dimension = self.cats.dimension_of_label(level2.text)
        return self.cats.level1_group(level1.text) in self.cats.parents.get(dimension, ())

    def _implied_level1(self, level2: Cell) -> Cell:
        """The 一级指标 a 二级指标 belongs to, when the table never printed a fitting one."""
        group = self.cats.parents[self.cats.dimension_of_label(level2.text)][0]
        return Cell(self.cats.level1_names[group], Location(), "")

    def _nearest_level1(self, k: int, level2: Cell, level1_cells) -> Optional[Cell]:
        fitting = [(abs(index - k), index < k, cell) for index, cell in level1_cells if self._fits(level2, cell)]
        return min(fitting, key=lambda t: (t[0], t[1]))[2] if fitting else None


def _join(cells: List[Cell], separator: str) -> Cell:
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


def _compact_fields(**cells: Cell) -> Dict[str, Cell]:
    return {name: cell for name, cell in cells.items() if cell.text}


def _merge(head: _Part, tail: _Part) -> _Part:
    names = list(dict.fromkeys([*head.fields, *tail.fields]))
    fields = {}
    for name in names:
        fields[name] = _join([head.fields.get(name, EMPTY), tail.fields.get(name, EMPTY)], "")
    return _Part(head.line, head.l1 or tail.l1, head.l2 or tail.l2, fields, head.after_break)
