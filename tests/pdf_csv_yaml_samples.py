"""What the PDF, CSV and YAML-draft samples (samples/pdf, samples/csv, samples/yaml) are made of;
tests/make_samples.py writes them.

Each sample is one or more seed tables, read by the text reader and written as a published PDF
(reportlab, tests/pdf_csv_writers.py), as a spreadsheet's CSV export in the encoding that export
uses, or as the draft `jxlint convert --to yaml` writes. The expected findings of each sample are
kept, hand-checked, in tests/fixtures/samples/<format>-<name>.yaml; tests/test_samples.py checks them.
"""
from __future__ import annotations

from pathlib import Path

from office_samples import SELF_EVALUATIONS, TARGETS, seed_table  # puts the repo on sys.path
from pdf_csv_writers import write_csv, write_pdf

from linter.outputs.tabledata import draft_yaml

CAMPUS_SECURITY = (TARGETS, "校区保安经费")
SERVICE_PLATFORM = (TARGETS, "闵行教育政务服务平台")
SELF_EVALUATION_PAIR = [(SELF_EVALUATIONS, "交通工具购置及更新"), (SELF_EVALUATIONS, "市级统筹引导实施的教育项目")]

# sample file -> the seed tables in it, as (seed file, 项目名称)
PDF = {
    "clean-service-platform-2022.pdf": [SERVICE_PLATFORM],
    "campus-security-2022-draft.pdf": [CAMPUS_SECURITY],
    "self-evaluations-2022.pdf": SELF_EVALUATION_PAIR,
}
# sample file -> (tables, encoding, delimiter): Excel's "CSV" on a Chinese Windows is GBK,
# "CSV UTF-8" has a BOM, "Unicode 文本" is UTF-16 with tabs.
CSV = {
    "campus-security-2022-draft.csv": ([CAMPUS_SECURITY], "gbk", ","),
    "clean-service-platform-2022.csv": ([SERVICE_PLATFORM], "utf-8-sig", ","),
    "self-evaluations-2022.tsv": (SELF_EVALUATION_PAIR, "utf-16", "\t"),
}
YAML = {
    "clean-service-platform-2022.yaml": [SERVICE_PLATFORM],
    "campus-security-2022-draft.yaml": [CAMPUS_SECURITY],
    "self-evaluations-2022.yaml": SELF_EVALUATION_PAIR,
}


def make_pdf(tables: list, path: Path) -> None:
    write_pdf([seed_table(*t) for t in tables], path)


def make_csv(spec: tuple, path: Path) -> None:
    tables, encoding, delimiter = spec
    write_csv([seed_table(*t) for t in tables], path, encoding, delimiter)


def make_yaml(tables: list, path: Path) -> None:
    seeds = "、".join(dict.fromkeys(seed for seed, _ in tables))
    path.write_text(draft_yaml([seed_table(*t) for t in tables], seeds), encoding="utf-8")
