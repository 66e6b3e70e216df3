"""Reader for .csv and .tsv tables saved from a spreadsheet: encoding detected (UTF-8 with or
without BOM, UTF-16, GB18030/GBK), delimiter sniffed, then the text reader's logic on the rows.
Positions are the line and column of the cell in the file."""
from __future__ import annotations

import csv
import io
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
    dialect = _dialect(text, DEFAULT.get(path.suffix.lower(), ","))
    try:
        rows = list(_rows(text, dialect))
    except csv.Error as error:
        raise InputError(f"CSV 格式有误：{error}") from None
    return grid.parse(rows, str(path))


def _dialect(text: str, default: str):
    sample = text[:SAMPLE]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=DELIMITERS)
    except csv.Error:  # too few rows or too uneven to tell: the extension decides
        dialect = None
    if dialect is None or dialect.delimiter not in sample:
        dialect = csv.excel_tab if default == "\t" else csv.excel
    return dialect


def _rows(text: str, dialect) -> Iterator[grid.Row]:
    """Each record with the (line, column) of every field; a blank record is a break."""
    lines = io.StringIO(text, newline="").readlines()
    reader = csv.reader(lines, dialect)
    first = 0  # index of the record's first physical line
    for fields in reader:
        raw = "".join(lines[first:reader.line_num])
        yield [(field, _place(raw, first + 1, start, end)) for field, (start, end) in
               zip(fields, _spans(raw, fields, dialect))] or None
        first = reader.line_num


def _spans(raw: str, fields: List[str], dialect) -> Iterator[Tuple[int, int]]:
    """Where each field stands in the record's raw text, quotes included."""
    quote, position = dialect.quotechar or "", 0
    for field in fields:
        while dialect.skipinitialspace and raw.startswith(" ", position):
            position += 1
        if quote and raw.startswith(quote, position):
            length = len(field) + (field.count(quote) if dialect.doublequote else 0) + 2
        else:
            length = len(field)
        end = min(position + length, len(raw.rstrip("\r\n")))
        yield position, end
        position = end + len(dialect.delimiter)


def _place(raw: str, line: int, start: int, end: int) -> Location:
    start_line = line + raw.count("\n", 0, start)
    end_line = line + raw.count("\n", 0, end)
    start_column = start - raw.rfind("\n", 0, start)
    end_column = end - raw.rfind("\n", 0, end)
    return Location(start_line, start_column, end_line, end_column)
