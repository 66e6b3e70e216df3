"""What a report keeps of a table's rows, made in the worker process that read the table: the
cell texts and which findings point at which cell. The Table itself is dropped there."""
from __future__ import annotations

from typing import Dict, List, NamedTuple, Sequence, Tuple

from ..findings import Finding
from ..model import IndicatorRow, Table

FIELDS = IndicatorRow.FIELDS
MAX_SHOWN = 2000  # characters of one cell a report shows


class RowView(NamedTuple):
    line: int
    cells: Tuple[str, ...]                 # texts in IndicatorRow.FIELDS order
    flagged: Tuple[Tuple[str, int], ...]   # (field, index of the finding among the table's findings)


def view(table: Table, findings: Sequence[Finding]) -> Tuple[RowView, ...]:
    """Findings are placed on the cell they point at; a finding about an empty cell points at the
    table's anchor instead, so it is placed on the row its indicator names."""
    at_cell: Dict[tuple, List[int]] = {}
    for number, finding in enumerate(findings):
        if finding.field in FIELDS:
            at_cell.setdefault((finding.line, finding.column, finding.ref, finding.field), []).append(number)
    flagged: List[List[Tuple[str, int]]] = [[] for _ in table.rows]
    placed = set()
    for row, marks in zip(table.rows, flagged):
        for field, cell in zip(FIELDS, row):
            if cell.loc:
                for number in at_cell.get((cell.loc.line, cell.loc.column, cell.loc.ref, field), ()):
                    marks.append((field, number))
                    placed.add(number)
    for number, finding in enumerate(findings):
        if number in placed or finding.field not in FIELDS:
            continue
        for row, marks in zip(table.rows, flagged):
            if row.name.text == finding.indicator and not getattr(row, finding.field).loc:
                marks.append((finding.field, number))
                break
    return tuple(RowView(row.line, tuple(cell.text[:MAX_SHOWN] for cell in row), tuple(marks))
                 for row, marks in zip(table.rows, flagged))
