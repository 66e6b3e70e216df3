"""OUT-审核意见单/: with ``jxlint report --review-sheets``, each table's 审核意见单 (linter.review) as
t{N}.docx and t{N}.html, N being the table's 序号 in the report (its anchor #t{N} in OUT.html).
Files are named by number only: names from the submitted tables never make a path."""
from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Iterator, Sequence

from .. import review
from ...util.atomic import write_bytes
from ...model.findings import FileResult
from .aggregate import Aggregate, TableEntry

SUFFIX = "-审核意见单"


def folder(html_target: Path) -> Path:
    return html_target.with_name(html_target.stem + SUFFIX)


@contextlib.contextmanager
def writer(target: Path, aggregate: Aggregate) -> Iterator:
    """``target`` is the folder."""
    target.mkdir(parents=True, exist_ok=True)

    def add(result: FileResult, entries: Sequence[TableEntry]) -> None:
        for entry in entries:
            for suffix, render in (("docx", review.docx_bytes), ("html", review.html_bytes)):
                write_bytes(target / f"t{entry.number}.{suffix}", render([entry], aggregate.rule_names))

    yield add
