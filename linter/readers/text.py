"""Reader for text extracted from published PDFs: one table row per line, cells separated
by tabs, with everything extraction does to a table — cells drifted left or right, empty
cells lost, category labels printed on a neighbouring row, rows broken over a page
(a blank line), HTML fragments, a table whose header was on the previous page.

The lines go through the table logic every reader shares (``linter.readers.tables``): a grid in
the shape of these PDFs is read by what each cell says, another grid (a table from another
region saved as text) by its header's columns.
"""
from __future__ import annotations

import io
from typing import Iterator, List

from ..model.table import Table
from ..util.encoding import read_text
from .lines import Line
from .tables import tables


def read(path) -> List[Table]:
    return list(iter_read(path))


def iter_read(path) -> Iterator[Table]:
    """Tables one at a time (the file is decoded first, so encoding errors come at once)."""
    return iter_parse(read_text(path), str(path))


def parse(text: str, path: str = "<text>") -> List[Table]:
    return list(iter_parse(text, path))


def iter_parse(text: str, path: str = "<text>") -> Iterator[Table]:
    return tables(_lines(text), path)


def _lines(text: str) -> Iterator[Line]:
    """The lines of ``text.split("\n")``, one at a time rather than a million strings at once."""
    number = 0
    for number, line in enumerate(io.StringIO(text, newline="\n"), 1):  # ends lines at "\n" only
        yield Line(number, line[:-1] if line.endswith("\n") else line)
    if not text or text.endswith("\n"):
        yield Line(number + 1, "")  # what follows the last "\n"
