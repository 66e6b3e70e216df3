"""The funding block: totals against their parts, 万元 against 元, and the 自评表's
execution rate and funding score."""
from __future__ import annotations

from decimal import Decimal
from itertools import combinations
from typing import Iterator, List, Optional, Tuple

from ...model import fields
from ...model.table import SELF_EVALUATION, Cell, Table
from .base import Hit, amount, show
from .dates import date

# Each total and its parts (fields of rules/fields.yaml, printed by their labels there).
TARGET_SUMS = (("project_total", ("project_fiscal", "project_other")),
               ("annual_total", ("annual_appropriation", "annual_carryover", "annual_other")))
SELF_EVALUATION_COLUMNS = ("initial_budget", "budget", "executed")
SELF_EVALUATION_PARTS = ("appropriation", "carryover", "other")
# The totals compared for their unit, each named by its own label (a 自评表's by its column).
TOTALS = {key: fields.label(key.partition(".")[2] or key)
          for key in ("project_total", "annual_total", *(f"total.{c}" for c in SELF_EVALUATION_COLUMNS))}

# A project is not smaller than 1000 元 nor larger than 100 亿元: outside these an amount
# was written in the other unit. Two totals of one table never differ 1000-fold either.
SMALLEST_YUAN = Decimal(1000)
LARGEST_WAN = Decimal(1_000_000)
UNIT_RATIO = Decimal(1000)
CENT = Decimal("0.01")


def balance(table: Table) -> Iterator[Hit]:
    for label, total_key, parts in _sums(table):
        total = table.funds.get(total_key)
        values = [(name, amount(table.funds[key])) for name, key in parts if key in table.funds]
        if total is None or amount(total) is None or not values or values[0][1] is None:
            continue
        known = [(name, v) for name, v in values if v is not None]
        difference = amount(total) - sum(v for _, v in known)
        if difference:
            right = " + ".join(f"{name} {show(v)}" for name, v in known)
            yield Hit(total, total_key, {"equation": f"{label} {show(amount(total))} ≠ {right}",
                                         "difference": show(abs(difference))})
    yield from _single_year_totals(table)


def _sums(table: Table):
    """(the total's label, its key, ((each part's label, its key), ...)) of the table's kind."""
    if table.kind == SELF_EVALUATION:
        sums = [(f"total.{column}", [f"{part}.{column}" for part in SELF_EVALUATION_PARTS])
                for column in SELF_EVALUATION_COLUMNS]
    else:
        sums = TARGET_SUMS
    for total, parts in sums:
        yield fields.label(total), total, tuple((_part_label(part), part) for part in parts)


def _part_label(key: str) -> str:
    """A part as the equation names it: a 自评表's part by its row alone (当年财政拨款, not
    当年财政拨款（全年预算数）): the total names the column."""
    return fields.label(key.partition(".")[0])


def _single_year_totals(table: Table) -> Iterator[Hit]:
    start, end = (date(table.field(f)) for f in ("start_date", "end_date"))
    project, annual = (table.funds.get(k) for k in ("project_total", "annual_total"))
    if not (start and end and start[0] == end[0] and project and annual):
        return
    a, b = amount(project), amount(annual)
    if a is not None and b is not None and a != b:
        yield Hit(annual, "annual_total", {
            "equation": f"单年度项目的年度资金申请总额 {show(b)} ≠ 项目资金总额 {show(a)}",
            "difference": show(abs(a - b))})


def unit_mix(table: Table) -> Iterator[Hit]:
    """Totals that cannot be in the table's unit, or two totals a thousandfold apart."""
    unit = table.field("funds_unit").text
    totals: List[Tuple[str, Cell, Decimal]] = [
        (key, table.funds[key], amount(table.funds[key])) for key in TOTALS
        if key in table.funds and amount(table.funds[key])]
    for key, cell, value in totals:
        if unit == "元" and value < SMALLEST_YUAN:
            yield _unit_hit(key, cell, f"按元计只有 {show(value)} 元，像是按万元填写的")
        elif unit == "万元" and value >= LARGEST_WAN:
            yield _unit_hit(key, cell, f"按万元计达 {show(value / 10000)} 亿元，像是按元填写的")
    for pair in combinations(totals, 2):
        small, big = sorted(pair, key=lambda total: total[2])
        if big[2] / small[2] >= UNIT_RATIO:  # in a 万元 table the big one is odd, else the small one
            odd, other = (big, small) if unit == "万元" else (small, big)
            yield _unit_hit(odd[0], odd[1], f"与{TOTALS[other[0]]}相差约 {show(big[2] / small[2], 0)} 倍，"
                                            "像是一个按元、一个按万元填写的")


def _unit_hit(key: str, cell: Cell, problem: str) -> Hit:
    return Hit(cell, key, {"amount_name": TOTALS[key], "amount": cell.text, "problem": problem})


def execution_rate(table: Table) -> Iterator[Hit]:
    """执行率 = 全年执行数 / 全年预算数, to 0.01% in either rounding direction."""
    stated, computed = _rates(table)
    if stated is None or computed is None or abs(stated - computed) < CENT:
        return
    funds = table.funds
    yield Hit(funds["total.execution_rate"], "total.execution_rate", {
        "stated": funds["total.execution_rate"].text, "computed": f"{show(computed, 2)}%",
        "executed": funds["total.executed"].text, "budget": funds["total.budget"].text})


def funding_score(table: Table) -> Iterator[Hit]:
    """The funding 得分 = 分值 × 执行率 (as the table states the rate; at most 100%)."""
    stated, computed = _rates(table)
    rate = stated if stated is not None else computed
    weight, score = (amount(table.funds.get(f"total.{k}", Cell())) for k in ("weight", "score"))
    if rate is None or weight is None or score is None:
        return
    expected = weight * min(rate, Decimal(100)) / 100
    if abs(score - expected) >= CENT:
        yield Hit(table.funds["total.score"], "total.score", {
            "stated": table.funds["total.score"].text, "computed": show(expected, 2),
            "weight": show(weight), "rate": f"{show(rate, 2)}%"})


def _rates(table: Table) -> Tuple[Optional[Decimal], Optional[Decimal]]:
    funds = table.funds
    stated = amount(funds["total.execution_rate"]) if "total.execution_rate" in funds else None
    budget, executed = (amount(funds.get(k, Cell())) for k in ("total.budget", "total.executed"))
    computed = executed / budget * 100 if budget and executed is not None else None
    return stated, computed
