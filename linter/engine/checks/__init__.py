"""Named built-in checks for what a word list cannot say: arithmetic, calendars, and the
table read as a whole (goals against indicators, scores against weights).

A rule names a check with ``check: NAME`` in its ``when:``; the check finds the cells and
supplies template variables; the rule's YAML keeps its severity, message, docs and examples.
"""
from __future__ import annotations

from typing import Callable, Dict, Iterator, Tuple

from ...model.table import Table
from . import dates, funds, goals, indicators, scoring
from .base import Hit, amount

Check = Callable[[Table], Iterator[Hit]]

CHECKS: Dict[str, Tuple[Check, Tuple[str, ...]]] = {
    "funds-balance": (funds.balance, ("equation", "difference")),
    "funds-unit": (funds.unit_mix, ("amount_name", "amount", "problem")),
    "execution-rate": (funds.execution_rate, ("stated", "computed", "executed", "budget")),
    "funding-score": (funds.funding_score, ("stated", "computed", "weight", "rate")),
    "year-mismatch": (dates.year_mismatch, ("subject", "found", "earlier_than")),
    "deadline-after-end": (dates.deadline_after_end, ("found", "limit")),
    "goal-without-indicator": (goals.goal_without_indicator, ("promise", "phrase")),
    "goal-indicator-mismatch": (goals.goal_indicator_mismatch, ("promise", "phrase", "name", "value")),
    "overall-goal-copied": (goals.overall_goal_copied, ("period",)),
    "total-score": (scoring.total_score, ("stated", "computed", "equation")),
    "weight-sum": (scoring.weight_sum, ("stated", "computed", "equation")),
    "unearned-score": (scoring.unearned_score, ("name", "value", "actual", "share", "earned", "score", "weight")),
    "duplicate-indicator": (indicators.duplicate_indicator, ("name", "first_line")),
    "unknown-column": (indicators.unknown_columns, ("heading", "column", "what")),
    "cell-too-long": (indicators.cut_cells, ("limit", "start")),
}

__all__ = ["CHECKS", "Hit", "amount"]
