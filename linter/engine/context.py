"""What a rule's condition reads: a row of a table, or the table itself, and for a rule across two
tables (linter/engine/cross) the counterpart row or table as well."""
from __future__ import annotations

from typing import List, Optional

from ..model.categories import Categories
from ..model.table import EMPTY, IndicatorRow, Table
from ..util.normalize import canon

ROW_FIELDS = IndicatorRow.FIELDS
OTHER = "other."
ABSENT = IndicatorRow(EMPTY, EMPTY, EMPTY, EMPTY)  # the side of an indicator pair that lacks it


class Context:
    """A row of a table, or the table itself (``row`` is None), as rules see it. ``dimension`` is
    what the row measures: its name's hint first (labels drift), then its 二级 label, then its 一级."""

    __slots__ = ("row", "table", "categories", "rows", "dimension")

    def __init__(self, table: Table, categories: Categories, row: Optional[IndicatorRow] = None,
                 rows: Optional[List["Context"]] = None):
        self.table, self.row, self.categories, self.rows = table, row, categories, rows or []
        self.dimension = None if row is None else (categories.dimension_from_name(canon(row.name.text))
                                                   or categories.dimension_of_label(row.level2.text)
                                                   or categories.dimension_of_level1(row.level1.text))

    def cell(self, field: str):
        if self.row is not None and field in ROW_FIELDS:
            return getattr(self.row, field)
        return self.table.field(field)

    def text(self, field: str) -> str:
        if field == "kind":
            return self.table.kind
        return self.cell(field).text


class PairContext(Context):
    """A row (or a table) with its counterpart in the other table of a pair: the approved target
    table of a 自评表, or last year's table. A side that lacks the indicator is ``ABSENT``."""

    __slots__ = ("other_table", "other_row")

    def __init__(self, table: Table, categories: Categories, other_table: Table,
                 row: Optional[IndicatorRow] = None, other_row: Optional[IndicatorRow] = None,
                 rows: Optional[List["PairContext"]] = None):
        super().__init__(table, categories, row, rows)
        self.other_table, self.other_row = other_table, other_row

    def cell(self, field: str):
        if not field.startswith(OTHER):
            return super().cell(field)
        field = field[len(OTHER):]
        if self.other_row is not None and field in ROW_FIELDS:
            return getattr(self.other_row, field)
        return self.other_table.field(field)

    def text(self, field: str) -> str:
        if field == OTHER + "kind":
            return self.other_table.kind
        return super().text(field)

    @property
    def present(self) -> str:
        return "other" if self.row is ABSENT else "this" if self.other_row is ABSENT else "both"
