"""Tables as plain data, for ``jxlint convert``: JSON keeps every cell's position; YAML is the
draft format (``linter/schemas/draft.schema.json``, read back by ``linter.readers.draft``).

Keys come in one fixed order whatever the source format, so the drafts of a table diff cleanly."""
from __future__ import annotations

from typing import Dict, Iterable, List, Sequence

from ..model.table import HEADER_FIELDS, Cell, IndicatorRow, Table
from ..model import fields

DRAFT_HEADER = """\
# jxlint 草稿：绩效目标表/自评表的数据形式（格式见 README“草稿格式”，结构见 linter/schemas/draft.schema.json）。
# 由 jxlint convert 从 {source} 生成；修改后用 jxlint check 检查本文件，问题会指向这里的行。
"""


def _position(cell: Cell) -> Dict[str, object]:
    loc = cell.loc
    position = {"line": loc.line, "column": loc.column, "end_line": loc.end_line, "end_column": loc.end_column}
    if loc.ref:
        position["ref"] = loc.ref
    return position


def _ordered(cells: Dict[str, Cell], order: Sequence[str]) -> Iterable[str]:
    return [*(name for name in order if name in cells), *(name for name in cells if name not in order)]


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
    data.update((name, table.header[name].text) for name in _ordered(table.header, HEADER_FIELDS))
    data["funds"] = {name: table.funds[name].text for name in _ordered(table.funds, fields.funds_fields())}
    if table.total_weight or table.total_score:
        data["total_weight"], data["total_score"] = table.total_weight.text, table.total_score.text
    if positions:
        data["path"] = table.path
        data["line"], data["end_line"] = table.loc.line, table.loc.end_line
        data["positions"] = {name: _position(cell) for name, cell in {**table.header, **table.funds}.items()
                             if cell.loc}
    data["indicators"] = [_row(row, positions) for row in table.rows]
    if table.medium_rows:
        data["medium_indicators"] = [_row(row, positions) for row in table.medium_rows]
    return data


def tables_data(tables: List[Table], positions: bool = True) -> dict:
    return {"tables": [table_data(t, positions) for t in tables]}


def draft_yaml(tables: List[Table], source: str) -> str:
    """The tables in the draft format, as YAML."""
    import yaml

    body = yaml.safe_dump(tables_data(tables, positions=False), allow_unicode=True, sort_keys=False, width=100)
    return DRAFT_HEADER.format(source=source) + body
