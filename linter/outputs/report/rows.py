"""What a report keeps of a table's rows, made in the worker process that read the table: the
cell texts and which findings point at which cell. The Table itself is dropped there.

Findings are named by their key, not their position in a list: the parent may still drop some
(suppressions) before the report places them."""
from __future__ import annotations

from typing import Dict, List, NamedTuple, Optional, Sequence, Tuple

from ...model.findings import Finding
from ...model.table import IndicatorRow, Table

FIELDS = IndicatorRow.FIELDS
MAX_SHOWN = 2000  # characters of one cell a report shows
FindingKey = Tuple[str, int, int, str]  # rule, line, column, field: unique within a table (engine.check)


class RowView(NamedTuple):
    line: int
    cells: Tuple[str, ...]            # texts in IndicatorRow.FIELDS order
    flagged: Tuple[FindingKey, ...]   # the findings on this row's cells


class TableView(NamedTuple):
    """What a report keeps of a table (TableSummary.rows): its rows, and what the writers rendered
    of it in the worker, if they did (rendered.view)."""

    rows: Tuple[RowView, ...]
    rendered: Optional[tuple] = None


def finding_key(finding: Finding) -> FindingKey:
    return finding.rule, finding.line, finding.column, finding.field


def view(table: Table, findings: Sequence[Finding]) -> TableView:
    """Findings are placed on the cell they point at; a finding about an empty cell points at the
    table's anchor instead, so it is placed on the row its indicator names."""
    at_cell: Dict[tuple, List[Finding]] = {}
    for finding in findings:
        if finding.field in FIELDS:
            at_cell.setdefault((finding.line, finding.column, finding.ref, finding.field), []).append(finding)
    flagged: List[List[FindingKey]] = [[] for _ in table.rows]
    placed = set()
    for row, marks in zip(table.rows, flagged):
        for field, cell in zip(FIELDS, row):
            if cell.loc:
                for finding in at_cell.get((cell.loc.line, cell.loc.column, cell.loc.ref, field), ()):
                    marks.append(finding_key(finding))
                    placed.add(finding_key(finding))
    for finding in findings:
        if finding_key(finding) in placed or finding.field not in FIELDS:
            continue
        for row, marks in zip(table.rows, flagged):
            if row.name.text == finding.indicator and not getattr(row, finding.field).loc:
                marks.append(finding_key(finding))
                break
    return TableView(tuple(RowView(row.line, tuple(_shown(cell.text) for cell in row), tuple(marks))
                           for row, marks in zip(table.rows, flagged)))


def _shown(text: str) -> str:
    return text if len(text) <= MAX_SHOWN else text[:MAX_SHOWN] + "…"
