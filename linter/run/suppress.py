"""Suppressions: ``# jxlint: disable=RULE`` comments in the file, and configuration entries that
silence a rule for a project or an indicator (any format).

A comment names one or more rules, comma-separated. ``disable`` silences those rules' findings
that start on the comment's own line, ``disable-next-line`` those on the line after it. Matching
is by line number alone, so comments work in every line-based format whose findings carry the
file's own lines: YAML drafts (where ``#`` starts a YAML comment), text and CSV. The reader finds
them (``model.source``) as it reads the file; they come here with the file's result.

Every comment and entry that silenced nothing can be reported (``--report-unused``) as a finding
of ``unused-suppression``, so stale ones get cleaned up.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Dict, Iterable, List, Sequence, Set, Tuple

from .config import Entry, shown
from ..model.findings import Finding
from ..model.source import Comment
from ..util.normalize import canon
from ..engine.ruleset import Rule
from ..engine.variables import render

UNUSED = "unused-suppression"  # rules/run/unused-suppression.yaml: its texts by what went unused


def matches(entry: Entry, finding: Finding) -> bool:
    return (finding.rule in entry.rules
            and (not entry.project or canon(entry.project) == canon(finding.project))
            and (not entry.indicator or canon(entry.indicator) == canon(finding.indicator)))


def apply(findings: Iterable[Finding], marks: Sequence[Comment], entries: Sequence[Entry],
          canonical: Dict[str, str]) -> Tuple[List[Finding], Set[tuple]]:
    """The findings nothing silences, and the (comment or entry, rule id) pairs that silenced one.
    ``canonical`` maps rule ids and aliases to rule ids."""
    by_line: Dict[int, List[Comment]] = defaultdict(list)
    for mark in marks:
        by_line[mark.target].append(mark)
    kept, used = [], set()
    for finding in findings:
        hits = {(mark, rule) for mark in by_line.get(finding.line, ()) for rule in mark.rules
                if canonical.get(rule, rule) == finding.rule}
        hits |= {(entry, finding.rule) for entry in entries if matches(entry, finding)}
        if hits:
            used |= hits
        else:
            kept.append(finding)
    return kept, used


def unused_comments(marks: Sequence[Comment], used: Set[tuple], canonical: Dict[str, str], active: Set[str],
                    path: str, tables: Sequence, rule: Rule) -> List[Finding]:
    """A finding for each comment with a rule that silenced nothing. A rule that exists but did not
    run on this file (not selected) is not counted: there is no telling whether it would fire."""
    findings = []
    for mark in marks:
        unknown = [r for r in mark.rules if r not in canonical]
        idle = [r for r in mark.rules if r in canonical and canonical[r] in active and (mark, r) not in used]
        if not unknown and not idle:
            continue
        why = "；".join(([f"没有规则“{'、'.join(unknown)}”"] if unknown else [])
                       + ([f"第 {mark.target} 行没有“{'、'.join(idle)}”的问题"] if idle else []))
        message, suggestion = _texts(rule, "comment", comment=mark.text, why=why)
        findings.append(Finding(
            rule=rule.id, severity=rule.severity, message=message, suggestion=suggestion, path=path,
            line=mark.line, column=mark.column, end_line=mark.line, end_column=mark.end_column,
            project="", indicator="", field="comment", value=mark.text, table=_table_at(tables, mark.target)))
    return findings


def unused_entries(entries: Iterable[Entry], used: Set[tuple], rule: Rule) -> Dict[str, List[Finding]]:
    """Findings for configured entries that silenced nothing in the whole run, by configuration file."""
    found: Dict[str, List[Finding]] = defaultdict(list)
    for entry in entries:
        idle = [rule for rule in entry.rules if (entry, rule) not in used]
        if not idle:
            continue
        target = "、".join(x for x in (f"项目“{entry.project}”" if entry.project else "",
                                       f"指标“{entry.indicator}”" if entry.indicator else "") if x)
        path = shown(entry.origin.file)
        message, suggestion = _texts(rule, "entry", rules="、".join(idle), target=target)
        found[path].append(Finding(
            rule=rule.id, severity=rule.severity, message=message, suggestion=suggestion, path=path,
            line=entry.origin.line, column=entry.origin.column, end_line=entry.origin.line,
            end_column=entry.origin.column + 1, project=entry.project, indicator=entry.indicator, field="suppress",
            value="、".join(idle), table=-1))
    return found


def _texts(rule: Rule, kind: str, **variables: str) -> Tuple[str, str]:
    """The rule's message and suggestion for a ``kind`` of suppression (comment, entry), filled in."""
    message, suggestion = rule.variants[kind]
    return render(message, variables), render(suggestion, variables)


def _table_at(tables: Sequence, line: int) -> int:
    """The table around the line, else the last one before it, else the first; -1 for none."""
    for table in tables:
        if table.line <= line <= table.end_line:
            return table.index
    earlier = [t.index for t in tables if t.line <= line]
    return earlier[-1] if earlier else (tables[0].index if tables else -1)
