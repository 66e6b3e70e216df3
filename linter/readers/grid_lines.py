"""The lines of an indicator grid, from its header line on, each classified into a ``Part``: its
一级/二级 labels and its indicator fields. Grids in the shapes of the published PDFs are read by
what each cell says (a label by its wording, 分值/得分 as numbers, the rest in order); every other
grid by its columns (``linter.readers.columns``), each cell as the field its heading names.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Dict, List, Optional

from ..model import categories
from ..model.table import EMPTY, SELF_EVALUATION, TARGET, Cell
from ..util import memo
from ..util.normalize import canon, compact
from . import columns as C
from . import labels as L
from .lines import Line, join

_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")
_COMPARATOR = re.compile(r"[≥≤<>=≠]+")


class Part:
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

    def medium_half(self) -> "Part":
        """The line's 中期 indicator, as a part of its own (its 一级 is shared)."""
        return Part(self.line, self.l1, self.medium_l2, self.medium or {}, self.after_break)


class GridLines:
    """The parts of a grid's lines, and what its 总分 line and unread columns held."""

    def __init__(self, line: Line, kind: Optional[str]):
        """The grid whose header is ``line``, in a table of ``kind`` so far (its headings may
        show it is a 自评表)."""
        self.grid = C.grid(line.filled)
        self.grid_columns = self.grid.fields
        fields = {column.field for column in self.grid.columns}
        self.kind = SELF_EVALUATION if "actual" in fields or "score" in fields else kind or TARGET
        self.self_evaluation = self.kind == SELF_EVALUATION
        self.unread: Dict[int, Cell] = {}  # first cell of each column with no heading
        self.parts: List[Part] = []
        self.total_weight = EMPTY
        self.total_score = EMPTY
        labels = self._classify(line)[:2]
        if any(labels):
            self.parts.append(Part(line.number, *labels))

    def columns(self) -> tuple:
        """The grid's columns; a column whose cells were not read (no heading, or a caption's
        heading over content) is listed with no field, at its heading or its first cell."""
        if not self.unread:
            return self.grid.columns
        columns = {c.index: c for c in self.grid.columns}
        for index, cell in self.unread.items():
            heading = columns[index].heading if index in columns else Cell("", cell.loc, "")
            columns[index] = C.Column(index, heading, None)
        return tuple(columns[index] for index in sorted(columns))

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
    @lru_cache(maxsize=memo.SIZE)
    def _kind(text: str) -> Optional[str]:
        """What a grid cell is by its wording: a category label, the grid's own caption or
        column heading, 总分, or (None) content."""
        key = compact(text)
        if len(key.rstrip(":")) > _longest_word() and "(" not in key:
            return None  # longer than any label: content, as most cells are (each asked once)
        cats = categories.load()
        label = cats.label_kind(text)
        if label:
            return label
        if key == L.TOTAL:
            return "total"
        if cats.is_caption(text) or L.grid_field(key):
            return "caption"
        return None

    def read(self, line: Line, after_break: bool) -> bool:
        """Take one line of the grid; False for the line that ends it (总分, a footer)."""
        filled = line.filled
        if L.is_footer(filled[0][1].text):
            return False
        l1, l2, content, total = self._classify(line)
        if total:
            numbers = [c for _, c in filled if _NUMBER.fullmatch(canon(c.text))]
            self.total_weight = numbers[0] if numbers else EMPTY
            self.total_score = numbers[1] if len(numbers) > 1 else EMPTY
            return False
        if self.grid.by_content:
            part = Part(line.number, l1, l2, self._fields(content) if content else {}, after_break)
        else:
            part = self._by_column(line, after_break)
        if not L.is_not_indicator(part.fields.get("name", EMPTY).text):
            self.parts.append(part)
        return True

    def _by_column(self, line: Line, after_break: bool) -> Part:
        """Each cell as the field its column's heading names; a category label or caption in a
        column that holds none is taken for what it says; other cells in such a column are not
        read (the table lists the column, and the unknown-column rule reports it)."""
        part = Part(line.number, after_break=after_break, medium={}, project={})
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
            return _compact_fields(name=name, value=join([c for _, c in rest], " "))
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
            "actual": join(cells[1:], " "),
            "weight": scores[0] if scores else EMPTY,
            "score": scores[1] if len(scores) > 1 else EMPTY,
            "reason": join(reason, ""),
        }

    def complete(self, part: Part) -> bool:
        """Whether a part holds a whole indicator, not one broken over a page."""
        if not self.grid.by_content:
            return True  # cells read by their columns are whole where they stand
        if self.self_evaluation:
            return "weight" in part.fields or "score" in part.fields
        return "value" in part.fields


@lru_cache(maxsize=None)
def _longest_word() -> int:
    """The length of the longest category label, grid caption, column heading or 总分, compacted."""
    cats = categories.load()
    return max(map(len, [*cats.level1, *cats.level2, *cats.captions, *L.GRID_COLUMNS, L.TOTAL]))


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


def _compact_fields(**cells: Cell) -> Dict[str, Cell]:
    return {name: cell for name, cell in cells.items() if cell.text}
