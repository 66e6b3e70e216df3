"""Lines of cells → Tables: the table logic every reader shares.

A file's lines are cut into tables at titles (and at a second 项目名称). In each, the header block
is read by its labels (rules/labels.yaml), then the indicator grid by its columns
(``linter.readers.columns``): grids in the shapes of the published PDFs are read by what each cell
says, since extraction drifts cells between columns (a 一级/二级 label is known by its wording,
分值/得分 are numbers, what remains is 三级指标, 年度指标值 and so on, in order); every other grid is
read by its columns, each cell as the field its heading names. A grid that lists many projects
gives one table per project; a 中期/年度 grid gives each table its medium-term rows too.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Dict, Iterable, Iterator, List, Optional, Sequence, Tuple

from ..model import categories
from ..util.errors import InputError
from ..model.table import EMPTY, MAX_CELL, SELF_EVALUATION, TARGET, Cell, IndicatorRow, Location, Table
from ..util.normalize import canon, clean, compact
from . import columns as C
from . import labels as L

_new = tuple.__new__
MAX_TABLE_LINES = 20_000  # the longest seed table has 56 lines
_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")
_COMPARATOR = re.compile(r"[≥≤<>=≠]+")
_ROW_FIELDS = IndicatorRow._fields[2:]  # what a row takes from its part's fields: name, value, actual…


def parse_rows(rows: Iterable[Tuple[int, Sequence[Cell]]], path: str) -> Iterator[Table]:
    """Tables from rows that a structured format already split into cells (a sheet, a Word
    table): ``(number, cells)``, each cell with its position in that format. A blank line means
    a page break, so give only filled rows."""
    return tables((Line.of_cells(number, cells) for number, cells in rows), path)


def tables(lines: Iterable["Line"], path: str) -> Iterator[Table]:
    for chunk in _chunks(lines):
        yield from _TableBuilder(path, chunk).build()


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


def _chunks(lines: Iterable[Line]) -> Iterator[List[Line]]:
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


class _Part:
    """One grid line after its cells were classified: labels found on it and indicator fields
    (``medium`` and ``medium_l2`` for the 中期 half of a 中期/年度 grid; ``project`` for the
    project columns of a grid that lists many projects: both only for grids read by column)."""

    __slots__ = ("line", "l1", "l2", "fields", "after_break", "medium_l2", "medium", "project")

    def __init__(self, line: int, l1: Optional[Cell] = None, l2: Optional[Cell] = None,
                 fields: Optional[Dict[str, Cell]] = None, after_break: bool = False,
                 medium: Optional[Dict[str, Cell]] = None, project: Optional[Dict[str, Cell]] = None):
        self.line, self.l1, self.l2, self.after_break = line, l1, l2, after_break
        self.fields = {} if fields is None else fields
        self.medium_l2: Optional[Cell] = None
        self.medium, self.project = medium, project

    @property
    def labels_only(self) -> bool:
        return not self.fields

    def medium_half(self) -> "_Part":
        """The line's 中期 indicator, as a part of its own (its 一级 is shared)."""
        return _Part(self.line, self.l1, self.medium_l2, self.medium or {}, self.after_break)


class _TableBuilder:
    def __init__(self, path: str, lines: List[Line]):
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
        self.grid: Optional[C.Grid] = None
        self.grid_columns: Dict[int, C.Column] = {}
        self.unread: Dict[int, Cell] = {}  # first cell of each column with no heading
        self.parts: List[_Part] = []
        self.total_weight = EMPTY
        self.total_score = EMPTY
        self.cut: List[Cell] = []  # cells of which only MAX_CELL characters were kept

    @property
    def self_evaluation(self) -> bool:
        return self.kind == SELF_EVALUATION

    # ---- the walk over the lines -------------------------------------------------
    def build(self) -> List[Table]:
        state, blank = "header", False
        first = last = None
        for line in self.lines:
            if not line.filled:
                blank = True
                continue
            first, last = first or line, line
            if line.cut:
                self.cut.extend(line.cut)
            if state == "header":
                state = self._header_line(line)
            elif state == "grid":
                state = self._grid_line(line, blank)
            blank = False
        for name, pieces in self.goals.items():
            self.header[name] = _join(pieces, "")
        if first is None:
            return []
        segments = self._segments()
        starts = [first.number] + [parts[0].line for _, parts in segments[1:]]
        ends = [start - 1 for start in starts[1:]] + [last.number]
        built, columns = [], self._columns()  # one grid header: the same columns for each project's table
        for (project, parts), start, end in zip(segments, starts, ends):
            table = self._table(project, parts, Location(start, 1, end, last.width + 1), columns)
            if table is not None:
                built.append(table)
        return built

    def _table(self, project: Dict[str, Cell], parts: List[_Part], loc: Location, columns: tuple) -> Optional[Table]:
        header, funds = dict(self.header), dict(self.funds)
        for key, cell in project.items():
            place, name = key.split(".", 1)
            (header if place == "header" else funds)[name] = cell
        rows = self._rows(parts)
        if not rows and not header.get("project"):
            return None
        return Table(
            path=self.path, kind=self.kind or TARGET, title=self.title, year=self.year,
            header=header, funds=funds, rows=tuple(rows),
            total_weight=self.total_weight, total_score=self.total_score, loc=loc,
            medium_rows=tuple(self._rows([p.medium_half() for p in parts])) if self.grid and self.grid.medium else (),
            columns=columns, cut=tuple(self.cut))

    def _segments(self) -> List[Tuple[Dict[str, Cell], List[_Part]]]:
        """The grid's parts by project: one segment unless the grid lists projects, when each new
        项目名称 starts one (the 单位名称 of a line carries to the projects below it)."""
        if not (self.grid and self.grid.lists_projects):
            return [({}, self.parts)]
        segments: List[Tuple[Dict[str, Cell], List[_Part]]] = [({}, [])]
        carried: Dict[str, Cell] = {}
        for part in self.parts:
            project = part.project or {}
            if "header.unit" in project:
                carried["header.unit"] = project["header.unit"]
            named = project.get("header.project")
            if named and named.text != segments[-1][0].get("header.project", EMPTY).text:
                segments.append(({**carried, **project}, []))
            segments[-1][1].append(part)
        if all(part.labels_only for part in segments[0][1]):
            segments.pop(0)  # lines such as a department's total above its projects
        return segments

    def _columns(self) -> tuple:
        """The grid's columns; a column whose cells were not read (no heading, or a caption's
        heading over content) is listed with no field, at its heading or its first cell."""
        if not self.unread:
            return self.grid.columns if self.grid else ()
        columns = {c.index: c for c in (self.grid.columns if self.grid else ())}
        for index, cell in self.unread.items():
            heading = columns[index].heading if index in columns else Cell("", cell.loc, "")
            columns[index] = C.Column(index, heading, None)
        return tuple(columns[index] for index in sorted(columns))

    def _header_line(self, line: Line) -> str:
        filled = line.filled
        if line.is_title():
            self.title = filled[0][1]
            self.kind = SELF_EVALUATION if "自评" in self.title.text else TARGET
            year = L.TITLE_YEAR.search(canon(self.title.text))
            if year:
                self.year = Cell(year.group(1), self.title.loc, self.title.raw)
            return "header"
        if len(filled) == 1 and not self.year and len(filled[0][1].text) < 20:
            year = L.YEAR.match(canon(filled[0][1].text).replace(" ", ""))
            if year:
                self.year = Cell(year.group(1), filled[0][1].loc, filled[0][1].raw)
                return "header"
        if C.is_header(filled):
            self._grid_header(line)
            return "grid"
        self._header_cells(line)
        return "header"

    def _grid_header(self, line: Line) -> None:
        self.grid = C.grid(line.filled)
        self.grid_columns = self.grid.fields
        fields = {column.field for column in self.grid.columns}
        if "actual" in fields or "score" in fields:
            self.kind = SELF_EVALUATION
        self.kind = self.kind or TARGET
        labels = self._classify(line)[:2]
        if any(labels):
            self.parts.append(_Part(line.number, *labels))

    # ---- header block -------------------------------------------------------------
    def _header_cells(self, line: Line) -> None:
        filled = line.filled
        used = set()
        texts: List[Tuple[int, Cell]] = []
        others = [i for i, c in filled if L.key(c.text) in L.OTHER_FUNDS]
        self_evaluation = self.self_evaluation
        for pos, (index, cell) in enumerate(filled):
            if index in used:
                continue
            key, role, name, inline = L.header_cell(cell.text, self_evaluation)
            if role in ("funds_unit", "header", "ignored", "funds", "other_funds"):
                value = Cell(inline, cell.loc, cell.raw) if inline is not None else self._next_value(filled, pos, used)
            if role == "block":
                self.header["funds_unit"] = Cell(name, cell.loc, cell.raw)
                columns = [(i, L.fund_column(c.text)) for i, c in filled[pos + 1:]]
                columns = [(i, column) for i, column in columns if column]
                self.fund_columns = [column for _, column in columns]
                used.update(i for i, _ in columns)
            elif role == "funds_unit":
                _put(self.header, "funds_unit", value)
            elif role == "header":
                _put(self.header, name, value)
            elif role == "fund_row" and self.fund_columns:
                self._fund_row(name, line, index, used)
            elif role == "funds":
                if name == "annual_total":
                    self.annual_column = index
                self._amount_unit(key, cell)
                _put(self.funds, name, value)
            elif role == "other_funds":
                annual = (len(others) > 1 and index == others[-1]) or (
                    len(others) == 1 and self.annual_column is not None and index >= self.annual_column)
                _put(self.funds, "annual_other" if annual else "project_other", value)
            elif role == "goal":
                self.goal_columns[index] = name
            elif not role and self.goal_columns and not L.is_header_label(key):
                texts.append((index, cell))
        self._goal_texts(texts)

    def _amount_unit(self, key: str, cell: Cell) -> None:
        """An amount's label that names its unit ("中期市财政预算(万元)") gives the table's unit."""
        unit = L.AMOUNT_LABEL_UNIT.search(key)
        if unit and "funds_unit" not in self.header:
            self.header["funds_unit"] = Cell(unit.group(1), cell.loc, cell.raw)

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
    def _next_value(filled, pos, used) -> Cell:
        """The cell after a label, unless it is a label itself."""
        for index, cell in filled[pos + 1:]:
            if L.is_header_label(cell.text):
                return EMPTY
            used.add(index)
            return cell
        return EMPTY

    def _fund_row(self, row: str, line: Line, index: int, used: set) -> None:
        for column, cell in zip(self.fund_columns, line.cells[index + 1:]):
            if cell.text:
                self.funds[f"{row}.{column}"] = cell
        used.update(range(index + 1, len(line.cells)))

    # ---- indicator grid -----------------------------------------------------------
    def _classify(self, line: Line):
        """The line's 一级 and 二级 labels, its content cells, and whether it is the 总分 line."""
        l1 = l2 = None
        content = []
        total = False
        kind = self._kind
        for index, cell in line.filled:
            what = kind(cell.text)
            if what is None:
                content.append((index, cell))
            elif what == "level1":
                l1 = l1 or cell
            elif what == "level2":
                l2 = l2 or cell
            elif what == "total":
                total = True
        return l1, l2, content, total

    @staticmethod
    @lru_cache(maxsize=65536)
    def _kind(text: str) -> Optional[str]:
        """What a grid cell is by its wording: a category label, the grid's own caption or
        column heading, 总分, or (None) content."""
        cats = categories.load()
        label = cats.label_kind(text)
        if label:
            return label
        key = compact(text)
        if key == L.TOTAL:
            return "total"
        if cats.is_caption(text) or L.grid_field(key):
            return "caption"
        return None

    def _grid_line(self, line: Line, after_break: bool) -> str:
        filled = line.filled
        if L.is_footer(filled[0][1].text):
            return "done"
        l1, l2, content, total = self._classify(line)
        if total:
            numbers = [c for _, c in filled if _NUMBER.fullmatch(canon(c.text))]
            self.total_weight = numbers[0] if numbers else EMPTY
            self.total_score = numbers[1] if len(numbers) > 1 else EMPTY
            return "done"
        if self.grid.by_content:
            part = _Part(line.number, l1, l2, self._fields(content) if content else {}, after_break)
        else:
            part = self._by_column(line, after_break)
        if not L.is_not_indicator(part.fields.get("name", EMPTY).text):
            self.parts.append(part)
        return "grid"

    def _by_column(self, line: Line, after_break: bool) -> _Part:
        """Each cell as the field its column's heading names; a category label or caption in a
        column that holds none is taken for what it says; other cells in such a column are not
        read (the table lists the column, and the unknown-column rule reports it)."""
        part = _Part(line.number, after_break=after_break, medium={}, project={})
        for index, cell in line.filled:
            column = self.grid_columns.get(index)
            if column is not None and column.field is None:
                continue  # under a heading jxlint does not know: the heading is reported
            if column is None or not column.read:
                kind = self._kind(cell.text)
                if kind in ("level1", "level2"):
                    setattr(part, "l1" if kind == "level1" else "l2", cell)
                elif kind != "caption":
                    self.unread.setdefault(index, cell)
                continue
            medium = column.period == C.MEDIUM
            if column.field == "level1":
                part.l1 = part.l1 or cell
            elif column.field == "level2":
                setattr(part, "medium_l2" if medium else "l2", cell)
            elif "." in column.field:
                part.project[column.field] = cell
            else:
                (part.medium if medium else part.fields)[column.field] = cell
        part.fields, part.medium = _with_target(part.fields), _with_target(part.medium)
        return part

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
            limit = next((i for i, c in self.grid_columns.items() if c.field == "weight"), None)
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
        if not self.grid.by_content:
            return True  # cells read by their columns are whole where they stand
        if self.self_evaluation:
            return "weight" in part.fields or "score" in part.fields
        return "value" in part.fields

    def _mended(self, parts: List[_Part]) -> List[_Part]:
        """Join rows broken over a page and drop extraction's duplicated fragments."""
        mended: List[_Part] = []
        pending: Optional[_Part] = None
        for part in parts:
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

    def _rows(self, parts: List[_Part]) -> List[IndicatorRow]:
        parts = self._mended(parts)
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
                level1 = self._nearest_level1(k, current2, level1_cells) or self._implied_level1(current2) or level1
            get = part.fields.get
            rows.append(_new(IndicatorRow, (level1 or EMPTY, current2 or EMPTY, *[get(f, EMPTY) for f in _ROW_FIELDS])))
        return rows

    @staticmethod
    def _fits(level2: Cell, level1: Cell) -> bool:
        return _fits(level2.text, level1.text)

    def _implied_level1(self, level2: Cell) -> Optional[Cell]:
        """The 一级指标 a 二级指标 belongs to, when the table never printed a fitting one."""
        dimension = self.cats.dimension_of_label(level2.text)
        if dimension is None:  # a 二级 label jxlint does not know, read off its column
            return None
        group = self.cats.parents[dimension][0]
        return Cell(self.cats.level1_names[group], Location(), "")

    def _nearest_level1(self, k: int, level2: Cell, level1_cells) -> Optional[Cell]:
        fitting = [(abs(index - k), index < k, cell) for index, cell in level1_cells if self._fits(level2, cell)]
        return min(fitting, key=lambda t: (t[0], t[1]))[2] if fitting else None


@lru_cache(maxsize=65536)
def _fits(level2: str, level1: str) -> bool:
    """Whether a 二级 label belongs under a 一级 label (asked for every row, of a few labels)."""
    cats = categories.load()
    return cats.level1_group(level1) in cats.parents.get(cats.dimension_of_label(level2), ())


def _put(into: Dict[str, Cell], name: str, cell: Cell) -> None:
    if cell.text:
        into[name] = cell


def _with_target(fields: Dict[str, Cell]) -> Dict[str, Cell]:
    """The target as one value where the grid splits it: 指标性质 ≥, 指标值 90, 度量单位 % → ≥90%.
    定性/定量 in 指标性质 says what kind of target it is, not a comparison: it is left out."""
    value = fields.get("value")
    if value is None or not ("comparator" in fields or "measure_unit" in fields):
        return fields
    text = value.text
    sign = fields.get("comparator", EMPTY).text
    if _COMPARATOR.fullmatch(canon(sign)) and not _COMPARATOR.match(canon(text)):
        text = sign + text
    unit = fields.get("measure_unit", EMPTY).text
    if unit and not canon(text).endswith(canon(unit)):
        text += unit
    if text == value.text:
        return fields
    return {**fields, "value": Cell(text, value.loc, text)}


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
