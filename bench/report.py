"""What each writer of `jxlint report` costs per table in the parent process, in-process: the
run's results are gathered once (checked as the report checks them, the workers' rendering
included: report/rendered.py), then fed to one writer at a time; then all four together, as the
parent runs them, with the aggregate.

    python bench/report.py                 # 1,340 unique tables (bench/corpus.py)
    python bench/report.py --tables 13400
"""
from __future__ import annotations

import argparse
import contextlib
import importlib
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402


def cpu() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def gathered(directory: Path):
    """The results as `report` feeds them to its writers, the session and the rule names."""
    from linter.outputs.report import rendered
    from linter.run.runner import expand, lint_parallel
    from linter.run.session import Options

    options = Options()
    session = options.build()
    files = list(expand([str(directory)]))
    session.prepare(path for path, _ in files)
    results = list(session.review(lint_parallel(files, options, 1, view=rendered.view, checker=session)))
    return results, {rule_id: rule.name for rule_id, rule in session.rules.items()}


def writer_cost(names, results, rule_names, out: Path) -> dict:
    from linter.outputs.report.aggregate import Aggregate

    aggregate = Aggregate(rule_names, (str(out),))
    modules = [importlib.import_module(f"linter.outputs.report.{name}") for name in names]
    wall, spent = time.perf_counter(), cpu()
    with contextlib.ExitStack() as stack:
        writers = [stack.enter_context(module.writer(out / f"report.{name}", aggregate))
                   for name, module in zip(names, modules)]
        for result in results:
            entries = aggregate.add(result)
            for add in writers:
                add(result, entries)
        aggregate.finish()
    return {"wall": time.perf_counter() - wall, "cpu": cpu() - spent,
            "bytes": sum((out / f"report.{name}").stat().st_size for name in names)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tables", type=int, default=1340)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="jxlint-bench-report-") as temporary:
        work = Path(temporary)
        tables = corpus.build_unique(work / "unique", options.tables)
        started = time.process_time()
        results, rule_names = gathered(work / "unique")
        findings = sum(len(r.findings) for r in results)
        print(f"{tables:,} unique tables, {findings:,} findings: checked and rendered in "
              f"{(time.process_time() - started) / tables * 1e6:,.0f} µs CPU per table")
        for names in (["html"], ["xlsx"], ["csv"], ["json"], ["html", "xlsx", "csv", "json"]):
            name = names[0] if len(names) == 1 else "all four and the aggregate"
            cost = writer_cost(names, results, rule_names, work)
            per_table = {key: cost[key] / tables * 1e6 for key in ("cpu", "wall")}
            print(f"{name}: {per_table['cpu']:7,.0f} µs CPU per table ({per_table['wall']:7,.0f} µs wall), "
                  f"{cost['bytes'] / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
