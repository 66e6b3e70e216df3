"""Annotated copy of an Excel workbook: each flagged cell filled in its severity's colour, with
a cell comment giving rule id, message and suggestion (all of a cell's findings in one comment,
after any comment it already had). A hidden sheet that holds flagged cells is made visible in
the copy, or its comments could not be seen. Formulas, styles and the other sheets are kept; a last
sheet lists the findings about whole tables and the meaning of each fill colour.
"""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Dict, List, Sequence, Tuple

from ...util.atomic import write_saved
from ...model.findings import Finding
from ...model.table import sheet_name
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
    _summary_sheet(workbook, findings)
    write_saved(target, workbook.save)


SUMMARY_SHEET = "jxlint 说明"


def _summary_sheet(workbook, findings: Sequence[Finding]) -> None:
    """A last sheet that makes the copy explain itself when printed: the findings about whole tables
    (they sit on a grid cell, but concern no indicator) and what each fill colour means."""
    from openpyxl.styles import Font, PatternFill

    name = SUMMARY_SHEET
    while name in workbook.sheetnames:
        name += "'"
    sheet = workbook.create_sheet(name)
    bold = Font(bold=True)
    sheet.append(["整表问题（不属于某一条指标）"])
    sheet.append(["位置", "项目", "级别", "规则", "说明", "建议"])
    for cell in sheet[1] + sheet[2]:
        cell.font = bold
    whole = [f for f in findings if not f.indicator]
    for finding in whole:
        sheet.append([finding.ref or (f"第 {finding.line} 行" if finding.line else ""), finding.project,
                      finding.level.label, finding.rule, finding.message, finding.suggestion])
    if not whole:
        sheet.append(["（没有）"])
    sheet.append([])
    sheet.append(["填色图例"])
    sheet.cell(sheet.max_row, 1).font = bold
    for severity, meaning in (("error", "错误：必须改正"), ("warning", "警告：建议改正"), ("info", "提示：供参考")):
        sheet.append(["", meaning])
        sheet.cell(sheet.max_row, 1).fill = PatternFill("solid", fgColor=FILLS[severity])
    sheet.append(["", "单元格上的批注写明规则、说明和改写建议；jxlint explain 规则 id 查看规则的详细说明"])
    for column, width in zip("ABCDEF", (16, 24, 8, 22, 60, 60)):
        sheet.column_dimensions[column].width = width


def _by_cell(findings: Sequence[Finding], sheets: List[str]) -> Dict[Tuple[str, int, int], List[Finding]]:
    cells: Dict[Tuple[str, int, int], List[Finding]] = defaultdict(list)
    for finding in findings:
        sheet = sheet_name(finding.ref) if finding.ref else None
        if sheet in sheets and finding.line and finding.column:
            cells[sheet, finding.line, finding.column].append(finding)
    return cells
