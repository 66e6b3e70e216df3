"""Two targets compared as a reviewer compares them: ``≥95%`` and ``不低于95%`` are the same target,
``≥90%`` is looser than ``≥95%``, ``≤10次`` is looser than ``≤5次``, and ``2000人`` is looser than
``2160人``. Behind the rules' ``differs_from:`` and ``looser_than:`` conditions.

A target reads as (comparator, number, unit). Texts that do not read so are compared as text
(differs_from) or not at all (looser_than: "有效" is neither looser nor stricter than "≥90%").
"""
from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple, Optional

from . import units
from ..util import memo
from ..util.normalize import canon, compact

_AT_LEAST = ("不低于", "不少于", "至少", "大于等于", "≥", ">")
_AT_MOST = ("不高于", "不超过", "不多于", "最多", "小于等于", "≤", "<")
_SUFFIX_AT_LEAST = ("及以上", "以上")
_SUFFIX_AT_MOST = ("及以下", "以下", "以内", "之内")
_TARGET = re.compile(r"(\d+(?:\.\d+)?)(\D{0,6})")


class Target(NamedTuple):
    comparator: str  # "≥", "≤" or "" (a plain or "=" target)
    number: Decimal
    unit: str


@lru_cache(maxsize=memo.SIZE)
def target(text: str) -> Optional[Target]:
    """``"≥ 95 %"`` → Target("≥", 95, "%"); None unless the text is one comparator, number and unit."""
    rest = compact(canon(text)).replace(",", "").lstrip("=")
    comparator = ""
    for words, sign in ((_AT_LEAST, "≥"), (_AT_MOST, "≤")):
        word = next((w for w in words if rest.startswith(w)), None)
        if word:
            comparator, rest = sign, rest[len(word):]
            break
    found = _TARGET.fullmatch(rest)
    if not found:
        return None
    number, unit = found.groups()
    for words, sign in ((_SUFFIX_AT_LEAST, "≥"), (_SUFFIX_AT_MOST, "≤")):
        word = next((w for w in words if unit.endswith(w)), None)
        if word and comparator in ("", sign):
            comparator, unit = sign, unit[: -len(word)]
    return Target(comparator, Decimal(number), unit)


def differs(text: str, other: str) -> bool:
    """Both are given and say different things (spacing, width and ``=`` aside)."""
    if not text.strip() or not other.strip():
        return False
    mine, theirs = target(text), target(other)
    if mine and theirs:
        return mine != theirs
    return compact(canon(text)).lstrip("=") != compact(canon(other)).lstrip("=")


def looser(text: str, other: str) -> bool:
    """``text`` asks for less than ``other``: a lower floor, a higher ceiling, a smaller count,
    in the same unit (人 and 人次 count alike) and with the same comparator."""
    mine, theirs = target(text), target(other)
    if not mine or not theirs or mine.comparator != theirs.comparator or not _same_unit(mine.unit, theirs.unit):
        return False
    if mine.comparator == "≤":
        return mine.number > theirs.number
    return mine.number < theirs.number


def _same_unit(unit: str, other: str) -> bool:
    return unit == other or units.same_kind(unit, other)
