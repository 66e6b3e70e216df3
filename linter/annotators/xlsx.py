"""Annotated copy of an Excel workbook: each flagged cell filled in its severity's colour, with
a cell comment giving rule id, message and suggestion (all of a cell's findings in one comment,
after any comment it already had). A hidden sheet that holds flagged cells is made visible in
the copy, or its comments could not be seen. Formulas, styles and the other sheets are kept.
"""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Dict, List, Sequence, Tuple

from ..atomic import write_saved
from ..findings import Finding
from ..readers.xlsx import sheet_name
from . import FILLS, note_text


def annotate(source: Path, findings: Sequence[Finding], target: Path) -> None:
    import openpyxl
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    workbook = openpyxl.load_workbook(source)
    for (sheet, row, column), found in _by_cell(findings, workbook.sheetnames).items():
        worksheet = workbook[sheet]
        worksheet.sheet_state = "visible"
        cell = worksheet.cell(row, column)
        worst = max(found, key=lambda f: f.level)
        cell.fill = PatternFill("solid", fgColor=FILLS[worst.severity])
        note = note_text(found)
        if cell.comment is not None:
            note = f"{cell.comment.text}\n\n{note}"
        cell.comment = Comment(note, "jxlint", width=360, height=min(600, 60 + 18 * note.count("\n") + len(note) // 2))
    write_saved(target, workbook.save)


def _by_cell(findings: Sequence[Finding], sheets: List[str]) -> Dict[Tuple[str, int, int], List[Finding]]:
    cells: Dict[Tuple[str, int, int], List[Finding]] = defaultdict(list)
    for finding in findings:
        sheet = sheet_name(finding.ref) if finding.ref else None
        if sheet in sheets and finding.line and finding.column:
            cells[sheet, finding.line, finding.column].append(finding)
    return cells
