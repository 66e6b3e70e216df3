"""What every check shares: the Hit it yields, amounts and numbers read from cells, and the
place of a phrase inside a long cell."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Dict, Optional

from ..model import Cell, Location
from ..normalize import canon


@dataclass(frozen=True)
class Hit:
    cell: Cell
    field: str
    variables: Dict[str, str] = field(default_factory=dict)
    indicator: str = ""


def amount(cell: Cell) -> Optional[Decimal]:
    """A cell that is one number (an amount, a score), or None."""
    text = canon(cell.text).replace(",", "").replace(" ", "").rstrip("%")
    if not re.fullmatch(r"-?(\d+(\.\d*)?|\.\d+)", text):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def show(value: Decimal, places: Optional[int] = None) -> str:
    """A number as a person writes it (100, 9511.19), rounded to ``places`` decimals if given."""
    if places is not None:
        value = value.quantize(Decimal(1).scaleb(-places))
    return format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")


def within(cell: Cell, start: int, end: int) -> Cell:
    """The part ``raw[start:end]`` of a (possibly multi-line) cell as a cell of its own, so
    two findings in one long goal text point at two places."""
    raw = cell.raw or cell.text
    if not cell.loc.line or not 0 <= start < end <= len(raw):
        return cell
    lines = raw.split("\n")
    before = raw[:start].split("\n")
    index, offset = len(before) - 1, len(before[-1])
    if index == 0:
        column = cell.loc.column + offset
    elif index == len(lines) - 1:  # the last line ends where the cell ends
        column = cell.loc.end_column - len(lines[-1]) + offset
    else:
        return Cell(cell.text, Location(cell.loc.line + index, 1, cell.loc.line + index, len(lines[index]) + 1),
                    raw)
    length = min(end - start, len(lines[index]) - offset)
    line = cell.loc.line + index
    return Cell(raw[start:end], Location(line, column, line, column + length, cell.loc.ref), raw[start:end])
