"""Reader for the draft format (.yaml, .yml, .json): the whole table as data, as ``jxlint convert
--to yaml`` writes it (``linter/schemas/draft.schema.json``).

The file is validated against the schema on load, with errors at the line and column of the
offending key; every value becomes a cell at the line and column of the value, so findings point
into the draft. A YAML or JSON file without a top-level ``tables`` key is not a draft: it has no
tables (a directory walk skips it).
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import List

from ..util import yamlsafe
from ..util.errors import InputError
from ..model.table import EMPTY, HEADER_FIELDS, TARGET, Cell, IndicatorRow, Location, Table
from ..util.normalize import clean
from ..util.paths import schema_path
from ..util.encoding import read_text

_QUOTED = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"\\]|\\.)*\"")


def read(path) -> List[Table]:
    return parse(read_text(path), str(path))


def parse(source: str, name: str) -> List[Table]:
    tree, data = yamlsafe.load(source, name, InputError, yamlsafe.MAX_DRAFT_NODES, text_scalars=True)
    if not isinstance(data, dict) or "tables" not in data:
        return []
    error = yamlsafe.schema_error(_validator(), data)
    if error:
        keys, message, at_value = error
        raise InputError(f"{yamlsafe.where(name, tree, keys, at_value)}: 草稿格式不对：{message}")
    lines = source.split("\n")
    items = tree["tables"]
    starts = [items.lc.item(i)[0] + 1 for i in range(len(items))]
    ends = [start - 1 for start in starts[1:]] + [len(source.rstrip().split("\n"))]
    return [_table(name, node, _Cells(node, lines), first, last)
            for node, first, last in zip(items, starts, ends)]


@lru_cache(maxsize=None)
def _validator():
    from jsonschema import Draft202012Validator

    return Draft202012Validator(json.loads(schema_path("draft.schema.json").read_text(encoding="utf-8")))


def _table(path: str, node, cells: "_Cells", first: int, last: int) -> Table:
    """A table; its empty header fields are absent ones, but an empty indicator value keeps its
    place, so that a finding about it points at its line."""
    funds = _Cells(node.get("funds") or {}, cells.lines)
    return Table(
        path=path, kind=node.get("kind") or TARGET, title=cells.get("title") or EMPTY,
        year=cells.get("year") or EMPTY,
        header={name: cells.get(name) for name in HEADER_FIELDS if node.get(name)},
        funds={name: funds.get(name) for name in funds.mapping if funds.mapping[name]},
        rows=_rows(node.get("indicators"), cells.lines),
        total_weight=cells.get("total_weight") or EMPTY, total_score=cells.get("total_score") or EMPTY,
        loc=Location(first, 1, last, len(cells.lines[last - 1]) + 1),
        medium_rows=_rows(node.get("medium_indicators"), cells.lines))


def _rows(items, lines: List[str]) -> tuple:
    return tuple(IndicatorRow(**{field: row.get(field) for field in IndicatorRow.FIELDS})
                 for row in (_Cells(item, lines) for item in items or ()))


class _Cells:
    """The values of one mapping of the draft as cells at their place in the file."""

    def __init__(self, mapping, lines: List[str]):
        self.mapping = mapping
        self.lines = lines

    def get(self, key: str) -> Cell:
        if key not in self.mapping:
            return EMPTY
        value = self.mapping[key]
        if value is None:  # "key:" with nothing after it: point at the key
            line, column = self.mapping.lc.key(key)
            return Cell("", Location(line + 1, column + 1, line + 1, column + 1 + len(key)), "")
        text = str(value)
        line, column = self.mapping.lc.value(key)
        source = self.lines[line][column:]
        if source[:1] in ("|", ">") and text.strip():  # a block scalar: the text is on the lines below
            return self._block(text, line, self.mapping.lc.key(key)[1])
        return Cell(clean(text), Location(line + 1, column + 1, line + 1, column + 1 + _width(source, text)), text)

    def _block(self, text: str, line: int, key_column: int) -> Cell:
        """A ``|`` or ``>`` block: its lines run until one indented no deeper than its key."""
        body = [n for n in range(line + 1, len(self.lines)) if self.lines[n].strip()]
        first = body[0]
        last = next((n for n, after in zip(body, body[1:]) if _indent(self.lines[after]) <= key_column), body[-1])
        indent = _indent(self.lines[first])
        raw = text.rstrip("\n")
        return Cell(clean(raw), Location(first + 1, indent + 1, last + 1, len(self.lines[last].rstrip()) + 1), raw)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _width(source: str, text: str) -> int:
    """How many characters of its first line a scalar takes: all of a one-line plain scalar,
    a quoted one up to its closing quote, else the rest of the line."""
    if text and source.startswith(text):
        return len(text)
    quoted = _QUOTED.match(source)
    return quoted.end() if quoted else len(source.rstrip())
