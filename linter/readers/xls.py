"""Reader for old Excel workbooks (.xls, BIFF8), what many budget systems and WPS still save.

Read with xlrd and its formatting information, so that numbers are shown through their number
formats as Excel shows them (0.95 formatted 0% is "95%") and merged ranges are known; then
the same logic as the .xlsx reader: every sheet (hidden ones say so in their positions),
vertically merged category labels carried down, the shared table logic on the rows.
python-calamine reads .xls faster (about 7× on a 40,000-cell sheet) but gives no number
formats, so a percentage would be read as 0.95: a wrong answer, which this reader must not give.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterator, List, Sequence, Tuple

from ..util.errors import InputError
from ..model.table import EMPTY, MAX_CELL, Cell, Location, Table
from ..util.normalize import clean
from . import ooxml, tables
from .xlsx import HIDDEN, carry_merged_labels, display


def read(path) -> List[Table]:
    path = Path(path)
    book = _open(path)
    return [table for sheet in book.sheets() for table in tables.parse_rows(_rows(book, sheet), str(path))]


def _open(path: Path):
    import xlrd

    with open(path, "rb") as f:
        head = f.read(8)
    if not head.startswith(ooxml.OLE_MAGIC):
        if head.startswith(b"PK"):
            raise InputError("这是新版 Excel 工作簿（.xlsx），扩展名却是“.xls”：请把扩展名改为 .xlsx")
        raise InputError("不是有效的 .xls 工作簿：文件已损坏、不完整，或是改了扩展名的其他文件")
    try:
        return xlrd.open_workbook(str(path), formatting_info=True, logfile=_Quiet())
    except Exception as error:  # a hostile file can fail anywhere inside the parser
        if "encrypted" in str(error).lower():
            raise InputError("文件有密码保护（加密的 Excel 文件），无法读取：请在 Excel 或 WPS 里取消密码后另存，再检查") from None
        raise InputError(f".xls 工作簿内容无效，无法读取（{ooxml.one_line(error)}）"
                         "：若是 Word 的 .doc 文件，请另存为 .docx") from None


class _Quiet:
    """xlrd's log: kept off the user's terminal."""

    def write(self, text: str) -> None:
        pass


def _rows(book, sheet) -> Iterator[Tuple[int, Sequence[Cell]]]:
    suffix = HIDDEN if sheet.visibility else ""

    def rows():
        for r in range(sheet.nrows):
            cells = [_cell(book, sheet, r, c, suffix) for c in range(sheet.row_len(r))]
            if any(cells):
                yield r + 1, cells

    merges = [(top + 1, left + 1, bottom) for top, bottom, left, right in sheet.merged_cells if bottom - top > 1]
    return carry_merged_labels(rows(), merges)


def _cell(book, sheet, r: int, c: int, suffix: str) -> Cell:
    import xlrd

    cell = sheet.cell(r, c)
    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
        return EMPTY
    value = cell.value
    if cell.ctype == xlrd.XL_CELL_DATE:
        value = xlrd.xldate.xldate_as_datetime(value, book.datemode)
    elif cell.ctype == xlrd.XL_CELL_BOOLEAN:
        value = bool(value)
    elif cell.ctype == xlrd.XL_CELL_NUMBER and float(value).is_integer():
        value = int(value)
    shown = display(value, _number_format(book, cell))
    if not shown:
        return EMPTY
    raw = shown[:MAX_CELL]
    text = clean(raw)
    ref = f"{sheet.name}!{xlrd.formula.cellname(r, c)}{suffix}"
    return Cell(text, Location(r + 1, c + 1, r + 1, c + 2, ref), raw) if text else EMPTY


def _number_format(book, cell) -> str:
    xf = book.xf_list[cell.xf_index] if cell.xf_index is not None else None
    found = book.format_map.get(xf.format_key) if xf is not None else None
    return found.format_str if found is not None else "General"

