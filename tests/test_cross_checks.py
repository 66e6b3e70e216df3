"""The checks that read a table as a whole, on the real seed tables: each problem a reviewer
found by hand is a regression case, and the checks stay silent where the arithmetic holds."""
import dataclasses
import textwrap

import pytest

from linter.readers import examples
from linter.engine import ruleset
from linter.engine.evaluate import Engine
from linter.util.errors import RuleError
from linter.model.table import Cell
from linter.readers import text

NEW_RULES = ("goal-without-indicator", "goal-indicator-mismatch", "overall-goal-copied", "funds-unit-mix",
             "execution-rate-mismatch", "funding-score-mismatch", "total-score-mismatch", "weight-sum-mismatch",
             "unearned-score", "deadline-after-end", "duplicate-indicator", "score-over-weight",
             "unexplained-deduction", "empty-actual", "satisfaction-below-minimum", "satisfaction-at-100",
             "rate-over-100", "cost-not-money")


@pytest.fixture(scope="module")
def tables(seeds):
    return {path.name[:3]: text.read(path) for path in sorted(seeds.glob("*.txt"))}


@pytest.fixture(scope="module")
def findings(seeds, pack):
    engine = Engine(pack)
    return [f for path in sorted(seeds.glob("*.txt"))
            for i, table in enumerate(text.read(path)) for f in engine.check(table, i)]


def _table(tables, seed, project):
    return next(t for t in tables[seed] if t.project == project)


def _fired(pack, rule_id, table):
    return [f for f in Engine(pack, [pack.get(rule_id)]).check(table)]


def test_every_new_rule_is_in_the_pack(pack):
    assert set(NEW_RULES) <= set(pack.by_id)


def test_the_security_table_funds_totals_differ(findings):
    hits = [f for f in findings if f.rule == "funds-mismatch" and f.project == "校区保安经费"]
    assert any("9511.19" in f.message and "9511.18" in f.message for f in hits)


def test_2022_deadlines_in_2023_tables_are_year_mismatch_only(findings):
    late = {f.indicator for f in findings if f.rule == "year-mismatch" and f.value == "2022年12月"}
    assert late >= {"创新方法培训完成日期", "科技评价专业培训项目完成日期"}
    assert not [f for f in findings if f.rule == "deadline-after-end" and f.indicator in late]


def test_a_score_above_its_weight(findings):
    over = {(f.indicator, f.value) for f in findings if f.rule == "score-over-weight"}
    assert ("城乡一体华工程教育装备项目完成学校数量", "9") in over
    assert ("中学实验室危化品管理研究报告。", "8") in over  # 6 points, scored 8; the 总分 95 counts the 8
    assert len(over) == 2


def test_forty_trainees_planned_twenty_trained_is_scored_above_its_share(findings):
    (hit,) = [f for f in findings if f.rule == "unearned-score" and f.indicator == "培训人次"]
    assert hit.project.startswith("教育改革试点和发展引导经费") and hit.value == "7"
    assert "=40人次" in hit.message and "50%" in hit.message and "最多得 5 分" in hit.message


def test_goal_promises_without_or_against_their_indicator(findings):
    missing = {(f.project, f.value) for f in findings if f.rule == "goal-without-indicator"}
    assert ("继续教育培训", "20场") in missing
    contradicted = {(f.project, f.indicator, f.value) for f in findings if f.rule == "goal-indicator-mismatch"}
    assert contradicted == {("党建经费", "党员学习经费保障人数", "≥7000人"), ("督导办学经费", "被督导对象满意度", "≥90%")}


def test_goal_numbers_found_in_indicators_are_not_reported(tables, pack):
    for project in ("政府购买辅助服务项目（保洁）", "校区保安经费", "政府购买辅助服务", "德育教育经费"):
        table = _table(tables, "003", project)
        assert not _fired(pack, "goal-without-indicator", table), project
        assert not _fired(pack, "goal-indicator-mismatch", table), project


def test_two_promises_in_one_goal_are_two_findings_at_their_own_columns(pack):
    goal = "年内开展20场专题培训，完成300人次企业实践。"
    table = examples.table({"annual_goal": goal, "rows": [{"level2": "数量指标", "name": "课程数量", "value": "=6门"}]})
    hits = _fired(pack, "goal-without-indicator", table)
    assert [(f.column, f.end_column, f.value) for f in hits] == [(5, 8, "20场"), (15, 20, "300人次")]


def test_a_multi_year_table_with_its_overall_goal_copied(findings):
    (hit,) = [f for f in findings if f.rule == "overall-goal-copied"]
    assert hit.project == "信息化运维项目" and "2023—2024年" in hit.message


def test_the_cost_row_counted_in_items_and_the_low_satisfaction_thresholds(findings):
    cost = [(f.project, f.value) for f in findings if f.rule == "cost-not-money"]
    assert cost == [("经济责任审计及其他审计", "=31个")]
    low = {(f.project, f.indicator) for f in findings if f.rule == "satisfaction-below-minimum"}
    assert ("基础教育机构信息公开平台 (2022运维)", "学校满意率") in low and len(low) == 4


def test_the_seed_arithmetic_holds_so_these_checks_stay_silent(findings):
    """Every 执行率 in the seeds is rounded up to 0.01% (97.671% is printed 97.68%), every
    funding score is 分值 × 执行率, every 总分 adds up and every 分值 column sums to 100."""
    silent = ("execution-rate-mismatch", "funding-score-mismatch", "total-score-mismatch", "weight-sum-mismatch",
              "funds-unit-mix", "deadline-after-end", "duplicate-indicator", "rate-over-100", "satisfaction-at-100")
    assert not [f for f in findings if f.rule in silent]


def _with_funds(table, changed):
    """The seed table with some funding cells rewritten in place."""
    return dataclasses.replace(table, funds={**table.funds, **{key: Cell(text, table.funds[key].loc)
                                                               for key, text in changed.items()}})


def test_altered_seed_numbers_are_caught(tables, pack):
    table = _table(tables, "001", "内涵建设经费")  # 23,035,714.51 / 23585012 = 97.67%; printed 97.68%, score 9.77
    assert not _fired(pack, "execution-rate-mismatch", table)
    wrong_rate = _with_funds(table, {"total.execution_rate": "97.66%"})
    assert [f.value for f in _fired(pack, "execution-rate-mismatch", wrong_rate)] == ["97.66%"]
    wrong_score = _with_funds(table, {"total.score": "9.87"})
    assert [f.value for f in _fired(pack, "funding-score-mismatch", wrong_score)] == ["9.87"]
    changed = dataclasses.replace(table, total_score=Cell("98.77", table.total_score.loc))
    (hit,) = _fired(pack, "total-score-mismatch", changed)
    assert "90 + 资金执行得分 9.77 = 99.77" in hit.message
    heavier = dataclasses.replace(table, rows=(table.rows[0]._replace(weight=Cell("25", table.rows[0].weight.loc)),
                                               *table.rows[1:]))
    (hit,) = _fired(pack, "weight-sum-mismatch", heavier)
    assert "= 105" in hit.message


def test_a_row_that_lost_its_score_in_extraction_leaves_the_total_unchecked(tables, pack):
    table = _table(tables, "002", "“四教”结合经费-代编")  # line 138 kept 分值 10 but lost its 得分
    assert [row.score.text for row in table.rows].count("") == 1
    assert not _fired(pack, "total-score-mismatch", table)
    assert not [f for f in _fired(pack, "empty-actual", table) if f.indicator == "无人机项目教学建设推广"]


def test_a_yuan_table_written_in_wan(tables, pack):
    table = _table(tables, "000", "交通工具购置及更新")  # 项目资金 (元): 180000.00
    assert not _fired(pack, "funds-unit-mix", table)
    hits = _fired(pack, "funds-unit-mix", _with_funds(table, {"total.executed": "18"}))
    assert [f.field for f in hits] == ["total.executed"] and "像是按万元填写的" in hits[0].message


@pytest.mark.parametrize("row,rewrite", [
    ({"level2": "质量指标", "name": "设备验收合格率", "value": "良好"}, "≥__%"),
    ({"level2": "数量指标", "name": "培训人次", "value": ""}, "≥__人次"),
    ({"level2": "数量指标", "name": "补贴学生人数", "value": "有效"}, "≥__人"),
    ({"level2": "时效指标", "name": "补贴发放时间", "value": ""}, "2022年__月底前完成"),
    ({"level2": "满意度指标", "name": "家长满意度", "value": "满意"}, "≥90%"),
    ({"level2": "可持续影响指标", "name": "长效管理机制", "value": "健全"}, "出台__项制度，2022年__月底前"),
    ({"level2": "质量指标", "name": "项目延误率", "value": ""}, "≤__%"),
    ({"level2": "社会效益目标", "name": "师生人身安全事件", "value": "较2021年减少"}, "≤__起"),
    ({"level2": "社会效益目标", "name": "有责投诉处置率", "value": "及时"}, "≥__%"),
])
def test_suggestions_propose_a_rewrite_that_fits_the_indicator(pack, row, rewrite):
    (finding,) = [f for f in Engine(pack).check(examples.table(row))
                  if f.rule in ("vague-value", "empty-value", "satisfaction-threshold")]
    assert f"“{rewrite}”" in finding.suggestion


def test_the_satisfaction_minimum_is_a_parameter(pack):
    row = examples.table({"level2": "满意度目标", "name": "学校满意度", "value": "≥85%"})
    assert not _fired(pack, "satisfaction-below-minimum", row)
    stricter = ruleset.load(use_cache=False, params={"satisfaction-below-minimum": {"min_satisfaction": 90}})
    (hit,) = _fired(stricter, "satisfaction-below-minimum", row)
    assert "低于 90%" in hit.message


def _rule_dir(tmp_path, name, body):
    (tmp_path / f"{name}.yaml").write_text(textwrap.dedent(body), encoding="utf-8")
    return tmp_path


def test_a_field_bound_must_name_a_field(tmp_path):
    rules = _rule_dir(tmp_path, "score-over-total", """\
        id: score-over-total
        name: 得分超过总分
        severity: error
        scope: row
        when: {field: score, number: {gt: {field: totl}}}
        message: 得分 {score}
        suggestion: 核对
        docs: {what: a, why: b, fix: c, source: d}
        examples: {bad: [{score: '9'}], good: [{score: '8'}]}
        """)
    with pytest.raises(RuleError, match="score-over-total.yaml:5:.*没有字段“totl”"):
        ruleset.load([rules], use_cache=False)


def test_a_template_variable_is_data_that_rules_can_use(tmp_path):
    rules = _rule_dir(tmp_path, "unit-hint", """\
        variable: unit_hint
        description: 计量单位提示
        cases:
          - when: {field: name, contains: 人次}
            text: 人次
          - text: 个
        """)
    _rule_dir(rules, "no-count", """\
        id: no-count
        name: 没有数量
        severity: info
        scope: row
        when: {field: value, equals: 若干}
        message: “{value}”不是数量
        suggestion: 写成“≥__{unit_hint}”
        docs: {what: a, why: b, fix: c, source: d}
        examples: {bad: [{name: 培训人次, value: 若干}], good: [{name: 培训人次, value: 600人次}]}
        """)
    pack = ruleset.load([rules], use_cache=False)
    (hit,) = _fired(pack, "no-count", examples.table({"name": "培训人次", "value": "若干"}))
    assert hit.suggestion == "写成“≥__人次”"
