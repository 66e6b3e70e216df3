"""One run of checking, as ``check``, ``report`` and ``serve`` do it.

The inputs are expanded first (runner.expand; the command line adds staged copies and standard
input). The Session then settles every file's configuration, settings and engine before anything is
checked (session.Session.prepare), so a bad configuration stops the run before any output.
runner.lint_parallel checks the files in worker processes; each file is read once by its reader
(readers.reading), which hands back with the tables the file's suppression comments and, when the
text output quotes them, its lines. The engine (engine.evaluate.Engine) makes each table's findings.
The cross-table stage (engine.cross.CrossRun) collects the tables its rules need and, once every
file is in, adds the findings across tables. Last, Session.review gives each result the path the
user knows, removes what suppressions and the baseline silence, and the outputs (formatters, report
writers, the web page) render what is left.
"""
from __future__ import annotations

from dataclasses import replace
from itertools import chain
from pathlib import Path
from typing import Callable, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple

from .baseline import Baseline
from .runner import Walked, lint_parallel
from .settings import Options
from ..engine.cross import CrossRun, PairsFile
from ..model.findings import FileResult
from ..util.spill import Spill


class Pipeline:
    def __init__(self, files: Sequence[Tuple[Path, Walked]], options: Options, jobs: int = 1,
                 view: Optional[Callable] = None, pairs: Optional[PairsFile] = None, across: bool = True):
        """``files`` as runner.expand gives them; ``view`` as runner.lint_file takes it; ``across``:
        run the cross-table rules (over these files and the ``pairs`` file). No more processes than files."""
        self.files, self.options, self.jobs, self.view = files, options, max(1, min(jobs, len(files))), view
        self.session = options.build()
        self.session.prepare(path for path, _ in files)
        self.cross = CrossRun(self.session.engine_for, pairs) if across else None
        self._spill = Spill()  # the comments and lines of files the cross stage holds, by path at _sources[path]
        self._sources: Dict[str, int] = {}

    @property
    def rules(self):
        """Every rule loaded for the run, by id."""
        return self.session.rules

    def checked(self, guard: Callable[[Iterable[FileResult]], Iterable[FileResult]] = iter) -> Iterator[FileResult]:
        """Each file's own result, in input order, not reviewed yet; ``guard`` wraps the stream
        (runner.Interruption.guard ends it early at Ctrl-C)."""
        results = guard(lint_parallel(self.files, self.options, self.jobs, self.view, self.session))
        if self.cross is None:
            return iter(results)
        return self.cross.collect(self._noted(results))

    def across(self) -> List[FileResult]:
        """The cross-table findings, one result per file (after ``checked`` is consumed), with the
        comments and quoted lines of their file."""
        if self.cross is None:
            return []
        found = [self._sourced(r) for r in self.cross.finish()]
        self._sources = {}
        self._spill.close()
        return found

    def _sourced(self, result: FileResult) -> FileResult:
        if result.path not in self._sources:
            return result
        comments, lines = self._spill.get(self._sources[result.path])
        return replace(result, comments=comments, lines=lines)

    def review(self, results: Iterable[FileResult], baseline: Optional[Baseline] = None,
               report_unused: bool = False) -> Iterator[FileResult]:
        return self.session.review(results, baseline, report_unused)

    def results(self, guard: Callable = iter, left_out: Iterable[FileResult] = (), baseline: Optional[Baseline] = None,
                report_unused: bool = False) -> Iterator[FileResult]:
        """The whole run reviewed: the files left out before checking, each file's result, then the
        cross-table findings."""
        return self.review(chain(left_out, self.checked(guard), self._late()), baseline, report_unused)

    def _late(self) -> Iterator[FileResult]:
        yield from self.across()  # only once every file's result has passed

    def _noted(self, results: Iterable[FileResult]) -> Iterator[FileResult]:
        for result in results:
            if (result.comments or result.lines) and any(t.kept is not None for t in result.tables):
                self._sources[result.path] = self._spill.put((result.comments, result.lines))
            yield result
