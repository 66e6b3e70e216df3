"""Reader for Word documents (.docx) that hold the tables as Word tables.

The body is read in order: each paragraph (the title, the year line "(2022 年度)", notes) is a
one-cell row, and each Word table gives its rows. They go through the same classification by
content as extracted text (``tables.parse_rows``), so a document may hold several tables and
the header block may be in paragraphs or inside the Word table.

Merged cells are read from the table XML, so each logical row is read once: a cell spanning
columns (``gridSpan``) is one cell at its first column, and the rows below a vertically
merged cell (``vMerge``) repeat it only when it is a 一级/二级 category label (known by its
wording), as the xlsx reader does.

Positions: a table cell is ``表2 行3 列4`` (the document's second table, its third row, fourth
grid column) with line = row number inside that table; a paragraph is ``段落 5``, line 5.
"""
from __future__ import annotations

from pathlib import Path
from typing import Dict, Iterator, List, Sequence, Tuple

from ..model import categories
from ..util.errors import InputError
from ..model.table import EMPTY, MAX_CELL, Cell, Location, Table
from ..util.normalize import clean
from . import ooxml, tables

MAX_COLUMNS = 1_000  # grid columns of a Word table row (Word itself allows 63)


def read(path) -> List[Table]:
    path = Path(path)
    ooxml.check(path, "word")
    return list(tables.parse_rows(_rows(_open(path)), str(path)))


def _open(path: Path):
    import docx

    try:
        document = docx.Document(str(path))
    except Exception as error:  # a hostile file can fail anywhere inside the parser
        raise InputError(f"Word 文档内容无效，无法读取（{type(error).__name__}：{ooxml.one_line(error)}）") from None
    if not hasattr(document.element, "body"):  # a main part of another kind opens, then has no body
        raise InputError("Word 文档内容无效，无法读取（主体部分不是 Word 正文）")
    return document


def _rows(document) -> Iterator[Tuple[int, Sequence[Cell]]]:
    from docx.table import Table as WordTable

    paragraphs = tables = 0
    for block in document.iter_inner_content():
        if isinstance(block, WordTable):
            tables += 1
            yield from _table_rows(block, tables)
        else:
            paragraphs += 1
            cell = _cell(block.text, Location(paragraphs, 1, paragraphs, len(block.text) + 1, f"段落 {paragraphs}"))
            if cell:
                yield paragraphs, [cell]


def _table_rows(table, number: int) -> Iterator[Tuple[int, List[Cell]]]:
    """Each row of a Word table as cells at their grid columns (0-based index = column - 1)."""
    from docx.table import _Cell

    cats = categories.load()
    above: Dict[int, Cell] = {}
    for row_number, tr in enumerate(table._tbl.tr_lst, 1):
        cells: List[Cell] = []
        column = _bounded(tr.grid_before, number, row_number)
        for tc in tr.tc_lst:
            span = tc.grid_span
            if tc.vMerge == "continue":
                top = above.get(column, EMPTY)
                cell = top if cats.level1_group(top.text) or cats.dimension_of_label(top.text) else EMPTY
            else:
                loc = Location(row_number, column + 1, row_number, column + 1 + span,
                               f"表{number} 行{row_number} 列{column + 1}")
                cell = above[column] = _cell(_Cell(tc, table).text, loc)
            cells.extend([EMPTY] * (column - len(cells)))
            cells.append(cell)
            column = _bounded(column + span, number, row_number)
        if any(cells):
            yield row_number, cells


def _bounded(column: int, table: int, row: int) -> int:
    if column > MAX_COLUMNS:
        raise InputError(f"Word 表格（表{table} 第 {row} 行）的列数超过 {MAX_COLUMNS}"
                         "（gridBefore/gridSpan 大得异常），不像绩效目标表，未读取")
    return column


def _cell(raw: str, loc: Location) -> Cell:
    raw = raw[:MAX_CELL]
    shown = clean(raw)
    return Cell(shown, loc, raw) if shown else EMPTY

