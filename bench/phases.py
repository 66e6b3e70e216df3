"""In-process figures: µs per table for reading, rules and output (CPU time, measured apart), and
whether the unique corpus is unique: distinct indicator rows and the memo caches' hit rates.

    python bench/phases.py DIR [TABLES]    # the phases of one corpus (the first TABLES tables of DIR)
"""
from __future__ import annotations

import io
import sys
import time
from pathlib import Path
from typing import Iterator, List, Tuple

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def files(directory: Path, tables: int) -> List[Tuple[Path, list]]:
    """(path, tables read) of the first files of ``directory`` holding ``tables`` tables."""
    from linter import readers

    read, count = [], 0
    for path in sorted(p for p in directory.rglob("*") if p.is_file()):
        if count >= tables:
            break
        found = list(readers.iter_tables(path))
        read.append((path, found))
        count += len(found)
    return read


def caches() -> Iterator:
    """Every functools cache in the loaded linter modules (module functions and class methods)."""
    seen = set()
    for name, module in list(sys.modules.items()):
        if not name.startswith("linter") or module is None:
            continue
        for value in list(vars(module).values()):
            for candidate in [value, *(vars(value).values() if isinstance(value, type) else ())]:
                if hasattr(candidate, "cache_info") and id(candidate) not in seen:
                    seen.add(id(candidate))
                    yield candidate


def measure(directory: Path, tables: int) -> dict:
    """CPU µs per table of each phase, with empty caches and a freshly compiled rule pack."""
    from linter.engine import ruleset
    from linter.engine.evaluate import Engine
    from linter.model.findings import FileResult
    from linter.outputs import formatters
    from linter.run.runner import summary

    engine = Engine(ruleset.load(use_cache=False))
    for cache in caches():
        cache.cache_clear()
    started = time.process_time()
    read = files(directory, tables)
    reading = time.process_time() - started
    started = time.process_time()
    results = []
    for path, found in read:
        findings = [f for index, table in enumerate(found) for f in engine.check(table, index)]
        summaries = tuple(summary(table, index) for index, table in enumerate(found))
        results.append(FileResult(str(path), "checked", "", summaries, tuple(findings)))
    rules = time.process_time() - started
    started = time.process_time()
    formatters.render("text", results, io.StringIO(), False, {}, False)
    output = time.process_time() - started
    count = sum(len(found) for _, found in read)
    infos = [cache.cache_info() for cache in caches()]
    hits, misses = sum(i.hits for i in infos), sum(i.misses for i in infos)
    rows = [tuple(cell.text for cell in row) for _, found in read for table in found for row in table.rows]
    return {"tables": count, "findings": sum(len(r.findings) for r in results),
            "read": reading / count * 1e6, "rules": rules / count * 1e6, "output": output / count * 1e6,
            "hit rate": hits / max(1, hits + misses), "rows": len(rows), "distinct rows": len(set(rows))}


def figures(sheet, unique: Path, copies: Path, tables: int) -> None:
    for name, directory in (("unique", unique), ("copies", copies)):
        m = measure(directory, tables)
        sheet.add(f"in-process µs/table, {name}: read | rules | output",
                  f"{m['read']:.0f} | {m['rules']:.0f} | {m['output']:.0f}",
                  note=f"CPU time over {m['tables']:,} tables, {m['findings']:,} findings, text output")
        sheet.add(f"uniqueness, {name}", f"{m['distinct rows']:,} of {m['rows']:,} rows distinct",
                  note=f"memo caches' hit rate {m['hit rate']:.0%} (label caches hit in any corpus)")


if __name__ == "__main__":
    found = measure(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 10**9)
    print({k: round(v, 2) if isinstance(v, float) else v for k, v in found.items()})
