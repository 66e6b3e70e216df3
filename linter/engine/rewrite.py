"""Blanks in a rewrite: the templates of rules/variables/rewrite.yaml ("≥__%", "2023年__月底前完成",
"≥__（写明单位）") hold blanks an officer fills in; examples and tests fill them with the case's ``fill``.
"""
from __future__ import annotations

import re
from typing import Sequence

from ..util.normalize import canon

BLANK = "__"
UNIT_BLANK = "（写明单位）"  # a count whose name implies no unit
UNIT_FILL = "项"            # what examples and tests write for it
_BLANKS = re.compile(r"_{2,}|（写明单位）")
_ONE_TARGET = re.compile(r"^([≥≤=])__(\S*)$")  # a single comparator, blank and unit: ≥__%, ≤__万元
_THRESHOLD = re.compile(r"^≥(\d+)%$")
_BARE = re.compile(r"^[≥≤<>=]?\s*(\d+(?:\.\d+)?)$")  # a number, perhaps after a comparator
_LAST_NUMBER = re.compile(r"\d+(?:\.\d+)?\s*([^\d\s（(，,；;]*)$")


def has_blank(text: str) -> bool:
    return bool(_BLANKS.search(text))


def filled(template: str, fill: Sequence = ()) -> str:
    """The template with its blanks filled in turn from ``fill`` (the last value repeats) and any
    unit blank filled with UNIT_FILL."""
    values = [str(v) for v in fill] or ["10"]
    count = iter(range(10_000))
    text = re.sub(r"_{2,}", lambda _: values[min(next(count), len(values) - 1)], template)
    return text.replace(UNIT_BLANK, UNIT_FILL)


def keeping_number(template: str, value: str) -> str:
    """The rewrite of a bare number ("95", "≥90") that keeps the officer's number where it fits:
    ≥__人次 with 30 → ≥30人次; ≥__% with 100 → =100%; ≥90% with 95 → ≥95%. Where the number
    cannot be the target (a percentage over 100, a rewrite with several blanks) the template stays."""
    bare = _BARE.match(canon(value))
    if not bare:
        return template
    digits = bare.group(1)
    number = float(digits)
    threshold = _THRESHOLD.match(template)
    if threshold:
        return f"≥{digits}%" if int(threshold.group(1)) <= number < 100 else template
    single = _ONE_TARGET.match(template)
    if not single or (single.group(2).startswith("%") and number > 100):
        return template
    comparator, unit = single.groups()
    if comparator == "≥" and unit == "%" and number == 100:
        comparator = "="
    return f"{comparator}{digits}{unit}"


def target_unit(value: str, measure_unit: str = "") -> str:
    """The unit a target is measured in, for asking the actual figure in it: ≥90% → %, =6门 → 门."""
    if measure_unit.strip():
        return measure_unit.strip()
    found = _LAST_NUMBER.search(value.strip())
    return found.group(1) if found else ""
