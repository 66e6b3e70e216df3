"""One line per finding: ``file:line:col: 级别[rule] message`` (ruff's ``--output-format concise``)."""
from __future__ import annotations

from typing import Iterable, TextIO

from ...model.findings import FileResult
from ...run.summary import Summary
from . import text


def render(results: Iterable[FileResult], out: TextIO, color: bool = False, quiet: bool = False) -> Summary:
    return text.render(results, out, color, concise=True, quiet=quiet)
