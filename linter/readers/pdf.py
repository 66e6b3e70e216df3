"""Reader for text PDFs (pdfplumber): ruled tables are extracted cell by cell; text outside them,
and pages whose tables have no ruling lines, are split into cells at wide gaps between words.
Either way the rows then go through the text reader's logic (``grid``).

Positions: ``line`` is a running row number over the whole document, ``column`` the cell's
number in its row, and ``ref`` names the place on paper: "第2页 表1 行3 列4", or
"第1页 表外 行2 列1" for text outside a ruled table.
"""
from __future__ import annotations

import contextlib
import logging
import re
import signal
import zlib
from pathlib import Path
from typing import Iterator, List

from ..util.errors import InputError
from ..util.files import read_bytes
from ..model.table import Location, Table
from . import grid

DAMAGED = "PDF 文件已损坏或不完整，无法读取；请重新导出或下载"
MIN_WORD_GAP = 0.5  # a gap wider than this many character widths separates two cells of unruled text
MAX_UNPACKED = 100 * 1024 * 1024  # bytes the file's compressed streams may unpack to, all together
MAX_SECONDS = 30  # to read one PDF's pages: a content stream of millions of operators stops here
_STREAM = re.compile(rb"stream\r?\n")
_CHUNK = 1 << 20
for _library in ("pdfminer", "pdfplumber"):  # their warnings about damaged files are not the user's business
    logging.getLogger(_library).addHandler(logging.NullHandler())
    logging.getLogger(_library).propagate = False


class _OutOfTime(BaseException):
    """Raised by the alarm; a BaseException, so that pdfminer's ``except Exception`` lets it pass."""


def read(path) -> List[Table]:
    path = Path(path)
    data = read_bytes(path)
    if b"%PDF-" not in data[:1024]:
        raise InputError("不是 PDF 文件（文件开头没有 %PDF 标记，扩展名可能不对）")
    _check_streams(data)
    del data
    pages = _pages(path)
    if not any(cell for lines in pages for _, _, cells in lines for cell in cells):
        if _page_tree_loops(path):
            raise InputError("PDF 的页面目录自相循环（文件已损坏），读不出表格；请重新导出或下载")
        raise InputError("PDF 没有文字层（可能是扫描件），读不出表格；请用原始电子文件，或先做文字识别（OCR）")
    return grid.parse(list(_rows(pages)), str(path))


def _pages(path: Path) -> List[list]:
    """Each page as lines in reading order: ("table", n, cells) for a row of the n-th ruled
    table, ("text", 0, cells) for a line of other text."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        with _time_bound(MAX_SECONDS), pdfplumber.open(path) as pdf:
            return [_page_lines(page) for page in pdf.pages]
    except _OutOfTime:
        raise InputError(f"PDF 内容异常复杂，{MAX_SECONDS} 秒内没有读完（可能是恶意构造的文件），未读取") from None
    except PdfminerException as error:
        cause = error.args[0] if error.args else error
        if isinstance(cause, PDFPasswordIncorrect):
            raise InputError("PDF 文件有打开密码，无法读取；请用不加密的文件") from None
        raise InputError(DAMAGED) from None
    except Exception:  # pdfminer fails on damaged files in many ways (KeyError, struct.error, …)
        raise InputError(DAMAGED) from None


def _page_tree_loops(path: Path) -> bool:
    """Whether the page tree reaches a node twice: pdfminer then falls back on every page object it
    can find, which makes a damaged file look like a scan."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import resolve1

    try:
        with path.open("rb") as handle, _time_bound(MAX_SECONDS):
            seen, stack = set(), [PDFDocument(PDFParser(handle)).catalog.get("Pages")]
            while stack:
                node = stack.pop()
                number = getattr(node, "objid", None)  # an indirect reference's object number
                if number is not None and number in seen:
                    return True
                seen.add(number)
                node = resolve1(node)
                stack.extend(resolve1(node.get("Kids")) or [] if isinstance(node, dict) else [])
    except (Exception, _OutOfTime):  # noqa: BLE001 -- damaged some other way: the usual message stands
        return False
    return False


def _check_streams(data: bytes) -> None:
    """Refuse a file whose Flate streams unpack to more than MAX_UNPACKED bytes (a small file can
    hold gigabytes), counted before pdfminer unpacks any of them, one megabyte at a time."""
    total = 0
    for found in _STREAM.finditer(data):
        total += _unpacked(data, found.end(), MAX_UNPACKED - total)
        if total > MAX_UNPACKED:
            raise InputError(f"PDF 里的压缩数据解压后超过 {MAX_UNPACKED // 1024 // 1024} MB（可能是压缩炸弹），未读取")


def _unpacked(data: bytes, start: int, budget: int) -> int:
    """How many bytes the zlib stream at ``start`` unpacks to, counted up to just past ``budget``
    (0 when it is not a zlib stream)."""
    inflater, size, offset = zlib.decompressobj(), 0, start + _CHUNK
    pending = data[start:offset]
    try:
        while pending and not inflater.eof and size <= budget:
            size += len(inflater.decompress(pending, min(_CHUNK, budget + 1 - size)))
            pending = inflater.unconsumed_tail
            if not pending:
                pending, offset = data[offset:offset + _CHUNK], offset + _CHUNK
    except zlib.error:
        pass
    return size


@contextlib.contextmanager
def _time_bound(seconds: float) -> Iterator[None]:
    """Raise _OutOfTime after ``seconds``: pdfminer is pure Python, so the alarm stops it anywhere.
    Only the main thread receives signals; elsewhere (and without SIGALRM) there is no bound."""
    try:
        previous = signal.signal(signal.SIGALRM, _ring)
    except (AttributeError, ValueError):
        yield
        return
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _ring(signum, frame) -> None:
    raise _OutOfTime


def _page_lines(page) -> list:
    tables = page.find_tables()
    lines = []
    for number, table in enumerate(tables, 1):
        for row, cells in zip(table.rows, table.extract()):
            lines.append((row.bbox[1], "table", number, [cell or "" for cell in cells]))
    boxes = [table.bbox for table in tables]
    outside = page.filter(lambda obj: obj.get("object_type") != "char" or not any(
        _inside(obj, box) for box in boxes))
    for top, cells in _text_lines(outside):
        lines.append((top, "text", 0, cells))
    lines.sort(key=lambda line: line[0])
    return [line[1:] for line in lines]


def _inside(char: dict, box) -> bool:
    x = (char["x0"] + char["x1"]) / 2
    y = (char["top"] + char["bottom"]) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def _text_lines(page) -> Iterator[tuple]:
    """Lines of text not in a ruled table; a wide gap between words starts a new cell."""
    words = page.extract_words(keep_blank_chars=True, x_tolerance_ratio=MIN_WORD_GAP, use_text_flow=False)
    lines: List[list] = []
    for word in sorted(words, key=lambda w: w["top"]):
        first = lines[-1][0] if lines else None
        if first is None or word["top"] - first["top"] > (first["bottom"] - first["top"]) / 2:
            lines.append([])
        lines[-1].append(word)
    for line in lines:
        yield line[0]["top"], [w["text"] for w in sorted(line, key=lambda w: w["x0"])]


def _rows(pages: List[list]) -> Iterator[grid.Row]:
    number = 0
    for page, lines in enumerate(pages, 1):
        if page > 1:
            yield None  # a page break, as a blank line in extracted text
        row_in_table: dict = {}
        text_line = 0
        for kind, table, cells in lines:
            number += 1
            if kind == "table":
                row = row_in_table[table] = row_in_table.get(table, 0) + 1
                where = f"第{page}页 表{table} 行{row}"
            else:
                text_line += 1
                where = f"第{page}页 表外 行{text_line}"
            yield [(text, Location(number, column, number, column + 1, f"{where} 列{column}"))
                   for column, text in enumerate(cells, 1)]
