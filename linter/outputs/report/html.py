"""OUT.html: one self-contained page (no network: CSS and a small script from static/ inlined as
the page is written, inline SVG charts), readable on a laptop and printable.

Tables arrive one file at a time; each table's row in the tables list and its own section are
written to a temporary file beside the report as they arrive, and only their offsets are kept.
The page is stitched at the end, grouped by 主管部门 → 实施单位, so memory stays flat however
many tables there are. Every value is escaped (``safe.esc``)."""
from __future__ import annotations

import contextlib
import functools
import shutil
import tempfile
from datetime import datetime
from pathlib import Path
from typing import BinaryIO, Dict, Iterator, List, Sequence, Tuple

from ...engine.cross.match import RELATIONS
from ...model.findings import FileResult, Finding
from ...model.fields import label as field_label
from .aggregate import (
    BANDS_NOTE, SCORE_FORMULA, STATUS_LABELS, Aggregate, CrossSection, TableEntry, band, kind_label, severity_label
)
from .rows import FIELDS, RowView
from .safe import esc

BASE_COLUMNS = ("level1", "level2", "name", "value")
TOP_RULES = 12      # bars in the chart of the most frequent problems
TOP_UNITS = 30      # bars in the chart of unit scores (the lowest when there are more)
LABEL_CHARS = 18    # characters of a chart label before it is cut with …
STATIC = Path(__file__).with_name("static")


@contextlib.contextmanager
def writer(target: Path, aggregate: Aggregate) -> Iterator:
    with _Fragments(target.parent, aggregate.sheets) as fragments:
        yield fragments.add
        with target.open("wb") as out:
            _page(out, aggregate, fragments)


class _Fragments:
    """Pieces of the page written as results arrive: each table's list row and section (in one
    temporary file, found again by offset) and each file's line in the file list."""

    def __init__(self, directory: Path, sheets: str):
        self.directory = directory
        self.sheets = sheets  # the folder of review sheets beside the page, if written
        self.written = 0  # bytes in self.tables
        self.by_unit: Dict[Tuple[str, str], List[Tuple[int, int, int]]] = {}

    def __enter__(self) -> "_Fragments":
        self.tables = tempfile.TemporaryFile(dir=self.directory, prefix=".jxlint-report-")
        self.files = tempfile.TemporaryFile(dir=self.directory, prefix=".jxlint-report-")
        self.problems = tempfile.TemporaryFile(dir=self.directory, prefix=".jxlint-report-")
        return self

    def __exit__(self, *exc) -> None:
        for handle in (self.tables, self.files, self.problems):
            handle.close()

    def add(self, result: FileResult, entries: Sequence[TableEntry]) -> None:
        line = _file_row(result).encode()
        self.files.write(line)
        if result.status != "checked":
            self.problems.write(line)
        for entry in entries:
            listed, section = _table_row(entry).encode(), table_section(entry, self.sheets).encode()
            self.by_unit.setdefault(entry.key, []).append((self.written, len(listed), len(section)))
            self.tables.write(listed + section)
            self.written += len(listed) + len(section)

    def listed(self, key) -> Iterator[bytes]:
        for offset, listed, _ in self.by_unit.get(key, ()):
            self.tables.seek(offset)
            yield self.tables.read(listed)

    def sections(self, key) -> Iterator[bytes]:
        for offset, listed, section in self.by_unit.get(key, ()):
            self.tables.seek(offset + listed)
            yield self.tables.read(section)

    @staticmethod
    def copy(handle: BinaryIO, out: BinaryIO) -> None:
        handle.seek(0)
        shutil.copyfileobj(handle, out)


# ---- the page ---------------------------------------------------------------------
def _page(out: BinaryIO, aggregate: Aggregate, fragments: _Fragments) -> None:
    def write(text: str) -> None:
        out.write(text.encode())

    grouped = aggregate.grouped()
    anchors = {key: f"u{n}" for n, (key, _) in enumerate(unit for _, units in grouped for unit in units)}
    write(_head(aggregate))
    write(_overview(aggregate))
    write(_units(aggregate, anchors))
    write(_TABLES_HEAD)
    for _, units in grouped:
        for key, _ in units:
            for piece in fragments.listed(key):
                out.write(piece)
    write("</tbody></table></div></section>\n")
    if aggregate.cross:
        write(_cross(aggregate.cross, aggregate))
    s = aggregate.summary.to_dict()
    write(f'<section id="files"><h2>文件（{s["files"]} 个）</h2>\n'
          f'<p>检查 {s["checked"]} 个，跳过 {s["skipped"]} 个，失败 {s["failed"]} 个。'
          f'跳过和失败的文件及原因：</p>\n{_FILES_HEAD}')
    fragments.copy(fragments.problems, out)
    write(f'</tbody></table>\n<details><summary>全部文件清单</summary>\n{_FILES_HEAD}')
    fragments.copy(fragments.files, out)
    write("</tbody></table></details></section>\n")
    write('<section id="details"><h2>逐表详情</h2>\n<p class="hint">每张表一节：上方是不落在某条指标上的问题'
          '（缺维度、资金、日期），下方是表中的指标，有问题的单元格标色，说明和改写建议在右侧。'
          '没有问题的表默认收起。</p>\n')
    for department, units in grouped:
        write(f'<h3 class="department">{esc(department.department)}</h3>\n')
        for key, unit in units:
            write(f'<h4 class="unit" id="{anchors[key]}">{esc(unit.unit)}{_variants(unit)}'
                  f'<span class="unit-score {band(unit.score)[0]}">平均 {unit.score:g} 分</span></h4>\n')
            for piece in fragments.sections(key):
                out.write(piece)
    write("</section>\n")
    write(f'<section id="method"><h2>评分方法</h2><p>{esc(SCORE_FORMULA)}</p><p>分档：{BANDS_NOTE}</p></section>\n')
    write(f'<script>\n{asset("report.js")}</script>\n</body></html>\n')


def _head(aggregate: Aggregate) -> str:
    inputs = "、".join(aggregate.inputs)
    made = datetime.now().strftime("%Y-%m-%d %H:%M")
    cross = '<a href="#cross">跨表比对</a>' if aggregate.cross else ""
    return (f'<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<title>绩效目标表批量检查报告</title>\n<style>\n{asset("report.css")}</style></head><body>\n'
            f'<header><h1>绩效目标表批量检查报告</h1><p class="meta">检查对象：{esc(inputs)} · 生成时间：{made}'
            f' · jxlint</p>\n<nav><a href="#overview">概览</a><a href="#units">单位排名</a>'
            f'<a href="#tables">表格清单</a>{cross}<a href="#files">文件</a><a href="#details">逐表详情</a>'
            f'<a href="#method">评分方法</a></nav></header>\n')


def _overview(aggregate: Aggregate) -> str:
    s = aggregate.to_dict()
    sev = s["by_severity"]

    def card(key: str, label: str, note: str = "") -> str:
        return (f'<div class="card"><span class="big" data-total="{key}">{s[key]}</span>'
                f'<span class="label">{label}</span>{note}</div>')

    cards = "".join((
        card("files", "个文件", f'<small>检查 <b data-total="checked">{s["checked"]}</b> · 跳过 '
                               f'<b data-total="skipped">{s["skipped"]}</b> · 失败 <b class="'
                               f'{"bad" if s["failed"] else ""}" data-total="failed">{s["failed"]}</b></small>'),
        card("tables", "张表", f'<small><b data-total="units">{s["units"]}</b> 个单位 · '
                              f'<b data-total="departments">{s["departments"]}</b> 个主管部门</small>'),
        card("indicators", "条指标", f'<small>没有问题的 <b data-total="clean_indicators">'
                                    f'{s["clean_indicators"]}</b> 条</small>'),
        card("findings", "个问题", f'<small>错误 <b data-total="error">{sev["error"]}</b> · 警告 '
                                  f'<b data-total="warning">{sev["warning"]}</b> · 提示 '
                                  f'<b data-total="info">{sev["info"]}</b></small>'),
        f'<div class="card"><span class="big {band(s["score"])[0]}" data-total="score">{s["score"]:g}</span>'
        f'<span class="label">平均得分</span><small><a href="#method">评分方法</a></small></div>',
    ))
    rules = list(s["by_rule"].items())[:TOP_RULES]
    problems = _bar_chart("最常见的问题", [
        (f"{aggregate.rule_label(rule)}", count, aggregate.worst_severity(rule),
         f"{rule}：{aggregate.rule_label(rule)}，{count} 个") for rule, count in rules], "个")
    units = sorted(aggregate.units.values(), key=lambda g: (g.score, g.department, g.unit))
    shown = units[:TOP_UNITS]
    scores = _bar_chart("各单位平均得分", [
        (unit.unit, unit.score, band(unit.score)[0], f"{unit.department} › {unit.unit}：{unit.score:g} 分，"
                                                     f"{unit.tables} 张表") for unit in shown], "分", maximum=100)
    more = (f'<p class="hint">单位较多，图中是得分最低的 {TOP_UNITS} 个；全部单位见下方排名表。</p>'
            if len(units) > TOP_UNITS else "")
    return (f'<section id="overview"><h2>概览</h2><div class="cards">{cards}</div>\n<div class="charts">'
            f'<figure><figcaption>最常见的问题（前 {TOP_RULES} 种）</figcaption>{problems}</figure>'
            f'<figure><figcaption>各单位平均得分（低→高）</figcaption>{scores}{more}</figure></div></section>\n')


def _bar_chart(title: str, bars: List[Tuple[str, float, str, str]], unit: str, maximum: float = 0) -> str:
    """A horizontal bar chart as inline SVG: (label, value, css class, tooltip) per bar."""
    if not bars:
        return '<p class="hint">（没有数据）</p>'
    label_width, bar_width, row = 250, 400, 26
    maximum = maximum or max(value for _, value, _, _ in bars) or 1
    height = row * len(bars) + 8
    parts = [f'<svg class="chart" viewBox="0 0 {label_width + bar_width + 70} {height}" role="img" '
             f'aria-label="{esc(title)}" xmlns="http://www.w3.org/2000/svg"><title>{esc(title)}</title>']
    for n, (label, value, klass, tip) in enumerate(bars):
        y = n * row + 4
        width = bar_width * value / maximum
        shown = label if len(label) <= LABEL_CHARS else label[:LABEL_CHARS - 1] + "…"
        parts.append(f'<g class="bar {esc(klass)}"><title>{esc(tip)}</title>'
                     f'<text x="{label_width - 8}" y="{y + 17}" text-anchor="end">{esc(shown)}</text>'
                     f'<rect x="{label_width}" y="{y + 4}" width="{width:.1f}" height="{row - 10}" rx="2"/>'
                     f'<text class="value" x="{label_width + width + 6:.1f}" y="{y + 17}">{value:g} {unit}</text></g>')
    parts.append(f'<line class="axis" x1="{label_width}" y1="0" x2="{label_width}" y2="{height}"/></svg>')
    return "".join(parts)


def _units(aggregate: Aggregate, anchors: Dict) -> str:
    rows = []
    for unit in aggregate.ranked_units():
        sev = unit.severity
        counts = _numbers(unit.tables, unit.indicators, unit.findings, sev["error"], sev["warning"], sev["info"])
        rows.append(f'<tr>{_numbers(unit.rank)}<td>{esc(unit.department)}</td>'
                    f'<td><a href="#{anchors[unit.key]}">{esc(unit.unit)}</a>{_variants(unit)}</td>{counts}'
                    f'{_numbers(_score(unit.score))}</tr>\n')
    return ('<section id="units"><h2>单位排名</h2>\n<div class="filter"><label>筛选：<input id="filter" '
            'type="search" placeholder="输入单位、部门或项目名称的一部分" autocomplete="off"></label>'
            '<span class="count" data-count-for="unit-table"></span>'
            '<span class="count" data-count-for="table-list"></span></div>\n'
            '<p class="hint">点击表头排序；筛选同时作用于单位排名和表格清单。</p>\n'
            '<div class="scroll"><table id="unit-table" class="sortable filterable"><thead><tr>'
            '<th data-type="num">排名</th><th>主管部门</th><th>实施单位</th><th data-type="num">表</th>'
            '<th data-type="num">指标</th><th data-type="num">问题</th><th data-type="num">错误</th>'
            '<th data-type="num">警告</th><th data-type="num">提示</th><th data-type="num">平均得分</th>'
            f'</tr></thead><tbody>\n{"".join(rows)}</tbody></table></div></section>\n')


_TABLES_HEAD = ('<section id="tables"><h2>表格清单</h2>\n<div class="scroll"><table id="table-list" '
                'class="sortable filterable"><thead><tr><th data-type="num">序号</th><th>主管部门</th><th>实施单位</th>'
                '<th>项目名称</th><th>年度</th><th>类型</th><th data-type="num">指标</th>'
                '<th data-type="num">问题</th><th data-type="num">错误</th><th data-type="num">警告</th>'
                '<th data-type="num">提示</th><th data-type="num">得分</th><th>文件</th></tr></thead><tbody>\n')
_FILES_HEAD = ('<table class="files"><thead><tr><th>文件</th><th>状态</th><th>表</th><th>问题</th><th>说明</th></tr>'
               '</thead><tbody>\n')


def _variants(unit) -> str:
    """A unit whose tables spell its name in slightly different ways lists the other spellings."""
    if not unit.variants:
        return ""
    return f'<span class="variants">（又写作：{esc("；".join(unit.variants))}）</span>'


def _cross(cross: CrossSection, aggregate: Aggregate) -> str:
    """The tables compared across documents, those left unpaired, and what the comparison found."""
    def table(sheet) -> str:
        return (f'{esc(sheet.project)} · {esc(sheet.printed_year)}年度 · {kind_label(sheet.kind)} · {esc(sheet.unit)}'
                f'<br><code>{esc(sheet.path)}</code>')

    def pairs(listed) -> str:
        rows = "".join(f'<tr><td>{RELATIONS[p.relation]}</td><td>{table(p.this)}</td><td>{table(p.other)}</td>'
                       f'<td>{esc(p.basis)}{"；实施单位不同" if p.units_differ else ""}</td></tr>\n' for p in listed)
        return ('<div class="scroll"><table class="pairs"><thead><tr><th>比对</th><th>本表（问题标在这里）</th>'
                f'<th>对照表</th><th>配对依据</th></tr></thead><tbody>\n{rows}</tbody></table></div>\n')

    m = cross.matching
    parts = [f'<section id="cross"><h2>跨表比对</h2>\n<p class="hint">同一项目的自评表对照批复的绩效目标表，'
             f'相邻年度的表互相对照。配对 {len(m.pairs)} 对，未配对的表 {len(m.unmatched)} 张，'
             f'跨表问题 {len(cross.findings)} 个（计入总数，不计入各表得分）。</p>\n', pairs(m.pairs)]
    if m.apart:
        parts.append(f'<h3>同名而不是同一项目（{len(m.apart)} 对）</h3><p class="hint">项目名称相同，但实施单位不同、'
                     '指标无一相同：视为各单位自己的项目，未比对。</p>\n' + pairs(m.apart))
    if cross.problems:
        parts.append("<h3>配对文件中未能配对的项</h3><ul>" + "".join(f"<li>{esc(p)}</li>" for p in cross.problems)
                     + "</ul>\n")
    if cross.findings:
        rows = "".join(
            f'<tr class="{f.severity}"><td>{severity_label(f.severity)}</td><td>{esc(aggregate.rule_label(f.rule))}'
            f'<br><code>{esc(f.rule)}</code></td><td>{esc(sheet.project)}<br><code>{esc(f.path)}:{f.line}</code></td>'
            f'<td>{esc(f.message)}<span class="fix">建议：{esc(f.suggestion)}</span></td>'
            f'<td>{"".join(_related(place) for place in f.related)}</td></tr>\n' for sheet, f in cross.findings)
        parts.append('<h3>跨表问题</h3><div class="scroll"><table class="cross-findings"><thead><tr><th>级别</th>'
                     f'<th>规则</th><th>位置</th><th>问题与建议</th><th>对照</th></tr></thead><tbody>\n{rows}'
                     '</tbody></table></div>\n')
    unmatched = "".join(f"<li>{table(sheet)}</li>" for sheet in m.unmatched)
    parts.append(f'<details><summary>未配对的表（{len(m.unmatched)} 张）</summary><ul class="unmatched">{unmatched}'
                 '</ul></details></section>\n')
    return "".join(parts)


def _related(place) -> str:
    value = f"：“{esc(place.value)}”" if place.value else ""
    return f'{esc(place.label)} <code>{esc(place.path)}:{place.line}</code>{value}'


def _numbers(*values) -> str:
    return "".join(f'<td class="n">{value}</td>' for value in values)


def _score(score: float) -> str:
    klass, label = band(score)
    return f'<span class="score {klass}" title="{label}">{score:g}</span>'


def _title(entry: TableEntry) -> str:
    return entry.summary.project or "（无表头：项目名称在上一页或缺失）"


def _table_row(entry: TableEntry) -> str:
    t, sev = entry.summary, entry.severity
    return (f'<tr>{_numbers(entry.number)}<td>{esc(entry.department)}</td><td>{esc(entry.unit)}</td>'
            f'<td><a href="#t{entry.number}">{esc(_title(entry))}</a></td><td>{esc(t.year)}</td>'
            f'<td>{kind_label(t.kind)}</td>'
            f'{_numbers(t.indicators, len(entry.findings), sev["error"], sev["warning"], sev["info"])}'
            f'{_numbers(_score(entry.score))}<td class="path">{esc(entry.path)}:{t.line}</td></tr>\n')


def _file_row(result: FileResult) -> str:
    return (f'<tr class="{result.status}"><td class="path">{esc(result.path)}</td>'
            f'<td>{STATUS_LABELS[result.status]}</td>{_numbers(len(result.tables), len(result.findings))}'
            f'<td>{esc(result.error)}</td></tr>\n')


def table_section(entry: TableEntry, sheets: str = "") -> str:
    """A table's section: its table-level findings, then its grid with flagged cells and notes."""
    t, sev = entry.summary, entry.severity
    counts = " · ".join(f"{severity_label(s)} {sev[s]}" for s in ("error", "warning", "info") if sev[s]) or "没有问题"
    year = f" · {esc(t.year)}年度" if t.year else ""
    parts = [f'<details class="table-detail" id="t{entry.number}"{" open" if entry.findings else ""}>'
             f'<summary>{_score(entry.score)} <b>{esc(_title(entry))}</b>{year} · {kind_label(t.kind)}'
             f' <span class="counts">{counts}</span></summary>\n'
             f'<p class="where">{esc(entry.department)} › {esc(entry.unit)} · <code>{esc(entry.path)}</code>'
             f' 第 {t.line}–{t.end_line} 行 · 指标 {t.indicators} 条，没有问题的 {entry.clean} 条 · '
             f'得分 {entry.score}{_sheet_links(entry, sheets)}</p>\n']
    if entry.loose:
        parts.append('<ul class="table-findings">')
        for finding in entry.loose:
            where = field_label(finding.field)
            value = f"“{esc(finding.value)}”" if finding.value and finding.field != "table" else ""
            parts.append(f'<li class="{finding.severity}" data-rule="{esc(finding.rule)}">{_note(finding)}'
                         f'<span class="at">位置：{esc(where)}'
                         f'{value} 第 {finding.line} 行{esc(" " + finding.ref) if finding.ref else ""}</span></li>')
        parts.append("</ul>\n")
    if entry.rows:
        parts.append(entry.rendered.grid if entry.rendered else grid(entry.rows))
    parts.append("</details>\n")
    return "".join(parts)


def _sheet_links(entry: TableEntry, sheets: str) -> str:
    if not sheets:
        return ""
    base = f"{esc(sheets)}/t{entry.number}"
    return f' · 审核意见单：<a href="{base}.docx">Word</a> <a href="{base}.html">网页（可打印）</a>'


def grid(rows: Sequence[Tuple[RowView, Sequence[Finding]]]) -> str:
    """A table's indicator rows, each with the findings on it: flagged cells and their notes."""
    flagged = {finding.field for _, found in rows for finding in found}
    used = [n for n, name in enumerate(FIELDS)
            if name in BASE_COLUMNS or name in flagged or any(row.cells[n] for row, _ in rows)]
    head = "".join(f"<th>{field_label(FIELDS[n])}</th>" for n in used)
    parts = [f'<div class="scroll"><table class="grid"><thead><tr><th>行</th>{head}<th>问题与建议</th></tr>'
             '</thead><tbody>\n']
    for row, found in rows:
        on_cell: Dict[str, List[Finding]] = {}
        for finding in found:
            on_cell.setdefault(finding.field, []).append(finding)
        cells = "".join(f"<td{_hit(on_cell.get(FIELDS[n]))}>{esc(row.cells[n])}</td>" for n in used)
        flagged = ' class="flagged"' if found else ""
        parts.append(f'<tr{flagged}>{_numbers(row.line)}{cells}<td class="notes">{"".join(map(_note, found))}'
                     '</td></tr>\n')
    parts.append("</tbody></table></div>\n")
    return "".join(parts)


def _hit(findings) -> str:
    """The class of a cell that findings point at, by the worst of them."""
    return f' class="hit {max(findings, key=lambda f: f.level).severity}"' if findings else ""


def _note(finding: Finding) -> str:
    fix = f'<span class="fix">建议：{esc(finding.suggestion)}</span>' if finding.suggestion else ""
    return (f'<div class="note {finding.severity}" data-rule="{esc(finding.rule)}"><span class="tag">'
            f'{severity_label(finding.severity)}'
            f' {esc(finding.rule)}</span> {esc(finding.message)}{fix}</div>')


@functools.lru_cache(maxsize=None)
def asset(name: str) -> str:
    """A file of static/ (the page's CSS and script), inlined into the page so it needs no network."""
    return (STATIC / name).read_text(encoding="utf-8")
