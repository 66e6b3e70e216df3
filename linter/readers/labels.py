"""The printed labels of a table's header, funding block and indicator grid (rules/labels.yaml),
shared by every reader.

Labels are compared after ``normalize.compact`` (spaces removed, full-width folded) and a
trailing colon dropped, so "项目 绩效 目标" and "其中：财政资金" match their entries; a label not
found as printed is tried without its bracketed parts ("全年预算数(A)").
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Dict, List, Optional, Tuple

from ..util import cache, memo
from ..util.normalize import compact, unbracketed
from ..util.paths import default_rules_dir

SOURCE = "labels.yaml"


def _load() -> dict:
    return cache.bundled("labels", default_rules_dir() / SOURCE)


def _by_label(fields: Dict[str, List[str]]) -> Dict[str, str]:
    """{field: [label, ...]} → {compact label: field}, in the file's order (first spelling first)."""
    return {compact(label): field for field, spellings in fields.items() for label in spellings}


_DATA = _load()
TITLE = re.compile(_DATA["title"])
TITLE_YEAR = re.compile(_DATA["title_year"])
YEAR = re.compile(_DATA["year_line"])
HEADER_FIELDS = _by_label(_DATA["header"])
IGNORED = frozenset(compact(label) for label in _DATA["ignored"])
FUNDS_BLOCK = re.compile(_DATA["funds_block"])
FUNDS_UNIT = frozenset(compact(label) for label in _DATA["funds_unit"])
AMOUNT_LABEL_UNIT = re.compile(_DATA["amount_label_unit"])
TARGET_FUNDS = _by_label(_DATA["target_funds"])
OTHER_FUNDS = frozenset(compact(label) for label in _DATA["other_funds"])
SELF_EVALUATION_FUND_ROWS = _by_label(_DATA["self_evaluation_fund_rows"])
SELF_EVALUATION_FUND_COLUMNS = _by_label(_DATA["self_evaluation_fund_columns"])
TARGET_GOALS = _by_label(_DATA["goals"]["target"])
SELF_EVALUATION_GOALS = _by_label(_DATA["goals"]["self-evaluation"])
MAX_LABEL = _DATA["goal_label_length"]
GOAL_CAPTIONS = frozenset(compact(label) for label in _DATA["goal_captions"])
GRID_COLUMNS = _by_label(_DATA["grid"])
GRID_PROJECT_COLUMNS = _by_label(_DATA["grid_project"])
BY_CONTENT = tuple(tuple(shape) for shape in _DATA["by_content"])
TOTAL = _DATA["total"]
FOOTER = re.compile(_DATA["footer"])
SUB_ROW = re.compile(_DATA["sub_row"])
PLACEHOLDER = re.compile(_DATA["placeholder"])


@lru_cache(maxsize=memo.SIZE)
def key(text: str) -> str:
    """A label as compared: compact, without a trailing colon."""
    return compact(text).rstrip(":")


def _finder(labels: Dict[str, str]):
    """The field a printed label names in ``labels``, tried as printed, then without brackets
    (memoised: readers ask for every cell of every header line)."""
    @lru_cache(maxsize=memo.SIZE)
    def find(text: str) -> Optional[str]:
        label = key(text)
        found = labels.get(label)
        return found if found is not None or "(" not in label else labels.get(unbracketed(label))
    return find


header_field = _finder(HEADER_FIELDS)
target_funds_field = _finder(TARGET_FUNDS)
fund_row = _finder(SELF_EVALUATION_FUND_ROWS)
fund_column = _finder(SELF_EVALUATION_FUND_COLUMNS)
grid_field = _finder(GRID_COLUMNS)
project_column = _finder(GRID_PROJECT_COLUMNS)


def split_label(text: str) -> Optional[Tuple[str, str]]:
    """"项目名称：XX" → ("项目名称", "XX") when the part before the colon is a known label."""
    label, colon, rest = compact(text).partition(":")
    if not colon or not rest or not is_header_label(label):
        return None
    return label, text[text.replace("：", ":").index(":") + 1:].strip()


@lru_cache(maxsize=memo.SIZE)
def goal_label(text: str, self_evaluation: bool) -> Optional[str]:
    label = key(text)
    if len(label) > MAX_LABEL:  # a goal text that happens to begin with "项目总目标…"
        return None
    labels = SELF_EVALUATION_GOALS if self_evaluation else TARGET_GOALS
    fitting = [spelling for spelling in labels if label.startswith(spelling)]
    return labels[max(fitting, key=len)] if fitting else None


@lru_cache(maxsize=memo.SIZE)
def header_cell(text: str, self_evaluation: bool) -> Tuple[str, str, Optional[str], Optional[str]]:
    """A cell of the header block: (its label as compared, role, name, the value written in the
    same cell after a colon or None). See ``header_role``."""
    split = split_label(text)
    label = key(split[0] if split else text)
    return (label, *header_role(label, self_evaluation), split[1] if split else None)


def header_role(label: str, self_evaluation: bool) -> Tuple[str, Optional[str]]:
    """What a cell of the header block is, by its compact label (``key``): ("block", unit) the
    funding block's caption, ("funds_unit", None), ("header", field), ("ignored", None),
    ("fund_row", row) of a 自评表, ("funds", field) and ("other_funds", None) of a 目标表,
    ("goal", field), ("caption", None), or ("", None): not a label (a value, a goal text)."""
    unit = FUNDS_BLOCK.match(label)
    if unit:
        return "block", unit.group(1)
    if label in FUNDS_UNIT:
        return "funds_unit", None
    if header_field(label):
        return "header", header_field(label)
    if label in IGNORED:
        return "ignored", None
    if self_evaluation and fund_row(label):
        return "fund_row", fund_row(label)
    if not self_evaluation and target_funds_field(label):
        return "funds", target_funds_field(label)
    if not self_evaluation and label in OTHER_FUNDS:
        return "other_funds", None
    if goal_label(label, self_evaluation):
        return "goal", goal_label(label, self_evaluation)
    return ("caption", None) if label in GOAL_CAPTIONS else ("", None)


@lru_cache(maxsize=memo.SIZE)
def is_footer(text: str) -> bool:
    return bool(FOOTER.search(key(text)))


@lru_cache(maxsize=memo.SIZE)
def is_not_indicator(name: str) -> bool:
    """A 其中 breakdown of the indicator above, or a mark of rows left out ("……")."""
    return bool(SUB_ROW.match(name) or PLACEHOLDER.match(name))


@lru_cache(maxsize=memo.SIZE)
def is_header_label(text: str) -> bool:
    label = key(text)
    return (header_field(label) is not None or target_funds_field(label) is not None
            or label in OTHER_FUNDS or label in IGNORED or label in FUNDS_UNIT
            or fund_row(label) is not None or fund_column(label) is not None
            or bool(FUNDS_BLOCK.match(label)) or goal_label(label, False) is not None
            or goal_label(label, True) is not None)
