"""Named built-in checks for what a word list cannot say: arithmetic and calendars.

A rule names a check with ``check: NAME`` in its ``when:``; the check finds the cells and
supplies template variables; the rule's YAML keeps its severity, message, docs and examples.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Callable, Dict, Iterator, Optional, Tuple

from .model import Cell, Table
from .normalize import canon


@dataclass(frozen=True)
class Hit:
    cell: Cell
    field: str
    variables: Dict[str, str] = field(default_factory=dict)
    indicator: str = ""


def amount(cell: Cell) -> Optional[Decimal]:
    text = canon(cell.text).replace(",", "").replace(" ", "")
    if not re.fullmatch(r"-?(\d+(\.\d*)?|\.\d+)", text):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def _show(value: Decimal) -> str:
    return format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")


TARGET_SUMS = (
    ("项目资金总额", "project_total", (("财政资金", "project_fiscal"), ("其他资金", "project_other"))),
    ("年度资金申请总额", "annual_total",
     (("当年财政拨款", "annual_appropriation"), ("上年结转资金", "annual_carryover"), ("其他资金", "annual_other"))),
)
SELF_EVALUATION_COLUMNS = (("年初预算数", "initial_budget"), ("全年预算数", "budget"), ("全年执行数", "executed"))
SELF_EVALUATION_PARTS = (("当年财政拨款", "appropriation"), ("上年结转资金", "carryover"), ("其他资金", "other"))


def funds_balance(table: Table) -> Iterator[Hit]:
    for label, total_key, parts in _sums(table):
        total = table.funds.get(total_key)
        values = [(name, amount(table.funds[key])) for name, key in parts if key in table.funds]
        if total is None or amount(total) is None or not values or values[0][1] is None:
            continue
        known = [(name, v) for name, v in values if v is not None]
        difference = amount(total) - sum(v for _, v in known)
        if difference:
            right = " + ".join(f"{name} {_show(v)}" for name, v in known)
            yield Hit(total, total_key, {"equation": f"{label} {_show(amount(total))} ≠ {right}",
                                         "difference": _show(abs(difference))})
    yield from _single_year_totals(table)


def _sums(table: Table):
    if table.kind == "self-evaluation":
        for column_name, column in SELF_EVALUATION_COLUMNS:
            yield (f"年度资金总额（{column_name}）", f"total.{column}",
                   tuple((name, f"{key}.{column}") for name, key in SELF_EVALUATION_PARTS))
    else:
        yield from TARGET_SUMS


def _single_year_totals(table: Table) -> Iterator[Hit]:
    start, end = (_date(table.field(f)) for f in ("start_date", "end_date"))
    project, annual = (table.funds.get(k) for k in ("project_total", "annual_total"))
    if not (start and end and start[0] == end[0] and project and annual):
        return
    a, b = amount(project), amount(annual)
    if a is not None and b is not None and a != b:
        yield Hit(annual, "annual_total", {
            "equation": f"单年度项目的年度资金申请总额 {_show(b)} ≠ 项目资金总额 {_show(a)}",
            "difference": _show(abs(a - b))})


_DATE = re.compile(r"((?:19|20)\d{2})\s*[年\-./]\s*(\d{1,2})?(?:\s*[月\-./]\s*(\d{1,2}))?")
_DEADLINE_YEAR = re.compile(r"(?<![较比与自从])((?:19|20)\d{2})\s*(?:年(?!以来|起|基础)|[-./]\s*\d)")


def _date(cell: Cell) -> Optional[Tuple[int, int, int]]:
    m = _DATE.search(canon(cell.text))
    if not m:
        return None
    return int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1)


def year_mismatch(table: Table) -> Iterator[Hit]:
    start, end = (_date(table.field(f)) for f in ("start_date", "end_date"))
    if start and end and end < start:
        yield Hit(table.field("end_date"), "end_date", {
            "subject": "计划完成日期", "found": table.field("end_date").text,
            "earlier_than": f"计划开始日期 {table.field('start_date').text}"})
    year = table.year_number
    if year is None:
        return
    if end and end[0] < year:
        yield Hit(table.field("end_date"), "end_date", {
            "subject": "计划完成日期", "found": table.field("end_date").text, "earlier_than": f"本表年度 {year}年"})
    for row in table.rows:
        for m in _DEADLINE_YEAR.finditer(canon(row.value.text)):
            if int(m.group(1)) < year:
                yield Hit(row.value, "value", {"subject": f"“{row.name.text}”", "found": row.value.text,
                                               "earlier_than": f"本表年度 {year}年"}, row.name.text)
                break


CHECKS: Dict[str, Tuple[Callable[[Table], Iterator[Hit]], Tuple[str, ...]]] = {
    "funds-balance": (funds_balance, ("equation", "difference")),
    "year-mismatch": (year_mismatch, ("subject", "found", "earlier_than")),
}
