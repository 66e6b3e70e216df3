"""Users' regular expressions: they run on an engine with a timeout (the ``regex`` module), under a
time budget per file, and a pattern whose counted repeats would blow up when compiled is refused."""
from __future__ import annotations

import re
import time
from typing import Callable

from ..util.errors import RuleError
from ..util.normalize import canon

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


def timed_search(alternation: str, where: tuple) -> Callable[[str], bool]:
    """A user's pattern as a test of a text, stopped at REGEX_SECONDS or when the file's budget
    runs out (RuleTimeout, BudgetSpent)."""
    import regex  # only users' patterns need it

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
