"""Every rule's examples as named cases: bad ones fire (with the message, suggestion or severity
they expect), good ones do not (``pytest -k RULE`` runs one rule, ``-k NAME`` one case)."""
import pytest

from linter.readers import examples
from linter.engine import ruleset
from linter.engine.evaluate import Engine
from linter.run import cases

PACK = ruleset.load(use_cache=False)
CASES = [named for rule in PACK.rules for named in cases.named(rule)]


@pytest.mark.parametrize("named", CASES)  # the test id is the case's name (conftest.py)
def test_example(named):
    rule = PACK.get(named.rule)
    wrong = cases.problems(rule, named.kind, named.case, cases.findings(PACK, rule, named.case))
    assert not wrong, f"{named.id} {cases.example(named.case)}: " + "；".join(wrong)


def test_a_wrong_expected_message_fails():
    rule = PACK.get("vague-value")
    case = {"level2": "质量指标", "name": "政府采购规范性", "value": "规范"}
    found = cases.findings(PACK, rule, case)
    assert found and not cases.problems(rule, "bad", case, found)
    right = {"expect": {"message": found[0].message, "severity": "error"}}
    assert not cases.problems(rule, "bad", {**case, **right}, found)
    (wrong,) = cases.problems(rule, "bad", {**case, "expect": {"message": "年度指标值“规范”没问题"}}, found)
    assert wrong.startswith("没有报告与 expect 一致的问题：期望 {'message': '年度指标值“规范”没问题'}")
    assert cases.problems(rule, "bad", {**case, "expect": {"suggestion": "别的建议"}}, found)


def test_a_case_sets_the_rules_params():
    rule = PACK.get("satisfaction-below-minimum")
    case = {"level2": "满意度指标", "name": "学校满意度", "value": "≥85%"}
    assert not cases.findings(PACK, rule, case)
    (stricter,) = cases.findings(PACK, rule, {**case, "params": {"min_satisfaction": 90}})
    assert "90" in stricter.message


def test_a_good_case_that_fires_fails():
    rule = PACK.get("vague-value")
    case = {"level2": "质量指标", "name": "政府采购规范性", "value": "规范"}
    assert cases.problems(rule, "good", case, cases.findings(PACK, rule, case))[0].startswith("不应报告")


def test_the_short_form_names_cases_by_number():
    assert ruleset.named_examples({"bad": [{"value": "若干"}], "good": {"写了数": {"value": "6门"}}}) == {
        "bad": {"1": {"value": "若干"}}, "good": {"写了数": {"value": "6门"}}}


@pytest.mark.parametrize("rule", PACK.rules, ids=lambda r: r.id)
def test_rule_is_documented_and_exemplified(rule):
    assert set(rule.docs) >= {"what", "why", "fix", "source"}
    assert all(rule.docs[k].strip() for k in ("what", "why", "fix", "source"))
    assert rule.examples["bad"] and rule.examples["good"]
    assert rule.suggestions or rule.variants, f"{rule.id} gives no suggestion"


def test_core_rule_ids_are_present():
    core = {"vague-value", "missing-deadline", "satisfaction-threshold", "missing-unit", "missing-satisfaction",
            "missing-timeliness", "missing-quantity", "missing-quality", "missing-cost", "year-mismatch",
            "funds-mismatch"}
    assert core <= set(PACK.by_id)


def test_missing_cost_is_info_before_2021():
    engine = Engine(PACK, [PACK.get("missing-cost")])
    rows = [{"level2": "数量指标", "name": "培训人次", "value": "≥600人次"}]
    old = engine.check(examples.table({"year": 2020, "rows": rows}))
    new = engine.check(examples.table({"year": 2022, "rows": rows}))
    assert [f.severity for f in old] == ["info"]
    assert [f.severity for f in new] == ["warning"]
