"""Names as matching sees them: a project name without its year tokens, brackets and spacing
("标准化考场网上视频巡查系统(2022运维)" → "标准化考场网上视频巡查系统"), a unit without its spacing,
an indicator without its punctuation; and the fuzzy measure that forgives a small difference.

Thresholds (percent, rapidfuzz's normalised Indel similarity ``fuzz.ratio``), chosen on the seeds
(bench/cross.py prints the closest pairs of the seeds' 61 distinct project names):
- NAME_THRESHOLD 90: above every pair of the seeds' own distinct names (the closest: 体育教育经费 /
  德育教育经费 83; 政府购买辅助服务 / 政府购买辅助服务项目（保洁）80), while a name of six characters or
  more that lost one to a page break still matches (内涵建设经费 / 内涵建设经 91, 技术质量管理工 /
  技术质量管理工作 93), as does one of ten or more with one character changed.
- UNIT_THRESHOLD 95: a one-character slip in a long unit name (上海科学会堂服务中心 / 上海科学会服务中心,
  97, in the seeds) is a variant of one unit; two schools that differ in one character (实验小学 /
  实验中学, 90) are not.
- INDICATOR_THRESHOLD 85: indicator names are short and get reworded a little from year to year
  (“开展教师培训场次” / “开展教师培训的场次”, 94, pair; “培训人数” / “培训人次”, 75, stay apart).
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Dict, Iterable, List, Optional


from ...util import memo
from ...util.normalize import canon

NAME_THRESHOLD = 90
UNIT_THRESHOLD = 95
INDICATOR_THRESHOLD = 85

_YEAR = r"(?:19|20)\d{2}\s*(?:年度|年)?"
_YEAR_GROUP = re.compile(rf"[(（\[【][^()（）\[\]【】]*?(?:{_YEAR}|第[一二三四五六七八九十\d]+年)[^()（）\[\]【】]*[)）\]】]")
_LEADING_YEAR = re.compile(rf"^{_YEAR}")
_NOISE = re.compile(r"[\s()（）\[\]【】<>《》“”\"'‘’_\-—–·.,，。、:：;；/]+")


@lru_cache(maxsize=memo.SIZE)
def project_key(name: str) -> str:
    """"2023年度科协大院日常运行与维护" and "科协大院日常运行与维护", "教育改革试点和发展引导经费 _代编" and
    "…经费 -代编", "闵行区智慧教育示范区两种应用助手项目（第二年）" and "…（第三年）" each become one key."""
    text = canon(name)
    text = _YEAR_GROUP.sub("", text)
    text = _LEADING_YEAR.sub("", text.strip())
    return _NOISE.sub("", text)


@lru_cache(maxsize=memo.SIZE)
def unit_key(name: str) -> str:
    return _NOISE.sub("", canon(name))


@lru_cache(maxsize=memo.SIZE)
def indicator_key(name: str) -> str:
    return _NOISE.sub("", canon(name))


# rapidfuzz is imported where it is used: loading it costs a run with nothing to pair a tenth of its start-up
def similarity(a: str, b: str) -> float:
    from rapidfuzz import fuzz

    return fuzz.ratio(a, b)


def closest(key: str, choices: Iterable[str], threshold: float) -> Optional[tuple]:
    """The choice most like ``key`` at or above ``threshold``: (choice, score), or None."""
    from rapidfuzz import fuzz, process

    found = process.extractOne(key, choices, scorer=fuzz.ratio, score_cutoff=threshold)
    return (found[0], found[1]) if found else None


class Index:
    """Keys searched for the one most like a query, without comparing the query to every key.

    A key at or above the threshold shares with the query all but a few of its characters: with
    ratio ≥ t, the lengths are within r = t / (200 − t) of each other and at most
    ``len(query) · (1 − t/200 · (1 + r))`` of the query's characters are left unmatched (2 of a
    12-character name at 90). So the keys holding one of that many + 1 of the query's rarest
    characters are the only candidates, and the search stays exact."""

    def __init__(self, keys: Iterable[str], threshold: float):
        self.keys, self.threshold = sorted(set(keys)), threshold
        self.holding: Dict[str, List[int]] = {}
        for n, key in enumerate(self.keys):
            for char in set(key):
                self.holding.setdefault(char, []).append(n)
        ratio = threshold / (200 - threshold)
        self.unmatched_share = 1 - threshold / 200 * (1 + ratio)

    def closest(self, query: str) -> Optional[tuple]:
        chars = sorted(set(query), key=lambda c: len(self.holding.get(c, ())))
        needed = int(len(query) * self.unmatched_share) + 1
        if len(chars) < needed:
            return closest(query, self.keys, self.threshold)
        candidates = sorted({n for char in chars[:needed] for n in self.holding.get(char, ())})
        return closest(query, [self.keys[n] for n in candidates], self.threshold) if candidates else None


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
    from rapidfuzz import fuzz

    return not a or not b or a == b or fuzz.ratio(a, b, score_cutoff=threshold) > 0
