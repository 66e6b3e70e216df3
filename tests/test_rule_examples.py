"""Every rule's bad examples fire and its good examples do not (``pytest -k RULE`` runs one rule)."""
import pytest

from linter.model import examples
from linter.engine import ruleset
from linter.engine.cross.align import align
from linter.engine.evaluate import Engine

PACK = ruleset.load(use_cache=False)
CASES = [(rule.id, kind, i, example)
         for rule in PACK.rules for kind in ("bad", "good") for i, example in enumerate(rule.examples[kind])]


@pytest.mark.parametrize("rule_id,kind,index,example", CASES, ids=[f"{r}-{k}-{i}" for r, k, i, _ in CASES])
def test_example(rule_id, kind, index, example):
    rule = PACK.get(rule_id)
    engine = Engine(PACK, [rule])
    if rule.across:
        this, other = examples.pair(example, rule.across)
        found = engine.check_pair(this, other, rule.across, align(this.rows, other.rows))
    else:
        found = engine.check(examples.table(example))
    fired = [f for f in found if f.rule == rule_id]
    if kind == "bad":
        assert fired, f"{rule_id} should fire on {example}"
        assert all(f.message and f.suggestion for f in fired)
        assert not rule.across or all(f.related and f.related[0].path == "<对照表>" for f in fired)
    else:
        assert not fired, f"{rule_id} should not fire on {example}: {[f.message for f in fired]}"


@pytest.mark.parametrize("rule", PACK.rules, ids=lambda r: r.id)
def test_rule_is_documented_and_exemplified(rule):
    assert set(rule.docs) >= {"what", "why", "fix", "source"}
    assert all(rule.docs[k].strip() for k in ("what", "why", "fix", "source"))
    assert rule.examples["bad"] and rule.examples["good"]
    assert rule.suggestions, f"{rule.id} gives no suggestion"


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
