"""The goal texts against the indicators: what 年度总体目标 promises with a number and a
unit ("购买418名保洁人员", "20场以上专题培训", "满意度达95%") should come back as an
indicator with the same number.

Goal texts come out of PDFs as long run-on paragraphs, so the reading aims at precision:
a sentence with 每 (每一门岗…9名, 每年…40小时) states a standard, not an amount to deliver,
and is left alone; a promise counts as measured when any indicator mentions its number, or
when an indicator's name shares four or more characters with the promise's wording (it
is then measured another way, as a rate say) — unless that indicator gives a different
number in the same kind of unit, which is a contradiction.
"""
from __future__ import annotations

import re
from decimal import Decimal
from difflib import SequenceMatcher
from functools import lru_cache
from typing import FrozenSet, Iterator, List, NamedTuple, Optional, Tuple

from ...model.table import Cell, IndicatorRow, Table
from ...util import memo
from ...util.normalize import canon
from .. import units
from .base import Hit, quantity, within
from .dates import date

PROMISE = re.compile(rf"(?<![\d.])(\d+(?:\.\d+)?)\s*(?:余|多)?\s*({units.alternation()})(?:以上|左右)?")
SENTENCE = re.compile(r"[^。；;！!？?\n]+")
CLAUSE = re.compile(r"[，,、：:（）()“”]")
STANDARD = "每"          # 每一门岗…9名, 每年…40小时: a standard, not an amount
SHARED = 4               # characters a promise and an indicator name must share
_CJK = re.compile(r"[^\u4e00-\u9fff]")
THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_COUNT_OR_RATE = re.compile(r"[率数]|次$|数量")  # an indicator name that counts or rates something
_PUNCTUATION = re.compile(r"[\W_]+")
LEAD_IN = re.compile(r"(达到|达|为|在|约|超过|不低于|不少于|不超过|以上|保持)+$")


class Promise(NamedTuple):
    number: Decimal
    unit: str
    phrase: str          # the words of the promise, for the message
    wording: str         # its clause without the number, to match indicator names
    measure: str = ""    # the two characters naming what is measured (满意度达95% → 意度)


def promises(goal: str) -> List[Promise]:
    found = []
    for sentence in SENTENCE.finditer(goal):
        if STANDARD in sentence.group():
            continue
        clauses = [c for c in CLAUSE.split(sentence.group()) if c]
        for i, clause in enumerate(clauses):
            for m in PROMISE.finditer(clause):
                if clause[max(0, m.start() - 1):m.start()] == "第":  # 第2场: an ordinal, not an amount
                    continue
                wording = _CJK.sub("", clause[:m.start()] + clause[m.end():])
                if len(wording) < SHARED and i:
                    wording = _CJK.sub("", clauses[i - 1]) + wording
                before = LEAD_IN.sub("", _CJK.sub("", clause[:m.start()]))
                found.append(Promise(Decimal(m.group(1)), m.group(2), clause.strip(), wording, before[-2:]))
    return found


@lru_cache(maxsize=memo.SIZE)
def _numbers(text: str) -> FrozenSet[Decimal]:
    return frozenset(Decimal(n) for n in _NUMBER.findall(canon(text).replace(",", "")))


def _shared(promise: Promise, row: IndicatorRow) -> int:
    """How many characters in a row the promise's wording and the indicator's name share; 0 when
    fewer than SHARED (they then have no run of SHARED characters in common, a cheap test)."""
    name = _chinese(row.name.text)
    if not name or not promise.wording or _runs(promise.wording).isdisjoint(_runs(name)):
        return 0
    return SequenceMatcher(None, promise.wording, name, autojunk=False).find_longest_match(
        0, len(promise.wording), 0, len(name)).size


@lru_cache(maxsize=memo.SIZE)
def _chinese(text: str) -> str:
    return _CJK.sub("", canon(text))


@lru_cache(maxsize=memo.SIZE)
def _runs(text: str) -> FrozenSet[str]:
    """Every run of SHARED characters of a text."""
    return frozenset(text[i:i + SHARED] for i in range(len(text) - SHARED + 1))


_last: list = [None, ()]  # the table judged last and its judgement: two rules read the same one


def _judged(table: Table) -> Tuple[Tuple[Promise, Optional[IndicatorRow], Cell], ...]:
    if _last[0] is not table:
        _last[:] = [table, tuple(_judge(table))]
    return _last[1]


def _judge(table: Table) -> Iterator[Tuple[Promise, Optional[IndicatorRow], Cell]]:
    """Each promise of 年度总体目标 that no indicator measures: with None when nothing
    measures it, with the contradicting row when the closest indicator gives another number."""
    goal = table.header.get("annual_goal")
    if not goal or not table.rows:
        return
    promised = promises(THOUSANDS.sub("", canon(goal.text)))
    if not promised:
        return
    mentioned = set().union(*(_numbers(r.name.text) | _numbers(r.value.text) for r in table.rows))
    for promise in promised:
        if promise.number in mentioned:
            continue
        by_likeness = sorted(((_shared(promise, row), row) for row in table.rows), key=lambda s: -s[0])
        closest = [row for size, row in by_likeness if size >= SHARED and _measures(promise, row)]
        if promise.unit == "%":
            # 满意度达95% is judged against a 满意度 row; a share such as 培训支出30% is a
            # milestone of spending, not a target any indicator has to repeat.
            closest = [row for row in closest if promise.measure and promise.measure in canon(row.name.text)]
            if not closest:
                continue
        if not closest:
            yield promise, None, goal
        elif _same_kind(promise, closest[0]):
            yield promise, closest[0], goal


def _measures(promise: Promise, row: IndicatorRow) -> bool:
    """Whether a row that speaks of the promise measures it: in the same kind of unit, or
    as a count or a rate (完成率, 人数) — a 知名度 or an 作用 does not count a 20场."""
    return (_same_kind(promise, row) or promise.unit == "%"
            or bool(_COUNT_OR_RATE.search(canon(row.name.text))))


def _same_kind(promise: Promise, row: IndicatorRow) -> bool:
    found = quantity(row.value.text)
    return bool(found and found[1] and units.same_kind(found[1], promise.unit))


def _promise_cell(goal: Cell, promise: Promise) -> Cell:
    """The promise's number and unit inside the goal cell (found again in the raw text)."""
    raw = goal.raw or goal.text
    pattern = rf"{re.escape(str(promise.number))}\s*(?:余|多)?\s*{re.escape(promise.unit)}"
    m = re.search(pattern, raw)
    return within(goal, m.start(), m.end()) if m else Cell(f"{promise.number}{promise.unit}", goal.loc)


def goal_without_indicator(table: Table) -> Iterator[Hit]:
    for promise, row, goal in _judged(table):
        if row is None:
            yield Hit(_promise_cell(goal, promise), "annual_goal", {
                "promise": f"{promise.number}{promise.unit}", "phrase": promise.phrase})


def goal_indicator_mismatch(table: Table) -> Iterator[Hit]:
    for promise, row, goal in _judged(table):
        if row is not None:
            yield Hit(row.value, "value", {
                "promise": f"{promise.number}{promise.unit}", "phrase": promise.phrase,
                "name": row.name.text, "value": row.value.text}, row.name.text)


def overall_goal_copied(table: Table) -> Iterator[Hit]:
    """A multi-year project whose 年度总体目标 repeats 项目总目标 word for word."""
    overall, annual = table.header.get("overall_goal"), table.header.get("annual_goal")
    start, end = (date(table.field(f)) for f in ("start_date", "end_date"))
    if not (overall and annual and start and end and start[0] != end[0]):
        return
    if _plain(overall.text) == _plain(annual.text):
        yield Hit(annual, "annual_goal", {"period": f"{start[0]}—{end[0]}年"})


def _plain(text: str) -> str:
    return _PUNCTUATION.sub("", canon(text))
