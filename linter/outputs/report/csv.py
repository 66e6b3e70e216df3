"""OUT.csv: one row per finding, in UTF-8 with a BOM so that Excel shows the Chinese. Every input
file appears: a checked file without findings has one row saying so, a skipped or failed file
one row with the reason. Cells that Excel would run as formulas are written as text."""
from __future__ import annotations

import contextlib
import csv
import io
from pathlib import Path
from typing import Dict, Iterator, Sequence, Tuple

from ...model.findings import FileResult, Finding
from ...model.fields import label as field_label
from .aggregate import STATUS_LABELS, Aggregate, TableEntry, kind_label, severity_label
from .safe import csv_text

HEADER = ("状态", "文件", "主管部门", "实施单位", "项目名称", "年度", "表类型", "表序号", "表得分", "行", "列", "位置",
          "级别", "规则", "规则名称", "指标", "字段", "原值", "说明", "建议")
NO_FINDINGS = "未发现问题"


@contextlib.contextmanager
def writer(target: Path, aggregate: Aggregate) -> Iterator:
    with target.open("w", encoding="utf-8-sig", errors="backslashreplace", newline="") as out:
        rows = csv.writer(out)
        rows.writerow(HEADER)

        labels: Dict[str, str] = {}

        def add(result: FileResult, entries: Sequence[TableEntry]) -> None:
            status = STATUS_LABELS[result.status]
            if result.status != "checked" or not result.findings:
                note = result.error or NO_FINDINGS
                rows.writerow(_safe([status, result.path] + [""] * (len(HEADER) - 4) + [note, ""]))
            for entry in entries:
                t = entry.summary
                table = _fields([status, entry.path, entry.department, entry.unit, t.project, t.year,
                                 kind_label(t.kind), entry.number, entry.score])
                rendered = entry.rendered.csv if entry.rendered else map(finding_fields, entry.findings)
                for f, fields in zip(entry.findings, rendered):
                    out.write(line(table, f, fields))

        def line(table: str, finding: Finding, fields: Tuple[str, str]) -> str:
            """A finding's line: its table's fields around its own (finding_fields) and its rule's name."""
            if finding.rule not in labels:
                labels[finding.rule] = _fields([aggregate.rule_label(finding.rule)])
            place, rest = fields
            return f"{table},{place},{labels[finding.rule]},{rest}\r\n"

        yield add
        for sheet, f in aggregate.cross.findings if aggregate.cross else ():
            table = _fields([STATUS_LABELS["checked"], f.path, sheet.printed_department, sheet.unit, sheet.project,
                             sheet.printed_year, kind_label(sheet.kind), "", ""])
            out.write(line(table, f, finding_fields(f)))


def finding_fields(finding: Finding) -> Tuple[str, str]:
    """The fields of a finding's row that depend on the finding alone (line to rule, indicator to
    suggestion), as CSV text: what a worker can render (rendered.view)."""
    f = finding
    return (_fields([f.line, f.column, f.ref, severity_label(f.severity), f.rule]),
            _fields([f.indicator, field_label(f.field), f.value, f.message, f.suggestion]))


_line = io.StringIO()
_fielder = csv.writer(_line, lineterminator="")


def _fields(values: list) -> str:
    """Fields as csv.writer writes them in a row (each is quoted or not by its own text alone)."""
    _line.seek(0)
    _line.truncate()
    _fielder.writerow(_safe(values))
    return _line.getvalue()


def _safe(values: list) -> list:
    return [value if isinstance(value, int) else csv_text(value) for value in values]
