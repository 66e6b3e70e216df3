"""The header block of a table, above its grid: title, year, kind, the header fields (项目名称,
主管部门…), the funding block, and the goal texts, each found by its printed label (rules/labels.yaml).
"""
from __future__ import annotations

from typing import Dict, List, Optional, Tuple

from ..model.table import EMPTY, SELF_EVALUATION, TARGET, Cell
from ..util.normalize import canon
from . import labels as L
from .lines import Line, join


class HeaderBlock:
    """What the lines above the grid said, gathered line by line."""

    def __init__(self):
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

    @property
    def self_evaluation(self) -> bool:
        return self.kind == SELF_EVALUATION

    def title_or_year(self, line: Line) -> bool:
        """Take the line as the table's title or its year line, if it is one."""
        filled = line.filled
        if line.is_title():
            self.title = filled[0][1]
            self.kind = SELF_EVALUATION if "自评" in self.title.text else TARGET
            year = L.TITLE_YEAR.search(canon(self.title.text))
            if year:
                self.year = Cell(year.group(1), self.title.loc, self.title.raw)
            return True
        if len(filled) == 1 and not self.year and len(filled[0][1].text) < 20:
            year = L.YEAR.match(canon(filled[0][1].text).replace(" ", ""))
            if year:
                self.year = Cell(year.group(1), filled[0][1].loc, filled[0][1].raw)
                return True
        return False

    def finish(self) -> None:
        """The goal texts, gathered over the block's lines, into the header."""
        for name, pieces in self.goals.items():
            self.header[name] = join(pieces, "")

    def read(self, line: Line) -> None:
        """One line of the block: the value after each label, funding rows, goal labels and texts."""
        filled = line.filled
        used = set()
        texts: List[Tuple[int, Cell]] = []
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
                others = [i for i, c in filled if L.key(c.text) in L.OTHER_FUNDS]
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
        if not texts:
            return
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
        """The amounts after a 自评表's fund row label, each under the column at its place."""
        columns = self.fund_columns
        for at, cell in line.filled:
            if at > index:
                if at - index <= len(columns):
                    self.funds[f"{row}.{columns[at - index - 1]}"] = cell
                used.add(at)


def _put(into: Dict[str, Cell], name: str, cell: Cell) -> None:
    if cell.text:
        into[name] = cell
