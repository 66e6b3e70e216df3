"""The short Markdown summary of ``jxlint report --summary``, to paste into an email or an issue."""
from __future__ import annotations

from pathlib import Path
from typing import Dict

from ...util.visible import visible
from .aggregate import Aggregate

TOP = 5


def render(aggregate: Aggregate, outputs: Dict[str, Path]) -> str:
    s = aggregate.to_dict()
    sev = s["by_severity"]
    lines = ["## 绩效目标表批量检查摘要", "",
             f"- 文件 {s['files']} 个：检查 {s['checked']}，跳过 {s['skipped']}，失败 {s['failed']}",
             f"- {s['departments']} 个主管部门、{s['units']} 个实施单位，{s['tables']} 张表、{s['indicators']} 条指标"
             f"（没有问题的 {s['clean_indicators']} 条）",
             f"- 问题 {s['findings']} 个：错误 {sev['error']}，警告 {sev['warning']}，提示 {sev['info']}；"
             f"平均得分 {s['score']:g}"]
    if s["by_rule"]:
        lines += ["", "### 最常见的问题", "", "| 规则 | 名称 | 数量 |", "|---|---|---:|"]
        lines += [f"| `{rule}` | {_cell(aggregate.rule_label(rule))} | {count} |"
                  for rule, count in list(s["by_rule"].items())[:TOP]]
    if aggregate.units:
        lines += ["", "### 得分最低的单位", "", "| 排名 | 主管部门 | 实施单位 | 表 | 问题 | 平均得分 |",
                  "|---:|---|---|---:|---:|---:|"]
        lines += [f"| {u.rank} | {_cell(u.department)} | {_cell(u.unit)} | {u.tables} | {u.findings} | {u.score:g} |"
                  for u in aggregate.ranked_units()[::-1][:TOP]]
    if aggregate.failed:
        lines += ["", "### 读不了的文件", ""]
        lines += [f"- `{_cell(r.path)}`：{_cell(r.error)}" for r in aggregate.failed]
        if s["failed"] > len(aggregate.failed):
            lines.append(f"- ……另有 {s['failed'] - len(aggregate.failed)} 个，见报告")
    lines += ["", "完整报告：" + "、".join(f"`{path}`" for path in outputs.values()), ""]
    return "\n".join(lines)


def _cell(text: str) -> str:
    """Text that cannot break a Markdown table or inline code span, nor drive the terminal it is printed on."""
    return visible(" ".join(text.replace("|", "｜").replace("`", "'").split()))
