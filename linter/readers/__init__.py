"""One module per input format, each with ``read(path) -> list[Table]``.

Modules are imported only when a file of their format is read, so a run over text files
never loads a spreadsheet library.
"""
from __future__ import annotations

import importlib
from pathlib import Path
from typing import Iterable, List

from ..util.errors import InputError
from ..model.formats import READERS, scratch, supported, unsupported  # noqa: F401 (the run asks readers.supported …)
from ..model.table import Table


def _module(path: Path):
    name = READERS.get(path.suffix.lower())
    if name is None:
        raise InputError(unsupported(path))
    return importlib.import_module(f"{__name__}.{name}")


def iter_tables(path: Path) -> Iterable[Table]:
    """The file's tables, one at a time where the reader can stream them (``iter_read``)."""
    module = _module(path)
    return module.iter_read(path) if hasattr(module, "iter_read") else module.read(path)


def read(path: Path) -> List[Table]:
    return list(iter_tables(path))
