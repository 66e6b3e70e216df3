"""`jxlint report` over a bureau's worth of files: seconds with --jobs 1 and --jobs 2, peak RSS,
and the size of each output (printed, not asserted).

    python bench/report.py                 # 2,000 files (the small seed files replicated), one corrupt
    python bench/report.py --files 10000   # memory should stay flat as the file count grows

Peak RSS is that of the largest single process of the run (the parent, a worker, or the xlsx
writer), as /usr/bin/time -v reports it.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
SMALL_SEEDS = ("000_87dde8d8f991aaf0.txt", "001_fe87764352761340.txt")
CORRUPT = b"\x00\x01\x02PK\x03\x04" * 50


def corpus(root: Path, files: int) -> None:
    for n in range(files - 1):
        folder = root / f"单位{n // 250:03d}"
        folder.mkdir(exist_ok=True)
        source = SEEDS / SMALL_SEEDS[n % len(SMALL_SEEDS)]
        shutil.copy(source, folder / f"{n:05d}_{source.name}")
    (root / "单位003" / "corrupt.txt").write_bytes(CORRUPT)


def measure(args) -> tuple:
    """Seconds and peak RSS (MB) of one run, measured from a fresh process so that the RSS of
    earlier runs does not count."""
    probe = ("import resource, subprocess, sys, time; start = time.perf_counter(); "
             "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode; "
             "print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, code)")
    out = subprocess.run([sys.executable, "-c", probe, sys.executable, str(ROOT / "cli.py"), *map(str, args)],
                         capture_output=True, text=True, check=True).stdout.split()
    return float(out[0]), int(out[1]) / 1024, int(out[2])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=2000)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="jxlint-bench-") as temporary:
        root = Path(temporary) / "bureau"
        root.mkdir()
        corpus(root, options.files)
        print(f"{options.files} files in {root}; load average {os.getloadavg()[0]:.1f}, {os.cpu_count()} CPUs")
        for jobs in (1, 2):
            prefix = Path(temporary) / f"report-j{jobs}"
            seconds, rss, code = measure(["report", root, "-o", prefix, "--jobs", jobs, "--quiet"])
            sizes = ", ".join(f"{p.suffix[1:]} {p.stat().st_size / 1e6:.1f} MB"
                              for p in sorted(prefix.parent.glob(prefix.name + ".*")))
            print(f"--jobs {jobs}: {seconds:6.1f} s, {options.files / seconds:6.0f} files/s, peak RSS {rss:5.0f} MB, "
                  f"exit {code}; {sizes}")
        for jobs in (1, 2):
            seconds, rss, _ = measure(["check", root, "--format", "json", "--jobs", jobs])
            print(f"check --jobs {jobs} (for comparison: no report files): {seconds:6.1f} s, peak RSS {rss:5.0f} MB")


if __name__ == "__main__":
    main()
