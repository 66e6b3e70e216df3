"""The 自评表's scores: the rows' 分值 and 得分 against 总分, and a 得分 against what the
实际完成值 earns.

Extraction from PDFs loses cells; a row that kept only one of its two numbers (分值
without 得分) makes the sums unknowable, so the sums are not checked then.
"""
from __future__ import annotations

import re
from decimal import Decimal
from typing import Iterator, List, Optional

from ...model.table import SELF_EVALUATION, Cell, Table
from ...util.normalize import canon
from .. import units
from .base import Hit, amount, quantity, show

CENT = Decimal("0.01")
ROUNDING = Decimal("0.5")   # scores are often whole numbers: 8.59 earned may be scored 9
FULL_MARKS = Decimal(100)
LESS = re.compile(r"[≤<]|以下|以内|不超过|不高于|不多于|低于|少于")
COMPARATOR = re.compile(r"[≥≤<>]|以上|以下|以内|不低于|不少于|不超过|不高于|超过|低于|高于")
DATE_WORD = re.compile(r"\d\s*(?:年|月|日|号|季度)")


def total_score(table: Table) -> Iterator[Hit]:
    scores = _column(table, "score")
    funding = amount(table.funds.get("total.score", Cell()))
    stated = amount(table.total_score)
    if scores is None or funding is None or stated is None:
        return
    computed = sum(scores) + funding
    if abs(computed - stated) >= CENT:
        yield Hit(table.total_score, "total_score", {
            "stated": table.total_score.text, "computed": show(computed),
            "equation": f"各指标得分 {show(sum(scores))} + 资金执行得分 {show(funding)} = {show(computed)}"})


def weight_sum(table: Table) -> Iterator[Hit]:
    weights = _column(table, "weight")
    funding = amount(table.funds.get("total.weight", Cell()))
    if weights is None or funding is None:
        return
    computed = sum(weights) + funding
    stated = amount(table.total_weight)
    expected = stated if stated is not None else FULL_MARKS
    if computed != expected or expected != FULL_MARKS:
        cell = table.total_weight if table.total_weight else table.funds["total.weight"]
        yield Hit(cell, "total_weight", {
            "computed": show(computed), "stated": table.total_weight.text or "（未填）",
            "equation": f"各指标分值 {show(sum(weights))} + 资金执行分值 {show(funding)} = {show(computed)}"})


def _column(table: Table, field: str) -> Optional[List[Decimal]]:
    """The rows' 分值 or 得分; None when a row's number is missing (lost in extraction)."""
    if table.kind != SELF_EVALUATION or not table.rows:
        return None
    values = [amount(getattr(row, field)) for row in table.rows if row.name]
    return None if any(v is None for v in values) else values


def unearned_score(table: Table) -> Iterator[Hit]:
    """A row scored above 分值 × 实际完成值 / 年度指标值 (reversed for ≤ targets)."""
    if table.kind != SELF_EVALUATION:
        return
    for row in table.rows:
        share = _achieved(row.value.text, row.actual.text)
        weight, score = amount(row.weight), amount(row.score)
        if share is None or share >= 1 or weight is None or score is None:
            continue
        earned = weight * share
        if score > earned + ROUNDING:
            yield Hit(row.score, "score", {
                "name": row.name.text, "value": row.value.text, "actual": row.actual.text,
                "share": f"{show(share * 100, 0)}%", "earned": show(earned, 1), "score": row.score.text,
                "weight": row.weight.text}, row.name.text)


def _achieved(target_text: str, actual_text: str) -> Optional[Decimal]:
    """How much of a numeric target the actual reaches (1 or more: met), or None when the
    two cannot be compared: no single number, a date, different units, an actual that is
    itself a bound (≥90%)."""
    target, actual = canon(target_text), canon(actual_text)
    if DATE_WORD.search(target) or COMPARATOR.search(actual):
        return None
    wanted, got = quantity(target, only=True), quantity(actual, only=True)
    if wanted is None or got is None or not wanted[0]:
        return None
    (goal, goal_unit), (value, unit) = wanted, got
    if goal_unit and unit and not units.same_kind(goal_unit, unit):
        return None
    if LESS.search(target):
        return goal / value if value > goal else Decimal(1)
    return value / goal

