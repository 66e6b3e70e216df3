"""Reader for .csv and .tsv tables saved from a spreadsheet: encoding detected (UTF-8 with or
without BOM, UTF-16, GB18030/GBK), delimiter sniffed (comma, tab, semicolon or bar), quoting as
Excel writes it, then the text reader's logic on the rows.
Positions are the line and column of the cell in the file."""
from __future__ import annotations

import csv
import io
from collections import Counter
from pathlib import Path
from typing import Iterator, List, Tuple

from ..errors import InputError
from ..model import Location, Table
from . import grid
from .encoding import decode

DELIMITERS = ",\t;|"
DEFAULT = {".tsv": "\t", ".csv": ","}
SAMPLE = 64 * 1024


def read(path) -> List[Table]:
    path = Path(path)
    text = decode(path.read_bytes())
    delimiter = _delimiter(text[:SAMPLE], DEFAULT.get(path.suffix.lower(), ","))
    try:
        rows = list(_rows(text, delimiter))
    except csv.Error as error:
        raise InputError(f"CSV 格式有误：{error}") from None
    return grid.parse(rows, str(path))


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
    """Each record with the (line, column) of every field; a blank record is a break."""
    lines = io.StringIO(text, newline="").readlines()
    reader = csv.reader(lines, delimiter=delimiter)
    first = 0  # index of the record's first physical line
    for fields in reader:
        raw = "".join(lines[first:reader.line_num])
        yield [(field, _place(raw, first + 1, start, end)) for field, (start, end) in
               zip(fields, _spans(raw, fields, delimiter))] or None
        first = reader.line_num


def _spans(raw: str, fields: List[str], delimiter: str) -> Iterator[Tuple[int, int]]:
    """Where each field stands in the record's raw text, quotes included (Excel's dialect: a
    quote inside a quoted field is doubled)."""
    position = 0
    for field in fields:
        length = len(field) + field.count('"') + 2 if raw.startswith('"', position) else len(field)
        end = min(position + length, len(raw.rstrip("\r\n")))
        yield position, end
        position = end + len(delimiter)


def _place(raw: str, line: int, start: int, end: int) -> Location:
    start_line = line + raw.count("\n", 0, start)
    end_line = line + raw.count("\n", 0, end)
    start_column = start - raw.rfind("\n", 0, start)
    end_column = end - raw.rfind("\n", 0, end)
    return Location(start_line, start_column, end_line, end_column)
