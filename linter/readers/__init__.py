"""One module per input format, each with ``read(path) -> list[Table]``; the line-based formats
also parse text they are given (``parse`` or ``iter_parse``), so that ``reading`` reads such a file
once and hands back, with its tables, its ``Source`` (the text to quote, the disable comments).

Modules are imported only when a file of their format is read, so a run over text files
never loads a spreadsheet library.
"""
from __future__ import annotations

import importlib
from pathlib import Path
from typing import Iterable, List, NamedTuple

from ..util.errors import InputError
from ..model.formats import READERS, scratch, supported, unsupported  # noqa: F401 (the run asks readers.supported …)
from ..model.source import Source
from ..model.table import Table
from ..util.encoding import read_text

LINE_BASED = (".txt", ".csv", ".tsv", ".yaml", ".yml", ".json")  # read as text: findings point at its lines
UNCOMMENTED = (".json",)  # no comments in JSON: a "# jxlint:" there is data


def _module(path: Path):
    name = READERS.get(path.suffix.lower())
    if name is None:
        raise InputError(unsupported(path))
    return importlib.import_module(f"{__name__}.{name}")


class Reading(NamedTuple):
    tables: Iterable[Table]  # one at a time where the reader can stream them
    source: Source


def reading(path: Path) -> Reading:
    """The file's tables and its Source, from one read of the file (a text file is decoded at once,
    so encoding errors come here)."""
    module = _module(path)
    suffix = Path(path).suffix.lower()
    if suffix not in LINE_BASED:
        return Reading(module.iter_read(path) if hasattr(module, "iter_read") else module.read(path), Source())
    text = read_text(path)
    parse = getattr(module, "iter_parse", None) or module.parse
    return Reading(parse(text, str(path)), Source.of_text(text, suffix not in UNCOMMENTED))


def iter_tables(path: Path) -> Iterable[Table]:
    return reading(path).tables


def read(path: Path) -> List[Table]:
    return list(iter_tables(path))
