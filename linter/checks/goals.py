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
from typing import Iterator, List, NamedTuple, Optional, Set, Tuple

from ..model import Cell, IndicatorRow, Table
from ..normalize import canon
from .base import Hit, within
from .dates import date

# Units a promise is counted in, and which of them measure the same thing.
UNIT_CLASSES = (
    ("人次", "人", "名", "位"), ("场", "次", "场次", "期", "轮"), ("份", "本", "册", "篇"),
    ("所", "个", "家", "校", "项"), ("套", "台", "件"), ("课时", "学时"), ("天",), ("小时",), ("门",), ("类",),
    ("条",), ("批",), ("模块", "子模块"), ("%",),
)
UNIT_CLASS = {unit: i for i, units in enumerate(UNIT_CLASSES) for unit in units}
_UNITS = "|".join(sorted(UNIT_CLASS, key=len, reverse=True)).replace("%", "%")
PROMISE = re.compile(rf"(?<![\d.])(\d+(?:\.\d+)?)\s*(?:余|多)?\s*({_UNITS})(?:以上|左右)?")
NUMBER_UNIT = re.compile(rf"(\d+(?:\.\d+)?)\s*({_UNITS})?")
SENTENCE = re.compile(r"[^。；;！!？?\n]+")
CLAUSE = re.compile(r"[，,、：:（）()“”]")
STANDARD = "每"          # 每一门岗…9名, 每年…40小时: a standard, not an amount
SHARED = 4               # characters a promise and an indicator name must share
_CJK = re.compile(r"[^\u4e00-\u9fff]")


class Promise(NamedTuple):
    number: Decimal
    unit: str
    phrase: str          # the words of the promise, for the message
    wording: str         # its clause without the number, to match indicator names
    start: int           # where the number is in the goal text
    end: int


def promises(goal: str) -> List[Promise]:
    found = []
    for sentence in SENTENCE.finditer(goal):
        if STANDARD in sentence.group():
            continue
        clauses = _clauses(sentence.group(), sentence.start())
        for i, (clause, offset) in enumerate(clauses):
            for m in PROMISE.finditer(clause):
                if clause[m.end():m.end() + 1] == "年" or clause[max(0, m.start() - 1):m.start()] == "第":
                    continue
                wording = _CJK.sub("", clause[:m.start()] + clause[m.end():])
                if len(wording) < SHARED and i:
                    wording = _CJK.sub("", clauses[i - 1][0]) + wording
                found.append(Promise(Decimal(m.group(1)), m.group(2), clause.strip(), wording,
                                     offset + m.start(), offset + m.end()))
    return found


def _clauses(sentence: str, offset: int) -> List[Tuple[str, int]]:
    parts, start = [], 0
    for m in CLAUSE.finditer(sentence + "，"):
        if m.start() > start:
            parts.append((sentence[start:m.start()], offset + start))
        start = m.end()
    return parts


def _numbers(text: str) -> Set[Decimal]:
    return {Decimal(n) for n in re.findall(r"\d+(?:\.\d+)?", canon(text).replace(",", ""))}


def _first_quantity(text: str) -> Optional[Tuple[Decimal, str]]:
    m = NUMBER_UNIT.search(canon(text))
    return (Decimal(m.group(1)), m.group(2) or "") if m else None


def _shares_wording(promise: Promise, row: IndicatorRow) -> bool:
    name = _CJK.sub("", canon(row.name.text))
    if not name or not promise.wording:
        return False
    match = SequenceMatcher(None, promise.wording, name, autojunk=False).find_longest_match(
        0, len(promise.wording), 0, len(name))
    return match.size >= SHARED


def _judged(table: Table) -> Iterator[Tuple[Promise, Optional[IndicatorRow], Cell]]:
    """Each promise of 年度总体目标 that no indicator measures: with None when nothing
    speaks of it, with the contradicting row when one gives another number."""
    goal = table.header.get("annual_goal")
    if not goal or not table.rows:
        return
    text = canon(goal.text)
    mentioned = set().union(*(_numbers(r.name.text) | _numbers(r.value.text) for r in table.rows))
    for promise in promises(text):
        if promise.number in mentioned:
            continue
        related = [row for row in table.rows if _shares_wording(promise, row)]
        conflicting = [row for row in related if _same_kind(promise, row)]
        if conflicting:
            yield promise, conflicting[0], goal
        elif not related:
            yield promise, None, goal


def _same_kind(promise: Promise, row: IndicatorRow) -> bool:
    quantity = _first_quantity(row.value.text)
    return bool(quantity and quantity[1] and UNIT_CLASS.get(quantity[1]) == UNIT_CLASS[promise.unit])


def _promise_cell(goal: Cell, promise: Promise) -> Cell:
    """The promise's number and unit inside the goal cell (found again in the raw text)."""
    raw = goal.raw or goal.text
    pattern = rf"{re.escape(str(promise.number))}\s*(?:余|多)?\s*{re.escape(promise.unit)}"
    m = re.search(pattern, raw)
    return within(goal, m.start(), m.end()) if m else goal


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
    return re.sub(r"[\W_]+", "", canon(text))
