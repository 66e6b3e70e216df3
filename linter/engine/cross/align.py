"""The indicators of two tables side by side: the same name (spacing and punctuation aside)
first, then the closest name at or above ``names.INDICATOR_THRESHOLD``; an indicator with no
counterpart is paired with ``ABSENT``. Rows without a name (a broken extraction) are left out:
they cannot be told apart from a dropped indicator."""
from __future__ import annotations

from collections import defaultdict, deque
from typing import Deque, Dict, List, Sequence, Tuple

from ..context import ABSENT
from ...model.table import IndicatorRow
from .names import INDICATOR_THRESHOLD, closest, indicator_key

RowPair = Tuple[IndicatorRow, IndicatorRow]


def align(rows: Sequence[IndicatorRow], others: Sequence[IndicatorRow]) -> List[RowPair]:
    mine = [r for r in rows if indicator_key(r.name.text)]
    theirs = [r for r in others if indicator_key(r.name.text)]
    by_key: Dict[str, Deque[int]] = defaultdict(deque)
    for j, row in enumerate(theirs):
        by_key[indicator_key(row.name.text)].append(j)
    partner: Dict[int, int] = {}
    for i, row in enumerate(mine):
        same = by_key.get(indicator_key(row.name.text))
        if same:
            partner[i] = same.popleft()
    free = {j: indicator_key(theirs[j].name.text) for j in range(len(theirs)) if j not in partner.values()}
    for i, row in enumerate(mine):
        if i in partner or not free:
            continue
        near = closest(indicator_key(row.name.text), free, INDICATOR_THRESHOLD)
        if near:
            j = next(j for j, key in free.items() if key == near[0])
            partner[i] = j
            del free[j]
    pairs = [(row, theirs[partner[i]] if i in partner else ABSENT) for i, row in enumerate(mine)]
    return pairs + [(ABSENT, theirs[j]) for j in sorted(free)]
