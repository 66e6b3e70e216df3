"""The PDF reader on real PDFs written by reportlab: every seed table round-trips, positions name
the page, table, row and column that hold the text, and PDFs it cannot read fail with one line."""
import json
import re
import shutil
import time
from pathlib import Path

import pytest

from linter.engine.evaluate import Engine
from linter.util.errors import InputError
from linter.readers import grid, pdf, text

from conftest import ROOT, run_cli
from pdf_csv_writers import write_pdf, write_scanned_pdf
from roundtrip import differences

CLEAN = ROOT / "samples" / "text" / "clean-training-2023.txt"
REF = re.compile(r"^第(\d+)页 表(\d+) 行(\d+) 列(\d+)$")


@pytest.fixture(scope="session")
def seed_pdfs(seeds, tmp_path_factory):
    """One PDF per seed file, each table from a new page: (the seed's tables, the PDF)."""
    folder = tmp_path_factory.mktemp("pdf")
    made = []
    for seed in sorted(seeds.glob("*.txt")):
        tables = text.read(seed)
        write_pdf(tables, folder / f"{seed.stem}.pdf")
        made.append((tables, folder / f"{seed.stem}.pdf"))
    return made


def test_every_seed_table_round_trips_through_pdf(seed_pdfs, pack):
    engine = Engine(pack)
    started = time.perf_counter()
    back = [pdf.read(path) for _, path in seed_pdfs]
    seconds = time.perf_counter() - started
    originals = [t for tables, _ in seed_pdfs for t in tables]
    differ = differences(engine, originals, [t for tables in back for t in tables])
    print(f"\npdf: {len(originals) - len(differ)} of {len(originals)} seed tables round-trip exactly; "
          f"read {len(originals) / seconds:.0f} tables/s")
    assert len(originals) == 67
    assert not differ, differ


def test_positions_name_the_page_table_row_and_column_that_hold_the_text(seed_pdfs):
    import pdfplumber

    tables, path = seed_pdfs[2]
    with pdfplumber.open(path) as document:
        extracted = [[t.extract() for t in page.find_tables()] for page in document.pages]
    lines = []
    for table in pdf.read(path):
        for row in table.rows:
            for cell in (row.name, row.value):
                page, number, row_number, column = map(int, REF.match(cell.loc.ref).groups())
                assert cell.loc.column == column
                found = extracted[page - 1][number - 1][row_number - 1][column - 1]
                assert grid.flat(found) == cell.raw
                lines.append(cell.loc.line)
    assert lines == sorted(lines) and len(set(lines)) > 100  # a running row number over the document


def test_findings_point_at_the_pdf_cell(tmp_path):
    draft = tmp_path / "security.pdf"
    write_pdf(text.read(ROOT / "samples" / "text" / "security-2023-draft.txt"), draft)
    result = run_cli("check", draft, "--select", "vague-value")
    assert result.returncode == 1
    located = re.findall(r"security\.pdf:(\d+):(\d+) \((第1页 表1 行\d+ 列\d+)\): 错误\[vague-value\].*“(.+?)”没有",
                         result.stdout)
    assert {value for *_, value in located} == {"规范", "较2022年减少", "建立健全"}
    for line, column, ref, _ in located:
        assert ref.endswith(f"列{column}")


def test_a_table_without_ruling_lines_is_read_from_the_page_text(tmp_path):
    path = tmp_path / "unruled.pdf"
    original = text.read(CLEAN)
    write_pdf(original, path, ruled=False)
    back = pdf.read(path)
    texts = [[[c.text for c in row] for row in table.rows] for table in (back[0], original[0])]
    assert texts[0] == texts[1]
    assert back[0].project == original[0].project and back[0].year.text == "2023"
    assert all("表外" in r.value.loc.ref for r in back[0].rows)


def test_text_wrapped_in_a_cell_is_joined_as_written():
    assert grid.flat("年度指标\n值") == "年度指标值"
    assert grid.flat("23,035,71\n4.51") == "23,035,714.51"
    assert grid.flat("≥280件 \n■□") == "≥280件 ■□"
    assert grid.flat("Quality\nmanagement") == "Quality management"
    assert grid.flat("a\tb") == "a b"


def _owner_only_pdf(path):
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    page = canvas.Canvas(str(path), encrypt=pdfencrypt.StandardEncryption("", ownerPassword="owner", canPrint=0))
    page.drawString(72, 720, "no table here")
    page.save()


@pytest.fixture
def bad_pdfs(tmp_path):
    """PDFs the reader must refuse, each with the words its error must contain."""
    write_scanned_pdf(tmp_path / "scanned.pdf")
    write_pdf(text.read(CLEAN), tmp_path / "locked.pdf", password="secret")
    write_pdf(text.read(CLEAN), tmp_path / "whole.pdf")
    data = (tmp_path / "whole.pdf").read_bytes()
    (tmp_path / "truncated.pdf").write_bytes(data[: len(data) // 2])
    shutil.copy(CLEAN, tmp_path / "renamed-text.pdf")
    (tmp_path / "renamed-workbook.pdf").write_bytes(b"PK\x03\x04" + bytes(200))
    (tmp_path / "whole.pdf").unlink()
    return {
        "scanned.pdf": "没有文字层（可能是扫描件）",
        "locked.pdf": "有打开密码",
        "truncated.pdf": "已损坏",
        "renamed-text.pdf": "不是 PDF 文件",
        "renamed-workbook.pdf": "不是 PDF 文件",
    }, tmp_path


def test_unreadable_pdfs_fail_with_one_clear_line(bad_pdfs):
    expected, folder = bad_pdfs
    for name, words in expected.items():
        with pytest.raises(InputError, match=re.escape(words)):
            pdf.read(folder / name)
        result = run_cli("check", folder / name)
        assert result.returncode == 2, name
        assert result.stderr.count("\n") == 1 and words in result.stderr, result.stderr
        assert "Traceback" not in result.stderr + result.stdout


def test_a_pdf_with_only_an_owner_password_is_read(tmp_path):
    _owner_only_pdf(tmp_path / "restricted.pdf")
    assert pdf.read(tmp_path / "restricted.pdf") == []


def test_a_run_over_good_and_bad_pdfs_accounts_for_every_file(bad_pdfs):
    expected, folder = bad_pdfs
    write_pdf(text.read(CLEAN), folder / "good.pdf")
    result = run_cli("check", folder, "--format", "json")
    assert result.returncode == 2
    status = {Path(f["path"]).name: (f["status"], f["error"]) for f in json.loads(result.stdout)["files"]}
    assert status["good.pdf"] == ("checked", None)
    for name, words in expected.items():
        assert status[name][0] == "failed" and words in status[name][1]
