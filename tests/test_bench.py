"""The benchmark runs (bench/bench.py --quick on a tiny corpus) and prints every figure beside its
target. Nothing here is timed: the figures themselves are for people to read."""
import re
import subprocess
import sys

from conftest import ROOT

MEASURES = ("in-process µs/table, unique: read | rules | output", "uniqueness, unique", "uniqueness, copies",
            "check --jobs 1, unique tables, full pack", "check --jobs 2, unique tables", "check --jobs 1, seed copies",
            "check --jobs 1 --select vague-value, unique", "textlint, one word-list rule",
            "report --jobs 1, unique tables", "report --jobs 2, unique tables", "report --jobs 2 vs --jobs 1",
            "check --jobs 1, .xlsx files", "check --jobs 1, .docx files", "check --jobs 1, .csv files",
            "start-up, one small file", "peak RSS, check --jobs 1 at 268 unique tables",
            "peak RSS per process, check --jobs 2 at 67", "growth, CPU time")
TARGETS = ("check --jobs 1, unique tables, full pack", "report --jobs 2, unique tables", "report --jobs 2 vs --jobs 1",
           "start-up, one small file", "peak RSS, check --jobs 1 at 268 unique tables", "growth, CPU time")


def test_quick_bench_prints_every_figure_and_target(seeds):
    out = subprocess.run([sys.executable, str(ROOT / "bench" / "bench.py"), "--quick", "--tables", "67",
                          "--memory-tables", "268", "--mixed", "2"], capture_output=True, text=True, timeout=900)
    assert out.returncode == 0, out.stderr
    table = out.stdout[out.stdout.index("\nmeasure "):]
    for measure in MEASURES:
        line = next((line for line in table.splitlines() if line.startswith(measure)), None)
        assert line, f"{measure!r} missing from the bench's table:\n{table}"
        assert re.search(r"\d|not installed", line[len(measure):]), line
    for measure in TARGETS:
        line = next(line for line in table.splitlines() if line.startswith(measure))
        assert re.search(r"\b(met|NOT met)\b", line), f"{measure}: no verdict beside its target: {line}"
    unique = next(line for line in table.splitlines() if line.startswith("uniqueness, unique"))
    distinct, rows = (int(n.replace(",", "")) for n in re.findall(r"([\d,]+) of ([\d,]+) rows", unique)[0])
    assert distinct > 0.9 * rows, unique  # the seeds themselves repeat a few rows; the variants must not
