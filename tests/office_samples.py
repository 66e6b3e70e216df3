"""What the Excel and Word samples (samples/xlsx, samples/docx) are made of; tests/make_samples.py
writes them.

Each sample is one or more seed tables, read by the text reader and written in the printed
forms' layout (merged 一级/二级指标, funding block, goals) by tests/writers.py. The expected
findings of each sample are kept, hand-checked, in tests/fixtures/samples/<format>-<name>.yaml;
tests/test_samples.py checks them.
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
sys.path[:0] = [str(ROOT), str(Path(__file__).resolve().parent)]

from linter.readers import text  # noqa: E402
from writers import fill_document, fill_sheet  # noqa: E402

TARGETS = "003_b8de17d7b47ea05c.part1.txt"
SELF_EVALUATIONS = "000_87dde8d8f991aaf0.txt"

# sample file -> the seed tables in it, as (seed file, 项目名称); for a workbook, by sheet.
XLSX = {
    "clean-service-platform-2022.xlsx": {"申报表": [(TARGETS, "闵行教育政务服务平台")]},
    "campus-security-2022-draft.xlsx": {"申报表": [(TARGETS, "校区保安经费")]},
    # two tables on one sheet with blank rows around them, and an old self-evaluation on a hidden sheet
    "district-workbook-2022.xlsx": {"2022年度申报": [(TARGETS, "政府购买辅助服务"), (TARGETS, "教育均衡发展")],
                                    "旧版自评": [(SELF_EVALUATIONS, "交通工具购置及更新")]},
}
HIDDEN_SHEETS = {"旧版自评"}
DOCX = {
    "clean-service-platform-2022.docx": [(TARGETS, "闵行教育政务服务平台")],
    "campus-security-2022-draft.docx": [(TARGETS, "校区保安经费")],
    "self-evaluations-2022.docx": [(SELF_EVALUATIONS, "交通工具购置及更新"),
                                   (SELF_EVALUATIONS, "市级统筹引导实施的教育项目")],
}


def seed_table(seed: str, project: str):
    return next(t for t in text.read(SEEDS / seed) if t.project == project)


def make_xlsx(sheets: dict, path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, tables in sheets.items():
        sheet = workbook.create_sheet(name)
        if name in HIDDEN_SHEETS:
            sheet.sheet_state = "hidden"
        row = 1
        for seed, project in tables:
            row = fill_sheet(sheet, seed_table(seed, project), first_row=row, spacers=True) + 2
    workbook.save(path)


def make_docx(tables: list, path: Path) -> None:
    from docx import Document

    document = Document()
    for index, (seed, project) in enumerate(tables):
        if index:
            document.add_page_break()
        fill_document(document, seed_table(seed, project))
    document.save(path)
