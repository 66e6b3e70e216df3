"""The document model every reader produces and every rule reads.

Positions are 1-based; ``end_column`` is exclusive, as in SARIF.  ``ref`` is the
format's own name for the place (``Sheet1!C12``, ``表2 行3 列4``) where lines and
columns alone would not tell a user where to look.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping, NamedTuple, Optional

MAX_CELL = 20_000  # characters of one cell the readers keep; the rest of a pathological cell is dropped
TARGET = "target"             # 绩效目标表 / 绩效目标申报表
SELF_EVALUATION = "self-evaluation"  # 绩效自评表
# The keys of Table.header, in the order a table prints them.
HEADER_FIELDS = ("project", "category", "nature", "department", "unit", "start_date", "end_date", "funds_unit",
                 "overall_goal", "annual_goal", "actual_result")


class Location(NamedTuple):
    line: int = 0
    column: int = 0
    end_line: int = 0
    end_column: int = 0
    ref: str = ""

    def __bool__(self) -> bool:
        return bool(self.line or self.ref)


class Cell(NamedTuple):
    """A piece of source text: ``text`` is cleaned for display and rules, ``raw`` is as found.

    Cells and locations are named tuples: a large table makes tens of thousands of them."""

    text: str = ""
    loc: Location = Location()
    raw: str = ""

    def __bool__(self) -> bool:
        return bool(self.text)


EMPTY = Cell()


class IndicatorRow(NamedTuple):
    """One indicator. ``value`` is its target as a whole, as rules and messages see it: where the
    grid splits the target over 指标性质 | 指标值 | 度量单位, ``value`` joins them ("≥" "90" "%" →
    "≥90%") at the 指标值 cell's place, and ``comparator`` and ``measure_unit`` keep the printed parts."""

    level1: Cell
    level2: Cell
    name: Cell
    value: Cell
    actual: Cell = EMPTY
    weight: Cell = EMPTY
    score: Cell = EMPTY
    reason: Cell = EMPTY
    comparator: Cell = EMPTY    # 指标性质 / 指标方向: ≥ ≤ =, or 定性/定量
    measure_unit: Cell = EMPTY  # 度量单位 / 计量单位
    note: Cell = EMPTY          # 指标解释 / 指标值说明 / 评分标准 / 备注
    direction: Cell = EMPTY     # 指标方向性: 正向/反向

    @property
    def line(self) -> int:
        """The row's own first line (category labels may have been printed rows away)."""
        return min((c.loc.line for c in self[2:] if c.loc.line), default=self.level2.loc.line)


IndicatorRow.FIELDS = IndicatorRow._fields


@dataclass(frozen=True)
class Table:
    """One 绩效目标表 or 自评表.

    ``header`` maps the English names of HEADER_FIELDS to cells;
    ``funds`` does the same for the funding block (see ``linter.readers.labels``).
    """

    path: str
    kind: str
    title: Cell
    year: Cell
    header: Mapping[str, Cell]
    funds: Mapping[str, Cell]
    rows: tuple
    total_weight: Cell = EMPTY
    total_score: Cell = EMPTY
    loc: Location = field(default_factory=Location)
    medium_rows: tuple = ()  # 中期 indicators of a grid that gives 中期 and 年度 side by side
    columns: tuple = ()      # the grid's columns as read off its header (linter.readers.columns.Column)
    cut: tuple = ()          # cells too long to keep whole: only their first MAX_CELL characters were read

    @property
    def project(self) -> str:
        return self.header.get("project", EMPTY).text

    @property
    def year_number(self) -> Optional[int]:
        digits = "".join(ch for ch in self.year.text if ch.isdigit())
        return int(digits[:4]) if len(digits) >= 4 else None

    def field(self, name: str) -> Cell:
        if name == "year":
            return self.year
        if name == "title":
            return self.title
        return self.header.get(name) or self.funds.get(name) or EMPTY


def sheet_name(ref: str) -> str:
    """The sheet a position names: ``Sheet1!C12`` → ``Sheet1``."""
    return ref.rsplit("!", 1)[0]
