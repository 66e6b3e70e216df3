"""Regenerate samples/{xlsx,docx,pdf,csv,yaml} from the real seed tables.

    python tests/make_samples.py        # needs ../shared/seeds beside the repository
    python tests/make_samples.py DIR    # write them under DIR instead

What each sample holds is in tests/office_samples.py and tests/pdf_csv_yaml_samples.py; the text
samples (samples/text) are written by hand. Expected findings of every sample are kept,
hand-checked, in tests/fixtures/samples/<format>-<name>.yaml and checked by tests/test_samples.py.
"""
from __future__ import annotations

import sys
from pathlib import Path

from office_samples import DOCX, ROOT, SEEDS, XLSX, make_docx, make_xlsx
from pdf_csv_yaml_samples import CSV, PDF, YAML, make_csv, make_pdf, make_yaml

MADE = {"xlsx": (XLSX, make_xlsx), "docx": (DOCX, make_docx), "pdf": (PDF, make_pdf),
        "csv": (CSV, make_csv), "yaml": (YAML, make_yaml)}


def main(out: Path = ROOT / "samples") -> None:
    if not SEEDS.is_dir():
        sys.exit(f"seed tables not found at {SEEDS}")
    for folder, (samples, make) in MADE.items():
        (out / folder).mkdir(parents=True, exist_ok=True)
        for name, spec in samples.items():
            make(spec, out / folder / name)
            print(out / folder / name)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "samples")
