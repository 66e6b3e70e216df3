"""What a value says, as plain facts: does it hold a number, a unit, a percent, a date?

The vocabulary behind the rules' ``has:`` / ``lacks:`` conditions. Each fact is a regular
expression built once from the word lists (units) and applied to ``normalize.canon`` text.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable, Dict, Iterable, List

from ..util.normalize import canon

CHINESE_NUMERAL = "零一二两三四五六七八九十百千万"
_DATE = (r"(?:19|20)\d{2}\s*(?:年度?|[-./]\d{1,2}(?:[-./]\d{1,2})?)(?:\s*\d{1,2}\s*月)?(?:\s*\d{1,2}\s*日)?"
         r"|(?<![\d个])\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?|\d{1,2}\s*日"
         r"|[一二三四1-4]\s*季度")
_COMPARATOR = r"[≥≤<>=]|以上|以下|以内|之内|不低于|不少于|不超过|不高于|不多于|至少|最多|超过|低于|高于|约|左右"


_NUMBER = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")


def numbers(text: str) -> List[float]:
    """The numbers in a value, thousands separators removed."""
    return [float(m.replace(",", "")) for m in _NUMBER.findall(canon(text))]


class Facts:
    """Compiled fact tests; ``units`` come from the word list of measurement units, ``uncounted``
    from that of the units a Chinese numeral does not count (一批)."""

    def __init__(self, units: Iterable[str], uncounted: Iterable[str] = ()):
        unit_words = sorted({canon(u) for u in units}, key=len, reverse=True)
        unit = "|".join(map(re.escape, unit_words))
        not_counts = {canon(u) for u in uncounted}
        counted = "|".join(re.escape(u) for u in unit_words if len(u) <= 2 and u not in not_counts)
        self.date = re.compile(_DATE)
        digits = re.compile(r"\d")
        chinese_count = re.compile(rf"[{CHINESE_NUMERAL}]+\s*(?:{counted})")
        self.tests: Dict[str, Callable[[str], bool]] = {
            "number": lambda t: bool(digits.search(t) or chinese_count.search(t)),
            "quantity": self._quantity(digits, chinese_count),
            "percent": re.compile(r"%|百分之").search,
            "comparator": re.compile(_COMPARATOR).search,
            "unit": re.compile(rf"(?:\d|[{CHINESE_NUMERAL}])\s*(?:{unit}|%)").search,
            "date": self.date.search,
        }

    def _quantity(self, digits, chinese_count):
        def quantity(text: str) -> bool:
            rest = self.date.sub(" ", text)
            return bool(digits.search(rest) or chinese_count.search(rest))
        return quantity

    def has(self, fact: str, text: str) -> bool:
        return bool(self.tests[fact](canon(text)))


@lru_cache(maxsize=8)
def facts_for(units: tuple, uncounted: tuple = ()) -> Facts:
    return Facts(units, uncounted)
