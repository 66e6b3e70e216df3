"""Findings on the real seed tables against a hand-checked list, exactly; known misses printed as todo."""
import yaml

from linter.engine.evaluate import Engine
from linter.readers import text
from linter.run.runner import lint_file

from conftest import FIXTURES

EXPECTED = yaml.safe_load((FIXTURES / "expected" / "seed-findings.yaml").read_text(encoding="utf-8"))["tables"]


def _found(seeds, pack, spec):
    result = lint_file(seeds / spec["file"], Engine(pack))
    first, last = spec["lines"]
    table = next(t for t in result.tables if first <= t.line <= last and t.project == spec["project"])
    return {(f.line, f.rule) for f in result.findings if f.table == table.index}


def test_the_hand_checked_findings_exactly(seeds, pack):
    """Every expected finding found, nothing else; known misses (``todo``) printed, and failing
    once found so that they are promoted."""
    wrong, todo, expected_count = [], [], 0
    for spec in EXPECTED:
        name = spec["project"] or "(headless)"
        expected = {(e["line"], e["rule"]) for e in spec["expected"] if "todo" not in e}
        misses = {(e["line"], e["rule"]): e["todo"] for e in spec["expected"] if "todo" in e}
        found = _found(seeds, pack, spec)
        expected_count += len(expected)
        wrong += [f"  unexpected {name} {extra}" for extra in sorted(found - expected - set(misses))]
        wrong += [f"  missed     {name} {miss}" for miss in sorted(expected - found)]
        wrong += [f"  todo now found, make it expected: {name} {fixed}" for fixed in sorted(found & set(misses))]
        todo += [f"  todo {name} {miss}: {why}" for miss, why in sorted(misses.items()) if miss not in found]
    print(f"\nhand-checked seed tables: {len(EXPECTED)} tables, {expected_count} expected findings, "
          f"{len(todo)} known misses (todo)")
    print("\n".join(todo))
    assert not wrong, "findings differ from tests/fixtures/expected/seed-findings.yaml:\n" + "\n".join(wrong)


MEASURABLE = {"≥90%", "2160人", "2022年12月底前", "有90%以上的教师认为有提升", "≥95%", "100%", "无", "=1套",
              "市二中学≥225人，向明中学≥200人", "及时，12月", "100%，2109名", "有80%调研对象知晓学校品牌", "全年365天"}


def test_measurable_values_are_never_flagged(seeds, pack):
    engine = Engine(pack, [pack.get(i) for i in ("vague-value", "missing-deadline", "satisfaction-threshold",
                                                 "missing-unit")])
    seen = set()
    for path in seeds.glob("*.txt"):
        for table in text.read(path):
            flagged = {f.value for f in engine.check(table)}
            values = {r.value.text for r in table.rows}
            seen |= values & MEASURABLE
            assert not (flagged & MEASURABLE), (table.project, flagged & MEASURABLE)
    assert len(seen) >= 10, "the seeds should contain most of these values"


def test_a_zero_count_is_measurable_but_a_zero_satisfaction_is_not(seeds, pack):
    engine = Engine(pack)
    zero_rows = []
    for path in seeds.glob("*.txt"):
        for table in text.read(path):
            flagged = {(f.line, f.rule) for f in engine.check(table) if f.field == "value"}
            for row in table.rows:
                if row.value.text in ("0", "0起", "0件"):
                    zero_rows.append((row.name.text, {rule for line, rule in flagged if line == row.value.loc.line}))
    counts = [rules for name, rules in zero_rows if "满意" not in name]
    satisfaction = [rules for name, rules in zero_rows if "满意" in name]
    assert len(counts) >= 4 and all(not rules for rules in counts)
    assert satisfaction and all("satisfaction-threshold" in rules for rules in satisfaction)


def test_the_known_problems_of_the_seeds_are_found(seeds, pack):
    engine = Engine(pack)
    findings = [f for path in seeds.glob("*.txt") for i, t in enumerate(text.read(path)) for f in engine.check(t, i)]
    by_rule = {}
    for f in findings:
        by_rule.setdefault(f.rule, []).append(f)
    assert any(f.project == "校区保安经费" and "9511.19" in f.message for f in by_rule["funds-mismatch"])
    assert {f.indicator for f in by_rule["year-mismatch"]} >= {"创新方法培训完成日期", "科技评价专业培训项目完成日期"}
    vague = {f.value for f in by_rule["vague-value"]}
    assert {"有效", "提升", "良好", "健全且有效", "较2021年减少", "建立健全"} <= vague
    assert {"及时", "按计划", "在区财政规定的时间节点内"} <= {f.value for f in by_rule["missing-deadline"]}
    assert {"满意", "进一步提高", "0"} <= {f.value for f in by_rule["satisfaction-threshold"]}
