"""Totals of a report run by 主管部门 → 实施单位 → table, kept as results stream in: a few
numbers per unit and per table entry; findings and rows pass through to the writers.

The quality score of a table (0–100, higher is better) is documented in SCORE_FORMULA."""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Dict, Iterable, List, Optional, Tuple

from ...engine.cross.names import UNIT_THRESHOLD, Groups
from ...util.errors import RuleError
from ...model.findings import FileResult, Finding, Severity, TableSummary
from ...model.table import SELF_EVALUATION
from ...util.normalize import compact
from ...util.paths import default_rules_dir
from ...run.summary import Summary
from .rows import RowView, finding_key

def _weights() -> Tuple[Dict[str, float], Dict[str, float]]:
    """What a finding costs (rules/score.yaml): on a row, a share of the row; about the table, points."""
    import yaml

    source = default_rules_dir() / "score.yaml"
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    try:
        return ({s.name: float(data["row"][s.name]) for s in Severity},
                {s.name: float(data["table"][s.name]) for s in Severity})
    except (TypeError, KeyError, ValueError):
        raise RuleError(f"{source}: 评分权重无效：row 和 table 下都要有 error、warning、info 三个数") from None


ROW_COST, PENALTY = _weights()


def _number(value: float) -> str:
    return f"{value:g}"


SCORE_FORMULA = (
    "表得分 = 100 × (指标总数 − 各行扣分之和) ÷ 指标总数"
    f" − {_number(PENALTY['error'])} × 表级错误数 − {_number(PENALTY['warning'])} × 表级警告数"
    f" − {_number(PENALTY['info'])} × 表级提示数，四舍五入取整，最低 0 分、最高 100 分。"
    f"每行扣分按该行最严重的问题计：错误 {_number(ROW_COST['error'])} 行、警告 {_number(ROW_COST['warning'])} 行、"
    f"提示 {_number(ROW_COST['info'])} 行，没有问题的行不扣分；"
    "“表级问题”是不落在某一条指标上的问题：缺少数量/质量/时效/成本/满意度指标（缺维度）、资金对不上、"
    "计划日期与年度不符、没有指标等。没有指标行的表得 0 分。权重见 rules/score.yaml。单位得分、部门得分是其下各表得分的平均值；"
    "单位按平均得分从高到低排名，同分同名次。")
BANDS = ((80, "good", "良好"), (60, "fair", "一般"), (0, "poor", "较差"))
BANDS_NOTE = "80 分及以上为良好，60–79 分为一般，60 分以下为较差。"
STATUS_LABELS = {"checked": "已检查", "skipped": "跳过", "failed": "失败"}
UNNAMED_DEPARTMENT, UNNAMED_UNIT = "（未填主管部门）", "（未填实施单位）"


_SEVERITY_LABELS = {severity.name: severity.label for severity in Severity}


def band(score: float) -> Tuple[str, str]:
    """The score's band: a CSS class and its Chinese name (≥80 良好, ≥60 一般, else 较差)."""
    return next((name, label) for floor, name, label in BANDS if score >= floor)


def kind_label(kind: str) -> str:
    return "自评表" if kind == SELF_EVALUATION else "绩效目标表"


def severity_label(severity: str) -> str:
    return _SEVERITY_LABELS[severity]


def table_score(indicators: int, rows: List[Tuple[Finding, ...]], loose: List[Finding]) -> int:
    """SCORE_FORMULA: ``rows`` holds the findings on each indicator row."""
    if not indicators:
        return 0
    cost = sum(max((ROW_COST[f.severity] for f in found), default=0) for found in rows)
    share = 100 * (indicators - cost) / indicators
    return max(0, min(100, math.floor(share - sum(PENALTY[f.severity] for f in loose) + 0.5)))


@dataclass
class TableEntry:
    """One table of the run, as the writers need it."""

    number: int                 # 1-based across the run: the HTML anchor t{number}
    path: str
    summary: TableSummary
    findings: Tuple[Finding, ...]
    rows: Tuple[Tuple[RowView, Tuple[Finding, ...]], ...]  # each indicator row with the findings on it
    loose: Tuple[Finding, ...]  # findings on no indicator row (missing dimensions, funds, dates)
    clean: int                  # indicator rows with no finding
    score: int
    department: str
    unit: str
    key: Tuple[str, str]        # (department, unit) with spaces and width variants folded
    rendered: Optional[tuple] = None  # rendered.Rendered: made in the worker for exactly these findings

    @property
    def severity(self) -> Counter:
        return Counter(f.severity for f in self.findings)


@dataclass
class Group:
    """A unit (实施单位) or a department (主管部门): counts and the mean of its tables' scores."""

    department: str
    unit: str = ""
    key: Tuple[str, str] = ("", "")
    tables: int = 0
    indicators: int = 0
    clean: int = 0
    score_total: int = 0
    severity: Counter = field(default_factory=Counter)
    rules: Counter = field(default_factory=Counter)
    rank: int = 0
    spellings: set = field(default_factory=set)  # the unit's names as the tables print them

    @property
    def variants(self) -> List[str]:
        """The unit's other spellings, when its tables name it in slightly different ways."""
        return sorted(self.spellings - {self.unit})

    def add(self, entry: TableEntry) -> None:
        self.tables += 1
        self.indicators += entry.summary.indicators
        self.clean += entry.clean
        self.score_total += entry.score
        for finding in entry.findings:
            self.severity[finding.severity] += 1
            self.rules[finding.rule] += 1

    @property
    def findings(self) -> int:
        return sum(self.severity.values())

    @property
    def score(self) -> float:
        return round(self.score_total / self.tables, 1) if self.tables else 0.0

    def to_dict(self) -> dict:
        data = {"department": self.department, "unit": self.unit, "rank": self.rank, "tables": self.tables,
                "indicators": self.indicators, "clean_indicators": self.clean, "findings": self.findings,
                "by_severity": {s.name: self.severity[s.name] for s in sorted(Severity, reverse=True)},
                "by_rule": dict(sorted(self.rules.items(), key=lambda kv: (-kv[1], kv[0]))), "score": self.score}
        if self.unit:
            data["variants"] = self.variants
        else:
            del data["unit"], data["rank"]
        return data


@dataclass
class CrossSection:
    """What the run found across documents (linter/cross): the pairs, the tables left unpaired,
    and each cross-table finding with the table it is on. Its findings count in the totals, not in
    any table's score (the tables were scored as they streamed past)."""

    matching: object                                   # linter.cross.Matching
    findings: List[tuple]                              # (linter.cross.Sheet it is on, Finding)
    problems: List[str]                                # notes on the pairing file

    def to_dict(self) -> dict:
        def table(sheet) -> dict:
            return {"path": sheet.path, "table": sheet.index, "project": sheet.project, "kind": sheet.kind,
                    "year": sheet.printed_year, "unit": sheet.unit}

        def pair(p) -> dict:
            return {"relation": p.relation, "this": table(p.this), "other": table(p.other), "basis": p.basis,
                    "units_differ": p.units_differ}

        m = self.matching
        return {"pairs": [pair(p) for p in m.pairs], "apart": [pair(p) for p in m.apart],
                "unmatched": [table(s) for s in m.unmatched], "problems": self.problems,
                "findings": [f.to_dict() for _, f in self.findings]}


class Aggregate:
    """Feed it every FileResult (``add``); it returns the result's table entries for the writers.
    Findings across documents come once the run is read (``add_cross``)."""

    def __init__(self, rule_names: Dict[str, str], inputs: Tuple[str, ...] = ()):
        self.rule_names = rule_names
        self.inputs = inputs
        self.summary = Summary()
        self.units: Dict[Tuple[str, str], Group] = {}
        self.departments: Dict[str, Group] = {}
        self.rule_severity: Counter = Counter()   # (rule, severity) → findings
        self.failed: List[FileResult] = []        # the first few, for the Markdown summary
        self.tables = self.indicators_clean = self.score_total = 0
        self.unit_names: Dict[str, Groups] = {}   # per department: unit names that differ only slightly
        self.cross: Optional[CrossSection] = None  # when the run held tables to compare
        self.sheets = ""                          # the review sheets' folder, relative to the reports

    def add(self, result: FileResult) -> List[TableEntry]:
        self.summary.add(result)
        if result.status == "failed" and len(self.failed) < 10:
            self.failed.append(result)
        entries = [self._entry(result, table) for table in result.tables]
        for finding in result.findings:
            self.rule_severity[finding.rule, finding.severity] += 1
        return entries

    def add_cross(self, cross, results: Iterable[FileResult]) -> None:
        """``cross`` is the finished linter.cross.CrossRun; ``results`` its findings as reviewed."""
        matching = cross.matching
        if not (matching.pairs or matching.apart or cross.problems):
            return
        tables = {(p.this.path, p.this.index): p.this for p in matching.pairs}
        found = []
        for result in results:
            self.summary.add(result)
            for finding in result.findings:
                self.rule_severity[finding.rule, finding.severity] += 1
                found.append((tables[finding.path, finding.table], finding))
        self.cross = CrossSection(matching, found, list(cross.problems))

    def _entry(self, result: FileResult, table: TableSummary) -> TableEntry:
        findings = tuple(f for f in result.findings if f.table == table.index)
        by_key = {finding_key(f): f for f in findings}
        viewed = table.rows
        rows = tuple((row, tuple(by_key[k] for k in row.flagged if k in by_key)) for row in viewed.rows)
        on_rows = {finding_key(f) for _, found in rows for f in found}
        loose = tuple(f for f in findings if finding_key(f) not in on_rows)
        clean = sum(1 for _, found in rows if not found)
        department = " ".join(table.department.split()) or UNNAMED_DEPARTMENT
        unit = " ".join(table.unit.split()) or UNNAMED_UNIT
        names = self.unit_names.setdefault(compact(department), Groups(UNIT_THRESHOLD))
        key = (compact(department), names.head(compact(unit)))
        group = self.units.setdefault(key, Group(department, unit, key))  # named as first seen
        group.spellings.add(unit)
        self.tables += 1
        rendered = viewed.rendered
        if rendered is not None and rendered.keys != tuple(map(finding_key, findings)):  # review removed some
            rendered = None
        entry = TableEntry(self.tables, result.path, table, findings, rows, loose, clean,
                           table_score(table.indicators, [found for _, found in rows], list(loose)),
                           group.department, group.unit, key, rendered)
        group.add(entry)
        self.departments.setdefault(key[0], Group(department, key=(key[0], ""))).add(entry)
        self.indicators_clean += clean
        self.score_total += entry.score
        return entry

    @property
    def score(self) -> float:
        return round(self.score_total / self.tables, 1) if self.tables else 0.0

    def rule_label(self, rule: str) -> str:
        return self.rule_names.get(rule, rule)

    def worst_severity(self, rule: str) -> str:
        return max((s for (r, s) in self.rule_severity if r == rule), key=lambda s: Severity[s], default="info")

    def finish(self) -> None:
        """Rank the units once every file is in: by mean score, best first; equal scores share a rank."""
        units = sorted(self.units.values(), key=lambda g: (-g.score, g.department, g.unit))
        for position, unit in enumerate(units):
            tied = position and unit.score == units[position - 1].score
            unit.rank = units[position - 1].rank if tied else position + 1

    def ranked_units(self) -> List[Group]:
        return sorted(self.units.values(), key=lambda g: (g.rank, g.department, g.unit))

    def grouped(self) -> List[Tuple[Group, List[Tuple[Tuple[str, str], Group]]]]:
        """Departments by name, each with its units by name: the order of the report's sections."""
        by_department: Dict[str, list] = {}
        for key, unit in sorted(self.units.items()):
            by_department.setdefault(key[0], []).append((key, unit))
        return [(self.departments[name], units) for name, units in sorted(by_department.items())]

    def to_dict(self) -> dict:
        data = self.summary.to_dict()
        data.update(clean_indicators=self.indicators_clean, score=self.score, units=len(self.units),
                    departments=len(self.departments))
        return data
