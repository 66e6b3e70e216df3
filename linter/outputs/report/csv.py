"""OUT.csv: one row per finding, in UTF-8 with a BOM so that Excel shows the Chinese. Every input
file appears: a checked file without findings has one row saying so, a skipped or failed file
one row with the reason. Cells that Excel would run as formulas are written as text."""
from __future__ import annotations

import contextlib
import csv
from pathlib import Path
from typing import Iterator, Sequence

from ...model.findings import FileResult
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

        def add(result: FileResult, entries: Sequence[TableEntry]) -> None:
            status = STATUS_LABELS[result.status]
            if result.status != "checked" or not result.findings:
                note = result.error or NO_FINDINGS
                rows.writerow(_safe([status, result.path] + [""] * (len(HEADER) - 4) + [note, ""]))
            for entry in entries:
                t = entry.summary
                for f in entry.findings:
                    rows.writerow(_safe([
                        status, entry.path, entry.department, entry.unit, t.project, t.year, kind_label(t.kind),
                        entry.number, entry.score, f.line, f.column, f.ref, severity_label(f.severity), f.rule,
                        aggregate.rule_label(f.rule), f.indicator, field_label(f.field), f.value, f.message,
                        f.suggestion]))

        yield add
        for sheet, f in aggregate.cross.findings if aggregate.cross else ():
            rows.writerow(_safe([
                STATUS_LABELS["checked"], f.path, sheet.printed_department, sheet.unit, sheet.project,
                sheet.printed_year, kind_label(sheet.kind), "", "", f.line, f.column, f.ref, severity_label(f.severity), f.rule,
                aggregate.rule_label(f.rule), f.indicator, field_label(f.field), f.value, f.message, f.suggestion]))


def _safe(values: list) -> list:
    return [value if isinstance(value, int) else csv_text(value) for value in values]
