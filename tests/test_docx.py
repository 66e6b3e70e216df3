"""The Word reader and annotator on real documents written by python-docx: merged cells read
once (gridSpan, vMerge), header paragraphs, several tables, and ``--annotate`` copies re-opened
with python-docx."""
import dataclasses
import hashlib
import json

import docx as python_docx
from docx.oxml.ns import qn

from linter.readers import examples
from linter.model.table import SELF_EVALUATION
from linter.readers import docx

from conftest import run_cli
from writers import fill_document

TRAINING = dataclasses.replace(examples.table({
    "project": "教师培训", "year": 2023, "department": "示例区教育局", "unit": "示例区教师进修学院",
    "start_date": "2023. 1. 1", "end_date": "2023. 12. 31", "funds_unit": "万元",
    "funds": {"project_total": "120", "project_fiscal": "120", "annual_total": "120", "annual_appropriation": "120"},
    "rows": [
        {"level1": "产出指标", "level2": "数量指标", "name": "培训人次", "value": "≥2000人次"},
        {"level1": "产出指标", "level2": "数量指标", "name": "培训场次", "value": "40"},
        {"level1": "产出指标", "level2": "质量指标", "name": "考核合格率", "value": "≥95%"},
        {"level1": "产出指标", "level2": "时效指标", "name": "完成时间", "value": "2022年12月底前"},
        {"level1": "满意度指标", "level2": "服务对象满意度指标", "name": "参训教师满意度", "value": "满意"},
    ]}), title=examples.cell("财政项目支出绩效目标表"))
CANTEEN = dataclasses.replace(examples.table({
    "kind": SELF_EVALUATION, "project": "学生食堂运营", "year": 2022, "funds_unit": "元",
    "rows": [
        {"level1": "产出指标", "level2": "数量指标", "name": "供餐天数", "value": "≥180天", "actual": "182天",
         "weight": "20", "score": "20"},
        {"level1": "产出指标", "level2": "时效指标", "name": "供餐及时性", "value": "按时", "actual": "按时",
         "weight": "10", "score": "9", "reason": "个别天数延误"},
    ]}), title=examples.cell("财政项目支出绩效自评表"))


def _rows(table):
    return [tuple(cell.text for cell in row) for row in table.rows]


def _document(path, *tables):
    document = python_docx.Document()
    for table in tables:
        fill_document(document, table)
    document.save(path)
    return path


def test_merged_cells_are_read_once(tmp_path):
    """A Word form with the 三级指标 spanning two grid columns, 一级/二级 merged down their rows and
    a goal merged down two rows: python-docx repeats each merged cell, the reader must not."""
    document = python_docx.Document()
    document.add_paragraph("财政项目支出绩效目标表")
    document.add_paragraph("( 2023 年度 )")
    word = document.add_table(rows=8, cols=6)
    texts = [["项目名称", "校园绿化养护", "", "", "", ""],
             ["年度总体目标", "完成全校绿化养护，草坪覆盖率不低于95%", "", "", "", ""],
             ["", "", "", "", "", ""],
             ["绩效指标", "一级指标", "二级指标", "三级指标", "", "年度指标值"],
             ["", "产出指标", "数量指标", "养护面积", "", "≥12000平方米"],
             ["", "", "", "修剪次数", "", "每月≥2次"],
             ["", "", "质量指标", "草坪覆盖率", "", "有效"],
             ["", "满意度指标", "服务对象满意度指标", "师生满意度", "", "≥90%"]]
    for r, row in enumerate(texts):
        for c, text in enumerate(row):
            if text:
                word.cell(r, c).text = text
    merges = [(0, 1, 0, 5), (1, 1, 2, 5), (3, 3, 3, 4), (4, 3, 4, 4), (5, 3, 5, 4), (6, 3, 6, 4), (7, 3, 7, 4),
              (4, 1, 6, 1), (4, 2, 5, 2), (3, 0, 7, 0)]
    for r1, c1, r2, c2 in merges:
        word.cell(r1, c1).merge(word.cell(r2, c2))
    path = tmp_path / "merged.docx"
    document.save(path)
    assert [c.text for c in python_docx.Document(str(path)).tables[0].rows[5].cells][1:4] == [
        "产出指标", "数量指标", "修剪次数"]                    # what python-docx itself repeats

    (table,) = docx.read(path)
    assert (table.title.text, table.year.text, table.project) == ("财政项目支出绩效目标表", "2023", "校园绿化养护")
    assert table.title.loc.ref == "段落 1" and table.year.loc.ref == "段落 2"
    assert table.header["annual_goal"].text == "完成全校绿化养护，草坪覆盖率不低于95%"  # once, not twice
    assert [(r.level1.text, r.level2.text, r.name.text, r.value.text) for r in table.rows] == [
        ("产出指标", "数量指标", "养护面积", "≥12000平方米"),
        ("产出指标", "数量指标", "修剪次数", "每月≥2次"),
        ("产出指标", "质量指标", "草坪覆盖率", "有效"),
        ("满意度指标", "服务对象满意度指标", "师生满意度", "≥90%")]
    trim = table.rows[1]
    assert (trim.name.loc.ref, trim.name.loc.end_column, trim.value.loc.ref) == ("表1 行6 列4", 6, "表1 行6 列6")
    assert trim.level1.loc.ref == "表1 行5 列2"                # the merged cell's own place, its top row


def test_several_tables_each_with_its_header_paragraphs(tmp_path):
    path = _document(tmp_path / "two.docx", TRAINING, CANTEEN)
    training, canteen = docx.read(path)
    assert (training.project, training.year.text, training.kind) == ("教师培训", "2023", "target")
    assert (canteen.project, canteen.year.text, canteen.kind) == ("学生食堂运营", "2022", SELF_EVALUATION)
    assert _rows(training) == _rows(TRAINING) and _rows(canteen) == _rows(CANTEEN)
    assert canteen.rows[1].reason.loc.ref.startswith("表2 行")
    assert {k: c.text for k, c in training.funds.items()} == {k: c.text for k, c in TRAINING.funds.items()}


def _sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _comment_ids(element):
    return {int(e.get(qn("w:id"))) for e in element.iter(qn("w:commentRangeStart"))}


def test_annotate_shades_and_comments_every_flagged_cell(tmp_path):
    source = _document(tmp_path / "draft.docx", TRAINING, CANTEEN)
    before = _sha(source)
    out = tmp_path / "annotated.docx"
    result = run_cli("check", source, "--annotate", out, "--format", "json", "--fail-on", "never")
    assert result.returncode == 0, result.stderr
    assert _sha(source) == before
    findings = json.loads(result.stdout)["files"][0]["findings"]
    assert {"missing-unit", "year-mismatch", "satisfaction-threshold", "missing-deadline", "missing-cost"} <= {
        f["rule"] for f in findings}
    copy = python_docx.Document(str(out))
    comments = {c.comment_id: c.text for c in copy.comments}
    places = {}
    for f in findings:
        places.setdefault(f["ref"], []).append(f)
    assert len(comments) == len(places)
    for ref, found in places.items():
        number, row, column = (int(n) for n in ref.replace("表", " ").replace("行", " ").replace("列", " ").split())
        cell = copy.tables[number - 1].rows[row - 1].cells[column - 1]
        (comment_id,) = _comment_ids(cell._tc)
        for f in found:
            assert f"[{f['rule']}]" in comments[comment_id] and f["message"] in comments[comment_id]
        worst = "error" if any(f["severity"] == "error" for f in found) else "warning"
        fill = cell._tc.tcPr.find(qn("w:shd")).get(qn("w:fill"))
        assert fill == {"error": "FFC7CE", "warning": "FFEB9C"}[worst]
    assert not list(python_docx.Document(str(source)).comments)


def test_annotate_puts_table_findings_on_the_grid_not_the_title(tmp_path):
    """A table with no 项目名称 row: its table-level findings point at the grid (the 产出指标 block a
    成本指标 belongs in), not at the title paragraph or a project name."""
    headless = dataclasses.replace(TRAINING, header={}, funds={})
    source = _document(tmp_path / "headless.docx", headless)
    out = tmp_path / "annotated.docx"
    result = run_cli("check", source, "--annotate", out, "--format", "json", "--fail-on", "never")
    findings = json.loads(result.stdout)["files"][0]["findings"]
    assert [f["ref"] for f in findings if f["rule"] == "missing-cost"] == ["表1 行2 列2"]
    assert not any(f["ref"].startswith("段落") for f in findings)
    document = python_docx.Document(str(out))
    title, block = document.paragraphs[0], document.tables[0].rows[1].cells[1]
    assert title.text == "财政项目支出绩效目标表" and not _comment_ids(title._p)
    assert block.text == "产出指标" and _comment_ids(block._tc)
    assert block._tc.tcPr.find(qn("w:shd")).get(qn("w:fill")) == "FFEB9C"
