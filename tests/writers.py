"""Write a model Table as an officer's file, with real libraries, to test the readers on real files.

``layout(table)`` lays the table out as the printed forms do: title, year line, header block,
funding block, goals, then the indicator grid with the 一级/二级指标 cells merged down their
rows (and 总分 for a 自评表). One function per format renders that layout:
``write_xlsx(table, path)`` (openpyxl) and ``write_docx(table, path)`` (python-docx).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Dict, List, Tuple

from linter.model.table import SELF_EVALUATION, Table

TARGET_HEADER = (("项目名称", "project", "项目类别", "category"), ("项目性质", "nature", None, None),
                 ("主管部门", "department", "实施单位", "unit"),
                 ("计划开始日期", "start_date", "计划完成日期", "end_date"))
TARGET_FUNDS = (("项目资金总额", "project_total", "年度资金申请总额", "annual_total"),
                ("其中：财政资金", "project_fiscal", "其中：当年财政拨款", "annual_appropriation"),
                (None, None, "上年结转资金", "annual_carryover"),
                ("其他资金", "project_other", "其他资金", "annual_other"))
FUND_ROWS = (("年度资金总额", "total"), ("其中：当年财政拨款", "appropriation"), ("上年结转资金", "carryover"),
             ("其他资金", "other"))
FUND_COLUMNS = (("年初预算数", "initial_budget"), ("全年预算数", "budget"), ("全年执行数", "executed"),
                ("分值", "weight"), ("执行率", "execution_rate"), ("得分", "score"))
GRID = {False: ("一级指标", "二级指标", "三级指标", "年度指标值"),
        True: ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施")}
ROW_FIELDS = ("level1", "level2", "name", "value", "actual", "weight", "score", "reason")


@dataclass
class Layout:
    """A table as a grid: ``rows[r][c]`` is the text at row r, column c (0-based); ``merges``
    are (first_row, first_column, last_row, last_column) ranges whose text sits top-left."""

    title: str
    year: str
    width: int
    grid_row: int = 0  # the row of the indicator grid's column headings
    rows: List[List[str]] = field(default_factory=list)
    merges: List[Tuple[int, int, int, int]] = field(default_factory=list)

    def add(self, *cells: str, spans: Dict[int, int] = None) -> int:
        row = [""] * self.width
        for column, text in enumerate(cells):
            row[column] = text or ""
        self.rows.append(row)
        for column, span in (spans or {}).items():
            self.merges.append((len(self.rows) - 1, column, len(self.rows) - 1, column + span - 1))
        return len(self.rows) - 1


def layout(table: Table) -> Layout:
    scored = table.kind == SELF_EVALUATION
    grid = Layout(table.title.text, f"({table.year.text}年度)" if table.year.text else "", 1 + len(GRID[scored]))
    _header(table, grid, scored)
    _grid(table, grid, scored)
    return grid


def _header(table: Table, grid: Layout, scored: bool) -> None:
    text = {**{k: c.text for k, c in table.header.items()}, **{k: c.text for k, c in table.funds.items()}}
    last = grid.width - 1
    if scored:
        if "project" in text:
            grid.add("项目名称", text["project"], spans={1: last})
        if "department" in text or "unit" in text:
            grid.add("主管部门", text.get("department"), "", "", "实施单位", text.get("unit"),
                     spans={1: 3, 5: last - 4})
        if table.funds or "funds_unit" in text:
            first = grid.add(f"项目资金({text.get('funds_unit', '元')})", "", "",
                             *(label for label, _ in FUND_COLUMNS))
            for label, row in FUND_ROWS:
                grid.add("", "", label, *(text.get(f"{row}.{column}") for _, column in FUND_COLUMNS))
            grid.merges.append((first, 0, first + len(FUND_ROWS), 1))
        if "annual_goal" in text or "actual_result" in text:
            first = grid.add("年度总体目标", "预期目标", "", "", "", "实际完成情况", spans={1: 4, 5: last - 4})
            grid.add("", text.get("annual_goal"), "", "", "", text.get("actual_result"), spans={1: 4, 5: last - 4})
            grid.merges.append((first, 0, first + 1, 0))
        return
    for label, key, label2, key2 in TARGET_HEADER:
        if key in text or key2 in text:
            grid.add(label, text.get(key), "", label2 if key2 in text else "", text.get(key2), spans={1: 2})
    if table.funds or "funds_unit" in text:
        first = len(grid.rows)
        for label, key, label2, key2 in TARGET_FUNDS:
            grid.add("", label, text.get(key), label2, text.get(key2))
        grid.rows[first][0] = f"项目资金({text.get('funds_unit', '万元')})"
        grid.merges.append((first, 0, first + len(TARGET_FUNDS) - 1, 0))
    if "overall_goal" in text or "annual_goal" in text:
        first = grid.add("项目绩效目标", "项目总目标", "", "年度总体目标", spans={1: 2, 3: 2})
        grid.add("", text.get("overall_goal"), "", text.get("annual_goal"), spans={1: 2, 3: 2})
        grid.merges.append((first, 0, first + 1, 0))


def _grid(table: Table, grid: Layout, scored: bool) -> None:
    head = grid.grid_row = grid.add("绩效指标", *GRID[scored])
    first = head + 1
    for row in table.rows:
        grid.add("", *(getattr(row, f).text for f in ROW_FIELDS[:len(GRID[scored])]))
    end = len(grid.rows) - 1
    if end >= first:
        grid.merges.append((head, 0, end, 0))
        _merge_runs(grid, first, end, 1)
    if scored and (table.total_weight or table.total_score):
        grid.add("", "总分", "", "", "", "", table.total_weight.text, table.total_score.text, spans={1: 5})


def _merge_runs(grid: Layout, first: int, end: int, column: int) -> None:
    """Merge each run of equal 一级 (column 1) cells, then equal 二级 cells inside each 一级 run."""
    start = first
    for row in range(first + 1, end + 2):
        if row <= end and grid.rows[row][column] == grid.rows[start][column]:
            continue
        if grid.rows[start][column] and row - 1 > start:
            for blank in range(start + 1, row):
                grid.rows[blank][column] = ""
            grid.merges.append((start, column, row - 1, column))
        if column == 1:
            _merge_runs(grid, start, row - 1, 2)
        start = row


# ---- formats -------------------------------------------------------------------------------
_PLAIN = re.compile(r"(?:0|[1-9]\d*)(?:\.\d+)?")
_GROUPED = re.compile(r"[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?")
_PERCENT = re.compile(r"(?:0|[1-9]\d*)(?:\.\d+)?%")


def excel_value(text: str):
    """A cell's text as an officer's sheet holds it: amounts and rates as numbers with a
    number format that shows them as written, everything else as text."""
    for pattern, grouping, percent in ((_PLAIN, "", False), (_GROUPED, "#,##", False), (_PERCENT, "", True)):
        digits = text.rstrip("%").replace(",", "")
        if pattern.fullmatch(text) and len(digits) <= 15:
            decimals = len(digits.partition(".")[2])
            number = float(digits) / 100 if percent else float(digits) if decimals else int(digits)
            return number, f"{grouping}0{'.' + '0' * decimals if decimals else ''}{'%' if percent else ''}"
    return text, "General"


def write_xlsx(table: Table, path, sheet: str = "绩效目标表") -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    fill_sheet(workbook.active, table, sheet)
    workbook.save(path)


def fill_sheet(worksheet, table: Table, title: str = None, first_row: int = 1, spacers: bool = False,
               grid: Layout = None) -> int:
    """Lay ``table`` out on a worksheet from ``first_row`` (as ``grid`` when given); returns the
    next free row. With ``spacers``, a blank row follows the year line and precedes the grid."""
    from openpyxl.styles import Alignment, Font

    if title:
        worksheet.title = title
    grid = grid or layout(table)
    row = first_row
    for line, bold in ((grid.title, True), (grid.year, False)):
        if line:
            worksheet.cell(row, 1, line).font = Font(bold=bold, size=16 if bold else 11)
            worksheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=grid.width)
            worksheet.cell(row, 1).alignment = Alignment(horizontal="center")
            row += 1
    row += spacers

    def at(r: int) -> int:
        return row + r + (spacers and r >= grid.grid_row)

    for r, texts in enumerate(grid.rows):
        for c, text in enumerate(texts):
            if text:
                value, number_format = excel_value(text)
                cell = worksheet.cell(at(r), c + 1, value)
                if isinstance(value, str) and value.startswith("="):
                    cell.data_type = "s"  # "=1套" is text, not a formula
                cell.number_format = number_format
                cell.alignment = Alignment(vertical="center", wrap_text=True)
    for r1, c1, r2, c2 in grid.merges:
        worksheet.merge_cells(start_row=at(r1), start_column=c1 + 1, end_row=at(r2), end_column=c2 + 1)
    for column, width in zip("ABCDEFGHI", (10, 14, 16, 30, 16, 16, 8, 8, 30)):
        worksheet.column_dimensions[column].width = width
    return at(len(grid.rows) - 1) + 1


def write_docx(table: Table, path) -> None:
    from docx import Document

    document = Document()
    fill_document(document, table)
    document.save(path)


def fill_document(document, table: Table, grid: Layout = None) -> None:
    """Append ``table`` (as ``grid`` when given) to a Word document: title and year as centred
    paragraphs, the rest one table."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    grid = grid or layout(table)
    if grid.title:
        document.add_heading(grid.title, level=1).alignment = WD_ALIGN_PARAGRAPH.CENTER
    if grid.year:
        document.add_paragraph(grid.year).alignment = WD_ALIGN_PARAGRAPH.CENTER
    word = document.add_table(rows=len(grid.rows), cols=grid.width)
    word.style = "Table Grid"
    for r, texts in enumerate(grid.rows):  # before merging: a merge removes the cells it spans
        cells = word.rows[r].cells
        for c, text in enumerate(texts):
            if text:
                cells[c].text = text
    for r1, c1, r2, c2 in grid.merges:
        word.rows[r1].cells[c1].merge(word.rows[r2].cells[c2])  # rows[r].cells is cheaper than table.cell()
