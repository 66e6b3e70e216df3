"""Compiler-style text: ``file:line:col: severity[rule] message``, the source line with the
offending cell underlined, then the suggestion; grouped by table with its 项目名称."""
from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Iterable, List, TextIO

import click

from ..errors import InputError
from ..findings import FileResult, Finding
from ..model import SELF_EVALUATION
from ..readers.encoding import decode
from ..summary import Summary

COLORS = {"error": "red", "warning": "yellow", "info": "cyan"}
KINDS = {SELF_EVALUATION: "自评表"}
SEPARATOR = " │ "


def render(results: Iterable[FileResult], out: TextIO, color: bool = False) -> Summary:
    summary = Summary()
    for result in results:
        summary.add(result)
        if result.status != "checked":
            click.echo(f"jxlint: {_unreadable(result)}", err=True, color=color)
            continue
        _file(result, out, color)
    click.echo(summary.sentence(), file=out, color=color)
    return summary


def _unreadable(result: FileResult) -> str:
    """One line for a file not checked; a reader's message that already names the file and the
    place ("d.yaml:12:5: …") is shown as it is, compiler-style."""
    if result.error.startswith(f"{result.path}:"):
        return result.error
    return f"{result.path}: {'失败' if result.status == 'failed' else '跳过'}：{result.error}"


def _file(result: FileResult, out: TextIO, color: bool) -> None:
    lines = _source_lines(result.path) if result.findings else []
    for table in result.tables:
        findings = [f for f in result.findings if f.table == table.index]
        if not findings:
            continue
        title = table.project or "（无表头的表：项目名称在上一页或缺失）"
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


def _finding(f: Finding, lines: List[str], out: TextIO, color: bool) -> None:
    where = f"{f.path}:{f.line}:{f.column}" + (f" ({f.ref})" if f.ref else "")
    severity = click.style(f"{f.severity}[{f.rule}]", fg=COLORS[f.severity], bold=True)
    click.echo(f"{where}: {severity} {f.message}", file=out, color=color)
    if 0 < f.line <= len(lines):
        shown, start, width = _excerpt(lines[f.line - 1], f.column, f.end_column if f.end_line == f.line else None)
        gutter = f"{f.line:>6} │ "
        click.echo(f"{gutter}{shown}", file=out, color=color)
        marks = click.style("^" * max(width, 1), fg=COLORS[f.severity])
        click.echo(f"{' ' * (len(gutter) - 2)}│ {' ' * start}{marks}", file=out, color=color)
    elif f.value:
        click.echo(f"       │ {f.value}", file=out, color=color)
    for place in f.related:
        where = f"{place.path}:{place.line}:{place.column}" + (f" ({place.ref})" if place.ref else "")
        click.echo(f"       = 对照：{place.label} {where}" + (f"：{place.value}" if place.value else ""),
                   file=out, color=color)
    if f.suggestion:
        click.echo(click.style(f"       = 建议：{f.suggestion}", fg="green"), file=out, color=color)


def _excerpt(line: str, column: int, end_column) -> tuple:
    """The line with tabs shown as │, clipped around the cell; the cell's display offset and width."""
    end = len(line) + 1 if end_column is None else end_column
    before = line[: column - 1].replace("\t", SEPARATOR)
    cell = line[column - 1: end - 1].replace("\t", SEPARATOR)
    after = line[end - 1:].replace("\t", SEPARATOR)
    before = _tail(before, 40)
    cell = _head(cell, 60)
    after = _head(after, max(0, 100 - _width(before) - _width(cell)))
    return before + cell + after, _width(before), _width(cell)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 0 if unicodedata.combining(ch) else 1
               for ch in text)


def _head(text: str, limit: int) -> str:
    if _width(text) <= limit:
        return text
    kept = ""
    for ch in text:
        if _width(kept + ch) > limit - 1:
            break
        kept += ch
    return kept + "…"


def _tail(text: str, limit: int) -> str:
    if _width(text) <= limit:
        return text
    kept = ""
    for ch in reversed(text):
        if _width(ch + kept) > limit - 1:
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
