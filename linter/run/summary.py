"""Totals over a run, kept as results stream past."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..model.findings import FileResult, Severity


@dataclass
class Summary:
    files: int = 0
    status: Counter = field(default_factory=Counter)
    tables: int = 0
    indicators: int = 0
    severity: Counter = field(default_factory=Counter)
    rules: Counter = field(default_factory=Counter)

    def add(self, result: FileResult) -> None:
        if not result.cross:  # a file's cross-table findings come after the file itself, which counted it
            self.files += 1
            self.status[result.status] += 1
            self.tables += len(result.tables)
            self.indicators += sum(t.indicators for t in result.tables)
        for finding in result.findings:
            self.severity[finding.severity] += 1
            self.rules[finding.rule] += 1

    @property
    def findings(self) -> int:
        return sum(self.severity.values())

    def worst(self) -> int:
        return max((Severity[name] for name in self.severity), default=0)

    def to_dict(self) -> dict:
        return {
            "files": self.files,
            "checked": self.status["checked"], "skipped": self.status["skipped"], "failed": self.status["failed"],
            "tables": self.tables, "indicators": self.indicators, "findings": self.findings,
            "by_severity": {s.name: self.severity[s.name] for s in sorted(Severity, reverse=True)},
            "by_rule": dict(sorted(self.rules.items(), key=lambda kv: (-kv[1], kv[0]))),
        }

    def sentence(self) -> str:
        s = self.to_dict()
        return (f"共 {s['files']} 个文件（检查 {s['checked']}，跳过 {s['skipped']}，失败 {s['failed']}），"
                f"{s['tables']} 张表、{s['indicators']} 条指标；发现问题 {s['findings']} 个："
                f"错误 {s['by_severity']['error']}，警告 {s['by_severity']['warning']}，提示 {s['by_severity']['info']}")
