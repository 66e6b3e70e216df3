"""Reader for Excel workbooks (.xlsx), as the budget system exports them and officers edit them.

Every sheet is read, row by row, and its filled rows go through the same classification by
content as extracted text (``tables.parse_rows``): header rows are found by their labels, a
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
import zipfile
from collections import defaultdict
from pathlib import Path
from typing import Dict, Iterable, Iterator, List, Sequence, Tuple

from ..model import categories
from ..util.errors import InputError
from ..util.files import MAX_CELLS
from ..model.table import EMPTY, MAX_CELL, Cell, Location, Table
from ..util.normalize import clean
from . import ooxml, tables

HIDDEN = "（隐藏的工作表）"
_FORMAT_LITERALS = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|[_*].')
_DECIMALS = re.compile(r"\.([0#?]+)")


def read(path) -> List[Table]:
    path = Path(path)
    ooxml.check(path, "excel")
    _check_size(path)
    workbook = _open(path)
    return [table for sheet in workbook.worksheets for table in tables.parse_rows(_rows(sheet), str(path))]


def _open(path: Path):
    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about extensions it drops (data validation, images)
            return openpyxl.load_workbook(path, data_only=True)
    except Exception as error:  # a hostile file can fail anywhere inside the parser
        raise InputError(f"Excel 工作簿内容无效，无法读取（{type(error).__name__}：{ooxml.one_line(error)}）") from None


def _check_size(path: Path) -> None:
    """openpyxl makes an object for every cell a sheet holds and for every cell of a merged range,
    so one range over a whole sheet (A1:XFD1048576) would exhaust memory: count both before it runs,
    reading each sheet part as openpyxl will (the sheets the workbook lists, its XML parser's view of
    the attributes), a part that several sheets point at once for each of them."""
    from openpyxl.packaging.relationship import get_dependents, get_rels_path
    from openpyxl.packaging.workbook import WorkbookPackage
    from openpyxl.reader.excel import ExcelReader, _find_workbook_part
    from openpyxl.xml.functions import fromstring

    try:  # the steps of openpyxl's WorkbookParser.find_sheets, without the Workbook it builds
        reader = ExcelReader(str(path), read_only=True)
        reader.read_manifest()
        part = _find_workbook_part(reader.package).PartName[1:]
        sheets = WorkbookPackage.from_tree(fromstring(reader.archive.read(part))).sheets
        relations = get_dependents(reader.archive, get_rels_path(part)).to_dict()
        targets = [relations[sheet.id].target for sheet in sheets if sheet.id]
    except Exception:  # noqa: BLE001 -- openpyxl fails on it again, and _open names the error
        return
    counted: Dict[str, int] = {}
    total = 0
    with zipfile.ZipFile(path) as package:
        names = set(package.namelist())
        for target in targets:
            if target in names and target not in counted:
                counted[target] = _cells_in(package, target)
            total += counted.get(target, 0)
            if total > MAX_CELLS:
                raise InputError(f"工作表的单元格与合并单元格共覆盖至少 {total} 个单元格（上限 {MAX_CELLS}），"
                                 "大得异常，不像绩效目标表，未读取")


def _cells_in(package: zipfile.ZipFile, name: str) -> int:
    """The cells a sheet part holds plus those its merged ranges cover (a whole row or column
    counted at Excel's full size)."""
    from xml.etree.ElementTree import ParseError, iterparse  # DTDs were refused by ooxml.check

    from openpyxl.utils import range_boundaries

    count = 0
    try:
        with package.open(name) as part:
            for _, element in iterparse(part):
                tag = element.tag.rsplit("}", 1)[-1]
                if tag == "c":
                    count += 1
                elif tag == "mergeCell":
                    count += _area(range_boundaries, element.get("ref") or "")
                if count > MAX_CELLS:
                    return count
                if tag in ("row", "mergeCell", "c"):
                    element.clear()
    except ParseError:  # openpyxl fails on it again, and _open names the error
        pass
    return count


def _area(boundaries, ref: str) -> int:
    try:
        first_column, first_row, last_column, last_row = boundaries(ref)
    except (ValueError, TypeError):
        return 0
    columns = (last_column or 16_384) - (first_column or 1) + 1
    rows = (last_row or 1_048_576) - (first_row or 1) + 1
    return max(columns, 1) * max(rows, 1)


def _rows(sheet) -> Iterator[Tuple[int, Sequence[Cell]]]:
    """The sheet's filled rows, each a list of cells by column (index = column - 1), with each
    vertically merged category label repeated on the rows below its top-left cell."""
    suffix = HIDDEN if sheet.sheet_state != "visible" else ""
    # Only the cells the file holds: iter_rows() would create every cell of the used range, and a
    # stray cell at XFD1048576 makes that range seventeen billion cells.
    filled = defaultdict(list)
    for cell in sheet._cells.values():
        if cell.value is not None:
            filled[cell.row].append(cell)

    def rows():
        for number in sorted(filled):
            cells = [EMPTY] * max(c.column for c in filled[number])
            for found in filled[number]:
                cells[found.column - 1] = _cell(sheet.title, found, suffix)
            yield number, cells

    merges = [(m.min_row, m.min_col, m.max_row) for m in sheet.merged_cells.ranges if m.max_row > m.min_row]
    return carry_merged_labels(rows(), merges)


def carry_merged_labels(rows: Iterable[Tuple[int, List[Cell]]],
                        merges: Iterable[Tuple[int, int, int]]) -> Iterator[Tuple[int, List[Cell]]]:
    """Rows with each vertically merged category label repeated on the rows below its top-left
    cell. ``merges`` are (first row, column, last row), 1-based, of the vertical merged ranges."""
    cats = categories.load()
    merges = sorted(merges)
    labels: Dict[int, Tuple[int, Cell]] = {}  # column -> (last row of its merged range, the label)
    next_merge = 0
    for number, cells in rows:
        while next_merge < len(merges) and merges[next_merge][0] <= number:
            top, column, last = merges[next_merge]
            next_merge += 1
            label = cells[column - 1] if top == number and column <= len(cells) else EMPTY
            if cats.label_kind(label.text):
                labels[column] = (last, label)
        for column, (last, label) in list(labels.items()):
            if number > last:
                del labels[column]
                continue
            cells.extend([EMPTY] * (column - len(cells)))
            cells[column - 1] = cells[column - 1] or label
        if any(cells):
            yield number, cells


def _cell(sheet: str, cell, suffix: str) -> Cell:
    shown = display(cell.value, cell.number_format)
    if not shown:
        return EMPTY
    raw = shown[:MAX_CELL]
    return Cell(clean(raw), Location(cell.row, cell.column, cell.row, cell.column + 1,
                                     f"{sheet}!{cell.coordinate}{suffix}"), raw)


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
