"""Paths in, one FileResult per input file out: checked, skipped (with why) or failed (with
the error). A file that cannot be read never stops the run."""
from __future__ import annotations

import gc
import os
import signal
from collections import deque
from itertools import chain, islice
from pathlib import Path
from typing import Callable, Deque, Dict, Iterable, Iterator, List, Optional, Protocol, Tuple, Union

from .. import readers
from . import signals
from ..engine.cross import Kept
from ..engine.evaluate import Engine
from ..util.errors import InputError
from ..util.files import MAX_BYTES, not_regular, too_large
from ..model.findings import FileResult, Finding, TableSummary
from ..model.source import Source
from ..model.table import Table

Walked = Union[bool, FileResult]  # named by the user, found by a walk, or a walk's decided entry

MAX_TABLES = 5_000  # tables in one file; a file's findings are held until the file is done


def expand(paths: Iterable[str]) -> Iterator[Tuple[Path, Walked]]:
    """Each input file, with whether the user named it (True) or a directory walk found it
    (False); a directory the walk cannot enter comes with its FileResult already decided."""
    for name in paths:
        path = Path(name)
        if path.is_dir():
            yield from _walk(path)
        else:
            yield path, True


def _walk(top: Path) -> Iterator[Tuple[Path, Walked]]:
    """Files in name order, a directory's own files before its subdirectories', hidden ones left
    out. Symlinks to directories are followed, each directory listed once (a link back up the
    tree is a loop); a directory that cannot be listed (no permission, a path past PATH_MAX) is
    a failed entry, so no file under it goes missing silently."""
    seen = {_identity(top)}
    stack = [top]
    while stack:
        directory = stack.pop()
        try:
            with os.scandir(directory) as listing:
                entries = sorted((e for e in listing if not e.name.startswith(".")), key=lambda e: e.name)
        except OSError as error:
            yield directory, FileResult(str(directory), "failed", f"无法列出目录：{error.strerror or error}")
            continue
        subdirectories = []
        for entry in entries:
            path = Path(entry.path)
            if not _is_directory(entry):
                yield path, False
            elif _identity(path) in seen:
                yield path, FileResult(str(path), "skipped", "符号链接指向已检查过的目录（可能是循环链接），不再重复检查")
            else:
                seen.add(_identity(path))
                subdirectories.append(path)
        stack.extend(reversed(subdirectories))


def _is_directory(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def _identity(directory: Path) -> tuple:
    try:
        found = os.stat(directory)
    except OSError:
        return (str(directory),)
    return found.st_dev, found.st_ino


def lint_file(path: Path, engine: Engine, named: Walked = True, view: Optional[Callable] = None,
              quote: bool = False) -> FileResult:
    """``view(table, findings)``, if given, keeps a compact copy of each table's rows in its
    TableSummary (reports show the table itself; the Table is not kept). The file is read once:
    its suppression comments come with the result, and with ``quote`` the lines later stages may
    quote (``quoted``)."""
    if isinstance(named, FileResult):
        return named
    shown = str(path)
    try:
        special = not_regular(path)
    except FileNotFoundError:
        return FileResult(shown, "failed", "文件不存在")
    except OSError as error:
        return FileResult(shown, "failed", f"无法读取：{error.strerror or error}")
    if readers.scratch(path):
        return FileResult(shown, "skipped", readers.scratch(path))
    if not readers.supported(path):
        return FileResult(shown, "failed" if named else "skipped", readers.unsupported(path))
    if special:
        return FileResult(shown, "failed" if named else "skipped", special)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise InputError(too_large(MAX_BYTES))
        summaries, findings = [], []
        tables, source = readers.reading(path)
        for index, table in enumerate(tables):
            if index == MAX_TABLES:
                raise InputError(f"文件中的表格超过 {MAX_TABLES} 张，已停止读取；请把文件拆小后再检查")
            found = engine.check(table, index)
            findings.extend(found)
            kept = engine.keep(table)
            summaries.append(summary(table, index, view(table, found) if view else (),
                                     Kept.of(kept, index) if kept is not None else None))
    except InputError as error:
        return FileResult(shown, "failed", str(error))
    except OSError as error:
        return FileResult(shown, "failed", f"无法读取：{error.strerror or error}")
    except Exception as error:  # noqa: BLE001 -- a bug met on one odd file must not cost the others
        return FileResult(shown, "failed", f"内部错误：{type(error).__name__}: {error}")
    if not summaries:
        return FileResult(shown, "failed" if named else "skipped",
                          "未识别到绩效目标表或自评表（需要“一级指标/二级指标/三级指标”表头或“项目名称”等栏目）")
    return FileResult(shown, "checked", "", tuple(summaries), tuple(findings), comments=source.comments,
                      lines=quoted(source, findings, summaries) if quote else {})


def quoted(source: Source, findings: List[Finding], summaries: List[TableSummary]) -> Dict[int, str]:
    """The lines a text report may quote: those findings and suppression comments point at, and
    those of tables kept for the cross-table rules (whose findings come at the end of the run)."""
    kept = (range(t.line, t.end_line + 1) for t in summaries if t.kept is not None)
    return source.lines(chain((f.line for f in findings), (c.line for c in source.comments), *kept))


def summary(table: Table, index: int, rows: tuple = (), kept: Optional[Kept] = None) -> TableSummary:
    return TableSummary(index=index, project=table.project, kind=table.kind, year=table.year.text,
                        department=table.field("department").text, unit=table.field("unit").text,
                        line=table.loc.line, end_line=table.loc.end_line, indicators=len(table.rows), rows=rows,
                        kept=kept)


def lint_paths(paths: Iterable[str], engine: Engine) -> Iterator[FileResult]:
    for path, named in expand(paths):
        yield lint_file(path, engine, named)


class Interruption:
    """Ends a stream of results at Ctrl-C or SIGTERM once the file in hand is done, so that
    everything checked so far is still reported whole; a second signal stops at once.

    The signals are held back while the consumer writes a result: a signal landing in a write to
    a full pipe makes Python lose part of that write."""

    def __init__(self):
        self.happened = False
        self.error: BaseException = KeyboardInterrupt()

    @property
    def status(self) -> int:
        return signals.status(self.error)

    def guard(self, results: Iterable[FileResult]) -> Iterator[FileResult]:
        previous = {number: signal.signal(number, self._note) for number in signals.STOPPING}
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
            try:
                getattr(iterator, "close", lambda: None)()  # the workers end while a second signal is still ours
            finally:
                for number, handler in previous.items():
                    signal.signal(number, handler)

    def _hold(self, held: bool) -> None:
        if hasattr(signal, "pthread_sigmask"):  # not on Windows, where writes are not interrupted
            signal.pthread_sigmask(signal.SIG_BLOCK if held else signal.SIG_UNBLOCK, signals.STOPPING)

    def _note(self, signum, frame) -> None:
        stop = signals.Terminated() if signum == signal.SIGTERM else KeyboardInterrupt()
        if self.happened:
            raise stop
        self.happened, self.error = True, stop


# ---- in parallel ------------------------------------------------------------------
CHUNK = 8            # files per task: enough to amortise the trip to a worker, few enough to keep results flowing
IN_FLIGHT = 4        # chunks per worker submitted ahead: results wait in order without piling up
WORKER_DIED = "检查进程意外退出（文件可能过大或已损坏），未能检查"


class Checker(Protocol):
    """Checks one file as lint_file does, with the engine its configuration chooses (a session.Session)."""

    def lint(self, path: Path, named: Walked = True, view: Optional[Callable] = None) -> FileResult: ...


class Recipe(Protocol):
    """What a worker process needs to build its own Checker (``session.Options`` builds a Session):
    plain, picklable data, because a rule pack holds compiled closures that cannot be pickled. Each
    worker builds it once."""

    def build(self) -> Checker: ...


def lint_parallel(files: Iterable[Tuple[Path, Walked]], recipe: Recipe, jobs: int,
                  view: Optional[Callable] = None, checker: Optional[Checker] = None) -> Iterator[FileResult]:
    """lint_file over ``files`` (as ``expand`` gives them) in ``jobs`` processes, results in input
    order. Only a few chunks per worker are in flight, so memory stays flat however many files
    there are. A worker that dies (out of memory, a crash in a C library) is replaced and the files
    it may have held are retried one at a time, so only the file that kills a worker fails.
    With one job the files are checked here, by ``checker`` when the caller has built it already."""
    if jobs <= 1:
        checker = checker or recipe.build()
        _settle_collector()
        for path, named in files:
            yield checker.lint(path, named, view)
        return
    from concurrent.futures.process import BrokenProcessPool  # here: start-up of a plain check stays light

    chunks = _chunked(iter(files))
    suspects: Deque[Tuple[Path, Walked]] = deque()
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
                _stop(pool)  # the broken pool's clean-up would SIGTERM its other workers, which ignore it, and wait
                pool.shutdown(wait=False, cancel_futures=True)
                pool = _pool(jobs, recipe, view)
            yield from results
    except BaseException:  # Ctrl-C, SIGTERM, or the consumer stopped early: what is in flight is not wanted
        _stop(pool)
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _stop(pool) -> None:
    """Kill the pool's workers now (they ignore SIGTERM); shutdown() alone waits for their files."""
    for process in list((pool._processes or {}).values()):
        process.kill()


def _chunked(files: Iterator[Tuple[Path, Walked]]) -> Iterator[List[Tuple[Path, Walked]]]:
    while True:
        chunk = list(islice(files, CHUNK))
        if not chunk:
            return
        yield chunk


def _pool(jobs: int, recipe: Recipe, view: Optional[Callable]):
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(jobs, initializer=_start_worker, initargs=(recipe, view))


_worker: dict = {}  # in each worker process: its checker and row view


def _start_worker(recipe: Recipe, view: Optional[Callable]) -> None:
    signals.child_process()
    _worker.update(checker=recipe.build(), view=view)
    _settle_collector()


def _settle_collector() -> None:
    """Once the rules are compiled, what is alive stays for the whole run: frozen, the garbage
    collector no longer walks it; and it runs every 20,000 allocations rather than 700, since a
    table is many small tuples that die with it (the collector took ~5% of a check's CPU)."""
    gc.freeze()
    gc.set_threshold(20_000, 10, 10)


def _lint_chunk(chunk: List[Tuple[Path, Walked]]) -> List[FileResult]:
    return [_worker["checker"].lint(path, named, _worker["view"]) for path, named in chunk]
