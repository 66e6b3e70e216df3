"""The report's per-table work done in the worker process that checked the table: the HTML grid
of its rows and its findings' cells on the 问题 sheet and fields in the CSV, rendered with the same
functions the writers use, so the parent only places them. They are rendered for the findings the
table had in the worker; when review removes some (a suppression), the parent renders the table
itself (aggregate.Aggregate keeps ``rendered`` only when the findings are still the same)."""
from __future__ import annotations

from typing import NamedTuple, Sequence, Tuple

from ...model.findings import Finding
from ...model.table import Table
from . import csv, html, rows, xlsx
from .workbook import Cells


class Rendered(NamedTuple):
    keys: Tuple[rows.FindingKey, ...]       # the findings rendered, in their order
    grid: str                               # html.grid of the rows
    xlsx: Tuple[Tuple[Cells, Cells, Cells], ...]  # xlsx.finding_cells of each finding
    csv: Tuple[Tuple[str, str], ...]        # csv.finding_fields of each finding


def view(table: Table, findings: Sequence[Finding]) -> rows.TableView:
    """rows.view, with what the writers render of the table."""
    viewed = rows.view(table, findings)
    by_key = {rows.finding_key(f): f for f in findings}
    placed = [(row, tuple(by_key[k] for k in row.flagged)) for row in viewed.rows]
    rendered = Rendered(tuple(map(rows.finding_key, findings)), html.grid(placed) if placed else "",
                        tuple(map(xlsx.finding_cells, findings)), tuple(map(csv.finding_fields, findings)))
    return viewed._replace(rendered=rendered)
