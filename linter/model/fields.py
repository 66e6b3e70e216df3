"""The printed label of every field of a table (rules/fields.yaml), for readers, checks and
outputs alike: value → 年度指标值, total.executed → 年度资金总额（全年执行数）."""
from __future__ import annotations

from functools import lru_cache
from typing import Dict, Tuple

from ..util import cache
from ..util.paths import default_rules_dir

SOURCE = "fields.yaml"
SECTIONS = ("header", "funds", "fund_rows", "fund_columns", "grid", "grid_project", "other")


@lru_cache(maxsize=None)
def _data() -> Dict[str, Dict[str, str]]:
    data = cache.bundled("fields", default_rules_dir() / SOURCE)
    return {section: data[section] for section in SECTIONS}


@lru_cache(maxsize=None)
def _labels() -> Dict[str, str]:
    return {key: text for section in SECTIONS for key, text in _data()[section].items()}


def label(name: str) -> str:
    """The label jxlint prints for a field; a self-evaluation fund field "row.column" is printed
    as its row's label with its column's in brackets; a field without a label as its name."""
    labels = _labels()
    if name in labels:
        return labels[name]
    row, _, column = name.partition(".")
    return f"{labels.get(row, row)}（{labels.get(column, column)}）" if column else name


def section(name: str) -> Dict[str, str]:
    """One part of the vocabulary, {field: label} in the file's order (``SECTIONS``)."""
    return dict(_data()[name])


@lru_cache(maxsize=None)
def funds_fields() -> Tuple[str, ...]:
    """Every key a table's ``funds`` may hold: a 目标表's, then a 自评表's rows × columns."""
    data = _data()
    return tuple(data["funds"]) + tuple(f"{row}.{column}" for row in data["fund_rows"] for column in data["fund_columns"])
