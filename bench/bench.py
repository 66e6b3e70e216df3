"""jxlint performance benchmark: builds corpora from ../shared/seeds and prints a table.

    python bench/bench.py                 # the full run: 100,000 tables (a few minutes)
    python bench/bench.py --tables 20000  # a quicker run

Figures (all printed, none asserted; the README's Performance section quotes a run):
  throughput      tables/s of `jxlint check DIR --jobs 1` over the seeds replicated to N tables
  jobs scaling    the same with --jobs 2 (and on `jxlint report` when that command exists)
  in-process      tables/s of reader + rules without process start-up or output
  formats         tables/s reading .xlsx / .docx copies of the seed tables, when those readers exist
  start-up        median wall time of 10 runs of `jxlint check` on one small file
  memory          peak RSS at N/10 and N tables (flat means streaming works)
  growth          seconds for N/4 vs N tables (linear means ×4)
  pathological    a 100 KB cell, a file of a million lines, a catastrophic user regex
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
sys.path.insert(0, str(ROOT))

RSS_PROBE = ("import resource, subprocess, sys, time; s = time.perf_counter(); "
             "r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE); "
             "print(time.perf_counter() - s, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, r.returncode)")


def jxlint(*args) -> list:
    exe = shutil.which("jxlint")
    return [exe] if exe else [sys.executable, str(ROOT / "cli.py")]


def timed(command) -> tuple:
    """Wall seconds and peak RSS (MB) of one command, measured by a small parent process."""
    out = subprocess.run([sys.executable, "-c", RSS_PROBE, *command], capture_output=True, text=True, check=True)
    seconds, rss_kb, code = out.stdout.split()
    return float(seconds), int(rss_kb) / 1024, int(code)


def seed_tables() -> int:
    from linter.readers import text

    return sum(len(text.read(p)) for p in SEEDS.glob("*.txt"))


def build_corpus(directory: Path, tables: int) -> int:
    """Copies of the seed files (hard links where possible) until there are ``tables`` tables."""
    per_round = seed_tables()
    rounds = max(1, -(-tables // per_round))
    directory.mkdir(parents=True, exist_ok=True)
    for n in range(rounds):
        sub = directory / f"unit{n // 100:03d}"
        sub.mkdir(exist_ok=True)
        for seed in sorted(SEEDS.glob("*.txt")):
            target = sub / f"{n:05d}-{seed.name}"
            try:
                os.link(seed, target)
            except OSError:
                shutil.copy(seed, target)
    return rounds * per_round


def supports(command: str, option: str) -> bool:
    out = subprocess.run(jxlint() + [command, "--help"], capture_output=True, text=True)
    return out.returncode == 0 and option in out.stdout


def in_process(directory: Path) -> float:
    from linter.engine import ruleset
    from linter.engine.evaluate import Engine
    from linter.run.runner import lint_paths

    engine = Engine(ruleset.load())
    started = time.perf_counter()
    tables = sum(len(result.tables) for result in lint_paths([str(directory)], engine))
    return tables / (time.perf_counter() - started)


def startup(runs: int = 10) -> float:
    sample = ROOT / "samples" / "text" / "clean-training-2023.txt"
    subprocess.run(jxlint() + ["check", str(sample)], capture_output=True)  # warm the rule cache
    walls = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(jxlint() + ["check", str(sample)], capture_output=True)
        walls.append(time.perf_counter() - started)
    return statistics.median(walls) * 1000


def formats(work: Path, tables: int) -> dict:
    """tables/s reading the seed tables written to .xlsx and .docx by the test writers."""
    try:
        sys.path.insert(0, str(ROOT / "tests"))
        import writers  # noqa: E402  (the test suite's format writers)
    except ImportError:
        return {}
    from linter import readers
    from linter.readers import text

    seeds = [t for p in sorted(SEEDS.glob("*.txt")) for t in text.read(p)]
    figures = {}
    for suffix, write in (("xlsx", getattr(writers, "write_xlsx", None)), ("docx", getattr(writers, "write_docx", None))):
        if write is None or f".{suffix}" not in readers.READERS:
            continue
        files = []
        for i, table in enumerate(seeds):
            path = work / f"{suffix}-{i}.{suffix}"
            write(table, path)
            files.append(path)
        started = time.perf_counter()
        count = sum(len(readers.read(p)) for p in files)
        figures[suffix] = count / (time.perf_counter() - started)
    return figures


def pathological(work: Path) -> dict:
    figures = {}
    cell = work / "big-cell.txt"
    cell.write_text("财政项目支出绩效目标表\n项目名称\t" + "长" * 100_000 + "\n一级指标\t二级指标\t三级指标\t年度指标值\n"
                    "产出指标\t数量指标\t培训人次\t" + "有效" * 50_000 + "\n", encoding="utf-8")
    figures["100 KB cell"] = timed(jxlint() + ["check", str(cell)])
    lines = work / "million-lines.txt"
    block = "财政项目支出绩效目标表\n一级指标\t二级指标\t三级指标\t年度指标值\n产出指标\t数量指标\t培训人次\t有效\n"
    with lines.open("w", encoding="utf-8") as f:
        for _ in range(1_000_000 // 3):
            f.write(block)
    figures["1,000,000-line file"] = timed(jxlint() + ["check", str(lines), "--format", "json"])
    rules = work / "user-rules"
    rules.mkdir(exist_ok=True)
    (rules / "slow-pattern.yaml").write_text(
        "id: slow-pattern\nname: 灾难性正则\nseverity: warning\nscope: row\n"
        "when: {field: value, regex: '(a|aa)+$'}\nmessage: x\nsuggestion: x\n"
        "docs: {what: x, why: x, fix: x, source: x}\n"
        "examples: {bad: [{value: ab}], good: [{value: b}]}\n", encoding="utf-8")
    victims = work / "catastrophic.txt"
    victims.write_text("一级指标\t二级指标\t三级指标\t年度指标值\n" + "".join(
        f"产出指标\t数量指标\t指标{i}\t{'a' * (60 + i)}b\n" for i in range(20)), encoding="utf-8")
    figures["catastrophic user regex ×20 cells"] = timed(jxlint() + ["check", str(victims), "--rules", str(rules)])
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tables", type=int, default=100_000)
    parser.add_argument("--keep", help="build the corpora in this directory and keep them")
    args = parser.parse_args()
    if not SEEDS.is_dir():
        sys.exit(f"seeds not found at {SEEDS}")
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="jxlint-bench-"))
    rows = []
    try:
        big, small = work / "corpus-full", work / "corpus-quarter"
        tenth = work / "corpus-tenth"
        n_big = build_corpus(big, args.tables)
        n_small = build_corpus(small, args.tables // 4)
        n_tenth = build_corpus(tenth, args.tables // 10)
        print(f"corpora: {n_big} / {n_small} / {n_tenth} tables in {work}", flush=True)

        check = jxlint() + ["check", "--format", "json", "--fail-on", "never"]
        jobs = supports("check", "--jobs")
        one = check + (["--jobs", "1"] if jobs else [])
        seconds, rss, _ = timed(one + [str(big)])
        rows.append(("throughput, check --jobs 1", f"{n_big / seconds:,.0f} tables/s", f"{seconds:.1f} s, peak RSS {rss:.0f} MB"))
        if jobs:
            seconds2, rss2, _ = timed(check + ["--jobs", "2", str(big)])
            rows.append(("scaling, check --jobs 2", f"{n_big / seconds2:,.0f} tables/s",
                         f"×{seconds / seconds2:.2f} vs --jobs 1, peak RSS {rss2:.0f} MB"))
        if supports("report", "--jobs"):
            for n in (1, 2):
                out = work / f"report-{n}"
                s, r, _ = timed(jxlint() + ["report", str(big), "-o", str(out), "--jobs", str(n), "--quiet"])
                rows.append((f"report --jobs {n}", f"{n_big / s:,.0f} tables/s", f"{s:.1f} s, peak RSS {r:.0f} MB"))
        rows.append(("in-process reader + rules", f"{in_process(small):,.0f} tables/s", "no start-up, no output"))
        for suffix, rate in formats(work, n_small).items():
            rows.append((f"reading .{suffix}", f"{rate:,.0f} tables/s", "seed tables written by tests/writers.py"))
        rows.append(("start-up, one small file", f"{startup():.0f} ms", "median of 10 runs, warm rule cache"))
        s_tenth, rss_tenth, _ = timed(one + [str(tenth)])
        rows.append(("memory", f"{rss_tenth:.0f} MB → {rss:.0f} MB", f"peak RSS at {n_tenth:,} → {n_big:,} tables"))
        s_small, _, _ = timed(one + [str(small)])
        rows.append(("growth", f"{s_small:.1f} s → {seconds:.1f} s", f"×{seconds / s_small:.2f} for ×{n_big / n_small:.0f} the tables"))
        for name, (s, r, code) in pathological(work).items():
            rows.append((name, f"{s:.2f} s", f"peak RSS {r:.0f} MB, exit {code}"))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    width = max(len(r[0]) for r in rows)
    print(f"\n{'measure':<{width}}  {'figure':>22}  notes")
    for name, figure, note in rows:
        print(f"{name:<{width}}  {figure:>22}  {note}")
    print(json.dumps({"python": sys.version.split()[0], "cores": os.cpu_count()}))


if __name__ == "__main__":
    main()
