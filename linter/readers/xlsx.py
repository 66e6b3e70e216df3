"""Reader for Excel workbooks (.xlsx), as the budget system exports them and officers edit them.

Every sheet is read, row by row, and its filled rows go through the same classification by
content as extracted text (``text.parse_rows``): header rows are found by their labels, a
category cell by its wording, and a new title or a second 项目名称 starts a new table, so a
sheet may hold several tables and a workbook several sheets. Blank spacer rows are dropped.

Merged cells: openpyxl keeps a merged range's value in its top-left cell. A vertically merged
一级/二级指标 (a category label by its wording) is carried to every row of its range, so each
indicator row carries its own categories; other merged ranges (a long goal text, the
项目资金 caption) keep their value in the top-left cell only, as the page shows it.

Hidden sheets are read too — hiding a sheet does not take it out of the file that is
submitted — and their positions say so: ``旧版!C12（隐藏的工作表）``.

Cells are shown as Excel shows them: numbers through their number format (0.00, #,##0,
0.00%), dates as 2022年1月1日, formulas by their cached value (``data_only``). The workbook
is not opened read-only because openpyxl's read-only sheets do not report merged ranges.
"""
from __future__ import annotations

import datetime
import re
import warnings
from pathlib import Path
from typing import Dict, Iterator, List, Sequence, Tuple

from .. import categories
from ..errors import InputError
from ..model import EMPTY, Cell, Location, Table
from ..normalize import clean
from . import ooxml, text

HIDDEN = "（隐藏的工作表）"
_FORMAT_LITERALS = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|[_*].')
_DECIMALS = re.compile(r"\.([0#?]+)")


def read(path) -> List[Table]:
    path = Path(path)
    ooxml.check(path, "excel")
    workbook = _open(path)
    try:
        return [table for sheet in workbook.worksheets for table in text.parse_rows(_rows(sheet), str(path))]
    finally:
        workbook.close()


def _open(path: Path):
    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about extensions it drops (data validation, images)
            return openpyxl.load_workbook(path, data_only=True)
    except Exception as error:  # a hostile file can fail anywhere inside the parser
        raise InputError(f"Excel 工作簿内容无效，无法读取（{type(error).__name__}：{ooxml.one_line(error)}）") from None


def sheet_name(ref: str) -> str:
    """The sheet a position names: ``Sheet1!C12`` → ``Sheet1``."""
    return ref.rsplit("!", 1)[0]


def _rows(sheet) -> Iterator[Tuple[int, Sequence[Cell]]]:
    suffix = HIDDEN if sheet.sheet_state != "visible" else ""
    carried = _carried_labels(sheet, suffix)
    for row in sheet.iter_rows():
        cells = [carried.get((c.row, c.column)) or _cell(sheet.title, c, suffix) for c in row]
        if any(cells):
            yield row[0].row, cells


def _cell(sheet: str, cell, suffix: str) -> Cell:
    shown = display(cell.value, cell.number_format)
    if not shown:
        return EMPTY
    raw = shown[:text.MAX_CELL]
    return Cell(clean(raw), Location(cell.row, cell.column, cell.row, cell.column + 1,
                                     f"{sheet}!{cell.coordinate}{suffix}"), raw)


def _carried_labels(sheet, suffix: str) -> Dict[Tuple[int, int], Cell]:
    """The top-left cell of each vertically merged category label, at every lower row of its range."""
    cats = categories.load()
    carried = {}
    for merged in sheet.merged_cells.ranges:
        if merged.min_row == merged.max_row:
            continue
        top = _cell(sheet.title, sheet.cell(merged.min_row, merged.min_col), suffix)
        if top and (cats.level1_group(top.text) or cats.dimension_of_label(top.text)):
            for row in range(merged.min_row + 1, merged.max_row + 1):
                carried[row, merged.min_col] = top
    return carried


def display(value, number_format: str = "General") -> str:
    """A cell value as Excel shows it."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        value = value.date()
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, (int, float)):
        return _number(value, number_format or "General")
    return str(value)


def _number(value, number_format: str) -> str:
    section = _FORMAT_LITERALS.sub("", number_format.split(";")[0])
    if "0" not in section and "#" not in section:  # General, text (@), or a format with no digits
        return f"{value:.15g}" if isinstance(value, float) else str(value)
    decimals = _DECIMALS.search(section)
    places = len(decimals.group(1)) if decimals else 0
    grouping = "," if re.search(r"[0#],[0#]", section) else ""
    if "%" in section:
        return f"{value * 100:{grouping}.{places}f}%"
    return f"{value:{grouping}.{places}f}"
