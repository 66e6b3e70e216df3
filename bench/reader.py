"""µs per table for reading: the seed tables as extracted text, and the same tables in the other
regions' column layouts (tests/layouts.py) as .txt and .xlsx.

    python bench/reader.py              # this checkout
    python bench/reader.py --rounds 20

"cold" is the first read in a fresh process (every memo empty), "warm" the best of the later
rounds (the memos of labels and cell texts full, as in a large run), both in CPU time of this
process, so that other work on the machine disturbs them less. Figures are printed, not
asserted. To compare with another checkout, run its copy of this script.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))


def per_table(read, paths, rounds: int):
    """(cold, warm) µs per table of reading ``paths`` with ``read``."""
    times, count = [], 0
    for _ in range(rounds):
        started = time.process_time()
        count = sum(len(read(p)) for p in paths)
        times.append((time.process_time() - started) / count * 1e6)
    return times[0], min(times[1:] or times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=10)
    rounds = parser.parse_args().rounds
    from linter import readers
    from linter.readers import text

    seeds = sorted(SEEDS.glob("*.txt"))
    print(f"{'what':34} {'cold µs/table':>14} {'warm µs/table':>14}")
    cold, warm = per_table(text.read, seeds, rounds)
    print(f"{'seeds, extracted text (.txt)':34} {cold:14.0f} {warm:14.0f}")
    try:
        import layouts
    except ImportError:  # an older checkout without the layout writers
        return
    tables = [t for p in seeds for t in text.read(p)]
    with tempfile.TemporaryDirectory() as work:
        for family in sorted(layouts.FAMILIES):
            for suffix in (".txt", ".xlsx"):
                path = Path(work) / f"{family}{suffix}"
                layouts.write(layouts.family_layouts(family, tables), path)
                cold, warm = per_table(readers.read, [path], max(2, rounds // 3))
                print(f"{family + ' (' + suffix + ')':34} {cold:14.0f} {warm:14.0f}")


if __name__ == "__main__":
    main()
