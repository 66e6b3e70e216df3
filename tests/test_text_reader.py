"""The extracted-text reader on the real seed tables: every table found, rows rebuilt, categories right."""

import pytest
import yaml

from linter.model.table import SELF_EVALUATION, TARGET
from linter.readers import text
from linter.util.encoding import decode
from linter.util.errors import InputError

from conftest import FIXTURES

TABLE_FIXTURES = sorted((FIXTURES / "tables").glob("*.yaml"))


def _tables(seeds, name):
    return text.read(seeds / name)


def test_every_seed_table_is_found(seeds):
    tables = {path.name: text.read(path) for path in sorted(seeds.glob("*.txt"))}
    headed = [t for ts in tables.values() for t in ts if t.title.text]
    headless = [t for ts in tables.values() for t in ts if not t.title.text]
    assert len(headed) == 66
    assert len(headless) == 1 and headless[0].path.endswith("000_87dde8d8f991aaf0.txt")
    assert headless[0].rows and not headless[0].project
    counts = {name: len(ts) for name, ts in tables.items()}
    assert counts == {"000_87dde8d8f991aaf0.txt": 3, "001_fe87764352761340.txt": 3, "002_9530c0701030a5c4.txt": 20,
                      "003_b8de17d7b47ea05c.part1.txt": 37, "004_88f28acf01a6d66d.txt": 4}


def test_every_seed_row_has_categories_name_and_position(seeds):
    rows = [(t, r) for path in seeds.glob("*.txt") for t in text.read(path) for r in t.rows]
    assert len(rows) == 681
    for table, row in rows:
        assert row.level1.text and row.level2.text and row.name.text, (table.project, row)
        assert table.loc.line <= row.line <= table.loc.end_line


@pytest.mark.parametrize("fixture", TABLE_FIXTURES, ids=lambda p: p.stem)
def test_pinned_seed_tables(seeds, fixture):
    expected = yaml.safe_load(fixture.read_text(encoding="utf-8"))
    tables = _tables(seeds, expected["file"])
    table = next(t for t in tables if t.loc.line == expected["first_line"])
    assert table.project == expected["project"]
    assert table.kind == expected["kind"]
    assert table.year.text == expected["year"]
    got = [[r.level1.text, r.level2.text, r.name.text, r.value.text] for r in table.rows]
    assert got == expected["rows"]


def test_rows_broken_over_a_page_are_joined(seeds):
    table = next(t for t in _tables(seeds, "002_9530c0701030a5c4.txt") if t.project == "基础教育装备管理工作")
    row = next(r for r in table.rows if r.name.text.startswith("城乡一体"))
    assert row.name.text == "城乡一体华工程教育装备项目完成学校数量"
    assert (row.name.loc.line, row.name.loc.end_line) == (196, 198)
    assert (row.weight.text, row.score.text) == ("8", "9")


def test_self_evaluation_fields(seeds):
    table = next(t for t in _tables(seeds, "002_9530c0701030a5c4.txt") if t.project.startswith("教育改革试点"))
    assert table.kind == SELF_EVALUATION
    row = table.rows[0]
    assert (row.name.text, row.value.text, row.actual.text, row.weight.text, row.score.text) == (
        "培训人次", "=40人次", "20", "10", "7")
    assert row.reason.text.startswith("受疫情影响")
    assert (table.total_weight.text, table.total_score.text) == ("100", "97")
    assert table.funds["total.budget"].text == "131326.00"


def test_reason_split_over_a_page_is_joined(seeds):
    table = next(t for t in _tables(seeds, "002_9530c0701030a5c4.txt") if t.project == "上海市职教集团管理工作")
    row = next(r for r in table.rows if r.name.text.startswith("职教集团优质资源"))
    assert (row.name.text, row.value.text, row.reason.text) == ("职教集团优质资源服务外省市", "共享", "尚需扩大辐射面和影响力")
    assert row.level2.text == "可持续影响指标"


def test_duplicated_fragment_is_dropped(seeds):
    table = next(t for t in _tables(seeds, "002_9530c0701030a5c4.txt") if t.project == "技术质量管理工")
    assert "成率" not in [r.name.text for r in table.rows]


def test_target_table_header_and_funds(seeds):
    table = next(t for t in _tables(seeds, "003_b8de17d7b47ea05c.part1.txt") if t.project == "校区保安经费")
    assert table.kind == TARGET and table.year_number == 2022
    assert table.field("department").text == "闵行区教育局"
    assert table.field("start_date").text == "2022. 1. 1"
    assert table.header["funds_unit"].text == "万元"
    assert (table.funds["project_total"].text, table.funds["annual_total"].text) == ("9511. 19", "9511. 18")
    assert table.funds["project_total"].loc.line == 126
    assert table.field("annual_goal").text.startswith("2022年") or table.field("overall_goal").text
    assert "■" in table.field("category").text


def test_category_checkboxes_are_readable(seeds):
    table = _tables(seeds, "003_b8de17d7b47ea05c.part1.txt")[0]
    assert "<input" not in table.field("category").text
    assert "■" in table.field("category").text


def test_positions_point_at_the_cell(seeds):
    path = seeds / "003_b8de17d7b47ea05c.part1.txt"
    lines = path.read_text(encoding="utf-8").split("\n")
    for table in text.read(path):
        for row in table.rows:
            cell = row.value
            if cell.text and cell.loc.line == cell.loc.end_line:
                source = lines[cell.loc.line - 1][cell.loc.column - 1: cell.loc.end_column - 1]
                assert source.strip() == cell.raw.strip()


def test_label_drift_is_judged_by_the_name(seeds):
    table = next(t for t in _tables(seeds, "004_88f28acf01a6d66d.txt") if t.project == "继续教育培训")
    row = next(r for r in table.rows if r.name.text == "科技志愿服务活动满意率")
    assert row.level2.text == "时效指标"  # as printed: drift moved the label
    from linter.model import categories
    assert categories.load().dimension_from_name(row.name.text) == "satisfaction"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16", "utf-16-le", "utf-16-be"])
def test_encodings_are_decoded(encoding):
    sample = "项目名称\t测试\n一级指标\t二级指标\t三级指标\t年度指标值\n"
    assert decode(sample.encode(encoding)) == sample


@pytest.mark.parametrize("data,message", [(b"", "文件为空"), (b"  \n\n", "文件为空"), (b"\x89PNG\r\n\x1a\n\x00\x00", "二进制")])
def test_unreadable_bytes_are_clear_errors(data, message):
    with pytest.raises(InputError, match=message):
        decode(data)


def test_text_without_tables_gives_nothing():
    assert text.parse("这是一份说明文字。\n没有表格。\n") == []
