"""Tables as plain data, for ``jxlint convert``: JSON keeps every cell's position; YAML is the
editable draft form, values only."""
from __future__ import annotations

from typing import Dict, List

from .model import Cell, IndicatorRow, Table


def _position(cell: Cell) -> Dict[str, object]:
    loc = cell.loc
    position = {"line": loc.line, "column": loc.column, "end_line": loc.end_line, "end_column": loc.end_column}
    if loc.ref:
        position["ref"] = loc.ref
    return position


def _row(row: IndicatorRow, positions: bool) -> dict:
    data = {field: getattr(row, field).text for field in row.FIELDS if getattr(row, field).text
            or field in ("level1", "level2", "name", "value")}
    if positions:
        data["line"] = row.line
        data["positions"] = {field: _position(getattr(row, field)) for field in row.FIELDS
                             if getattr(row, field).loc}
    return data


def table_data(table: Table, positions: bool = True) -> dict:
    data = {"kind": table.kind, "title": table.title.text, "year": table.year.text}
    data.update({name: cell.text for name, cell in table.header.items()})
    data["funds"] = {name: cell.text for name, cell in table.funds.items()}
    if table.total_weight or table.total_score:
        data["total_weight"], data["total_score"] = table.total_weight.text, table.total_score.text
    if positions:
        data["path"] = table.path
        data["line"], data["end_line"] = table.loc.line, table.loc.end_line
        data["positions"] = {name: _position(cell) for name, cell in {**table.header, **table.funds}.items()
                             if cell.loc}
    data["indicators"] = [_row(row, positions) for row in table.rows]
    return data


def tables_data(tables: List[Table], positions: bool = True) -> dict:
    return {"tables": [table_data(t, positions) for t in tables]}
