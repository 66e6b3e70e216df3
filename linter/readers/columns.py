"""The column model of an indicator grid, read off its header line (rules/labels.yaml ``grid``).

Each heading maps to the field its column holds: 一级/二级/三级, the target's parts (指标性质,
指标值, 度量单位), 分值/权重, explanations, 实际完成值, 得分, 偏差原因, and in a grid that lists many
projects the project's own columns (项目名称, 预算数, 年度目标). When the 二级/三级/指标值 headings
come twice, the first set is the medium-term targets (中期) and the second the year's.

Grids in the shapes of the published PDFs (``by_content``) are read by what each cell says, since
extraction drifts cells between columns; every other grid is read by its columns.
"""
from __future__ import annotations

import unicodedata
from typing import Dict, List, NamedTuple, Optional, Sequence, Tuple

from ..model import categories
from ..model import fields
from ..model.table import Cell, Table
from . import labels as L

MEDIUM = "medium"
# Pseudo-fields of header cells that hold no column of their own.
CAPTION, LABEL = "caption", "label"
_REPEATING = ("level2", "name", "value")


class Column(NamedTuple):
    index: int              # the cell's index in its line (0-based)
    heading: Cell
    field: Optional[str]    # a row field, "header.X"/"funds.X" of a project grid, CAPTION, LABEL, or None: unknown
    period: str = ""        # MEDIUM for the first set of a 中期/年度 grid

    @property
    def read(self) -> bool:
        return self.field not in (None, CAPTION, LABEL)


class Grid(NamedTuple):
    columns: Tuple[Column, ...]
    by_content: bool

    @property
    def lists_projects(self) -> bool:
        return any(c.field == "header.project" for c in self.columns)

    @property
    def medium(self) -> bool:
        return any(c.period == MEDIUM for c in self.columns)

    @property
    def fields(self) -> Dict[int, Column]:
        return {c.index: c for c in self.columns}


def is_header(filled: Sequence[Tuple[int, Cell]]) -> bool:
    """Whether a line's filled cells are a grid's header: a 一级 heading with a 二级 or 三级 one,
    or a 三级 heading with a value heading."""
    fields = {L.grid_field(cell.text) for _, cell in filled}
    return ("level1" in fields and bool(fields & {"level2", "name"})) or {"name", "value"} <= fields


def grid(filled: Sequence[Tuple[int, Cell]]) -> Grid:
    cats = categories.load()
    columns = tuple(_periods([Column(index, cell, _field(cell, cats)) for index, cell in filled]))
    return Grid(columns, by_content(columns))


def by_content(columns: Sequence[Column]) -> bool:
    """Whether a grid of these columns is read by what its cells say (the PDF shapes)."""
    shape = tuple(c.field for c in columns if c.read)
    return all(c.field is not None for c in columns) and shape in L.BY_CONTENT


def _field(cell: Cell, cats) -> Optional[str]:
    field = L.grid_field(cell.text) or L.project_column(cell.text)
    if field:
        return field
    if cats.label_kind(cell.text):
        return LABEL  # a category label printed inside the header line
    return CAPTION if cats.is_caption(cell.text) else None


def _periods(columns):
    """Mark the first set of repeated 二级/三级/指标值 columns as medium-term; columns that come
    once (一级, the project's columns) serve both sets."""
    seen, second = set(), None
    for position, column in enumerate(columns):
        if column.field in _REPEATING:
            if column.field in seen and second is None:
                second = position
            seen.add(column.field)
    if second is None:
        return columns
    again = {c.field for c in columns[second:] if c.read}
    first = next(p for p, c in enumerate(columns) if c.field in _REPEATING)
    return [c._replace(period=MEDIUM) if first <= p < second and c.field in again else c
            for p, c in enumerate(columns)]


def describe(column: Column) -> str:
    """How a column was understood, in words: for ``jxlint convert --columns``."""
    if column.field is None:
        return "不认识：这一列的内容没有读取" if column.heading.text else "没有表头：这一列的内容没有读取"
    names = {CAPTION: "表格的竖排标题，不是一列", LABEL: "印在表头行里的类别标签"}
    if column.field in names:
        return names[column.field]
    name = fields.label(column.field)
    if column.period == MEDIUM:
        name = name.replace("年度", "中期") if "年度" in name else f"中期{name}"
    return f"{name}（{column.field}）"


def columns_text(tables: List[Table]) -> str:
    """How each column of each table's indicator grid was read, for ``jxlint convert --columns``."""
    lines = []
    for number, table in enumerate(tables, 1):
        mode = ("按单元格内容读取（PDF 导出的表格版式，单元格可能错位）" if by_content(table.columns)
                else "按列读取") if table.columns else "没有找到指标表的表头行"
        lines.append(f"表 {number}  {table.project or '（未填项目名称）'}（第 {table.loc.line} 行起）：{mode}")
        for column in table.columns:
            place = column.heading.loc.ref or f"第 {column.index + 1} 列"
            lines.append(f"  {_pad(place, 12)}  {_pad(column.heading.text or '（空）', 24)}→ {describe(column)}")
        if table.medium_rows:
            lines.append(f"  中期指标 {len(table.medium_rows)} 条，年度指标 {len(table.rows)} 条")
    return "\n".join(lines) + "\n"


def _pad(text: str, width: int) -> str:
    """``text`` padded to ``width`` terminal columns (a Chinese character takes two)."""
    used = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(1, width - used)
