"""Across documents: a 自评表 against its approved target table, this year against last year.

The stage after every file's own findings. While results stream past, each table's kept copy
(``Engine.keep``: header and indicators) goes to a temporary file (util.spill) and only what matching
compares stays in memory (match.Sheet); once the run is read, the tables are matched (``match``),
the two tables of each pair read back, their indicators aligned (``align``), and the rules
``across`` a relation run once per pair (``Engine.check_pair``). Their findings come as one more
FileResult per file (``cross=True``), after every file has been reported. A run whose tables have no counterpart does
nothing here but collect and match.

A pair made across two units (match.py) whose tables share no indicator is not compared: it is a
generic project name (市级统筹引导实施的教育项目) that each unit uses for a project of its own, and is
listed as ``apart``.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from pathlib import Path
from typing import Callable, Dict, Iterable, Iterator, List, Optional

from ..context import ABSENT
from ..evaluate import Engine
from ...model.findings import FileResult, Finding
from ...util.spill import Spill
from .align import align
from .match import APPROVED, PREVIOUS_YEAR, RELATIONS, Kept, Matching, Pair, Sheet, match
from .pairs import PairsFile

__all__ = ["CrossRun", "PairsFile", "Kept", "Matching", "Pair", "Sheet", "describe"]


def label(pair: Pair) -> str:
    """What the counterpart is, as a finding's second place names it."""
    if pair.relation == APPROVED:
        return "批复的绩效目标表"
    year = pair.other.year
    return f"{year} 年度的表" if year else "上年度的表"


def describe(matching: Matching) -> str:
    """One line on what was paired, for the end of a check run ('' when nothing was)."""
    if not matching.pairs and not matching.apart:
        return ""
    counts = {relation: sum(p.relation == relation for p in matching.pairs) for relation in RELATIONS}
    line = (f"跨表比对：{len(matching.pairs)} 对表（自评表与批复的目标表 {counts[APPROVED]} 对，"
            f"相邻年度 {counts[PREVIOUS_YEAR]} 对）")
    if matching.apart:
        line += f"；另有 {len(matching.apart)} 对同名表实施单位不同、指标无一相同，视为不同项目，未比对"
    return line


class CrossRun:
    """``stream(results)`` passes a run's results through and adds the cross-table findings at
    the end; ``matching`` and ``problems`` (notes on the pairing file) are known after that.
    ``engine_for(path)`` is the engine of a file (``Session.engine_for``): its configuration decides
    which cross-table rules run on the tables of that file."""

    def __init__(self, engine_for: Callable[[Path], Engine], pairs: Optional[PairsFile] = None):
        self.engine_for, self.pairs = engine_for, pairs
        self.sheets: List[Sheet] = []
        self.spill = Spill()  # the kept tables, at their sheets' spots
        self.matching = Matching([], [])
        self.problems: List[str] = []

    def stream(self, results: Iterable[FileResult]) -> Iterator[FileResult]:
        yield from self.collect(results)
        yield from self.finish()

    def collect(self, results: Iterable[FileResult]) -> Iterator[FileResult]:
        for result in results:
            kept = [t.kept.sheet._replace(spot=self.spill.put_pickled(t.kept.table))
                    for t in result.tables if t.kept is not None]
            if kept:
                self.sheets.extend(kept)
                result = replace(result, tables=tuple(replace(t, kept=None) for t in result.tables))
            yield result

    def finish(self) -> List[FileResult]:
        explicit, self.problems = self.pairs.resolve(self.sheets) if self.pairs else ([], [])
        self.matching = matching = match(self.sheets, explicit)
        found: Dict[str, List[Finding]] = defaultdict(list)
        compared = []
        for pair in matching.pairs:
            this, other = self.spill.get(pair.this.spot), self.spill.get(pair.other.spot)
            rows = align(this.rows, other.rows)
            if pair.units_differ and not any(a is not ABSENT and b is not ABSENT for a, b in rows):
                matching.apart.append(pair)  # a generic name two units use for projects of their own
                continue
            compared.append(pair)
            engine = self.engine_for(Path(pair.this.path))
            found[pair.this.path].extend(engine.check_pair(this, other, pair.relation, rows, pair.this.index,
                                                           label(pair)))
        matching.pairs = compared
        self.sheets = []  # the tables are not needed past this point
        self.spill.close()
        return [FileResult(path, "checked", "", (), tuple(findings), cross=True)
                for path, findings in found.items() if findings]
