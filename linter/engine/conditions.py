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
"""
from __future__ import annotations

import operator
import re
import time
from typing import Callable, Dict, List, Optional

from ..model.categories import Categories
from ..util.errors import RuleError
from .facts import Facts, numbers
from ..model.table import EMPTY, IndicatorRow, Table
from ..util.normalize import canon
from .targets import differs, looser

Predicate = Callable[["Context"], bool]
REGEX_SECONDS = 0.05  # one search of one cell; a user's catastrophic pattern stops here
FILE_REGEX_SECONDS = 1.0  # all searches of users' patterns on one file, every rule together
MAX_PATTERN_ITEMS = 100_000  # a user's pattern with its counted repeats copied out: (a{1000}){1000} is 10**6
_COUNTED = re.compile(r"\{(\d*)(?:,(\d*))?\}")


class RuleTimeout(Exception):
    """A rule's regular expression ran out of time on a cell."""


class BudgetSpent(RuleTimeout):
    """Users' patterns have used up the time one file allows them."""


class Budget:
    """The time users' patterns have left on the file being checked (Engine.check starts a new
    file's budget at its first table)."""

    def __init__(self):
        self.left, self.reported = FILE_REGEX_SECONDS, False

    def start(self) -> None:
        self.left, self.reported = FILE_REGEX_SECONDS, False


budget = Budget()

ROW_FIELDS = IndicatorRow.FIELDS
FIELD_PREDICATES = ("empty", "equals", "contains", "regex", "has", "lacks", "number", "differs_from", "looser_than")
PAIRED = {"differs_from": differs, "looser_than": looser}  # field against another field
OTHER = "other."
ABSENT = IndicatorRow(EMPTY, EMPTY, EMPTY, EMPTY)  # the side of an indicator pair that lacks it
_COMPARE = {"lt": operator.lt, "le": operator.le, "gt": operator.gt, "ge": operator.ge,
            "eq": operator.eq, "ne": operator.ne}


class Context:
    """A row of a table, or the table itself (``row`` is None), as rules see it."""

    __slots__ = ("row", "table", "categories", "rows", "_dimension")

    def __init__(self, table: Table, categories: Categories, row: Optional[IndicatorRow] = None,
                 rows: Optional[List["Context"]] = None):
        self.table, self.row, self.categories, self.rows = table, row, categories, rows or []
        self._dimension = False

    def cell(self, field: str):
        if self.row is not None and field in ROW_FIELDS:
            return getattr(self.row, field)
        return self.table.field(field)

    def text(self, field: str) -> str:
        if field == "kind":
            return self.table.kind
        return self.cell(field).text

    @property
    def dimension(self) -> Optional[str]:
        """What the row measures: its name's hint first (labels drift), then its 二级 label."""
        if self._dimension is False:
            row, cats = self.row, self.categories
            self._dimension = (cats.dimension_from_name(canon(row.name.text))
                               or cats.dimension_of_label(row.level2.text)
                               or cats.dimension_of_level1(row.level1.text))
        return self._dimension


class PairContext(Context):
    """A row (or a table) with its counterpart in the other table of a pair (linter/cross): the
    approved target table of a 自评表, or last year's table. A side that lacks the indicator
    is ``ABSENT``."""

    __slots__ = ("other_table", "other_row")

    def __init__(self, table: Table, categories: Categories, other_table: Table,
                 row: Optional[IndicatorRow] = None, other_row: Optional[IndicatorRow] = None,
                 rows: Optional[List["PairContext"]] = None):
        super().__init__(table, categories, row, rows)
        self.other_table, self.other_row = other_table, other_row

    def cell(self, field: str):
        if not field.startswith(OTHER):
            return super().cell(field)
        field = field[len(OTHER):]
        if self.other_row is not None and field in ROW_FIELDS:
            return getattr(self.other_row, field)
        return self.other_table.field(field)

    def text(self, field: str) -> str:
        if field == OTHER + "kind":
            return self.other_table.kind
        return super().text(field)

    @property
    def present(self) -> str:
        return "other" if self.row is ABSENT else "this" if self.other_row is ABSENT else "both"


class Compiler:
    """Turns condition mappings into predicates. ``where`` names the place for errors.
    ``trusted`` is set for the shipped rule pack; users' patterns run under a timeout."""

    trusted = False
    across: Optional[str] = None  # the relation of a rule across two tables (linter/cross)

    def __init__(self, wordlists: Dict[str, dict], facts: Facts, scope: str, dimensions, fields: Dict[str, tuple],
                 params: Optional[Dict[str, float]] = None):
        self.wordlists, self.facts, self.scope, self.dimensions = wordlists, facts, scope, dimensions
        self.fields = fields
        self.params = params or {}
        self.checks: List[str] = []

    def compile(self, cond: dict, where: tuple) -> Predicate:
        parts = []
        for key in ("all", "any"):
            if key in cond:
                subs = [self.compile(c, where + (key, i)) for i, c in enumerate(cond[key])]
                parts.append(_all(subs) if key == "all" else _any(subs))
        if "not" in cond:
            inner = self.compile(cond["not"], where + ("not",))
            parts.append(lambda ctx: not inner(ctx))
        parts.extend(self._field(cond, where))
        if "dimension" in cond:
            parts.append(self._dimension(cond["dimension"], where + ("dimension",)))
        if "misfiled" in cond:
            parts.append(self._misfiled(cond["misfiled"], where + ("misfiled",)))
        if "kind" in cond:
            kind = cond["kind"]
            parts.append(lambda ctx: ctx.table.kind == kind)
        if "rows" in cond:
            test = self._compare(cond["rows"], where + ("rows",))
            parts.append(lambda ctx: test(len(ctx.table.rows)))
        for key, wanted in (("no_row", False), ("any_row", True)):
            if key in cond:
                self._need_scope("table", key, where)
                self.scope = "row"
                try:
                    inner = self.compile(cond[key], where + (key,))
                finally:
                    self.scope = "table"
                parts.append(_some_row(inner) if wanted else _no_row(inner))
        if "check" in cond:
            self._need_scope("table", "check", where)
            self.checks.append(cond["check"])
        if "present" in cond:
            parts.append(self._present(cond["present"], where + ("present",)))
        return _all(parts)

    def _present(self, wanted: str, where: tuple) -> Predicate:
        self._need_scope("row", "present", where)
        if not self.across:
            raise RuleError.at(where, "“present”只能用于跨表规则（写明 across: approved 或 across: previous-year）")
        return lambda ctx: ctx.present == wanted

    def _field(self, cond: dict, where: tuple) -> List[Predicate]:
        used = [k for k in FIELD_PREDICATES if k in cond]
        if "field" not in cond:
            if used:
                raise RuleError.at(where + (used[0],), f"“{used[0]}”需要同时写明 field（要检查哪一栏）")
            return []
        if not used:
            raise RuleError.at(where + ("field",), "field 后需要写检查方式：empty、equals、contains、regex、has、lacks、number、differs_from 或 looser_than")
        field = cond["field"]
        if field not in self.fields[self.scope]:
            label = "行级" if self.scope == "row" else "表级"
            raise RuleError.at(where + ("field",), f"{label}规则没有字段“{field}”；可用：{'、'.join(self.fields[self.scope])}")
        preds = []
        for key in used:
            if key in PAIRED:
                preds.append(self._paired(key, field, cond[key], where + (key,)))
                continue
            if key == "number" and any(isinstance(b, dict) and "field" in b for b in cond[key].values()):
                preds.append(self._number_against_fields(field, cond[key], where + (key,)))
                continue
            test = _memoized(self._text_test(key, cond[key], where + (key,)))
            preds.append(lambda ctx, test=test: test(ctx.text(field)))
        return preds

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

    def _text_test(self, key: str, arg, where: tuple) -> Callable[[str], bool]:
        if key == "empty":
            return (lambda t: not t.strip()) if arg else (lambda t: bool(t.strip()))
        if key == "has":
            return lambda t: self.facts.has(arg, t)
        if key == "lacks":
            return lambda t: not self.facts.has(arg, t)
        if key == "number":
            test = self._compare(arg, where)
            return lambda t: bool(numbers(t)) and test(numbers(t)[0])
        if key == "equals":
            words = frozenset(canon(w) for w in self._words(arg, where))
            return lambda t: canon(t) in words
        if key == "contains":
            alternation = "|".join(re.escape(canon(w)) for w in sorted(self._words(arg, where), key=len, reverse=True))
            search = re.compile(alternation).search
            return lambda t: bool(search(canon(t)))
        patterns = self._patterns(arg, where)
        alternation = "|".join(f"(?:{p})" for p in patterns)
        if self.trusted:  # the shipped rules: tested patterns on the faster standard engine
            search = re.compile(alternation).search
            return lambda text: bool(search(canon(text)))
        import regex  # a user's pattern: an engine with a timeout, so it cannot stall a run

        items = expanded_size(alternation)
        if items > MAX_PATTERN_ITEMS:
            raise RuleError.at(where, f"正则表达式展开后有约 {items} 项（计数重复 {{n}} 层层相乘），"
                                      f"超过 {MAX_PATTERN_ITEMS} 项的上限：请改用 + 或 * 等不计数的写法")
        try:
            search = regex.compile(alternation).search
        except regex.error as e:
            raise RuleError.at(where, f"正则表达式无效：{e}") from None

        def matches(text: str) -> bool:
            allowed = min(REGEX_SECONDS, budget.left)
            if allowed <= 0:
                raise BudgetSpent(where)
            started = time.perf_counter()
            try:
                return bool(search(canon(text), timeout=allowed))
            except TimeoutError:
                raise (RuleTimeout if allowed == REGEX_SECONDS else BudgetSpent)(where) from None
            finally:
                budget.left -= time.perf_counter() - started
        return matches

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

    def _dimension(self, arg, where) -> Predicate:
        self._need_scope("row", "dimension", where)
        wanted = frozenset([arg] if isinstance(arg, str) else arg)
        unknown = sorted(wanted - set(self.dimensions))
        if unknown:
            raise RuleError.at(where, f"未知的维度“{unknown[0]}”；可用：{'、'.join(self.dimensions)}")
        return lambda ctx: ctx.dimension in wanted

    def _misfiled(self, arg, where) -> Predicate:
        named = self._dimension(arg, where)

        def misfiled(ctx) -> bool:
            if not named(ctx):
                return False
            filed = ctx.categories.dimension_of_label(ctx.row.level2.text)
            return filed is not None and filed != ctx.dimension
        return misfiled

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


def _memoized(test: Callable[[str], bool], limit: int = 100_000) -> Callable[[str], bool]:
    """A text test remembers its answers: the same values recur in every table. A regular
    expression that timed out on a text is not tried on it again."""
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


def expanded_size(pattern: str) -> int:
    """Roughly how many items compiling ``pattern`` makes, each counted repeat ({n}, {n,m}) copied
    out and nested ones multiplied; an escape or a character class is one item."""
    stack, last, i = [0], 0, 0  # items per open group; the size of the item a quantifier repeats
    while i < len(pattern):
        ch = pattern[i]
        counted = _COUNTED.match(pattern, i) if ch == "{" else None
        if counted and (counted.group(1) or counted.group(2)):
            times = max(int(counted.group(1) or 0), int(counted.group(2) or 0))
            stack[-1] += last * (times - 1)
            last *= times
            i = counted.end()
            continue
        if ch == "(":
            stack.append(0)
        elif ch == ")" and len(stack) > 1:
            last = stack.pop()
            stack[-1] += last
        else:
            i = _class_end(pattern, i) if ch == "[" else i + 1 if ch == "\\" else i
            last = 1
            stack[-1] += 1
        i += 1
    return sum(stack)


def _class_end(pattern: str, start: int) -> int:
    """The index of the ] that closes the character class opened at ``start``."""
    i = start + 1
    if pattern[i:i + 1] == "^":
        i += 1
    if pattern[i:i + 1] == "]":
        i += 1
    while i < len(pattern) and pattern[i] != "]":
        i += 2 if pattern[i] == "\\" else 1
    return i


def _all(preds: List[Predicate]) -> Predicate:
    if len(preds) == 1:
        return preds[0]

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


def _no_row(pred: Predicate) -> Predicate:
    return lambda ctx: not any(pred(row) for row in ctx.rows)


def _some_row(pred: Predicate) -> Predicate:
    return lambda ctx: any(pred(row) for row in ctx.rows)


__all__ = ["Compiler", "Context", "EMPTY"]
