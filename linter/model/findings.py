"""Findings: immutable values, 1-based positions with an exclusive end column."""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from enum import IntEnum
from typing import NamedTuple


class Severity(IntEnum):
    info = 1
    warning = 2
    error = 3

    @property
    def label(self) -> str:
        return {"info": "提示", "warning": "警告", "error": "错误"}[self.name]


class Related(NamedTuple):
    """A second place a finding cites: the approved target a 自评表 departs from, last year's value.
    ``label`` says what the place is (批复的绩效目标表, 上年度的表)."""

    label: str
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    value: str = ""
    ref: str = ""

    def to_dict(self) -> dict:
        return self._asdict()


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
    related: tuple = ()     # Related places in other tables (cross-table rules)

    @property
    def level(self) -> Severity:
        return Severity[self.severity]

    def to_dict(self) -> dict:
        data = dict(vars(self))  # what asdict gives for these flat fields, without its deep copy
        data["related"] = [place.to_dict() for place in self.related]
        return data


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
    kept: object = field(default=None, repr=False, compare=False)  # engine.cross.Kept: the table as cross-table rules need it

    def to_dict(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name not in ("rows", "kept")}


@dataclass
class FileResult:
    """Every input ends as one of these: checked, skipped (with why) or failed (with the error)."""

    path: str
    status: str = "checked"
    error: str = ""
    tables: tuple = ()
    findings: tuple = ()
    cross: bool = False  # findings across tables (linter/cross) on a file already reported
    comments: tuple = ()  # the file's suppression comments (model.source.Comment), for the review
    lines: dict = field(default_factory=dict, repr=False)  # line number → text, the lines a text report quotes

    def to_dict(self) -> dict:
        data = {"path": self.path, "status": self.status, "error": self.error or None,
                "tables": [t.to_dict() for t in self.tables],
                "findings": [f.to_dict() for f in self.findings]}
        if self.cross:
            data["cross"] = True
        return data
