"""Machine-readable findings: ``{"files": [...], "summary": {...}}``, one entry per input file."""
from __future__ import annotations

import json
from typing import Iterable, TextIO

from ...model.findings import FileResult
from ...run.summary import Summary


def render(results: Iterable[FileResult], out: TextIO, color: bool = False) -> Summary:
    summary = Summary()
    out.write('{\n  "files": [')
    for n, result in enumerate(results):
        summary.add(result)
        out.write(("," if n else "") + "\n    " + json.dumps(result.to_dict(), ensure_ascii=False))
    out.write('\n  ],\n  "summary": ' + json.dumps(summary.to_dict(), ensure_ascii=False) + "\n}\n")
    return summary
