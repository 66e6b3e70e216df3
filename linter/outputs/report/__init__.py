"""``jxlint report``: one run over many files, aggregated by 主管部门 → 实施单位 → table and written
as HTML, xlsx, CSV and JSON (one module each) while the results stream in from the workers.
Nothing grows with the number of tables but a few numbers per unit and per table."""
from __future__ import annotations

import contextlib
import importlib
from pathlib import Path
from typing import Dict, Iterable, Optional, Tuple

from ...util import atomic
from ...engine.cross import PairsFile
from ...run.pipeline import Pipeline
from ...run.runner import expand
from ...run.session import Options
from . import progress, rendered, sheets
from .aggregate import Aggregate

OUTPUTS = ("html", "xlsx", "csv", "json")


def targets(prefix) -> Dict[str, Path]:
    """``-o out`` → out.html, out.xlsx, out.csv, out.json (``-o out.html`` means the same)."""
    base = Path(prefix)
    if base.suffix.lower()[1:] in OUTPUTS:
        base = base.with_suffix("")
    return {name: base.with_name(f"{base.name}.{name}") for name in OUTPUTS}


def run(paths: Iterable[str], prefix, options: Options, jobs: int,
        quiet: bool = False, pairs: Optional[PairsFile] = None,
        review_sheets: bool = False) -> Tuple[Aggregate, Dict[str, Path]]:
    """Check like ``jxlint check`` does (configuration, suppressions, tables across documents) and
    write the reports (and, with ``review_sheets``, each table's 审核意见单 in a folder beside them)."""
    paths = tuple(paths)
    files = list(expand(paths))
    pipeline = Pipeline(files, options, jobs, view=rendered.view, pairs=pairs)
    outputs = targets(prefix)
    if review_sheets:
        outputs["sheets"] = sheets.folder(outputs["html"])
    outputs["html"].parent.mkdir(parents=True, exist_ok=True)
    aggregate = Aggregate({rule_id: rule.name for rule_id, rule in pipeline.rules.items()}, paths)
    if review_sheets:
        aggregate.sheets = outputs["sheets"].name
    # The four reports are written to temporaries and renamed together: all new, or all as they were.
    # The review sheets' folder is not one of them: its files are written one by one.
    with progress.bar(len(files), quiet) as bar, atomic.together() as batch, contextlib.ExitStack() as stack:
        writers = [stack.enter_context(importlib.import_module(f"{__name__}.{name}").writer(
                       target if name == "sheets" else batch.path(target), aggregate))
                   for name, target in outputs.items()]
        for result in pipeline.review(pipeline.checked()):
            entries = aggregate.add(result)
            for add in writers:
                add(result, entries)
            bar.advance(result)
        aggregate.add_cross(pipeline.cross, pipeline.review(pipeline.across()))
        aggregate.finish()
        bar.writing()  # the writers finish as the stack closes
    return aggregate, outputs
