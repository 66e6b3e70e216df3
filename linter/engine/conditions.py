"""The rule vocabulary: each condition keyword of a rule's ``when:`` compiles to a small
predicate over a row or a table. Compiled once per rule pack; evaluated per row.

    all / any / not          combine conditions
    field + empty            the field is (not) empty
    field + equals           the whole field equals a word (list or word list)
    field + contains         the field contains a word
    field + regex            a regular expression (or a pattern list) matches
    field + has / lacks      a fact (number, quantity, percent, comparator, unit, date)
    field + number           the field's first number compares (lt, le, gt, ge, eq, ne); a bound may be
                             {param: NAME}, a threshold the rule declares under ``params:`` with a
                             default that a configuration file can change, or {field: NAME}, the
                             first number of another field of the same row (得分 > 分值)
    field + differs_from     both fields are given and state different targets (linter/engine/targets.py)
    field + looser_than      the field's target asks for less than the other field's (≥90% vs ≥95%)
    dimension                the row measures quantity / quality / timeliness / cost / ...
    misfiled                 the row's name says it measures one of these dimensions, and the 二级
                             label it is filed under names another
    kind                     target or self-evaluation table
    rows                     the table's number of indicator rows compares
    no_row / any_row         no row / some row of the table meets a condition
    check                    a named built-in check (linter/engine/checks/) finds the cells
    present                  rules ``across`` two tables: the indicator is in both tables, only in
                             this one, or only in the other (its counterpart, linter/cross)

A rule ``across`` two tables also reads the counterpart's fields as ``other.FIELD``
(``other.value``: the approved target, or last year's).

Each keyword is one small function below (KEYWORDS, TEXT_TESTS); a text test remembers its
answers by text, shared by every rule of the pack that asks the same question.
"""
from __future__ import annotations

import json
import operator
import re
from typing import Callable, Dict, List, Optional

from ..util import memo
from ..util.errors import RuleError
from ..util.normalize import canon
from .context import OTHER, ROW_FIELDS, Context
from .facts import Facts, numbers
from .patterns import BudgetSpent, RuleTimeout, timed_search
from .targets import differs, looser

Predicate = Callable[[Context], bool]
TextTest = Callable[[str], bool]
MEMO_LIMIT = memo.SIZE  # answers a text test keeps before it starts afresh
PAIRED = {"differs_from": differs, "looser_than": looser}  # field against another field
_COMPARE = {"lt": operator.lt, "le": operator.le, "gt": operator.gt, "ge": operator.ge,
            "eq": operator.eq, "ne": operator.ne}


class Compiler:
    """Turns condition mappings into predicates. ``where`` names the place for errors.
    ``trusted`` is set for the shipped rule pack; users' patterns run under a timeout.
    ``answers`` holds the pack's text tests by question, so rules asking the same share them."""

    trusted = False
    across: Optional[str] = None  # the relation of a rule across two tables (linter/cross)

    def __init__(self, wordlists: Dict[str, dict], facts: Facts, scope: str, dimensions, fields: Dict[str, tuple],
                 params: Optional[Dict[str, float]] = None, answers: Optional[dict] = None):
        self.wordlists, self.facts, self.scope, self.dimensions = wordlists, facts, scope, dimensions
        self.fields = fields
        self.params = params or {}
        self.answers = {} if answers is None else answers
        self.checks: List[str] = []

    def compile(self, cond: dict, where: tuple) -> Predicate:
        parts = []
        for key, build in KEYWORDS.items():
            if key == "field":
                parts.extend(self._field(cond, where))
            elif key in cond:
                part = build(self, cond[key], where + (key,))
                if part is not None:
                    parts.append(part)
        return _all(parts)

    # ---- field + test -----------------------------------------------------------------
    def _field(self, cond: dict, where: tuple) -> List[Predicate]:
        used = [k for k in FIELD_PREDICATES if k in cond]
        if "field" not in cond:
            if used:
                raise RuleError.at(where + (used[0],), f"“{used[0]}”需要同时写明 field（要检查哪一栏）")
            return []
        if not used:
            raise RuleError.at(where + ("field",), "field 后需要写检查方式：empty、equals、contains、regex、has、lacks、number、differs_from 或 looser_than")
        field = cond["field"]
        self._known_field(field, where + ("field",))
        preds = []
        for key in used:
            if key in PAIRED:
                preds.append(self._paired(key, field, cond[key], where + (key,)))
            elif key == "number" and any(isinstance(b, dict) and "field" in b for b in cond[key].values()):
                preds.append(self._number_against_fields(field, cond[key], where + (key,)))
            else:
                preds.append(self._on_text(field, self._text_test(key, cond[key], where + (key,))))
        return preds

    def _known_field(self, field: str, where: tuple) -> None:
        if field not in self.fields[self.scope]:
            label = "行级" if self.scope == "row" else "表级"
            raise RuleError.at(where, f"{label}规则没有字段“{field}”；可用：{'、'.join(self.fields[self.scope])}")

    def _on_text(self, field: str, test: TextTest) -> Predicate:
        """The test applied to the field's text: read straight off the row where the field is the
        row's own (the hot path: every rule on every row), else through the context."""
        mine = field[len(OTHER):] if field.startswith(OTHER) else field
        if self.scope == "row" and mine in ROW_FIELDS:
            text = operator.attrgetter(f"{'other_row' if mine != field else 'row'}.{mine}.text")
            return lambda ctx: test(text(ctx))
        return lambda ctx: test(ctx.text(field))

    def _text_test(self, key: str, arg, where: tuple) -> TextTest:
        if key == "regex" and not self.trusted:
            return _memoized(timed_search(_alternation(self._patterns(arg, where)), where))
        bounds = self.params if key == "number" else None  # a {param: …} bound is the rule's own
        question = json.dumps([key, arg, bounds], ensure_ascii=False, sort_keys=True)
        if question not in self.answers:
            self.answers[question] = _Answers(TEXT_TESTS[key](self, arg, where)).__getitem__
        return self.answers[question]

    def _paired(self, key: str, field: str, other: str, where: tuple) -> Predicate:
        if other not in self.fields[self.scope]:
            raise RuleError.at(where, f"没有字段“{other}”；可用：{'、'.join(self.fields[self.scope])}")
        compare = PAIRED[key]
        return lambda ctx: compare(ctx.text(field), ctx.text(other))

    def _number_against_fields(self, field: str, spec: dict, where: tuple) -> Predicate:
        """``number: {gt: {field: weight}}``: the field's first number against another
        field's first number in the same row; false when either has none."""
        tests = []
        for op, bound in spec.items():
            if isinstance(bound, dict) and "field" in bound:
                other = bound["field"]
                if other not in self.fields[self.scope]:
                    raise RuleError.at(where + (op, "field"), f"没有字段“{other}”；可用：{'、'.join(self.fields[self.scope])}")
                tests.append((_COMPARE[op], other, None))
            else:
                tests.append((_COMPARE[op], None, self._bound(bound, where + (op,))))

        def compares(ctx) -> bool:
            mine = numbers(ctx.text(field))
            if not mine:
                return False
            for op, other, value in tests:
                if other is not None:
                    theirs = numbers(ctx.text(other))
                    if not theirs:
                        return False
                    value = theirs[0]
                if not op(mine[0], value):
                    return False
            return True
        return compares

    # ---- word lists and bounds ------------------------------------------------------------
    def _words(self, arg, where) -> List[str]:
        if isinstance(arg, str):
            return [arg]
        if isinstance(arg, list):
            return arg
        entry = self._list(arg["list"], where)
        if "words" not in entry:
            raise RuleError.at(where, f"词表“{arg['list']}”是正则表，这里需要词语表（words）")
        return entry["words"]

    def _patterns(self, arg, where) -> List[str]:
        if isinstance(arg, (str, list)):
            return [arg] if isinstance(arg, str) else arg
        entry = self._list(arg["list"], where)
        return entry.get("patterns") or [re.escape(canon(w)) for w in entry.get("words", [])]

    def _list(self, name: str, where) -> dict:
        if name not in self.wordlists:
            known = "、".join(sorted(self.wordlists)) or "（无）"
            raise RuleError.at(where + ("list",), f"未知的词表“{name}”；已有词表：{known}")
        return self.wordlists[name]

    def _compare(self, spec: dict, where: tuple) -> Callable[[float], bool]:
        tests = [(_COMPARE[op], self._bound(value, where + (op,))) for op, value in spec.items()]
        return lambda x: all(op(x, value) for op, value in tests)

    def _bound(self, value, where: tuple) -> float:
        if not isinstance(value, dict):
            return value
        if "field" in value:
            raise RuleError.at(where + ("field",), "{field: …} 只能用在 field + number 的比较里")
        name = value["param"]
        if name not in self.params:
            declared = "、".join(self.params) or "（无）"
            raise RuleError.at(where + ("param",), f"参数“{name}”没有在 params: 中声明；已声明：{declared}")
        return self.params[name]

    def _need_scope(self, scope: str, key: str, where) -> None:
        if self.scope != scope:
            label = "表级（scope: table）" if scope == "table" else "行级（scope: row）"
            raise RuleError.at(where, f"“{key}”只能用于{label}规则")

    def _over_rows(self, arg, where: tuple) -> Predicate:
        """The condition compiled for the rows of the table rule that asks about them."""
        self._need_scope("table", where[-1], where[:-1])
        self.scope = "row"
        try:
            return self.compile(arg, where)
        finally:
            self.scope = "table"


# ---- the text tests: one function per keyword of ``field + …`` ----------------------------
def _empty(c: Compiler, arg, where) -> TextTest:
    return (lambda t: not t.strip()) if arg else (lambda t: bool(t.strip()))


def _has(c: Compiler, arg, where) -> TextTest:
    fact = c.facts.tests[arg]
    return lambda t: bool(fact(canon(t)))


def _lacks(c: Compiler, arg, where) -> TextTest:
    fact = c.facts.tests[arg]
    return lambda t: not fact(canon(t))


def _number(c: Compiler, arg, where) -> TextTest:
    test = c._compare(arg, where)

    def first_number(t: str) -> bool:
        found = numbers(t)
        return bool(found) and test(found[0])
    return first_number


def _equals(c: Compiler, arg, where) -> TextTest:
    words = frozenset(canon(w) for w in c._words(arg, where))
    return lambda t: canon(t) in words


def _contains(c: Compiler, arg, where) -> TextTest:
    words = sorted(c._words(arg, where), key=len, reverse=True)
    search = _compiled_on_use("|".join(re.escape(canon(w)) for w in words))
    return lambda t: bool(search(canon(t)))


def _regex(c: Compiler, arg, where) -> TextTest:
    """The shipped rules' patterns: tested, on the faster standard engine."""
    search = _compiled_on_use(_alternation(c._patterns(arg, where)))
    return lambda t: bool(search(canon(t)))


TEXT_TESTS: Dict[str, Callable[[Compiler, object, tuple], TextTest]] = {
    "empty": _empty, "equals": _equals, "contains": _contains, "regex": _regex,
    "has": _has, "lacks": _lacks, "number": _number}
FIELD_PREDICATES = ("empty", "equals", "contains", "regex", "has", "lacks", "number", "differs_from", "looser_than")


# ---- the other keywords, in the order a condition evaluates them --------------------------
def _all_of(c: Compiler, arg, where) -> Predicate:
    return _all([c.compile(sub, where + (i,)) for i, sub in enumerate(arg)])


def _any_of(c: Compiler, arg, where) -> Predicate:
    return _any([c.compile(sub, where + (i,)) for i, sub in enumerate(arg)])


def _not(c: Compiler, arg, where) -> Predicate:
    inner = c.compile(arg, where)
    return lambda ctx: not inner(ctx)


def _dimension(c: Compiler, arg, where) -> Predicate:
    c._need_scope("row", "dimension", where)
    wanted = frozenset([arg] if isinstance(arg, str) else arg)
    unknown = sorted(wanted - set(c.dimensions))
    if unknown:
        raise RuleError.at(where, f"未知的维度“{unknown[0]}”；可用：{'、'.join(c.dimensions)}")
    return lambda ctx: ctx.dimension in wanted


def _misfiled(c: Compiler, arg, where) -> Predicate:
    named = _dimension(c, arg, where)

    def misfiled(ctx) -> bool:
        if not named(ctx):
            return False
        filed = ctx.categories.dimension_of_label(ctx.row.level2.text)
        return filed is not None and filed != ctx.dimension
    return misfiled


def _kind(c: Compiler, arg, where) -> Predicate:
    return lambda ctx: ctx.table.kind == arg


def _rows(c: Compiler, arg, where) -> Predicate:
    test = c._compare(arg, where)
    return lambda ctx: test(len(ctx.table.rows))


def _no_row(c: Compiler, arg, where) -> Predicate:
    pred = c._over_rows(arg, where)
    return lambda ctx: not any(pred(row) for row in ctx.rows)


def _any_row(c: Compiler, arg, where) -> Predicate:
    pred = c._over_rows(arg, where)
    return lambda ctx: any(pred(row) for row in ctx.rows)


def _check(c: Compiler, arg, where) -> None:
    """A built-in check is run by the engine, not tested here: the rule names it."""
    c._need_scope("table", "check", where[:-1])
    c.checks.append(arg)


def _present(c: Compiler, arg, where) -> Predicate:
    c._need_scope("row", "present", where)
    if not c.across:
        raise RuleError.at(where, "“present”只能用于跨表规则（写明 across: approved 或 across: previous-year）")
    return lambda ctx: ctx.present == arg


KEYWORDS: Dict[str, Callable[[Compiler, object, tuple], Optional[Predicate]]] = {
    "all": _all_of, "any": _any_of, "not": _not,
    "field": None,  # field + a test: Compiler._field reads the whole condition
    "dimension": _dimension, "misfiled": _misfiled,
    "kind": _kind, "rows": _rows, "no_row": _no_row, "any_row": _any_row, "check": _check, "present": _present}


# ---- answers remembered, and combinators ----------------------------------------------------
class _Answers(dict):
    """A text test's answers by text: the same values recur in every table."""

    __slots__ = ("test",)

    def __init__(self, test: TextTest):
        super().__init__()
        self.test = test

    def __missing__(self, text: str) -> bool:
        if len(self) > MEMO_LIMIT:
            self.clear()
        answer = self[text] = self.test(text)
        return answer


def _memoized(test: TextTest, limit: int = MEMO_LIMIT) -> TextTest:
    """A user's pattern remembers its answers too, and a text it timed out on is not tried again."""
    known: Dict[str, object] = {}

    def memo(text: str) -> bool:
        answer = known.get(text)
        if answer is None:
            if len(known) > limit:
                known.clear()
            try:
                answer = known[text] = test(text)
            except BudgetSpent:  # the file's budget, not this text: a later file tries again
                raise
            except RuleTimeout as timeout:
                known[text] = timeout
                raise
        if isinstance(answer, RuleTimeout):
            raise answer
        return answer
    return memo


def _compiled_on_use(pattern: str) -> Callable[[str], Optional[re.Match]]:
    """``re.compile(pattern).search``, compiled when first asked: checking one small file does
    not pay for the patterns its rows never reach (the shipped patterns are known to compile)."""
    compiled = None

    def search(text: str) -> Optional[re.Match]:
        nonlocal compiled
        if compiled is None:
            compiled = re.compile(pattern)
        return compiled.search(text)
    return search


def _alternation(patterns: List[str]) -> str:
    return "|".join(f"(?:{p})" for p in patterns)


def _all(preds: List[Predicate]) -> Predicate:
    if len(preds) == 1:
        return preds[0]
    if len(preds) == 2:
        first, second = preds
        return lambda ctx: first(ctx) and second(ctx)

    def conjunction(ctx) -> bool:
        for pred in preds:
            if not pred(ctx):
                return False
        return True
    return conjunction


def _any(preds: List[Predicate]) -> Predicate:
    def disjunction(ctx) -> bool:
        for pred in preds:
            if pred(ctx):
                return True
        return False
    return disjunction


__all__ = ["Compiler", "Predicate"]
