"""Tables built from the small dictionaries of a rule's examples (and of tests).

A row example is a mapping of row fields (level1, level2, name, value, …) that may also
carry table fields (year, kind, project…); a table example has table fields and ``rows``,
and a 自评表 example its ``total_weight`` and ``total_score`` (the 总分 row); ``columns`` lists the
headings of the grid's header line, read as a reader reads them; ``long_cell: N`` gives the table a
goal text of N characters that a reader had to cut.

An example of a rule ``across`` two tables has ``this`` and ``other``, each a table (or row)
example: for ``approved`` this is a 自评表 and other its target table; for ``previous-year``
other is the year before.
"""
from __future__ import annotations

from ..model.table import EMPTY, HEADER_FIELDS, SELF_EVALUATION, TARGET, Cell, IndicatorRow, Location, Table
from .columns import grid

TABLE_KEYS = HEADER_FIELDS + ("year", "kind", "funds", "rows", "total_weight", "total_score", "columns", "long_cell")


def cell(text, line: int = 1) -> Cell:
    text = "" if text is None else str(text)
    return Cell(text, Location(line, 1, line, len(text) + 1), text) if text else EMPTY


def row(spec: dict, line: int = 1) -> IndicatorRow:
    return IndicatorRow(**{f: cell(spec.get(f), line) for f in IndicatorRow.FIELDS})


def table(spec: dict, path: str = "<example>") -> Table:
    rows = spec.get("rows")
    if rows is None:  # a row example: the mapping is the row
        rows = [{k: v for k, v in spec.items() if k not in TABLE_KEYS}]
    header = {k: cell(spec[k]) for k in HEADER_FIELDS if spec.get(k) is not None}
    funds = {k: cell(v) for k, v in (spec.get("funds") or {}).items()}
    last = len(rows) + 2  # the 总分 row follows the indicators
    return Table(path=path, kind=spec.get("kind", TARGET), title=EMPTY, year=cell(spec.get("year", 2022)),
                 header=header, funds=funds, rows=tuple(row(r, i + 2) for i, r in enumerate(rows)),
                 total_weight=cell(spec.get("total_weight"), last), total_score=cell(spec.get("total_score"), last),
                 loc=Location(1, 1, last, 2), columns=_columns(spec.get("columns") or ()),
                 cut=(cell("长" * spec["long_cell"]),) if spec.get("long_cell") else ())


def pair(spec: dict, relation: str) -> tuple:
    """(this table, other table) of a cross-table example."""
    this = dict(spec["this"])
    other = dict(spec["other"])
    if relation == "approved":
        this.setdefault("kind", SELF_EVALUATION)
    else:
        other.setdefault("year", int(this.get("year", 2022)) - 1)
    return table(this, "<本表>"), table(other, "<对照表>")


def _columns(headings) -> tuple:
    return grid([(index, cell(heading)) for index, heading in enumerate(headings)]).columns
