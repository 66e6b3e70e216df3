"""Names as matching sees them: a project name without its year tokens, brackets and spacing
("标准化考场网上视频巡查系统(2022运维)" → "标准化考场网上视频巡查系统"), a unit without its spacing,
an indicator without its punctuation; and the fuzzy measure that forgives a small difference.

Thresholds (percent, rapidfuzz's normalised Indel similarity ``fuzz.ratio``), chosen on the seeds
(bench/cross.py prints the near misses):
- NAME_THRESHOLD 90: a project name cut short by a page break (技术质量管理工 / 技术质量管理工作, 93)
  still matches, while names that differ in a word of their own do not (德育教育经费 / 体育教育经费, 83;
  政府购买辅助服务 / 政府购买辅助服务项目（保洁）, 80).
- UNIT_THRESHOLD 95: a one-character slip in a long unit name (上海科学会堂服务中心 / 上海科学会服务中心,
  97) is a variant of one unit; two schools that differ in one character (实验小学 / 实验中学, 90) are not.
- INDICATOR_THRESHOLD 85: indicator names are short and get reworded a little from year to year
  (“培训人数” / “培训人次”, 75, stay apart; “开展教师培训场次” / “开展教师培训的场次”, 94, pair).
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Dict, Iterable, List, Optional

from rapidfuzz import fuzz, process

from ..normalize import canon, compact

NAME_THRESHOLD = 90
UNIT_THRESHOLD = 95
INDICATOR_THRESHOLD = 85

_YEAR = r"(?:19|20)\d{2}\s*(?:年度|年)?"
_YEAR_GROUP = re.compile(rf"[(（\[【][^()（）\[\]【】]*?(?:{_YEAR}|第[一二三四五六七八九十\d]+年)[^()（）\[\]【】]*[)）\]】]")
_LEADING_YEAR = re.compile(rf"^{_YEAR}")
_NOISE = re.compile(r"[\s()（）\[\]【】<>《》“”\"'‘’_\-—–·.,，。、:：;；/]+")


@lru_cache(maxsize=65536)
def project_key(name: str) -> str:
    """"2023年度科协大院日常运行与维护" and "科协大院日常运行与维护", "教育改革试点和发展引导经费 _代编" and
    "…经费 -代编", "闵行区智慧教育示范区两种应用助手项目（第二年）" and "…（第三年）" each become one key."""
    text = canon(name)
    text = _YEAR_GROUP.sub("", text)
    text = _LEADING_YEAR.sub("", text.strip())
    return _NOISE.sub("", text)


@lru_cache(maxsize=65536)
def unit_key(name: str) -> str:
    return _NOISE.sub("", canon(name))


@lru_cache(maxsize=65536)
def indicator_key(name: str) -> str:
    return _NOISE.sub("", canon(name))


def similarity(a: str, b: str) -> float:
    return fuzz.ratio(a, b)


def closest(key: str, choices: Iterable[str], threshold: float) -> Optional[tuple]:
    """The choice most like ``key`` at or above ``threshold``: (choice, score), or None."""
    found = process.extractOne(key, choices, scorer=fuzz.ratio, score_cutoff=threshold)
    return (found[0], found[1]) if found else None


class Groups:
    """Keys that differ only slightly, each group under the first key seen (its head)."""

    def __init__(self, threshold: float):
        self.threshold = threshold
        self.heads: List[str] = []
        self.of: Dict[str, str] = {}

    def head(self, key: str) -> str:
        if key not in self.of:
            near = closest(key, self.heads, self.threshold) if key and self.heads else None
            if not near:
                self.heads.append(key)
            self.of[key] = near[0] if near else key
        return self.of[key]


def alike(a: str, b: str, threshold: float) -> bool:
    """Two keys that are the same or differ only slightly; an empty key is like any other (a
    table that does not say its unit does not contradict one that does)."""
    return not a or not b or a == b or fuzz.ratio(a, b, score_cutoff=threshold) > 0
