"""Paths in, one FileResult per input file out: checked, skipped (with why) or failed (with
the error). A file that cannot be read never stops the run."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable, Iterator, Tuple

from . import readers
from .engine import Engine
from .errors import InputError
from .findings import FileResult, TableSummary
from .model import Table

MAX_FILE_BYTES = 50 * 1024 * 1024


def expand(paths: Iterable[str]) -> Iterator[Tuple[Path, bool]]:
    """Each input file, with whether the user named it (True) or a directory walk found it."""
    for name in paths:
        path = Path(name)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for file in sorted(files):
                    if not file.startswith("."):
                        yield Path(root) / file, False
        else:
            yield path, True


def lint_file(path: Path, engine: Engine, named: bool = True) -> FileResult:
    shown = str(path)
    if not path.exists():
        return FileResult(shown, "failed", "文件不存在")
    if not readers.supported(path):
        return FileResult(shown, "failed" if named else "skipped", readers.unsupported(path))
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise InputError(f"文件超过 {MAX_FILE_BYTES // 1024 // 1024} MB，未读取")
        summaries, findings = [], []
        for index, table in enumerate(readers.iter_tables(path)):
            findings.extend(engine.check(table, index))
            summaries.append(summary(table, index))
    except InputError as error:
        return FileResult(shown, "failed", str(error))
    except OSError as error:
        return FileResult(shown, "failed", f"无法读取：{error.strerror or error}")
    if not summaries:
        return FileResult(shown, "failed" if named else "skipped",
                          "未识别到绩效目标表或自评表（需要“一级指标/二级指标/三级指标”表头或“项目名称”等栏目）")
    return FileResult(shown, "checked", "", tuple(summaries), tuple(findings))


def summary(table: Table, index: int) -> TableSummary:
    return TableSummary(index=index, project=table.project, kind=table.kind, year=table.year.text,
                        department=table.field("department").text, unit=table.field("unit").text,
                        line=table.loc.line, end_line=table.loc.end_line, indicators=len(table.rows))


def lint_paths(paths: Iterable[str], engine: Engine) -> Iterator[FileResult]:
    for path, named in expand(paths):
        yield lint_file(path, engine, named)
