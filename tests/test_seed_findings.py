"""Findings on the real seed tables against a hand-checked list; precision and recall printed."""
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


def test_precision_and_recall_on_hand_checked_tables(seeds, pack):
    true_positive = false_positive = false_negative = 0
    report = []
    for spec in EXPECTED:
        expected = {(e["line"], e["rule"]) for e in spec["expected"]}
        found = _found(seeds, pack, spec)
        true_positive += len(found & expected)
        false_positive += len(found - expected)
        false_negative += len(expected - found)
        for extra in sorted(found - expected):
            report.append(f"  unexpected {spec['project'] or '(headless)'} {extra}")
        for miss in sorted(expected - found):
            report.append(f"  missed     {spec['project'] or '(headless)'} {miss}")
    precision = true_positive / (true_positive + false_positive)
    recall = true_positive / (true_positive + false_negative)
    print(f"\nhand-checked seed tables: {len(EXPECTED)} tables, {true_positive + false_negative} expected findings")
    print(f"precision {precision:.3f}  recall {recall:.3f}  (tp {true_positive}, fp {false_positive}, fn {false_negative})")
    print("\n".join(report))
    assert precision >= 0.95
    assert recall >= 0.95


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
