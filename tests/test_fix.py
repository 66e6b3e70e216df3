"""``jxlint fix``: a revised copy with each rewritable target replaced by its template with blanks,
highlighted and commented; the copy then fails only on unfilled-blank, and filled in it passes the
row rules. Run from the command line on the bundled samples, and on a split-layout (national) grid."""
import hashlib
import json

import docx as python_docx
import pytest
from openpyxl import load_workbook

from conftest import FIXTURES, ROOT, run_cli
from linter import readers
from linter.engine import ruleset
from linter.engine.evaluate import Engine
from linter.outputs.fix import CHANGED_FILL, changes
from linter.readers import text

import layouts

PACK = ruleset.load(use_cache=False)
ENGINE = Engine(PACK)
ROW_RULES = {rule.id for rule in PACK.row_rules}


def _row_findings(path):
    result = run_cli("check", path, "--format", "json", "--fail-on", "never")
    assert result.returncode == 0, result.stderr
    return [f for f in json.loads(result.stdout)["files"][0]["findings"] if f["rule"] in ROW_RULES]


def _filled(source, copy_findings):
    """Each blank of the copy filled as the rewrite table fills it: {ref or line: filled text}."""
    examples = {}
    for table in readers.read(source):
        for edit in ENGINE.edits(table):
            if edit.field == "value":
                examples[edit.template] = edit.example
    return {f["ref"] or f["line"]: examples[f["value"]] for f in copy_findings}


def _sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("sample", ["xlsx/campus-security-2022-draft.xlsx", "docx/campus-security-2022-draft.docx",
                                    "yaml/campus-security-2022-draft.yaml"])
def test_fix_writes_a_copy_with_blanks_that_only_unfilled_blank_flags(tmp_path, sample):
    source = ROOT / "samples" / sample
    before = _sha(source)
    original = _row_findings(source)
    out = tmp_path / f"fixed{source.suffix}"
    result = run_cli("fix", source, "-o", out)
    assert result.returncode == 0, result.stderr
    assert _sha(source) == before, "the input is never changed"
    found = changes(readers.read(source), ENGINE)
    assert len(found) == len(original) >= 4, "every row finding of the sample has a rewrite"
    blanks = _row_findings(out)
    assert {f["rule"] for f in blanks} == {"unfilled-blank"} and len(blanks) == len(found)
    assert f"共 {len(found)} 处改写" in result.stdout

    filled = _filled(source, blanks)
    if source.suffix == ".xlsx":
        workbook = load_workbook(out)
        for ref, text_ in filled.items():
            sheet, cell = ref.split("!")
            changed = workbook[sheet][cell]
            assert changed.fill.fgColor.rgb.endswith(CHANGED_FILL) and "原值" in changed.comment.text
            changed.value = text_
        workbook.save(out)
    elif source.suffix == ".docx":
        document = python_docx.Document(str(out))
        comments = [c.text for c in document.comments]
        assert len(comments) == len(found) and all("原值" in c for c in comments)
        for ref, text_ in filled.items():
            _, row, column = (int(part[1:]) for part in ref.split(" "))
            cell = document.tables[0].rows[row - 1].cells[column - 1]
            assert "__" in cell.text
            cell.paragraphs[0].runs[0].text = text_
        document.save(str(out))
    else:
        lines = out.read_text(encoding="utf-8").split("\n")
        assert sum("# jxlint fix（" in line for line in lines) == len(found)
        for line, text_ in filled.items():
            head = lines[line - 1].split("value:")[0]
            lines[line - 1] = f"{head}value: '{text_}'"
        out.write_text("\n".join(lines), encoding="utf-8")
    assert _row_findings(out) == [], "filled in, the revised draft passes every row rule"


def test_fix_never_overwrites_the_input_unless_asked(tmp_path):
    draft = tmp_path / "draft.yaml"
    draft.write_bytes((ROOT / "samples" / "yaml" / "campus-security-2022-draft.yaml").read_bytes())
    before = _sha(draft)
    same = run_cli("fix", draft, "-o", draft)
    assert same.returncode == 2 and "不会覆盖原文件" in same.stderr and _sha(draft) == before
    shown = run_cli("fix", draft, "--diff")
    assert shown.returncode == 0 and "→ “≤__起”（vague-value）" in shown.stdout and _sha(draft) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["draft.yaml"]
    no_output = run_cli("fix", draft)
    assert no_output.returncode == 2 and "-o" in no_output.stderr
    text_file = run_cli("fix", ROOT / "samples" / "text" / "security-2023-draft.txt", "-o", tmp_path / "x.txt")
    assert text_file.returncode == 2 and "暂不能改写" in text_file.stderr and "Traceback" not in text_file.stderr
    in_place = run_cli("fix", draft, "--in-place")
    assert in_place.returncode == 0 and _sha(draft) != before
    assert {f["rule"] for f in _row_findings(draft)} == {"unfilled-blank"}


def test_fix_leaves_self_evaluations_alone(tmp_path):
    source = ROOT / "samples" / "yaml" / "self-evaluations-2022.yaml"
    assert _row_findings(source), "the sample has findings"
    assert changes(readers.read(source), ENGINE) == []


@pytest.mark.parametrize("suffix", [".xlsx", ".docx"])
def test_fix_writes_each_part_of_a_split_target_into_its_own_cell(tmp_path, suffix):
    """National layout (指标性质 | 指标值 | 度量单位): the re-read target is the rewrite itself, with
    neither the comparator nor the unit doubled."""
    table, = text.read(FIXTURES / "layouts" / "national-split.txt")
    source = tmp_path / f"national{suffix}"
    layouts.write([layouts.split(table)], source)
    found = changes(readers.read(source), ENGINE)
    assert {"路面巡查次数": "≥100次", "养护质量": "达标率≥__%"}.items() <= {c.indicator: c.new for c in found}.items()
    out = tmp_path / f"fixed{suffix}"
    assert run_cli("fix", source, "-o", out).returncode == 0
    back, = readers.read(out)
    values = {row.name.text: row.value.text for row in back.rows}
    for change in found:
        assert values[change.indicator] == change.new
    parts = {row.name.text: (row.comparator.text, row.measure_unit.text) for row in back.rows}
    assert parts["路面巡查次数"] == ("≥", "次")
