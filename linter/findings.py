"""Findings: immutable values, 1-based positions with an exclusive end column."""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from enum import IntEnum


class Severity(IntEnum):
    info = 1
    warning = 2
    error = 3

    @property
    def label(self) -> str:
        return {"info": "提示", "warning": "警告", "error": "错误"}[self.name]


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str
    message: str
    suggestion: str
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    project: str
    indicator: str
    field: str
    value: str
    table: int = 0          # index of the table within its file
    ref: str = ""           # the format's own name for the place, e.g. "Sheet1!C12"

    @property
    def level(self) -> Severity:
        return Severity[self.severity]

    def to_dict(self) -> dict:
        return dict(vars(self))  # what asdict gives for these flat fields, without its deep copy


@dataclass(frozen=True)
class TableSummary:
    """What a report needs to know of a table once its findings are made."""

    index: int
    project: str
    kind: str
    year: str
    department: str
    unit: str
    line: int
    end_line: int
    indicators: int
    rows: tuple = field(default=(), repr=False)  # a report's compact copy of the rows (runner.lint_file view=)

    def to_dict(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "rows"}


@dataclass
class FileResult:
    """Every input ends as one of these: checked, skipped (with why) or failed (with the error)."""

    path: str
    status: str = "checked"
    error: str = ""
    tables: tuple = ()
    findings: tuple = ()

    def to_dict(self) -> dict:
        return {"path": self.path, "status": self.status, "error": self.error or None,
                "tables": [t.to_dict() for t in self.tables],
                "findings": [f.to_dict() for f in self.findings]}
