"""A rule's examples run as named cases (``examples:`` of a rule file), for the tests and ``jxlint explain``.

A case is a table or row example (``linter.readers.examples``) under a name. It may set ``params:``
(the rule's thresholds for this case) and, when it is a bad case, ``expect:`` the ``message``,
``suggestion`` or ``severity`` of a finding it gives, word for word. A case of the ``run`` rule
unused-suppression also says which rules a ``# jxlint: disable=`` comment on its row names
(``disable:``).
"""
from __future__ import annotations

from typing import Dict, Iterator, List, NamedTuple, Sequence

from ..engine import ruleset
from ..engine.cross.align import align
from ..engine.evaluate import Engine
from ..engine.ruleset import Rule, RulePack
from ..readers import examples
from ..model.findings import Finding
from . import suppress

KINDS = ("bad", "good")
SETTINGS = ("params", "expect", "disable")  # keys of a case that are not part of its example
EXPECTABLE = ("message", "suggestion", "severity")


class Named(NamedTuple):
    rule: str
    kind: str   # bad or good
    name: str
    case: dict

    @property
    def id(self) -> str:
        return f"{self.rule}-{self.kind}-{self.name}"


def named(rule: Rule, kinds: Sequence[str] = KINDS) -> Iterator[Named]:
    """Each case of the rule, bad ones first."""
    for kind in kinds:
        for name, case in rule.examples[kind].items():
            yield Named(rule.id, kind, name, case)


def example(case: dict) -> dict:
    """The case's table or row example, without its settings."""
    return {key: value for key, value in case.items() if key not in SETTINGS}


def findings(pack: RulePack, rule: Rule, case: dict, rule_dirs: Sequence[str] = ()) -> List[Finding]:
    """The findings of ``rule`` on the case (with its params in force, if it sets any)."""
    if case.get("params"):
        pack = ruleset.load(rule_dirs, params={rule.id: case["params"]})
        rule = pack.get(rule.id)
    spec = example(case)
    if rule.scope == "run":
        return _unused_suppressions(pack, spec, str(case.get("disable", "")))
    engine = Engine(pack, [rule])
    if rule.across:
        this, other = examples.pair(spec, rule.across)
        found = engine.check_pair(this, other, rule.across, align(this.rows, other.rows))
    else:
        found = engine.check(examples.table(spec))
    return [f for f in found if f.rule == rule.id]


def _unused_suppressions(pack: RulePack, spec: dict, disable: str) -> List[Finding]:
    """A ``# jxlint: disable=…`` comment on the example's first row, checked by every rule."""
    table = examples.table(spec)
    engine = Engine(pack)
    line = table.rows[0].line if table.rows else 1
    text = f"# jxlint: disable={disable}"
    mark = suppress.Comment(line, 1, len(text) + 1, line, tuple(r.strip() for r in disable.split(",")), text)
    canonical = {name: rule.id for name, rule in pack.by_id.items()}
    _, used = suppress.apply(engine.check(table), [mark], (), canonical)
    active = {rule.id for rule in engine.row_rules + engine.table_rules}
    return suppress.unused_comments([mark], used, canonical, active, table.path, (), pack.get(suppress.UNUSED))


def problems(rule: Rule, kind: str, case: dict, found: List[Finding]) -> List[str]:
    """What is wrong with the case's outcome ([] when it is as the case says)."""
    if kind == "good":
        return [f"不应报告，却报告了：{f.message}" for f in found]
    if not found:
        return ["应报告，却没有报告"]
    wrong = [f"报告缺少 message 或 suggestion：{f.message}" for f in found if not (f.message and f.suggestion)]
    if rule.across:
        wrong += [f"没有指向对照表：{f.message}" for f in found if not (f.related and f.related[0].path == "<对照表>")]
    expected: Dict[str, str] = case.get("expect", {})
    if expected and not any(all(getattr(f, key) == value for key, value in expected.items()) for f in found):
        got = "；".join(" / ".join(f"{key}={getattr(f, key)}" for key in expected) for f in found)
        wrong.append(f"没有报告与 expect 一致的问题：期望 {expected}，实际 {got}")
    return wrong
