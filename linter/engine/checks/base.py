"""What every check shares: the Hit it yields, amounts and numbers read from cells, and the
place of a phrase inside a long cell."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Dict, Optional, Tuple

from ...model.table import Cell, Location
from ...util import memo
from ...util.normalize import canon
from .. import units


_QUANTITY = re.compile(rf"(\d+(?:\.\d+)?)\s*({units.alternation()})?")
_AMOUNT = re.compile(r"-?(\d+(\.\d*)?|\.\d+)")


@dataclass(frozen=True)
class Hit:
    cell: Cell
    field: str
    variables: Dict[str, str] = field(default_factory=dict)
    indicator: str = ""


def amount(cell: Cell) -> Optional[Decimal]:
    """A cell that is one number (an amount, a score), or None."""
    return _amount(cell.text)


@lru_cache(maxsize=memo.SIZE)
def _amount(text: str) -> Optional[Decimal]:
    """Parsed once per text: the funding checks read the same totals again and again."""
    text = canon(text).replace(",", "").replace(" ", "").rstrip("%")
    if not _AMOUNT.fullmatch(text):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def quantity(text: str, only: bool = False) -> Optional[Tuple[Decimal, str]]:
    """The first number of a text and its unit ("" when none is known): "≥7000人" → (7000, "人").
    With ``only``, None unless the text holds exactly one number."""
    found = _QUANTITY.findall(canon(text).replace(",", ""))
    if not found or (only and len(found) > 1):
        return None
    return Decimal(found[0][0]), found[0][1]


def show(value: Decimal, places: Optional[int] = None) -> str:
    """A number as a person writes it (100, 9511.19), rounded to ``places`` decimals if given."""
    if places is not None:
        value = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")


def within(cell: Cell, start: int, end: int) -> Cell:
    """The part ``raw[start:end]`` of a cell as a cell of its own: with its own columns when
    the cell is one piece of one source line, else with the whole cell's place (a multi-line
    goal text, a spreadsheet cell) — its text still tells two findings in one cell apart."""
    raw = cell.raw or cell.text
    part = raw[start:end]
    loc = cell.loc
    one_piece = (loc.line and loc.line == loc.end_line and not loc.ref and "\n" not in raw
                 and loc.end_column - loc.column == len(raw))
    if not one_piece:
        return Cell(part, loc, part)
    return Cell(part, Location(loc.line, loc.column + start, loc.line, loc.column + end), part)
