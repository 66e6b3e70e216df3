"""Compiler-style text: ``file:line:col: 级别[rule] message``, the source line with the
offending cell underlined, then the suggestion; grouped by table with its 项目名称.
``concise`` is one line per finding, without the source or the suggestion (ruff's
``--output-format concise``); ``quiet`` leaves out the closing totals and the skipped files."""
from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Iterable, List, TextIO

import click

from ...util.errors import InputError
from ...model.findings import FileResult, Finding
from ...model.table import SELF_EVALUATION
from ...util.encoding import decode
from ...run.summary import Summary
from ...util.visible import visible

COLORS = {"error": "red", "warning": "yellow", "info": "cyan"}
KINDS = {SELF_EVALUATION: "自评表"}
SEPARATOR = " │ "


def render(results: Iterable[FileResult], out: TextIO, color: bool = False, concise: bool = False,
           quiet: bool = False) -> Summary:
    summary = Summary()
    for result in results:
        summary.add(result)
        if result.status != "checked":
            if result.status == "failed" or not quiet:
                click.echo(f"jxlint: {_unreadable(result)}", err=True, color=color)
        elif concise:
            for finding in result.findings:
                click.echo(_headline(finding, color), file=out, color=color)
        else:
            _file(result, out, color)
    if not quiet:
        click.echo(summary.sentence(), file=out, color=color)
    return summary


def _unreadable(result: FileResult) -> str:
    """One line for a file not checked; a reader's message that already names the file and the
    place ("d.yaml:12:5: …") is shown as it is, compiler-style."""
    if result.error.startswith(f"{result.path}:"):
        return visible(result.error)
    return f"{visible(result.path)}: {'失败' if result.status == 'failed' else '跳过'}：{visible(result.error)}"


def _file(result: FileResult, out: TextIO, color: bool) -> None:
    lines = _source_lines(result.path) if result.findings else []
    for table in result.tables:
        findings = [f for f in result.findings if f.table == table.index]
        if not findings:
            continue
        title = visible(table.project) or "（无表头的表：项目名称在上一页或缺失）"
        facts = [f"{table.year}年度" if table.year else "", KINDS.get(table.kind, "绩效目标表"),
                 f"第 {table.line}–{table.end_line} 行"]
        click.echo(click.style(f"── {title} · {' · '.join(x for x in facts if x)}", bold=True), file=out, color=color)
        for finding in findings:
            _finding(finding, lines, out, color)
        click.echo("", file=out)
    indices = {table.index for table in result.tables}
    loose = [f for f in result.findings if f.table not in indices]  # about the file itself, e.g. a configuration entry
    for finding in loose:
        _finding(finding, lines, out, color)
    if loose:
        click.echo("", file=out)


def _headline(f: Finding, color: bool) -> str:
    where = f"{visible(f.path)}:{f.line}:{f.column}" + (f" ({visible(f.ref)})" if f.ref else "")
    severity = click.style(f"{f.level.label}[{f.rule}]", fg=COLORS[f.severity], bold=True)
    return f"{where}: {severity} {visible(f.message)}"


def _finding(f: Finding, lines: List[str], out: TextIO, color: bool) -> None:
    click.echo(_headline(f, color), file=out, color=color)
    if 0 < f.line <= len(lines):
        shown, start, width = _excerpt(lines[f.line - 1], f.column, f.end_column if f.end_line == f.line else None)
        gutter = f"{f.line:>6} │ "
        click.echo(f"{gutter}{shown}", file=out, color=color)
        marks = click.style("^" * max(width, 1), fg=COLORS[f.severity])
        click.echo(f"{' ' * (len(gutter) - 2)}│ {' ' * start}{marks}", file=out, color=color)
    elif f.value:
        click.echo(f"       │ {visible(f.value)}", file=out, color=color)
    for place in f.related:
        where = f"{visible(place.path)}:{place.line}:{place.column}" + (f" ({visible(place.ref)})" if place.ref else "")
        click.echo(f"       = 对照：{place.label} {where}" + (f"：{visible(place.value)}" if place.value else ""),
                   file=out, color=color)
    if f.suggestion:
        click.echo(click.style(f"       = 建议：{visible(f.suggestion)}", fg="green"), file=out, color=color)


def _excerpt(line: str, column: int, end_column) -> tuple:
    """The line with tabs shown as │, clipped around the cell; the cell's display offset and width."""
    end = len(line) + 1 if end_column is None else end_column
    before = visible(line[: column - 1].replace("\t", SEPARATOR))
    cell = visible(line[column - 1: end - 1].replace("\t", SEPARATOR))
    after = visible(line[end - 1:].replace("\t", SEPARATOR))
    before = _tail(before, 40)
    cell = _head(cell, 60)
    after = _head(after, max(0, 100 - display_width(before) - display_width(cell)))
    return before + cell + after, display_width(before), display_width(cell)


def display_width(text: str) -> int:
    """Columns on a terminal: a Chinese character takes two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 0 if unicodedata.combining(ch) else 1
               for ch in text)


def _head(text: str, limit: int) -> str:
    if display_width(text) <= limit:
        return text
    kept = ""
    for ch in text:
        if display_width(kept + ch) > limit - 1:
            break
        kept += ch
    return kept + "…"


def _tail(text: str, limit: int) -> str:
    if display_width(text) <= limit:
        return text
    kept = ""
    for ch in reversed(text):
        if display_width(ch + kept) > limit - 1:
            break
        kept = ch + kept
    return "…" + kept


def _source_lines(path: str) -> List[str]:
    if Path(path).suffix.lower() not in (".txt", ".tsv", ".csv", ".yaml", ".yml", ".json"):
        return []
    try:
        return decode(Path(path).read_bytes()).split("\n")
    except (OSError, InputError):  # read once already; a file gone since only loses its excerpt
        return []
