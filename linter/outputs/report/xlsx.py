"""OUT.xlsx: 汇总 (totals, problems by rule, the score formula), 单位 (units ranked), 表格 (one
row per table), 问题 (one row per finding with its location) and 文件 (every input file with its
status).

Each row goes to its sheet's scratch file as XML text as it arrives (workbook.py), with no object
per cell, so the workbook is written here, as the results come in, at a small part of what
checking the table costs (openpyxl, then XlsxWriter, spent about as much as the checking)."""
from __future__ import annotations

import contextlib
import tempfile
from pathlib import Path
from typing import Dict, Iterator, List, Sequence, Tuple

from ...model.findings import FileResult, Finding
from ...model.fields import label as field_label
from .aggregate import SCORE_FORMULA, STATUS_LABELS, Aggregate, TableEntry, kind_label, severity_label
from . import workbook
from .safe import printable
from .workbook import Cells

MAX_ROWS = 1_048_576     # rows in an Excel sheet; findings beyond it continue on 问题 (2)…
MAX_CELL = 32_767        # characters in an Excel cell
SHEETS = {
    "汇总": (("项目", 28), ("数值", 24), ("", 12)),
    "单位": (("排名", 6), ("主管部门", 24), ("实施单位", 30), ("表", 6), ("指标", 7), ("没有问题的指标", 8), ("问题", 7),
           ("错误", 7), ("警告", 7), ("提示", 7), ("平均得分", 9)),
    "表格": (("序号", 7), ("主管部门", 24), ("实施单位", 30), ("项目名称", 36), ("年度", 7), ("类型", 10), ("文件", 40),
           ("起始行", 7), ("结束行", 7), ("指标", 7), ("没有问题的指标", 8), ("问题", 7), ("错误", 7), ("警告", 7),
           ("提示", 7), ("得分", 7)),
    "问题": (("文件", 40), ("行", 6), ("列", 6), ("位置", 10), ("主管部门", 24), ("实施单位", 30), ("项目名称", 30),
           ("表序号", 7), ("级别", 6), ("规则", 20), ("规则名称", 16), ("指标", 24), ("字段", 12), ("原值", 24),
           ("说明", 50), ("建议", 50)),
    "文件": (("文件", 50), ("状态", 8), ("表", 6), ("问题", 7), ("说明", 60)),
}
Rows = List[Tuple[str, Cells]]  # (sheet, row) pairs


@contextlib.contextmanager
def writer(target: Path, aggregate: Aggregate) -> Iterator:
    with tempfile.TemporaryDirectory(prefix="jxlint-xlsx-") as scratch:  # the sheets' rows until the book is saved
        book, labels = _Book(target, scratch), {}
        yield lambda result, entries: book.append(_rows(result, entries, aggregate, labels))
        book.append(_closing_rows(aggregate, labels))
        book.save()


def finding_cells(finding: Finding) -> Tuple[Cells, Cells, Cells]:
    """The cells of a finding's row on 问题 that depend on the finding alone (line to place, level and
    rule, indicator to suggestion): what a worker can render (rendered.view)."""
    f = finding
    return (_cells([f.line, f.column, f.ref], 1), _cells([severity_label(f.severity), f.rule], 8),
            _cells([f.indicator, field_label(f.field), f.value, f.message, f.suggestion], 11))


def _rows(result: FileResult, entries: Sequence[TableEntry], aggregate: Aggregate, labels: Dict[str, Cells]) -> Rows:
    rows: Rows = [("文件", _cells([result.path, STATUS_LABELS[result.status], len(result.tables),
                                  len(result.findings), result.error]))]
    for entry in entries:
        t, sev = entry.summary, entry.severity
        rows.append(("表格", _cells([entry.number, entry.department, entry.unit, t.project, t.year, kind_label(t.kind),
                                    entry.path, t.line, t.end_line, t.indicators, entry.clean, len(entry.findings),
                                    sev["error"], sev["warning"], sev["info"], entry.score])))
        path, table = _cells([entry.path]), _cells([entry.department, entry.unit, t.project, entry.number], 4)
        rendered = entry.rendered.xlsx if entry.rendered else map(finding_cells, entry.findings)
        rows += [("问题", _problem(path, table, f, cells, aggregate, labels)) for f, cells in zip(entry.findings, rendered)]
    return rows


def _problem(path: Cells, table: Cells, finding: Finding, cells: Tuple[Cells, Cells, Cells], aggregate: Aggregate,
             labels: Dict[str, Cells]) -> Cells:
    """A finding's row on 问题: its file and table cells around its own (finding_cells) and its rule's name."""
    place, rule, rest = cells
    if finding.rule not in labels:
        labels[finding.rule] = _cells([aggregate.rule_label(finding.rule)], 10)
    return workbook.joined(path, place, table, rule, labels[finding.rule], rest)


def _cells(values: list, first: int = 0) -> Cells:
    return workbook.cells([printable(v)[:MAX_CELL] if isinstance(v, str) else v for v in values], first)


def _closing_rows(aggregate: Aggregate, labels: Dict[str, Cells]) -> Rows:
    """汇总 and 单位, known once every file is in, and the cross-table findings on 问题."""
    s = aggregate.to_dict()
    summary = [["检查对象", "、".join(aggregate.inputs)], []]
    summary += [[label, s[key]] for label, key in (
        ("文件", "files"), ("已检查", "checked"), ("跳过", "skipped"), ("失败", "failed"), ("主管部门", "departments"),
        ("实施单位", "units"), ("表", "tables"), ("指标", "indicators"), ("没有问题的指标", "clean_indicators"),
        ("问题", "findings"))]
    summary += [[f"问题：{severity_label(severity)}", count] for severity, count in s["by_severity"].items()]
    summary += [["平均得分", s["score"]], [], ["规则", "规则名称", "问题数"]]
    summary += [[rule, aggregate.rule_label(rule), count] for rule, count in s["by_rule"].items()]
    summary += [[], ["评分方法", SCORE_FORMULA]]
    units = [[u.rank, u.department, u.unit, u.tables, u.indicators, u.clean, u.findings, u.severity["error"],
              u.severity["warning"], u.severity["info"], u.score] for u in aggregate.ranked_units()]
    across = [_problem(_cells([f.path]), _cells([sheet.printed_department, sheet.unit, sheet.project], 4), f,
                       finding_cells(f), aggregate, labels)
              for sheet, f in (aggregate.cross.findings if aggregate.cross else ())]
    return ([("汇总", _cells(row)) for row in summary] + [("单位", _cells(row)) for row in units]
            + [("问题", row) for row in across])


class _Book:
    """The report's workbook: rows go to their sheet's scratch file as they are appended."""

    def __init__(self, target: Path, scratch: str):
        self.book = workbook.Workbook(target, scratch)
        self.sheets = {title: _Sheet(self.book, title, columns) for title, columns in SHEETS.items()}

    def append(self, rows: Rows) -> None:
        sheets = self.sheets
        for title, row in rows:
            sheets[title].append(row)

    def save(self) -> None:
        self.book.save()


class _Sheet:
    """A sheet with a bold, frozen, filterable header row (汇总 has none); a full sheet continues on a new one."""

    def __init__(self, book: workbook.Workbook, title: str, columns):
        self.book, self.title, self.columns = book, title, columns
        self.parts = 1
        self._start(title)

    def _start(self, title: str) -> None:
        header = self.title != "汇总"
        self.sheet = self.book.add_sheet(title, [width for _, width in self.columns], header)
        if header:
            self.sheet.append([name for name, _ in self.columns], bold=True)

    def append(self, row: Cells) -> None:
        if self.sheet.rows == MAX_ROWS:
            self.parts += 1
            self._start(f"{self.title} ({self.parts})")
        self.sheet.place(row)
