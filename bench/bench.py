"""jxlint performance benchmark: what users meet, side by side in one run, each target beside its figure.

    python bench/bench.py            # the default run: 13,400 unique tables, memory at 100,000 (a few minutes)
    python bench/bench.py --quick    # a small run: 1,340 tables, memory at 8,040
    python bench/bench.py --tables 1340 --memory-tables 20000 --mixed 100 --keep /tmp/corpora

Corpora (bench/corpus.py, all derived from ../shared/seeds): unique tables (seed variants no memo
cache has seen), the seed copies, and a mixed-format corpus (.xlsx, .docx, .csv by tests/writers.py).
textlint (bench/textlint: `npm ci` there) runs its one word-list rule on the same .txt files when it
is installed. Figures are printed, none asserted; wall times come from a probe process, CPU times
from its children's rusage (on a loaded machine the CPU figure is the steadier one).
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
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402
import phases  # noqa: E402
import rival  # noqa: E402
from corpus import ROOT, SEEDS  # noqa: E402

PROBE = Path(__file__).resolve().parent / "probe.py"


def jxlint() -> list:
    return [sys.executable, str(ROOT / "cli.py")]  # this checkout's, whatever else is on PATH


def timed(command, env=None) -> dict:
    """Wall and CPU seconds (the command and all its processes), peak RSS (MB) of its largest process
    and of each process (``processes``, bench/probe.py)."""
    out = subprocess.run([sys.executable, str(PROBE), *map(str, command)], capture_output=True, text=True,
                         check=True, env=env)
    return json.loads(out.stdout)


class Sheet:
    """The printed figures: each measure as it is taken, then all of them as one table."""

    def __init__(self):
        self.rows = []

    def add(self, measure: str, figure: str, target: str = "", met=None, note: str = "") -> None:
        verdict = "" if met is None else ("met" if met else "NOT met")
        self.rows.append((measure, figure, f"{target} {verdict}".strip(), note))
        aside = (f"  [target {target}: {verdict}]" if target else "") + (f"  ({note})" if note else "")
        print(f"{measure}: {figure}{aside}", flush=True)

    def rate(self, measure: str, tables: int, run: dict, target: str = "", floor: float = None, note: str = "",
             by: str = "wall") -> dict:
        """Tables per wall second and per CPU second; the target, if any, judged ``by`` one of them."""
        rates = {"wall": tables / run["wall"], "cpu": tables / run["cpu"] if run["cpu"] else float("inf")}
        judged = "" if by == "wall" else ", target judged per CPU-second (one core)"
        self.add(measure, f"{rates['wall']:,.0f} tables/s", target, None if floor is None else rates[by] >= floor,
                 f"{run['wall']:.1f} s wall, {rates['cpu']:,.0f} tables per CPU-second{judged}, "
                 f"peak RSS {run['rss']:.0f} MB" + (f", {note}" if note else ""))
        return rates

    def print(self) -> None:
        widths = [max(len(r[i]) for r in self.rows) for i in range(3)]
        print(f"\n{'measure':<{widths[0]}}  {'figure':>{widths[1]}}  {'target':<{widths[2]}}  notes")
        for measure, figure, target, note in self.rows:
            print(f"{measure:<{widths[0]}}  {figure:>{widths[1]}}  {target:<{widths[2]}}  {note}")


CHECK = ["check", "--format", "json", "--fail-on", "never", "--quiet"]


def check_figures(sheet: Sheet, unique: Path, n_unique: int, copies: Path, n_copies: int) -> None:
    one = timed(jxlint() + CHECK + ["--jobs", "1", unique])
    rates = sheet.rate("check --jobs 1, unique tables, full pack", n_unique, one, "≥5,000 tables/s", 5000, by="cpu")
    two = timed(jxlint() + CHECK + ["--jobs", "2", unique])
    sheet.rate("check --jobs 2, unique tables", n_unique, two, note=f"×{one['wall'] / two['wall']:.2f} vs --jobs 1")
    sheet.rate("check --jobs 1, seed copies", n_copies, timed(jxlint() + CHECK + ["--jobs", "1", copies]),
               note="the memo caches hit on every copy")
    alone = timed(jxlint() + CHECK + ["--jobs", "1", "--select", "vague-value", unique])
    alone_rates = sheet.rate("check --jobs 1 --select vague-value, unique", n_unique, alone)
    rival.compare(sheet, unique, n_unique, {"full pack": rates, "--select vague-value": alone_rates})


def report_figures(sheet: Sheet, unique: Path, n_unique: int, work: Path) -> None:
    runs = {}
    for jobs in (1, 2):
        runs[jobs] = timed(jxlint() + ["report", unique, "-o", work / f"report-{jobs}", "--jobs", jobs, "--quiet",
                                       "--fail-on", "never"])
    sheet.rate("report --jobs 1, unique tables", n_unique, runs[1])
    speedup = runs[1]["wall"] / runs[2]["wall"]
    sheet.rate("report --jobs 2, unique tables", n_unique, runs[2], "≥2,500 tables/s", 2500)
    sheet.add("report --jobs 2 vs --jobs 1", f"×{speedup:.2f}", "≥×1.7", speedup >= 1.7,
              f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")


def mixed_figures(sheet: Sheet, mixed: Path, counts: dict) -> None:
    for suffix, tables in counts.items():
        folder = mixed / suffix
        sheet.rate(f"check --jobs 1, .{suffix} files", tables, timed(jxlint() + CHECK + ["--jobs", "1", folder]),
                   note=f"{sum(1 for _ in folder.iterdir())} files")


def startup(sheet: Sheet, runs: int = 10) -> None:
    sample = ROOT / "samples" / "text" / "clean-training-2023.txt"
    # as an installed jxlint starts: from its bytecode (a sandbox may set PYTHONDONTWRITEBYTECODE)
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    timed(jxlint() + ["check", sample], env)  # warm the rule cache and the bytecode
    measured = [timed(jxlint() + ["check", sample], env) for _ in range(runs)]
    wall, cpu = (statistics.median(run[key] for run in measured) * 1000 for key in ("wall", "cpu"))
    bare = statistics.median(timed([sys.executable, "-c", "pass"], env)["wall"] for _ in range(runs)) * 1000
    sheet.add("start-up, one small file", f"{wall:.0f} ms", "<100 ms", wall < 100,
              f"median of {runs} runs; {cpu:.0f} ms CPU; `python -c pass` takes {bare:.0f} ms here")


def memory_figures(sheet: Sheet, work: Path, tables: int) -> None:
    quarter, full = work / "memory-quarter", work / "memory-full"
    n_quarter, n_full = corpus.build_unique(quarter, tables // 4), corpus.build_unique(full, tables)
    small = timed(jxlint() + CHECK + ["--jobs", "1", quarter])
    two = timed(jxlint() + CHECK + ["--jobs", "2", quarter])
    shutil.rmtree(quarter, ignore_errors=True)
    big = timed(jxlint() + CHECK + ["--jobs", "1", full])
    shutil.rmtree(full, ignore_errors=True)
    sheet.add(f"peak RSS, check --jobs 1 at {n_full:,} unique tables", f"{big['rss']:.0f} MB", "<200 MB",
              big["rss"] < 200, f"{small['rss']:.0f} MB at {n_quarter:,}")
    sheet.add(f"peak RSS per process, check --jobs 2 at {n_quarter:,}",
              " / ".join(f"{mb:.0f}" for mb in two["processes"]) + " MB" if two["processes"] else "not measured",
              note="the parent first, then its workers" if two["processes"] else "no /proc on this system")
    growth, size = big["cpu"] / small["cpu"], n_full / n_quarter
    sheet.add("growth, CPU time", f"×{growth:.2f} for ×{size:.1f} tables", "linear (within ±25%)",
              abs(growth / size - 1) <= 0.25, f"{small['cpu']:.1f} s → {big['cpu']:.1f} s CPU")


def pathological(sheet: Sheet, work: Path) -> None:
    cell = work / "big-cell.txt"
    cell.write_text("财政项目支出绩效目标表\n项目名称\t" + "长" * 100_000 + "\n一级指标\t二级指标\t三级指标\t年度指标值\n"
                    "产出指标\t数量指标\t培训人次\t" + "有效" * 50_000 + "\n", encoding="utf-8")
    lines = work / "million-lines.txt"
    block = "财政项目支出绩效目标表\n一级指标\t二级指标\t三级指标\t年度指标值\n产出指标\t数量指标\t培训人次\t有效\n"
    lines.write_text(block * (1_000_000 // 3), encoding="utf-8")
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
    for name, command in (("a 100 KB cell", [cell]), ("a 1,000,000-line file", [lines]),
                          ("a catastrophic user regex ×20 cells", [victims, "--rules", rules])):
        run = timed(jxlint() + ["check", "--format", "json", *command])
        sheet.add(name, f"{run['wall']:.2f} s", note=f"peak RSS {run['rss']:.0f} MB, exit {run['code']}")


def options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="a small run: 1,340 tables, memory at 8,000")
    parser.add_argument("--tables", type=int, help="tables in the unique and the copies corpus (13,400)")
    parser.add_argument("--memory-tables", type=int, help="tables of the memory and growth runs (100,000)")
    parser.add_argument("--mixed", type=int, help="tables in each format of the mixed corpus (300)")
    parser.add_argument("--keep", help="build the corpora in this directory and keep them")
    args = parser.parse_args()
    quick = {"tables": 1340, "memory_tables": 8040, "mixed": 30}
    full = {"tables": 13_400, "memory_tables": 100_000, "mixed": 300}
    for name, value in (quick if args.quick else full).items():
        if getattr(args, name) is None:
            setattr(args, name, value)
    return args


def main() -> None:
    args = options()
    if not SEEDS.is_dir():
        sys.exit(f"seeds not found at {SEEDS}")
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="jxlint-bench-"))
    sheet = Sheet()
    try:
        unique, copies, mixed = work / "unique", work / "copies", work / "mixed"
        n_unique, n_copies = corpus.build_unique(unique, args.tables), corpus.build_copies(copies, args.tables)
        counts = corpus.build_mixed(mixed, args.mixed)
        print(f"corpora in {work}: {n_unique:,} unique tables, {n_copies:,} seed copies, mixed {counts}", flush=True)
        phases.figures(sheet, unique, copies, min(n_unique, 10 * corpus.seed_tables()))
        check_figures(sheet, unique, n_unique, copies, n_copies)
        report_figures(sheet, unique, n_unique, work)
        mixed_figures(sheet, mixed, counts)
        startup(sheet)
        memory_figures(sheet, work, args.memory_tables)
        if not args.quick:
            pathological(sheet, work)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    sheet.print()
    print(json.dumps({"python": sys.version.split()[0], "cores": os.cpu_count(),
                      "load average": round(os.getloadavg()[0], 1)}))


if __name__ == "__main__":
    main()
