"""The progress bar on stderr (files done/total, tables, findings, rate, time left), drawn only
when stderr is a terminal. It is redrawn by hand, at most ten times a second, rather than by
rich's drawing thread: worker processes are forked while it runs."""
from __future__ import annotations

import contextlib
import sys
import time
from typing import Iterator, Optional

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn, TimeRemainingColumn
from rich.text import Text

from ...model.findings import FileResult
from ...util.visible import visible

REDRAW = 0.1  # seconds between redraws


class _Rate(ProgressColumn):
    def render(self, task) -> Text:
        return Text(f"{task.speed:.0f} 个/秒" if task.speed else "– 个/秒")


class Bar:
    def __init__(self, progress: Optional[Progress], total: int, quiet: bool):
        self.progress, self.quiet = progress, quiet
        self.tables = self.findings = 0
        self.drawn = 0.0
        self.task = progress.add_task("检查", total=total, tables=0, findings=0) if progress else None

    def advance(self, result: FileResult) -> None:
        self.tables += len(result.tables)
        self.findings += len(result.findings)
        if result.status == "failed":
            self.say(f"jxlint: {visible(result.path)}: 失败：{visible(result.error)}")
        if self.progress:
            self.progress.update(self.task, advance=1, tables=self.tables, findings=self.findings)
            if time.monotonic() - self.drawn >= REDRAW:
                self.progress.refresh()
                self.drawn = time.monotonic()

    def writing(self) -> None:
        """Every file is in; the report files are being finished."""
        if self.progress:
            self.progress.update(self.task, description="写出报告…")
            self.progress.refresh()

    def say(self, line: str) -> None:
        """A line on stderr, above the bar when there is one."""
        if self.progress:
            self.progress.console.print(line, markup=False, highlight=False, soft_wrap=True)
        elif not self.quiet:
            click.echo(line, err=True)


@contextlib.contextmanager
def bar(total: int, quiet: bool) -> Iterator[Bar]:
    if quiet or not sys.stderr.isatty():
        yield Bar(None, total, quiet)
        return
    progress = Progress(TextColumn("[bold]{task.description}[/]"), BarColumn(), MofNCompleteColumn(), TextColumn("个文件"),
                        TextColumn("{task.fields[tables]} 张表 · {task.fields[findings]} 个问题"), _Rate(),
                        TextColumn("剩余"), TimeRemainingColumn(), console=Console(stderr=True), auto_refresh=False)
    with progress:
        yield Bar(progress, total, quiet)
        progress.refresh()
