"""Across documents on the seeds, and what the cross-table stage costs.

    python bench/cross.py                 # seeds report + timings over 20,000 tables
    python bench/cross.py --tables 5000

Printed, none asserted:
  pairs           the pairs matching finds on ../shared/seeds, how, and what each compared pair found
  apart           pairs of the same name that were not compared (other unit, no indicator in common),
                  with the findings they would have given
  per rule        findings per cross-table rule on the seeds
  near misses     the closest project names of the seeds across years, against NAME_THRESHOLD
  per table       µs per table of the engine's own path with and without the cross rules selected
                  (keeping the table for the cross stage is the only extra work)
  run stage       ms for matching N tables that have no counterpart (one year, one kind: the usual
                  case of a district's run), and N tables that all pair
"""
from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
sys.path.insert(0, str(ROOT))

from linter import readers  # noqa: E402
from linter.engine import ruleset  # noqa: E402
from linter.engine.cross import CrossRun, Sheet  # noqa: E402
from linter.engine.cross.align import align  # noqa: E402
from linter.engine.cross.match import match  # noqa: E402
from linter.engine.cross.names import NAME_THRESHOLD, project_key, similarity  # noqa: E402
from linter.engine.evaluate import Engine  # noqa: E402
from linter.model.table import Cell  # noqa: E402
from linter.run.runner import lint_file  # noqa: E402


def describe(sheet: Sheet) -> str:
    kind = '自评表' if sheet.kind == 'self-evaluation' else '目标表'
    return f"{sheet.project} {sheet.year} {kind} · {sheet.unit}（{Path(sheet.path).name}#{sheet.index}）"


def kept(engine, sheet: Sheet):
    """The table of a sheet as the cross stage kept it (read again: the run's spill is gone)."""
    return engine.keep(readers.read(Path(sheet.path))[sheet.index])


def seeds_report(pack) -> None:
    engine = Engine(pack)
    cross = CrossRun(lambda path: engine)
    results = list(cross.stream(lint_file(path, engine) for path in sorted(SEEDS.glob("*.txt"))))
    m = cross.matching
    found = Counter(f.rule for r in results if r.cross for f in r.findings)
    print(f"seeds: {sum(len(r.tables) for r in results if not r.cross)} tables; pairs compared {len(m.pairs)}, "
          f"apart {len(m.apart)}, unpaired {len(m.unmatched)}")
    for pair in m.pairs:
        print(f"  pair  {pair.relation}: {describe(pair.this)}  ←  {describe(pair.other)}  [{pair.basis}]")
    would = Counter()
    for pair in m.apart:
        this, other = kept(engine, pair.this), kept(engine, pair.other)
        rows = align(this.rows, other.rows)
        shared = sum(1 for a, b in rows if a.name and b.name)
        hits = engine.check_pair(this, other, pair.relation, rows, pair.this.index)
        would.update(f.rule for f in hits)
        print(f"  apart {pair.relation}: {describe(pair.this)}  ←  {describe(pair.other)}  [{pair.basis}; "
              f"indicators {len(this.rows)} vs {len(other.rows)}, in common {shared}; "
              f"would give {len(hits)} findings]")
    print("  unit variants: " + "; ".join(" / ".join(group) for group in m.unit_variants))
    print("findings per cross rule on the seeds: " + ", ".join(f"{r.id} {found[r.id]}" for r in pack.cross_rules))
    print("  (had the apart pairs been compared: " + (", ".join(f"{k} {v}" for k, v in would.most_common()) or "none") + ")")
    keys = sorted({project_key(t.project) for path in SEEDS.glob("*.txt") for t in readers.read(path) if t.project})
    near = sorted(((similarity(a, b), a, b) for i, a in enumerate(keys) for b in keys[i + 1:]), reverse=True)[:12]
    print(f"near misses among {len(keys)} distinct project names (NAME_THRESHOLD {NAME_THRESHOLD}):")
    for score, a, b in near:
        print(f"  {score:5.1f} {'match' if score >= NAME_THRESHOLD else '     '}  {a} / {b}")


def corpus(n: int, paired: bool) -> list:
    """n seed tables, renamed apart ("…（项目17）" would still be alike, so each gets a distinct
    number-free stem), all of one year and kind; with ``paired``, every second one a year later."""
    tables = [t for path in sorted(SEEDS.glob("*.txt")) for t in readers.read(path) if t.project]
    out = []
    for i in range(n):
        t = tables[i % len(tables)]
        stem = i // 2 if paired else i
        name = "".join(chr(0x4E00 + (stem * 7919 + k * 104729) % 20000) for k in range(6))
        year = 2021 + (i % 2 if paired else 0)
        out.append(replace(t, kind="target", header={**t.header, "project": Cell(name)}, year=Cell(str(year))))
    return out


def per_table(pack, tables) -> None:
    with_cross = Engine(pack)
    without = Engine(pack, [r for r in pack.rules if not r.across])
    for label, engine in (("without cross rules", without), ("with cross rules", with_cross),
                          ("without cross rules", without), ("with cross rules", with_cross)):
        start = time.perf_counter()
        for i, table in enumerate(tables):
            engine.check(table, i)
            engine.keep(table)
        print(f"  per table, {label}: {(time.perf_counter() - start) / len(tables) * 1e6:8.1f} µs")


def run_stage(pack, n: int) -> None:
    engine = Engine(pack)
    for paired in (False, True):
        tables = [engine.keep(t) for t in corpus(n, paired)]
        sheets = [Sheet.of(t, i, spot=i) for i, t in enumerate(tables)]  # spot: here the place in ``tables``
        start = time.perf_counter()
        matching = match(sheets)
        matched = time.perf_counter() - start
        start = time.perf_counter()
        findings = sum(len(engine.check_pair(tables[p.this.spot], tables[p.other.spot], p.relation,
                                             align(tables[p.this.spot].rows, tables[p.other.spot].rows)))
                       for p in matching.pairs)
        checked = time.perf_counter() - start
        print(f"  {n} tables {'in pairs' if paired else 'with no counterpart'}: matching {matched * 1000:7.1f} ms, "
              f"{len(matching.pairs)} pairs checked in {checked * 1000:7.1f} ms ({findings} findings)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tables", type=int, default=20_000)
    args = parser.parse_args()
    pack = ruleset.load(use_cache=False)
    seeds_report(pack)
    print(f"timings over {args.tables} tables:")
    per_table(pack, corpus(args.tables, paired=False))
    run_stage(pack, args.tables)


if __name__ == "__main__":
    main()
