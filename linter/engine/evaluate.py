"""Compiled rules × tables → findings."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Dict, Iterable, List, NamedTuple, Optional, Sequence, Tuple

from .checks import CHECKS
from .context import OTHER, Context, PairContext
from .patterns import FILE_REGEX_SECONDS, REGEX_SECONDS, BudgetSpent, RuleTimeout, budget
from ..model.findings import Finding, Related
from ..model.table import Cell, IndicatorRow, Location, Table
from . import rewrite
from .ruleset import Rule, RulePack
from .variables import Values, names_needed, render


class Edit(NamedTuple):
    """A change a rule's advice makes to one cell of a row (``row`` indexes ``Table.rows``, or
    ``Table.medium_rows`` for a 中期 indicator)."""

    row: int
    medium: bool
    rule: str
    field: str
    cell: Cell
    template: str  # as ``jxlint fix`` writes it, blanks and all
    example: str   # the blanks filled with plausible numbers


# A finding on a 中期 indicator (a grid with 中期 and 年度 side by side) says so.
MEDIUM_PREFIX, MEDIUM_SUFFIX = "中期目标：", "（中期）"


class Engine:
    def __init__(self, pack: RulePack, rules: Iterable[Rule] = None):
        self.pack = pack
        selected = list(rules) if rules is not None else pack.rules
        self.row_rules = [r for r in selected if r.scope == "row" and not r.across]
        self.table_rules = [r for r in selected if r.scope == "table" and not r.across]
        self.cross_rules = [r for r in selected if r.across]  # run once per run over paired tables (linter/cross)
        self.values = Values(pack.variables, pack.categories, pack.wordlists.get("count-units", {}).get("mapping", {}))

    def check(self, table: Table, index: int = 0) -> List[Finding]:
        if index == 0:
            budget.start()  # a file's first table
        cats = self.pack.categories
        rows = [Context(table, cats, row) for row in table.rows]
        whole = Context(table, cats, rows=rows)
        findings: List[Finding] = []
        for ctx in rows:
            self._check_row(ctx, whole, findings, index)
        for row in table.medium_rows:
            medium: List[Finding] = []
            self._check_row(Context(table, cats, row), whole, medium, index)
            findings.extend(replace(f, message=MEDIUM_PREFIX + f.message, indicator=f.indicator + MEDIUM_SUFFIX)
                            for f in medium)
        for rule in self.table_rules:
            if not self._holds(rule, whole, findings, index):
                continue
            if rule.check:
                for hit in CHECKS[rule.check][0](table):
                    findings.append(self._finding(rule, whole, whole, hit.cell, hit.field, index, hit.indicator,
                                                  hit.variables))
            else:
                findings.append(self._finding(rule, whole, whole, self._grid_anchor(table, rule.anchor), "table", index))
        unique = {(f.rule, f.line, f.column, f.field, f.value): f for f in reversed(findings)}
        return sorted(unique.values(), key=lambda f: (f.line, f.column, f.rule))

    def check_pair(self, table: Table, other: Table, relation: str, row_pairs: Sequence[Tuple[IndicatorRow, IndicatorRow]],
                   index: int = 0, label: str = "") -> List[Finding]:
        """The cross-table rules of ``relation`` on a table and its counterpart ``other`` (linter/cross):
        row rules on each indicator pair ((row, other's row), ``ABSENT`` on the side that lacks it),
        table rules on the two tables. Each finding cites the counterpart's place as ``related``."""
        rules = [rule for rule in self.cross_rules if rule.across == relation]
        if not rules:
            return []
        cats = self.pack.categories
        rows = [PairContext(table, cats, other, row, theirs) for row, theirs in row_pairs]
        whole = PairContext(table, cats, other, rows=rows)
        findings: List[Finding] = []
        for rule in rules:
            for ctx in rows if rule.scope == "row" else [whole]:
                if self._holds(rule, ctx, findings, index):
                    findings.append(self._pair_finding(rule, ctx, whole, index, label))
        return sorted(findings, key=lambda f: (f.line, f.column, f.rule))

    def _pair_finding(self, rule: Rule, ctx: PairContext, whole: PairContext, index: int, label: str) -> Finding:
        other_row = ctx.other_row
        cited = ctx.cell(OTHER + rule.field)
        loc = cited.loc or (other_row is not None and _row_anchor(other_row)) or _anchor(ctx.other_table).loc
        path = ctx.other_table.path
        supplied = self._counterpart(rule.advice(ctx)[1], ctx)
        supplied.update({OTHER + "file": Path(path).name,
                         OTHER + "place": f"{path} {loc.ref}" if loc.ref else f"{path} 第 {loc.line} 行"})
        indicator = (ctx.row.name.text or other_row.name.text) if ctx.row is not None else ""
        finding = self._finding(rule, ctx, whole, ctx.cell(rule.field), rule.field, index, indicator, supplied)
        place = Related(label, ctx.other_table.path, loc.line, loc.column, loc.end_line, loc.end_column,
                        cited.text, loc.ref)
        return replace(finding, related=(place,))

    def _counterpart(self, names: Sequence[str], ctx: PairContext) -> Dict[str, str]:
        """The ``other.NAME`` variables among ``names``: the counterpart table's fields and table
        variables, and its row's fields."""
        wanted = [name[len(OTHER):] for name in names
                  if name.startswith(OTHER) and self.values.readable_across(name[len(OTHER):])]
        if not wanted:
            return {}
        cats, other = self.pack.categories, ctx.other_table
        mirror = Context(other, cats, ctx.other_row)
        whole = mirror
        if any(self.values.scope(name) == "table" for name in wanted):
            whole = Context(other, cats, rows=[Context(other, cats, row) for row in other.rows])
        found = self.values.of(names_needed(wanted, self.pack.variables), mirror, whole)
        return {OTHER + name: found[name] for name in wanted}

    def keep(self, table: Table) -> Optional[Table]:
        """What the cross-table rules need of a table once its own findings are made (None when
        none is selected): its header and indicators, without funds or the grid's columns."""
        if not self.cross_rules:
            return None
        return replace(table, funds={}, columns=(), medium_rows=())

    def _check_row(self, ctx: Context, whole: Context, findings: List[Finding], index: int) -> None:
        for rule in self.row_rules:
            try:
                holds = rule.when(ctx)
            except RuleTimeout as timeout:
                holds = self._timed_out(rule, ctx, timeout, findings, index)
            if holds:
                findings.append(self._finding(rule, ctx, whole, ctx.cell(rule.field), rule.field, index))

    def _holds(self, rule: Rule, ctx: Context, findings: List[Finding], index: int) -> bool:
        try:
            return rule.when(ctx)
        except RuleTimeout as timeout:
            return self._timed_out(rule, ctx, timeout, findings, index)

    def _timed_out(self, rule: Rule, ctx: Context, timeout: RuleTimeout, findings: List[Finding], index: int) -> bool:
        """A regular expression that ran out of time becomes an error finding on that cell (or, once
        per file, on the table when the file's budget is spent) instead of stalling the run."""
        simplify = f"简化规则文件 {rule.source} 中的正则表达式"
        if isinstance(timeout, BudgetSpent):
            if not budget.reported:
                budget.reported = True
                findings.append(self._at(
                    rule, ctx, _anchor(ctx.table), "table", index, severity="error", suggestion=simplify,
                    message=f"自定义规则的正则表达式在本文件上累计用时超过 {FILE_REGEX_SECONDS:g} 秒，"
                            f"从规则“{rule.id}”起，其余单元格没有用自定义正则表达式检查"))
            return False
        cell = ctx.cell(rule.field) if ctx.row is not None else _anchor(ctx.table)
        findings.append(self._at(
            rule, ctx, cell, rule.field, index, severity="error", suggestion=simplify,
            message=f"规则“{rule.id}”的正则表达式在此单元格上超时（超过 {REGEX_SECONDS * 1000:.0f} 毫秒），此项未检查"))
        return False

    def _finding(self, rule: Rule, ctx: Context, whole: Context, cell: Cell, field: str, index: int,
                 indicator: str = "", supplied: Optional[Dict[str, str]] = None) -> Finding:
        """A finding of the rule, its templates filled with the variables they name (``supplied``
        by a check or for a counterpart; the rule's params last)."""
        suggestion, names = rule.advice(ctx)
        variables = self.values.of(names, ctx, whole)
        variables.update(supplied or {})
        variables.update(rule.params)
        return self._at(rule, ctx, cell, field, index, indicator, severity=rule.severity_for(ctx),
                        message=render(rule.message, variables), suggestion=render(suggestion, variables))

    @staticmethod
    def _at(rule: Rule, ctx: Context, cell: Cell, field: str, index: int, indicator: str = "", **said) -> Finding:
        # an empty cell has no place of its own: point at its row's indicator, else the table
        loc = cell.loc or (ctx.row is not None and _row_anchor(ctx.row)) or _anchor(ctx.table).loc
        return Finding(
            rule=rule.id, path=ctx.table.path, line=loc.line, column=loc.column, end_line=loc.end_line,
            end_column=loc.end_column, project=ctx.table.project,
            indicator=indicator or (ctx.row.name.text if ctx.row else ""),
            field=field, value=cell.text, table=index, ref=loc.ref, **said)

    def edits(self, table: Table) -> List[Edit]:
        """What the advice of each row rule with a ``fix:`` writes into the rows it fires on: the
        template with blanks, and the same filled with the rewrite case's plausible numbers."""
        cats = self.pack.categories
        whole = Context(table, cats, rows=[Context(table, cats, row) for row in table.rows])
        found: List[Edit] = []
        rows = [(i, False, row) for i, row in enumerate(table.rows)]
        for index, medium, row in rows + [(i, True, row) for i, row in enumerate(table.medium_rows)]:
            ctx = Context(table, cats, row)
            done = set()
            for rule in self.row_rules:
                if rule.fix is None or rule.fix[0] in done or not self._holds(rule, ctx, [], 0):
                    continue
                done.add(rule.fix[0])
                template = render(rule.fix[1], self.values.of(rule.fix_needs, ctx, whole))
                fill = self.values.case("rewrite", ctx).fill if "rewrite" in self.pack.variables else ()
                found.append(Edit(index, medium, rule.id, rule.fix[0], getattr(row, rule.fix[0]), template,
                                  rewrite.filled(template, fill)))
        return found

    def _grid_anchor(self, table: Table, anchor: Dict[str, str]) -> Cell:
        """Where a finding about the whole table points: the rule's ``anchor`` field if printed, else the
        first cell of the 一级 block the missing dimension belongs in, else the grid's header line, else
        the table's title or first line (never its 项目名称, which is not what is wrong). The same in
        every format, so the finding reads back the same from a converted copy."""
        cats = self.pack.categories
        if "field" in anchor and table.field(anchor["field"]).loc:
            return table.field(anchor["field"])
        groups = cats.parents.get(anchor.get("dimension"), ())
        block = next((c for row in table.rows if cats.level1_group(row.level1.text) in groups
                      for c in (row.level1, row.level2, row.name) if c.loc), None)
        heading = next((c.heading for c in table.columns if c.read and c.heading.loc), None)
        place = (block or heading or table.title or Cell("", Location(table.loc.line, 1, table.loc.line, 2))).loc
        return Cell("", place)  # the place only: the finding is about no cell's text


def _row_anchor(row) -> Location:
    return next((cell.loc for cell in (row.name, row.value, row.level2) if cell.loc), Location())


def _anchor(table: Table) -> Cell:
    """Where a finding about the whole table points: its 项目名称, its title, its first
    indicator (a table whose header was cut off), else its first line."""
    project = table.header.get("project")
    for cell in (project, table.title, table.rows[0].name if table.rows else None):
        if cell is not None and cell.loc:
            return cell
    return Cell(table.project, Location(table.loc.line, 1, table.loc.line, 2))
