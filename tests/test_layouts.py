"""Layout invariance: every seed table, written out in each column layout of other regions' budget
systems and in each format, is read back to the same indicators (三级指标, target) with the same
findings as the seed layout gives. The agreement is printed (pytest -s, or in the summary)."""
from collections import Counter

import pytest

from linter import readers
from linter.engine.evaluate import MEDIUM_SUFFIX, Engine
from linter.util.normalize import canon

import layouts
from roundtrip import seed_tables

FORMATS = (".txt", ".csv", ".xlsx", ".xls", ".docx")
AGREEMENT = {}


@pytest.fixture(scope="module")
def originals(seeds):
    return seed_tables(seeds)


@pytest.fixture(scope="module")
def engine(pack):
    return Engine(pack)


def rows(table, pack, medium=False):
    cats = pack.categories
    return [(cats.dimension_of_label(r.level2.text), r.name.text, canon(r.value.text))
            for r in (table.medium_rows if medium else table.rows)]


def row_findings(engine, table, medium=False, only_row_rules=False):
    """Findings on indicators by (rule, indicator): the year's, or the 中期 rows' (row rules only
    run on those: the table checks read the year's indicators)."""
    found = engine.check(table)
    if medium:
        return Counter((f.rule, f.indicator[:-len(MEDIUM_SUFFIX)]) for f in found if f.indicator.endswith(MEDIUM_SUFFIX))
    row_rules = {rule.id for rule in engine.row_rules}
    return Counter((f.rule, f.indicator) for f in found if f.indicator and not f.indicator.endswith(MEDIUM_SUFFIX)
                   and (f.rule in row_rules or not only_row_rules))


def table_findings(engine, table):
    return Counter(f.rule for f in engine.check(table) if not f.indicator)


def compare(engine, pack, originals, copies, with_table_findings=True, medium=False):
    """The tables that did not come back the same, one line each."""
    if len(copies) != len(originals):
        return [f"{len(originals)} tables written, {len(copies)} read back"]
    differ = []
    for original, copy in zip(originals, copies):
        checks = [("rows", rows(original, pack), rows(copy, pack)),
                  ("row findings", row_findings(engine, original), row_findings(engine, copy))]
        if medium:
            checks += [("中期 rows", rows(original, pack), rows(copy, pack, medium=True)),
                       ("中期 findings", row_findings(engine, original, only_row_rules=True),
                        row_findings(engine, copy, medium=True))]
        if with_table_findings:
            checks.append(("table findings", table_findings(engine, original), table_findings(engine, copy)))
        for what, expected, got in checks:
            if expected != got:
                differ.append(f"{original.path.rsplit('/', 1)[-1]}:{original.loc.line} {original.project}: {what} "
                              f"differ: {_diff(expected, got)}")
                break
    return differ


def _diff(expected, got):
    if isinstance(expected, Counter):
        return f"lost {sorted((expected - got).elements())[:3]}, extra {sorted((got - expected).elements())[:3]}"
    lost = [r for r in expected if r not in got][:2]
    extra = [r for r in got if r not in expected][:2]
    return f"lost {lost}, extra {extra}"


@pytest.mark.parametrize("suffix", FORMATS)
@pytest.mark.parametrize("family", sorted(layouts.FAMILIES))
def test_same_rows_and_findings_in_every_layout(family, suffix, originals, engine, pack, tmp_path):
    written = [t for t in originals if family != "medium" or t.kind != "self-evaluation"]
    path = tmp_path / f"{family}{suffix}"
    layouts.write(layouts.family_layouts(family, written), path)
    copies = readers.read(path)
    differ = compare(engine, pack, written, copies, medium=family == "medium")
    AGREEMENT[(family, suffix)] = (len(written) - len(differ), len(written))
    print(f"\n{family:13} {suffix:6} {len(written) - len(differ)}/{len(written)} tables agree")
    assert not differ, "\n".join(differ[:5])


@pytest.mark.parametrize("suffix", FORMATS)
@pytest.mark.parametrize("repeated", [False, True], ids=["merged-names", "repeated-names"])
def test_one_grid_for_many_projects(repeated, suffix, originals, engine, pack, tmp_path):
    groups = layouts.project_groups(originals)
    path = tmp_path / f"projects{suffix}"
    layouts.write([layouts.projects(group, repeated) for group in groups], path)
    copies = readers.read(path)
    written = [t for group in groups for t in group]
    assert [c.project for c in copies] == [t.project for t in written]
    assert [c.funds.get("annual_total", None) and c.funds["annual_total"].text for c in copies] == [
        t.funds.get("annual_total", None) and t.funds["annual_total"].text for t in written]
    differ = compare(engine, pack, written, copies, with_table_findings=False)
    name = f"projects ({'repeated' if repeated else 'merged'})"
    AGREEMENT[(name, suffix)] = (len(written) - len(differ), len(written))
    print(f"\n{name:13} {suffix:6} {len(written) - len(differ)}/{len(written)} tables agree")
    assert not differ, "\n".join(differ[:5])
