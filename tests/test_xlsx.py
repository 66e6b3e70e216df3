"""The Excel reader and annotator on real workbooks written by openpyxl: the issue's workbook
(two tables on one sheet, a hidden sheet, blank spacer rows, a 一级指标 merged over 8 rows),
cells shown as Excel shows them, and ``--annotate`` copies re-opened with openpyxl."""
import dataclasses
import datetime
import hashlib
import json

import openpyxl
import pytest
from openpyxl.styles import Font

from linter.readers import examples
from linter.model.table import SELF_EVALUATION, sheet_name
from linter.readers import xlsx

from conftest import run_cli
from writers import fill_sheet, write_xlsx


def _titled(table, title):
    return dataclasses.replace(table, title=examples.cell(title))


SECURITY = _titled(examples.table({
    "project": "校园安保服务", "year": 2023, "department": "示例区教育局", "unit": "示例区第一中学",
    "start_date": "2023. 1. 1", "end_date": "2023. 12. 31", "funds_unit": "万元",
    "funds": {"project_total": "860.5", "project_fiscal": "860.5", "annual_total": "860.5",
              "annual_appropriation": "860.5"},
    "rows": [
        {"level1": "产出指标", "level2": "数量指标", "name": "安保人员数量", "value": "≥24人"},
        {"level1": "产出指标", "level2": "数量指标", "name": "巡逻频次", "value": "20"},
        {"level1": "产出指标", "level2": "数量指标", "name": "监控点位数量", "value": "≥120个"},
        {"level1": "产出指标", "level2": "质量指标", "name": "持证上岗率", "value": "100%"},
        {"level1": "产出指标", "level2": "质量指标", "name": "安保服务规范性", "value": "规范"},
        {"level1": "产出指标", "level2": "时效指标", "name": "到岗及时性", "value": "及时"},
        {"level1": "产出指标", "level2": "时效指标", "name": "隐患整改完成时间", "value": "2023年12月底前"},
        {"level1": "产出指标", "level2": "成本指标", "name": "人均服务成本", "value": "≤3.6万元/人"},
        {"level1": "效益指标", "level2": "社会效益指标", "name": "校园安全事故发生数", "value": "0起"},
        {"level1": "满意度指标", "level2": "服务对象满意度指标", "name": "师生满意度", "value": "≥90%"},
    ]}), "财政项目支出绩效目标表")
CANTEEN = _titled(examples.table({
    "kind": SELF_EVALUATION, "project": "学生食堂运营", "year": 2022, "department": "示例区教育局",
    "unit": "示例区第二中学", "funds_unit": "元",
    "funds": {"total.initial_budget": "500000.00", "total.budget": "480000.00", "total.executed": "470,000",
              "appropriation.initial_budget": "500000", "appropriation.budget": "480000",
              "appropriation.executed": "470000"},
    "rows": [
        {"level1": "产出指标", "level2": "数量指标", "name": "供餐天数", "value": "≥180天", "actual": "182天",
         "weight": "20", "score": "20"},
        {"level1": "产出指标", "level2": "质量指标", "name": "食品安全抽检合格率", "value": "100%", "actual": "100%",
         "weight": "20", "score": "20"},
        {"level1": "产出指标", "level2": "时效指标", "name": "供餐及时性", "value": "按时", "actual": "按时",
         "weight": "10", "score": "10"},
        {"level1": "满意度指标", "level2": "服务对象满意度指标", "name": "学生满意度", "value": "较高", "actual": "较高",
         "weight": "10", "score": "8", "reason": "菜品种类偏少，下学期增加选择"},
    ]}), "财政项目支出绩效自评表")
CLEAN = _titled(examples.table({
    "project": "教师培训", "year": 2023, "start_date": "2023. 1. 1", "end_date": "2023. 12. 31",
    "rows": [{"level1": "产出指标", "level2": "数量指标", "name": "培训人次", "value": "≥2000人次"}]}),
    "财政项目支出绩效目标表")


def _rows(table):
    return [tuple(cell.text for cell in row) for row in table.rows]


@pytest.fixture
def workbook(tmp_path):
    """The issue's workbook: two tables on sheet 申报, blank rows around them; a hidden sheet 旧版."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "申报"
    next_row = fill_sheet(sheet, SECURITY, first_row=2, spacers=True)
    fill_sheet(sheet, CANTEEN, first_row=next_row + 3, spacers=True)
    hidden = book.create_sheet("旧版")
    hidden.sheet_state = "hidden"
    fill_sheet(hidden, CLEAN)
    path = tmp_path / "workbook.xlsx"
    book.save(path)
    return path


def test_the_issue_workbook_is_read_right(workbook):
    sheet = openpyxl.load_workbook(workbook)["申报"]
    level1 = min((r for r in sheet.merged_cells.ranges if sheet.cell(r.min_row, r.min_col).value == "产出指标"),
                 key=lambda r: r.min_row)
    assert level1.max_row - level1.min_row + 1 == 8          # the fixture merged 一级指标 over 8 rows
    blank = [r for r in range(1, sheet.max_row + 1) if all(c.value is None for c in sheet[r])]
    assert len(blank) >= 6                                    # spacer rows before, inside and between the tables

    security, canteen, clean = xlsx.read(workbook)
    assert [t.project for t in (security, canteen, clean)] == ["校园安保服务", "学生食堂运营", "教师培训"]
    assert (security.kind, canteen.kind, security.year.text, canteen.year.text) == (
        "target", SELF_EVALUATION, "2023", "2022")
    assert _rows(security) == _rows(SECURITY) and _rows(canteen) == _rows(CANTEEN) and _rows(clean) == _rows(CLEAN)
    top = f"申报!B{level1.min_row}"
    assert [r.level1.loc.ref for r in security.rows[:8]] == [top] * 8
    assert {k: c.text for k, c in canteen.funds.items()} == {k: c.text for k, c in CANTEEN.funds.items()}
    assert canteen.rows[3].reason.text == "菜品种类偏少，下学期增加选择"
    assert clean.rows[0].value.loc.ref.startswith("旧版!E") and clean.rows[0].value.loc.ref.endswith(xlsx.HIDDEN)
    assert security.loc.line < security.loc.end_line < canteen.loc.line


def test_findings_point_at_the_sheet_cells(workbook, pack):
    from linter.engine.evaluate import Engine

    security = xlsx.read(workbook)[0]
    found = {(f.rule, f.value): f for f in Engine(pack).check(security)}
    vague = found["vague-value", "规范"]
    sheet = openpyxl.load_workbook(workbook)["申报"]
    coordinate = vague.ref.split("!")[1]
    assert sheet[coordinate].value == "规范" and (vague.line, vague.column) == (sheet[coordinate].row, 5)
    assert ("missing-unit", "20") in found and ("missing-deadline", "及时") in found


@pytest.mark.parametrize("value, number_format, shown", [
    (0.997, "0.00%", "99.70%"), (1, "0%", "100%"), (180000, "#,##0", "180,000"), (1845.2, "0.00", "1845.20"),
    (3618900.5, '"¥"#,##0.00;[Red]-"¥"#,##0.00', "3,618,900.50"), (2319.54, "General", "2319.54"),
    (0.1 + 0.2, "General", "0.3"), (23750, "General", "23750"), (12.0, "General", "12"), ("≥95%", "@", "≥95%"),
    (datetime.datetime(2022, 12, 31), "yyyy-mm-dd", "2022年12月31日"), (True, "General", "TRUE"), (None, "General", ""),
])
def test_cells_are_shown_as_excel_shows_them(value, number_format, shown):
    assert xlsx.display(value, number_format) == shown


def test_a_date_cell_is_read_as_a_date_and_checked(tmp_path, pack):
    from linter.engine.evaluate import Engine

    path = tmp_path / "dated.xlsx"
    write_xlsx(SECURITY, path)
    book = openpyxl.load_workbook(path)
    sheet = book.active
    end = next(c for row in sheet.iter_rows() for c in row if c.value == "2023. 12. 31")
    end.value = datetime.datetime(2022, 12, 31)   # a real date cell, and a year before the table's
    end.number_format = "yyyy/m/d"
    book.save(path)
    (table,) = xlsx.read(path)
    assert table.field("end_date").text == "2022年12月31日"
    mismatch = [f for f in Engine(pack).check(table) if f.rule == "year-mismatch"]
    assert [f.ref for f in mismatch] == [f"绩效目标表!{end.coordinate}"]


def test_a_stray_cell_far_away_does_not_make_the_sheet_huge(tmp_path):
    path = tmp_path / "stray.xlsx"
    write_xlsx(SECURITY, path)
    book = openpyxl.load_workbook(path)
    book.active["XFD1048576"].font = Font(bold=True)       # a styled empty cell, as Excel leaves them
    book.save(path)
    assert openpyxl.load_workbook(path).active.max_row == 1048576
    (table,) = xlsx.read(path)                            # iterating the used range would take hours
    assert _rows(table) == _rows(SECURITY)


def _sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_annotate_fills_and_comments_every_flagged_cell(workbook, tmp_path):
    before = _sha(workbook)
    out = tmp_path / "annotated.xlsx"
    result = run_cli("check", workbook, "--annotate", out, "--format", "json", "--fail-on", "never")
    assert result.returncode == 0, result.stderr
    assert _sha(workbook) == before                       # the input is never modified
    findings = json.loads(result.stdout)["files"][0]["findings"]
    assert any(f["ref"].startswith("旧版!") and f["ref"].endswith(xlsx.HIDDEN) for f in findings)
    copy = openpyxl.load_workbook(out)
    flagged = {}
    for f in findings:
        flagged.setdefault(f["ref"], []).append(f)
    for ref, found in flagged.items():
        cell = copy[sheet_name(ref)].cell(found[0]["line"], found[0]["column"])
        assert ref.split("!")[1].removesuffix(xlsx.HIDDEN) == cell.coordinate
        for f in found:
            assert f"[{f['rule']}]" in cell.comment.text and f["message"] in cell.comment.text
            assert f["suggestion"] in cell.comment.text
        worst = "error" if any(f["severity"] == "error" for f in found) else "warning"
        assert cell.fill.fgColor.rgb.endswith({"error": "FFC7CE", "warning": "FFEB9C"}[worst])
    commented = [c.coordinate for s in copy for row in s.iter_rows() for c in row if c.comment]
    assert len(commented) == len(flagged) >= 5
    assert copy["旧版"].sheet_state == "visible"           # shown in the copy, or its comments could not be seen
    assert openpyxl.load_workbook(workbook)["旧版"].sheet_state == "hidden"


def test_annotated_copy_lists_table_findings_and_a_legend(workbook, tmp_path):
    out = tmp_path / "annotated.xlsx"
    result = run_cli("check", workbook, "--annotate", out, "--format", "json", "--fail-on", "never")
    findings = json.loads(result.stdout)["files"][0]["findings"]
    whole = [f for f in findings if not f["indicator"]]
    assert any(f["rule"] == "missing-cost" for f in whole)
    assert not any(f["value"] == f["project"] and f["rule"].startswith("missing-") for f in whole)
    copy = openpyxl.load_workbook(out)
    assert copy.sheetnames[-1] == "jxlint 说明"
    rows = [[c.value for c in row] for row in copy["jxlint 说明"].iter_rows()]
    listed = {(row[0], row[3], row[4]) for row in rows[2:2 + len(whole)]}
    assert listed == {(f["ref"], f["rule"], f["message"]) for f in whole}
    legend = rows.index(["填色图例", None, None, None, None, None])
    fills = [copy["jxlint 说明"].cell(legend + 2 + i, 1).fill.fgColor.rgb[-6:] for i in range(3)]
    assert fills == ["FFC7CE", "FFEB9C", "DDEBF7"]
    assert [row[1] for row in rows[legend + 1:legend + 4]] == ["错误：必须改正", "警告：建议改正", "提示：供参考"]

