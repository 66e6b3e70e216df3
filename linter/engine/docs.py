"""The README's rule table, written from the rules' own YAML (``python -m linter.engine.docs``)."""
from __future__ import annotations

from ..model.findings import Severity
from .ruleset import RulePack, load

START, END = "<!-- rules:start -->", "<!-- rules:end -->"


def rules_table(pack: RulePack) -> str:
    lines = [START, "| 规则 id | 级别 | 范围 | 检查什么 |", "|---|---|---|---|"]
    for rule in sorted(pack.rules, key=lambda r: (r.across or "", r.scope, r.id)):
        what = " ".join(rule.docs["what"].split())
        scope = rule.scope_label
        lines.append(f"| `{rule.id}` | {Severity[rule.severity].label} | {scope} | {rule.name}：{what} |")
    lines.append(END)
    return "\n".join(lines)


if __name__ == "__main__":
    print(rules_table(load()))
