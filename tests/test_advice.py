"""Advice a reviewer would sign: applying a rule's suggested rewrite (blanks filled with the rewrite
table's plausible numbers) removes the finding and raises no new finding of any rule, on every seed
and sample table; and no rule's good example is flagged by any other rule. Counts are printed."""
from collections import Counter
from dataclasses import replace

import pytest

from linter.readers import examples
from linter.run import cases
from linter import readers
from linter.engine import ruleset
from linter.engine.evaluate import MEDIUM_SUFFIX, Engine
from linter.model.table import Cell

from conftest import ROOT, SEEDS

PACK = ruleset.load(use_cache=False)
ENGINE = Engine(PACK)
ROW_RULES = Engine(PACK, PACK.row_rules)
SOURCES = sorted(SEEDS.glob("*.txt")) + sorted((SEEDS.parent / "seeds-regions").glob("*.txt")) + sorted(
    p for p in (ROOT / "samples").rglob("*") if p.is_file() and readers.supported(p))


def _keys(findings):
    return Counter((f.rule, f.line, f.field) for f in findings)


def _applied(table, edits):
    rows = {False: list(table.rows), True: list(table.medium_rows)}
    for edit in edits:
        row = rows[edit.medium][edit.row]
        place = edit.cell.loc or row.value.loc or row.name.loc
        rows[edit.medium][edit.row] = row._replace(**{edit.field: Cell(edit.example, place, edit.example)})
    return replace(table, rows=tuple(rows[False]), medium_rows=tuple(rows[True]))


def _verdict(engine, table, before, edit):
    """What is wrong after applying one rewrite: a new finding of any rule, or the original kept."""
    after = engine.check(_applied(table, [edit]))
    row = (table.medium_rows if edit.medium else table.rows)[edit.row]
    new = _keys(after) - _keys(before)
    kept = [f for f in after if f.rule == edit.rule and f.line == row.line and f.indicator.endswith(MEDIUM_SUFFIX) == edit.medium]
    if new or kept:
        return (f"{table.path} {table.project} {row.name.text}: {edit.cell.text!r} → {edit.example!r} ({edit.rule}): "
                f"new {sorted(new)} kept {[f.rule for f in kept]}")
    return None


def test_applying_every_suggestion_raises_no_new_finding():
    if not SEEDS.is_dir():
        pytest.skip(f"seed tables not found at {SEEDS}")
    applied, tables, by_rule, not_values, problems = 0, 0, Counter(), Counter(), []
    for path in SOURCES:
        for table in readers.read(path):
            tables += 1
            before = ENGINE.check(table)
            edits = ENGINE.edits(table)
            for finding in before:
                rule = PACK.get(finding.rule)
                if rule.scope == "row" and rule.fix is None:
                    not_values[finding.rule] += 1
            for edit in edits:
                problem = _verdict(ENGINE, table, before, edit)
                if problem:
                    problems.append(problem)
                applied += 1
                by_rule[edit.rule] += 1
            if edits:
                everything = ENGINE.check(_applied(table, edits))
                new = _keys(everything) - _keys(before)
                if new:
                    problems.append(f"{path.name} {table.project}: all {len(edits)} rewrites together: new {sorted(new)}")
    print(f"\n{len(SOURCES)} files, {tables} tables: {applied} suggested rewrites applied (blanks filled), "
          f"{len(problems)} left a finding or raised a new one")
    print("  applied per rule: " + ", ".join(f"{rule} {n}" for rule, n in by_rule.most_common()))
    print("  not applied (the advice is no new target: an actual figure, a reason or a move to another 二级): "
          + (", ".join(f"{rule} {n}" for rule, n in not_values.most_common()) or "none"))
    print("\n".join(problems[:40]))
    assert applied > 250, "the seeds should give hundreds of rewrites to apply"
    assert not problems


GOOD = [named for rule in PACK.rules if rule.scope != "run" for named in cases.named(rule, ["good"])]


@pytest.mark.parametrize("named", GOOD)  # the test id is the case's name (conftest.py)
def test_good_example_raises_no_finding_of_any_row_rule(named):
    """A good example shows a well-written indicator: no row rule may flag it. (Table rules would
    flag a one-row example for its missing dimensions, which is not what the example is about.)"""
    example = cases.example(named.case)
    fired = ROW_RULES.check(examples.table(example))
    assert not fired, f"{named.id} {example}: {[(f.rule, f.message) for f in fired]}"


def test_every_rewrite_case_filled_is_itself_clean():
    """Each case of the rewrite table, filled, is a target no row rule flags, for a row the case applies to."""
    engine, checked = ROW_RULES, 0
    for rule in PACK.row_rules:
        for case in rule.examples["bad"].values():
            table = examples.table(cases.example(case))
            before = engine.check(table)
            for edit in engine.edits(table):
                assert _verdict(engine, table, before, edit) is None
                checked += 1
    print(f"\n{checked} bad examples rewritten and checked clean")
    assert checked >= 20
