"""OUT.json: the report's data for other systems. ``files`` has one entry per input file as
``jxlint check --format json`` writes it, each table with its score, its counts and the department
and unit it is counted under (``group``); then the totals, the departments with their units (ranked), and
the score formula."""
from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Iterator, Sequence

from ...model.findings import FileResult
from .aggregate import SCORE_FORMULA, Aggregate, TableEntry


@contextlib.contextmanager
def writer(target: Path, aggregate: Aggregate) -> Iterator:
    with target.open("w", encoding="utf-8", errors="backslashreplace") as out:
        written = 0

        def add(result: FileResult, entries: Sequence[TableEntry]) -> None:
            nonlocal written
            out.write(("," if written else "") + "\n    " + json.dumps(_file(result, entries), ensure_ascii=False))
            written += 1

        out.write('{\n  "files": [')
        yield add
        departments = [dict(department.to_dict(), units=[unit.to_dict() for _, unit in units])
                       for department, units in aggregate.grouped()]
        tail = {"summary": aggregate.to_dict(), "departments": departments, "score_formula": SCORE_FORMULA,
                "inputs": list(aggregate.inputs)}
        if aggregate.cross:
            tail["cross"] = aggregate.cross.to_dict()
        out.write("\n  ],\n" + json.dumps(tail, ensure_ascii=False, indent=2)[2:] + "\n")


def _file(result: FileResult, entries: Sequence[TableEntry]) -> dict:
    data = result.to_dict()
    data["tables"] = [dict(entry.summary.to_dict(), number=entry.number,
                           group={"department": entry.department, "unit": entry.unit},
                           finding_count=len(entry.findings), table_level_findings=len(entry.loose),
                           clean_indicators=entry.clean, score=entry.score)
                      for entry in entries]
    return data
