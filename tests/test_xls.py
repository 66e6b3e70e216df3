"""The .xls reader (xlrd) on workbooks written by xlwt, and the formats jxlint does not read."""
import pytest

from linter import readers
from linter.util.errors import InputError

from conftest import run_cli


def _workbook(path, hidden=False):
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("申报表")
    percent, money = xlwt.easyxf(num_format_str="0%"), xlwt.easyxf(num_format_str="#,##0.00")
    rows = [["项目支出绩效目标申报表"], ["（2023年度）"], ["项目名称", "乡村道路养护"],
            ["资金情况（万元）", "年度资金总额：", (1234.5, money)],
            ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位"],
            ["产出指标", "数量指标", "养护里程", "≥", 120, "公里"],
            ["", "质量指标", "路面完好率", "≥", (0.95, percent), ""],
            ["", "", "养护质量", "定性", "提升", ""],
            ["满意度指标", "服务对象满意度指标", "群众满意度", "≥", 90, "%"]]
    for r, cells in enumerate(rows):
        for c, value in enumerate(cells):
            if value != "":
                sheet.write(r, c, *(value if isinstance(value, tuple) else (value,)))
    sheet.merge(5, 7, 0, 0)  # 产出指标 merged down its three rows
    sheet.merge(6, 7, 1, 1)  # 质量指标 over two
    if hidden:
        sheet.visibility = 1
        book.add_sheet("封面").write(0, 0, "封面")
    book.save(str(path))
    return path


def test_xls_reads_formats_merges_and_split_targets(tmp_path):
    [table] = readers.read(_workbook(tmp_path / "表.xls"))
    assert (table.project, table.year.text, table.funds["annual_total"].text) == ("乡村道路养护", "2023", "1,234.50")
    assert [(r.level1.text, r.level2.text, r.name.text, r.value.text) for r in table.rows] == [
        ("产出指标", "数量指标", "养护里程", "≥120公里"),
        ("产出指标", "质量指标", "路面完好率", "≥95%"),       # 0.95 in a 0% cell reads as Excel shows it
        ("产出指标", "质量指标", "养护质量", "提升"),
        ("满意度指标", "服务对象满意度指标", "群众满意度", "≥90%")]
    assert table.rows[1].value.loc.ref == "申报表!E7"


def test_hidden_xls_sheet_is_read_and_says_so(tmp_path):
    [table] = readers.read(_workbook(tmp_path / "表.xls", hidden=True))
    assert table.rows[0].name.loc.ref == "申报表!C6（隐藏的工作表）"


def test_xls_finding_from_the_command_line(tmp_path):
    result = run_cli("check", _workbook(tmp_path / "表.xls"), "--output-format", "concise")
    assert result.returncode == 1
    assert "申报表!E8" in result.stdout and "vague-value" in result.stdout


@pytest.mark.parametrize("content,message", [
    (b"PK\x03\x04" + b"\0" * 40, "扩展名改为 .xlsx"),
    (b"not a workbook at all", "不是有效的 .xls 工作簿"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, ".xls 工作簿内容无效"),
])
def test_broken_xls_is_one_clear_line(tmp_path, content, message):
    path = tmp_path / "坏.xls"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        readers.read(path)


@pytest.mark.parametrize("suffix,save_as", [(".et", ".xlsx"), (".wps", ".docx"), (".doc", ".docx"), (".ods", ".xlsx")])
def test_wps_and_old_formats_say_how_to_save_them(tmp_path, suffix, save_as):
    path = tmp_path / f"草稿{suffix}"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    result = run_cli("check", path)
    assert result.returncode == 2
    assert f"另存为 {save_as}" in result.stdout + result.stderr


def test_convert_columns_shows_how_each_column_was_read(tmp_path):
    from conftest import FIXTURES

    result = run_cli("convert", FIXTURES / "layouts" / "many-projects.txt", "--columns")
    assert result.returncode == 0
    assert "表 2  校舍维修" in result.stdout
    assert "指标性质" in result.stdout and "comparator" in result.stdout
    assert "资金用途" in result.stdout and "不认识：这一列的内容没有读取" in result.stdout
