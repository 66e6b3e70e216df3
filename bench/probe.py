"""Run a command and print what it cost as JSON: wall seconds, CPU seconds of it and all its
processes, peak RSS (MB) of its largest process (rusage), its exit code, and the peak RSS of each
of its processes (``processes``: the command first, then its workers in the order they appeared).

    python bench/probe.py COMMAND...

The per-process peaks are read from /proc/PID/status (VmHWM, the high-water mark) every 50 ms while
the command runs, so a worker that grows in its last 50 ms is read a little low; where /proc is
missing, ``processes`` is empty. This is a process of its own so that its rusage counts the
command only.
"""
from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from typing import Dict, List


def peak_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def children(pid: int) -> List[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as listed:
            return [int(child) for child in listed.read().split()]
    except OSError:
        return []


def descendants(pid: int) -> List[int]:
    found, stack = [], [pid]
    while stack:
        for child in children(stack.pop()):
            found.append(child)
            stack.append(child)
    return found


def main() -> None:
    started = time.perf_counter()
    process = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peaks: Dict[int, float] = {}
    while process.poll() is None:
        for pid in [process.pid, *descendants(process.pid)]:
            peaks[pid] = max(peaks.get(pid, 0.0), peak_mb(pid))
        time.sleep(0.05)
    wall = time.perf_counter() - started
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({"wall": wall, "cpu": used.ru_utime + used.ru_stime, "rss": used.ru_maxrss / 1024,
                      "code": process.returncode, "processes": [round(peak, 1) for peak in peaks.values() if peak]}))


if __name__ == "__main__":
    main()
