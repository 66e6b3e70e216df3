"""Paths in, one FileResult per input file out: checked, skipped (with why) or failed (with
the error). A file that cannot be read never stops the run."""
from __future__ import annotations

import os
import signal
from collections import deque
from itertools import islice
from pathlib import Path
from typing import Callable, Deque, Iterable, Iterator, List, Optional, Protocol, Tuple

from . import readers
from .engine import Engine
from .errors import InputError
from .findings import FileResult, TableSummary
from .model import Table

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_TABLES = 5_000  # tables in one file; a file's findings are held until the file is done


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


def lint_file(path: Path, engine: Engine, named: bool = True, view: Optional[Callable] = None) -> FileResult:
    """``view(table, findings)``, if given, keeps a compact copy of each table's rows in its
    TableSummary (reports show the table itself; the Table is not kept)."""
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
            if index == MAX_TABLES:
                raise InputError(f"文件中的表格超过 {MAX_TABLES} 张，已停止读取；请把文件拆小后再检查")
            found = engine.check(table, index)
            findings.extend(found)
            summaries.append(summary(table, index, view(table, found) if view else (), engine.keep(table)))
    except InputError as error:
        return FileResult(shown, "failed", str(error))
    except OSError as error:
        return FileResult(shown, "failed", f"无法读取：{error.strerror or error}")
    except Exception as error:  # noqa: BLE001 -- a bug met on one odd file must not cost the others
        return FileResult(shown, "failed", f"内部错误：{type(error).__name__}: {error}")
    if not summaries:
        return FileResult(shown, "failed" if named else "skipped",
                          "未识别到绩效目标表或自评表（需要“一级指标/二级指标/三级指标”表头或“项目名称”等栏目）")
    return FileResult(shown, "checked", "", tuple(summaries), tuple(findings))


def summary(table: Table, index: int, rows: tuple = (), kept: Optional[Table] = None) -> TableSummary:
    return TableSummary(index=index, project=table.project, kind=table.kind, year=table.year.text,
                        department=table.field("department").text, unit=table.field("unit").text,
                        line=table.loc.line, end_line=table.loc.end_line, indicators=len(table.rows), rows=rows,
                        kept=kept)


def lint_paths(paths: Iterable[str], engine: Engine) -> Iterator[FileResult]:
    for path, named in expand(paths):
        yield lint_file(path, engine, named)


class Interruption:
    """Ends a stream of results at Ctrl-C once the file in hand is done, so that everything
    checked so far is still reported whole; a second Ctrl-C stops at once.

    Ctrl-C is held back while the consumer writes a result: a signal landing in a write to a
    full pipe makes Python lose part of that write."""

    _MASK = {signal.SIGINT}

    def __init__(self):
        self.happened = False

    def guard(self, results: Iterable[FileResult]) -> Iterator[FileResult]:
        previous = signal.signal(signal.SIGINT, self._note)
        iterator = iter(results)
        try:
            while True:
                self._hold(False)
                if self.happened:
                    return
                result = next(iterator, None)
                self._hold(True)
                if result is None:
                    return
                yield result
        finally:
            self._hold(False)
            signal.signal(signal.SIGINT, previous)

    def _hold(self, held: bool) -> None:
        if hasattr(signal, "pthread_sigmask"):  # not on Windows, where writes are not interrupted
            signal.pthread_sigmask(signal.SIG_BLOCK if held else signal.SIG_UNBLOCK, self._MASK)

    def _note(self, signum, frame) -> None:
        if self.happened:
            raise KeyboardInterrupt
        self.happened = True


# ---- in parallel ------------------------------------------------------------------
CHUNK = 8            # files per task: enough to amortise the trip to a worker, few enough to keep results flowing
IN_FLIGHT = 4        # chunks per worker submitted ahead: results wait in order without piling up
WORKER_DIED = "检查进程意外退出（文件可能过大或已损坏），未能检查"


class Recipe(Protocol):
    """What a worker process needs to build its own checker (``session.Options`` builds a Session,
    which checks tables as an Engine does): plain, picklable data, because a rule pack holds
    compiled closures that cannot be pickled. Each worker builds it once."""

    def build(self) -> Engine: ...


def lint_parallel(files: Iterable[Tuple[Path, bool]], recipe: Recipe, jobs: int,
                  view: Optional[Callable] = None, engine: Optional[Engine] = None) -> Iterator[FileResult]:
    """lint_file over ``files`` (as ``expand`` gives them) in ``jobs`` processes, results in input
    order. Only a few chunks per worker are in flight, so memory stays flat however many files
    there are. A worker that dies (out of memory, a crash in a C library) is replaced and the files
    it may have held are retried one at a time, so only the file that kills a worker fails.
    With one job the files are checked here, by ``engine`` when the caller has built it already."""
    if jobs <= 1:
        engine = engine or recipe.build()
        for path, named in files:
            yield lint_file(path, engine, named, view)
        return
    from concurrent.futures.process import BrokenProcessPool  # here: start-up of a plain check stays light

    chunks = _chunked(iter(files))
    suspects: Deque[Tuple[Path, bool]] = deque()
    window: Deque[tuple] = deque()
    pool = _pool(jobs, recipe, view)
    try:
        while True:
            while len(window) < (1 if suspects else jobs * IN_FLIGHT):
                alone = bool(suspects)
                chunk = [suspects.popleft()] if alone else next(chunks, None)
                if chunk is None:
                    break
                window.append((chunk, alone, pool.submit(_lint_chunk, chunk)))
            if not window:
                return
            chunk, alone, future = window.popleft()
            try:
                results = future.result()
            except BrokenProcessPool:
                if alone:
                    results = [FileResult(str(chunk[0][0]), "failed", WORKER_DIED)]
                else:
                    suspects.extend(item for held in [chunk, *(c for c, _, _ in window)] for item in held)
                    results = []
                window.clear()
                pool.shutdown(wait=False, cancel_futures=True)
                pool = _pool(jobs, recipe, view)
            yield from results
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _chunked(files: Iterator[Tuple[Path, bool]]) -> Iterator[List[Tuple[Path, bool]]]:
    while True:
        chunk = list(islice(files, CHUNK))
        if not chunk:
            return
        yield chunk


def _pool(jobs: int, recipe: Recipe, view: Optional[Callable]):
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(jobs, initializer=_start_worker, initargs=(recipe, view))


_worker: dict = {}  # in each worker process: its engine and row view


def _start_worker(recipe: Recipe, view: Optional[Callable]) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    _worker.update(engine=recipe.build(), view=view)


def _lint_chunk(chunk: List[Tuple[Path, bool]]) -> List[FileResult]:
    return [lint_file(path, _worker["engine"], named, _worker["view"]) for path, named in chunk]
