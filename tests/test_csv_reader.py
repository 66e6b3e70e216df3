"""The CSV/TSV reader on files as spreadsheets save them, in every encoding an officer's Excel
or WPS produces: every seed table round-trips, positions are the cell's line and column."""
import csv
import time

import pytest

from linter.engine.evaluate import Engine
from linter.util.errors import InputError
from linter.readers import csv as csv_reader
from linter.readers import text

from conftest import ROOT, run_cli
from pdf_csv_writers import write_csv, write_pdf
from roundtrip import differences, seed_tables

SECURITY = ROOT / "samples" / "text" / "security-2023-draft.txt"

# (encoding, delimiter, suffix): Excel's "CSV" on a Chinese Windows is GBK, "CSV UTF-8" has a BOM,
# "Unicode text" is UTF-16 with tabs; GB18030 and BOM-less UTF-8 come from other tools.
VARIANTS = [("gbk", ",", ".csv"), ("gb18030", ",", ".csv"), ("utf-8-sig", ",", ".csv"), ("utf-8", ";", ".csv"),
            ("utf-16", "\t", ".tsv"), ("utf-16-le", "\t", ".tsv"), ("utf-8", "\t", ".csv")]


@pytest.mark.parametrize("encoding,delimiter,suffix", VARIANTS, ids=lambda v: repr(v))
def test_every_seed_table_round_trips_through_csv(seeds, pack, tmp_path, encoding, delimiter, suffix):
    engine = Engine(pack)
    originals = seed_tables(seeds)
    path = tmp_path / f"tables{suffix}"
    write_csv(originals, path, encoding, delimiter)
    started = time.perf_counter()
    back = csv_reader.read(path)
    rate = len(originals) / (time.perf_counter() - started)
    differ = differences(engine, originals, back)
    print(f"\ncsv {encoding} {delimiter!r}: {len(originals) - len(differ)} of {len(originals)} tables "
          f"round-trip exactly; read {rate:.0f} tables/s")
    assert len(originals) == 67
    assert not differ, differ


def test_positions_are_the_line_and_column_of_the_cell_in_the_file(tmp_path):
    path = tmp_path / "security.csv"
    write_csv(text.read(SECURITY), path, "gb18030")
    lines = path.read_bytes().decode("gb18030").lstrip("\ufeff").split("\r\n")
    (table,) = csv_reader.read(path)
    for row in table.rows:
        for cell in (row.level2, row.name, row.value):
            if cell.loc:
                loc = cell.loc
                assert lines[loc.line - 1][loc.column - 1:loc.end_column - 1] == cell.raw
    project = table.header["project"].loc
    assert lines[project.line - 1].startswith("项目名称,校园安保服务") and project.column == len("项目名称,") + 1


def test_a_quoted_cell_over_several_lines_keeps_its_place(tmp_path):
    rows = [["财政项目支出绩效目标表"], ["一级指标", "二级指标", "三级指标", "年度指标值"],
            ["产出指标", "数量指标", "培训人次", "≥600人次"],
            ["", "时效指标", "完成时间", "及时，\n按计划"], ["", "质量指标", "合格率, 抽检", '"优良"']]
    path = tmp_path / "multi-line.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    (table,) = csv_reader.read(path)
    lines = [line.rstrip("\r") for line in path.read_bytes().decode("utf-8").split("\n")]
    assert lines[3:5] == [',时效指标,完成时间,"及时，', '按计划"'] and lines[5] == ',质量指标,"合格率, 抽检","""优良"""'
    late, quality = table.rows[1], table.rows[2]
    assert late.value.text == "及时，按计划"
    assert late.value.loc[:4] == (4, len(",时效指标,完成时间,") + 1, 5, len('按计划"') + 1)
    assert quality.name.text == "合格率, 抽检" and quality.value.text == '"优良"'
    assert quality.value.loc[:4] == (6, len(',质量指标,"合格率, 抽检",') + 1, 6, len(lines[5]) + 1)
    result = run_cli("check", path, "--select", "missing-deadline")
    assert f"multi-line.csv:4:{late.value.loc.column}: 错误[missing-deadline]" in result.stdout


def test_the_extension_decides_when_the_delimiter_cannot_be_sniffed(tmp_path):
    one_column = "财政项目支出绩效目标表\n(2023年度)\n"
    (tmp_path / "a.tsv").write_text(one_column + "一级指标\t二级指标\t三级指标\t年度指标值\n产出指标\t数量指标\t人数\t有效\n",
                                    encoding="utf-8")
    (table,) = csv_reader.read(tmp_path / "a.tsv")
    assert table.rows[0].value.text == "有效"


def test_unreadable_csv_files_fail_with_one_line(tmp_path):
    (tmp_path / "binary.csv").write_bytes(b"PK\x03\x04\x00\x00\x08\x00" + bytes(range(256)))
    (tmp_path / "empty.csv").write_bytes(b"")
    write_pdf(text.read(SECURITY), tmp_path / "published.csv")
    for name, words in (("binary.csv", "不是文本文件"), ("empty.csv", "文件为空"),
                        ("published.csv", "这是 PDF 文件，不是文本文件（扩展名可能不对）")):
        with pytest.raises(InputError, match=words):
            csv_reader.read(tmp_path / name)
        result = run_cli("check", tmp_path / name)
        assert result.returncode == 2 and result.stderr.count("\n") == 1 and words in result.stderr
