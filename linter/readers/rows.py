"""A grid's parts → its indicator rows: rows broken over a page joined, extraction's duplicated
fragments dropped, and each row under the 一级/二级 labels that stand above it (or the nearest
fitting 一级 when the one above does not fit its 二级).
"""
from __future__ import annotations

from functools import lru_cache
from typing import Callable, List, Optional

from ..model import categories
from ..model.table import EMPTY, Cell, IndicatorRow, Location
from ..util import memo
from .grid_lines import Part
from .lines import join

_new = tuple.__new__
_ROW_FIELDS = IndicatorRow._fields[2:]  # what a row takes from its part's fields: name, value, actual…


def indicator_rows(parts: List[Part], complete: Callable[[Part], bool]) -> List[IndicatorRow]:
    """The rows of a grid's parts; ``complete`` tells a whole indicator from one broken over a page."""
    parts = _mended(parts, complete)
    level1_cells = [(k, p.l1) for k, p in enumerate(parts) if p.l1]
    current1 = next((p.l1 for p in parts if p.l1), None)
    current2 = next((p.l2 for p in parts if p.l2), None)
    rows = []
    for k, part in enumerate(parts):
        if part.l1:
            current1 = part.l1
            if not part.l2 and current2 and not _fits(current2.text, current1.text):
                current2 = None
        if part.l2:
            current2 = part.l2
        if part.labels_only:
            continue
        level1 = current1
        if current2 and not (level1 and _fits(current2.text, level1.text)):
            level1 = _nearest_level1(k, current2, level1_cells) or _implied_level1(current2) or level1
        get = part.fields.get
        rows.append(_new(IndicatorRow, (level1 or EMPTY, current2 or EMPTY, *[get(f, EMPTY) for f in _ROW_FIELDS])))
    return rows


def _mended(parts: List[Part], complete: Callable[[Part], bool]) -> List[Part]:
    """Join rows broken over a page and drop extraction's duplicated fragments."""
    mended: List[Part] = []
    pending: Optional[Part] = None
    for part in parts:
        if pending is not None:
            if not part.labels_only and part.after_break:
                part = _merge(pending, part)
            else:
                mended.append(pending)
            pending = None
        if not part.labels_only and not complete(part):
            previous = next((p for p in reversed(mended) if not p.labels_only), None)
            if previous and set(part.fields) == {"name"} and previous.fields.get("name", EMPTY).text.endswith(
                    part.fields["name"].text):
                continue
            pending = part
            continue
        mended.append(part)
    if pending is not None:
        mended.append(pending)
    return mended


@lru_cache(maxsize=memo.SIZE)
def _fits(level2: str, level1: str) -> bool:
    """Whether a 二级 label belongs under a 一级 label (asked for every row, of a few labels)."""
    cats = categories.load()
    return cats.level1_group(level1) in cats.parents.get(cats.dimension_of_label(level2), ())


def _implied_level1(level2: Cell) -> Optional[Cell]:
    """The 一级指标 a 二级指标 belongs to, when the table never printed a fitting one."""
    cats = categories.load()
    dimension = cats.dimension_of_label(level2.text)
    if dimension is None:  # a 二级 label jxlint does not know, read off its column
        return None
    group = cats.parents[dimension][0]
    return Cell(cats.level1_names[group], Location(), "")


def _nearest_level1(k: int, level2: Cell, level1_cells) -> Optional[Cell]:
    fitting = [(abs(index - k), index < k, cell) for index, cell in level1_cells if _fits(level2.text, cell.text)]
    return min(fitting, key=lambda t: (t[0], t[1]))[2] if fitting else None


def _merge(head: Part, tail: Part) -> Part:
    names = list(dict.fromkeys([*head.fields, *tail.fields]))
    fields = {}
    for name in names:
        fields[name] = join([head.fields.get(name, EMPTY), tail.fields.get(name, EMPTY)], "")
    return Part(head.line, head.l1 or tail.l1, head.l2 or tail.l2, fields, head.after_break)
