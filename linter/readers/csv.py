"""Reader for .csv and .tsv tables saved from a spreadsheet: encoding detected (UTF-8 with or
without BOM, UTF-16, GB18030/GBK), delimiter sniffed (comma, tab, semicolon or bar), quoting as
Excel writes it, then the text reader's logic on the rows.
Positions are the line and column of the cell in the file."""
from __future__ import annotations

import bisect
import csv
import io
from collections import Counter
from pathlib import Path
from typing import Iterator, List, Tuple

from ..util.errors import InputError
from ..util.files import MAX_CELLS, too_many_cells
from ..model.table import Location, Table
from . import grid
from ..util.encoding import read_text

DELIMITERS = ",\t;|"
DEFAULT = {".tsv": "\t", ".csv": ","}
SAMPLE = 64 * 1024
MAX_FIELDS = 16_384  # fields in one record: Excel's columns, A to XFD


def read(path) -> List[Table]:
    return parse(read_text(path), str(path))


def parse(text: str, path: str) -> List[Table]:
    delimiter = _delimiter(text[:SAMPLE], DEFAULT.get(Path(path).suffix.lower(), ","))
    try:
        rows = list(_rows(text, delimiter))
    except csv.Error as error:
        raise InputError(f"CSV 格式有误：{error}") from None
    return grid.parse(rows, path)


def _delimiter(sample: str, default: str) -> str:
    """The delimiter that splits the most records into one same number of fields (a sheet saved
    as CSV is rectangular); the extension's when none splits anything."""
    return max(DELIMITERS, key=lambda d: (_agreeing_records(sample, d), d == default))


def _agreeing_records(sample: str, delimiter: str) -> int:
    try:
        widths = Counter(len(r) for r in csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter) if r)
    except csv.Error:
        return 0
    width, count = widths.most_common(1)[0] if widths else (0, 0)
    return count if width > 1 else 0


def _rows(text: str, delimiter: str) -> Iterator[grid.Row]:
    """Each record with the (line, column) of every field; a blank record is a break. Linear in
    the record's length, however many fields it has."""
    lines = io.StringIO(text, newline="").readlines()
    reader = csv.reader(lines, delimiter=delimiter)
    first = cells = 0  # index of the record's first physical line; fields so far
    for fields in reader:
        cells += len(fields)
        if len(fields) > MAX_FIELDS:
            raise InputError(f"第 {first + 1} 行有 {len(fields)} 个字段，超过 Excel 的 {MAX_FIELDS} 列，不像绩效目标表，未读取")
        if cells > MAX_CELLS:
            raise InputError(too_many_cells(cells))
        raw = "".join(lines[first:reader.line_num])
        places = _Places(raw, first + 1)
        yield [(field, places.location(start, end)) for field, (start, end) in
               zip(fields, _spans(raw, fields, delimiter))] or None
        first = reader.line_num


def _spans(raw: str, fields: List[str], delimiter: str) -> Iterator[Tuple[int, int]]:
    """Where each field stands in the record's raw text, quotes included (Excel's dialect: a
    quote inside a quoted field is doubled)."""
    position, stop = 0, len(raw.rstrip("\r\n"))
    for field in fields:
        length = len(field) + field.count('"') + 2 if raw.startswith('"', position) else len(field)
        end = min(position + length, stop)
        yield position, end
        position = end + len(delimiter)


class _Places:
    """Offsets in a record's raw text as (line, column), by where its newlines are."""

    def __init__(self, raw: str, line: int):
        self.line = line
        self.newlines = [i for i, ch in enumerate(raw) if ch == "\n"]

    def location(self, start: int, end: int) -> Location:
        (start_line, start_column), (end_line, end_column) = self._at(start), self._at(end)
        return Location(start_line, start_column, end_line, end_column)

    def _at(self, offset: int) -> Tuple[int, int]:
        before = bisect.bisect_left(self.newlines, offset)
        line_start = self.newlines[before - 1] + 1 if before else 0
        return self.line + before, offset - line_start + 1
