"""Reading speed of the PDF, CSV and YAML-draft readers, and how many seed tables round-trip
exactly through each format (printed, not asserted).

    python bench/read_pdf_csv.py            # needs ../shared/seeds and reportlab (pip install ".[test]")
    python bench/read_pdf_csv.py --copies 5 # read each written file 5 times

The seed tables are written by the test writers (tests/pdf_csv_writers.py): one PDF per seed
file (each table from a new page), one GBK CSV per seed file, one draft per seed file.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from linter import readers  # noqa: E402
from linter.engine import ruleset  # noqa: E402
from linter.engine.evaluate import Engine  # noqa: E402
from linter.readers import text  # noqa: E402
from linter.outputs.tabledata import draft_yaml  # noqa: E402
from pdf_csv_writers import write_csv, write_pdf  # noqa: E402
from roundtrip import differences  # noqa: E402

WRITERS = {
    "pdf": lambda tables, path: write_pdf(tables, path),
    "csv": lambda tables, path: write_csv(tables, path, "gbk"),
    "yaml": lambda tables, path: path.write_text(draft_yaml(tables, path.name), encoding="utf-8"),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, default=1, help="read every file this many times")
    args = parser.parse_args()
    if not SEEDS.is_dir():
        sys.exit(f"seeds not found at {SEEDS}")
    seeds = {seed: text.read(seed) for seed in sorted(SEEDS.glob("*.txt"))}
    originals = [t for tables in seeds.values() for t in tables]
    engine = Engine(ruleset.load())
    print(f"{'format':<6} {'tables/s':>9} {'write s':>8} {'read s':>7}  round trip")
    with tempfile.TemporaryDirectory(prefix="jxlint-formats-") as work:
        for suffix, write in WRITERS.items():
            started = time.perf_counter()
            files = []
            for seed, tables in seeds.items():
                files.append(Path(work) / f"{seed.stem}.{suffix}")
                write(tables, files[-1])
            written = time.perf_counter() - started
            started = time.perf_counter()
            back = [t for _ in range(args.copies) for path in files for t in readers.read(path)]
            seconds = time.perf_counter() - started
            exact = len(originals) - len(differences(engine, originals, back[:len(originals)]))
            print(f"{suffix:<6} {len(back) / seconds:>9.0f} {written:>8.2f} {seconds:>7.2f}  "
                  f"{exact} of {len(originals)} seed tables exact")


if __name__ == "__main__":
    main()
