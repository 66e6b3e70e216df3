"""The YAML/JSON draft format: `jxlint convert --to yaml` writes it from any input and it reads back
as the same tables; it is validated on load with the line and column of the offending key;
findings point at the line of the value; `--annotate` adds comment lines and changes nothing else."""
import difflib
import io
import json
import re
import shutil

import pytest

from linter import readers
from linter.engine.evaluate import Engine
from linter.util.errors import InputError
from linter.model.table import IndicatorRow
from linter.util.paths import schema_path
from linter.readers import draft, text
from linter.model import fields
from linter.model.table import HEADER_FIELDS
from linter.outputs.tabledata import draft_yaml, tables_data

from conftest import FIXTURES, ROOT, alias_bomb_draft, run_cli
from pdf_csv_writers import write_csv, write_pdf
from roundtrip import differences

SECURITY = ROOT / "samples" / "text" / "security-2023-draft.txt"
COMMENTED = FIXTURES / "drafts" / "commented-draft.yaml"
ADDED = re.compile(r"^\s*# jxlint: [a-z][a-z0-9-]* — \S.*$")


def test_every_seed_table_round_trips_through_the_draft_format(seeds, pack, tmp_path):
    engine = Engine(pack)
    originals, back = [], []
    for seed in sorted(seeds.glob("*.txt")):
        tables = text.read(seed)
        path = tmp_path / f"{seed.stem}.yaml"
        path.write_text(draft_yaml(tables, seed.name), encoding="utf-8")
        originals += tables
        back += draft.read(path)
    differ = differences(engine, originals, back)
    print(f"\ndraft: {len(originals) - len(differ)} of {len(originals)} seed tables round-trip exactly")
    assert len(originals) == 67 and not differ, differ


def test_convert_writes_the_same_draft_from_every_format(tmp_path):
    tables = text.read(SECURITY)
    write_pdf(tables, tmp_path / "security.pdf")
    write_csv(tables, tmp_path / "security.csv", "gbk")
    shutil.copy(SECURITY, tmp_path / "security.txt")
    drafts = {}
    for name in ("security.txt", "security.pdf", "security.csv"):
        result = run_cli("convert", tmp_path / name, "--to", "yaml")
        assert result.returncode == 0, result.stderr
        drafts[name] = result.stdout
    body = drafts["security.txt"].split("\ntables:", 1)[1]
    assert all(d.split("\ntables:", 1)[1] == body for d in drafts.values())
    (tmp_path / "security.yaml").write_text(drafts["security.pdf"], encoding="utf-8")
    again = run_cli("convert", tmp_path / "security.yaml", "--to", "yaml").stdout
    assert again.split("\ntables:", 1)[1] == body  # a draft converts to itself
    assert tables_data(draft.read(tmp_path / "security.yaml"), False) == tables_data(tables, False)


def test_findings_point_at_the_line_and_column_of_the_value(tmp_path):
    path = tmp_path / "security.yaml"
    path.write_text(draft_yaml(text.read(SECURITY), SECURITY.name), encoding="utf-8")
    lines = path.read_text(encoding="utf-8").split("\n")
    result = run_cli("check", path, "--format", "json")
    findings = json.loads(result.stdout)["files"][0]["findings"]
    assert {f["rule"] for f in findings} >= {"vague-value", "missing-deadline", "satisfaction-threshold",
                                             "funds-mismatch", "year-mismatch", "missing-unit"}
    for f in findings:
        line = lines[f["line"] - 1]
        if not f["value"]:  # a missing dimension: a place, not a cell's text — the 一级 block it is missing from
            assert line[f["column"] - 1:f["end_column"] - 1] == "产出目标" and f["value"] == "", (f, line)
        else:
            assert line[f["column"] - 1:f["end_column"] - 1] in (f["value"], f"'{f['value']}'"), (f, line)


def test_values_keep_the_text_they_were_written_as(tmp_path):
    path = tmp_path / "draft.yaml"
    path.write_text("tables:\n- year: 2023\n  start_date: 2023-01-01\n  funds: {project_total: 17150000.00}\n"
                    "  indicators:\n  - {name: 合格率, value: 0.10}\n  - {name: 完成, value: yes}\n"
                    "  - {name: 空, value: }\n", encoding="utf-8")
    (table,) = draft.read(path)
    assert (table.year.text, table.header["start_date"].text, table.funds["project_total"].text) == (
        "2023", "2023-01-01", "17150000.00")
    assert [r.value.text for r in table.rows] == ["0.10", "yes", ""]
    column = path.read_text(encoding="utf-8").split("\n")[5].index("0.10") + 1
    assert table.rows[0].value.loc[:4] == (6, column, 6, column + 4)


def test_a_json_draft_is_read_with_positions(tmp_path):
    data = tables_data(text.read(SECURITY), positions=False)
    path = tmp_path / "security.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent="\t"), encoding="utf-8")
    (table,) = draft.read(path)
    assert tables_data([table], False) == data
    lines = path.read_text(encoding="utf-8").split("\n")
    vague = next(r.value for r in table.rows if r.value.text == "规范")
    assert lines[vague.loc.line - 1][vague.loc.column - 1:vague.loc.end_column - 1] == '"规范"'


BROKEN = {
    "unknown key": ("    valeu: 有效\n", r"draft\.yaml:6:5: 草稿格式不对：未知的键“valeu”（可用：level1、level2、name"),
    "list where text belongs": ("    value: [有效, 提升]\n", r"draft\.yaml:6:12: 草稿格式不对：“value”应为文本或空"),
    "bad kind": (None, r"draft\.yaml:2:9: 草稿格式不对：“kind”的值 'audit' 无效，应为其中之一：target、self-evaluation"),
    "yaml syntax": ("    value: [有效\n", r"draft\.yaml:\d+:\d+: YAML 语法错误"),
    "python tag": ("    value: !!python/object/apply:os.system [echo]\n", r"不支持 YAML 标签"),
}
DRAFT = "tables:\n- kind: target\n  indicators:\n  - level2: 质量指标\n    name: 验收合格率\n"


@pytest.mark.parametrize("case", sorted(BROKEN), ids=lambda c: c.replace(" ", "-"))
def test_an_invalid_draft_fails_with_one_located_line(tmp_path, case):
    tail, pattern = BROKEN[case]
    content = DRAFT + tail if tail else DRAFT.replace("kind: target", "kind: audit") + "    value: 有效\n"
    path = tmp_path / "draft.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=pattern):
        draft.read(path)
    result = run_cli("check", path)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and re.search(pattern, result.stderr), result.stderr


def test_an_alias_bomb_is_refused(tmp_path):
    path = tmp_path / "bomb.yaml"
    path.write_text(alias_bomb_draft(), encoding="utf-8")
    with pytest.raises(InputError, match="过大或含有大量别名"):
        draft.read(path)


def test_yaml_that_is_not_a_draft_is_skipped_in_a_walk_and_fails_when_named(tmp_path):
    (tmp_path / "ci.yaml").write_text("jobs:\n  test: {runs-on: ubuntu}\n", encoding="utf-8")
    (tmp_path / "package.json").write_text('{"name": "x"}', encoding="utf-8")
    assert draft.read(tmp_path / "ci.yaml") == []
    result = run_cli("check", tmp_path, "--format", "json")
    status = {f["path"].rsplit("/", 1)[1]: f["status"] for f in json.loads(result.stdout)["files"]}
    assert status == {"ci.yaml": "skipped", "package.json": "skipped"}
    assert result.returncode == 2 and "里没有可检查的绩效目标表或自评表" in result.stderr  # nothing checked is not clean
    named = run_cli("check", tmp_path / "ci.yaml")
    assert named.returncode == 2 and "未识别到" in named.stderr


def test_the_schema_names_exactly_the_fields_of_the_model():
    schema = json.loads(schema_path("draft.schema.json").read_text(encoding="utf-8"))
    table = schema["$defs"]["table"]["properties"]
    assert set(table) == {"kind", "title", "year", "funds", "total_weight", "total_score", "indicators", "medium_indicators",
                          *HEADER_FIELDS}
    assert list(table["funds"]["properties"]) == list(fields.funds_fields())
    assert list(schema["$defs"]["indicator"]["properties"]) == list(IndicatorRow.FIELDS)
    assert readers.READERS[".yaml"] == readers.READERS[".yml"] == readers.READERS[".json"] == "draft"


# ---- annotated copies ------------------------------------------------------------------
def _annotate(source, target):
    result = run_cli("check", source, "--annotate", target)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    return result


def _only_added_lines(before: bytes, after: bytes, encoding: str):
    old, new = before.decode(encoding).splitlines(True), after.decode(encoding).splitlines(True)
    added = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        assert tag in ("equal", "insert"), (tag, old[i1:i2], new[j1:j2])
        if tag == "insert":
            added += new[j1:j2]
    return added


def test_annotated_draft_differs_only_by_added_comment_lines(tmp_path):
    source = tmp_path / "draft.yaml"
    shutil.copy(COMMENTED, source)
    before = source.read_bytes()
    target = tmp_path / "draft.annotated.yaml"
    result = run_cli("check", source, "--format", "json")
    findings = json.loads(result.stdout)["files"][0]["findings"]
    _annotate(source, target)
    assert source.read_bytes() == before
    added = _only_added_lines(before, target.read_bytes(), "utf-8")
    assert len(added) == len(findings) >= 6
    assert all(ADDED.match(line.rstrip("\n")) for line in added)
    original = before.decode("utf-8").split("\n")
    lines = target.read_text(encoding="utf-8").split("\n")
    for f in findings:  # each comment sits right above the line of its key
        comment = next(i for i, line in enumerate(lines) if f"# jxlint: {f['rule']} — {f['message']}" in line)
        following = next(line for line in lines[comment + 1:] if not ADDED.match(line))
        assert following == original[f["line"] - 1] or following.endswith("annual_goal: |"), (f, following)


def test_annotated_draft_loads_in_ruamel_with_the_comments_and_the_same_data(tmp_path):
    from ruamel.yaml import YAML

    target = tmp_path / "annotated.yaml"
    _annotate(COMMENTED, target)
    original, annotated = (YAML(typ="rt").load(p.read_text(encoding="utf-8")) for p in (COMMENTED, target))
    as_json = [json.dumps(tree, ensure_ascii=False, default=str) for tree in (original, annotated)]
    assert as_json[0] == as_json[1]
    out = io.StringIO()
    YAML(typ="rt").dump(annotated, out)
    dumped = out.getvalue()
    assert dumped.count("# jxlint: ") == target.read_text(encoding="utf-8").count("# jxlint: ")
    assert "# 修改记录" in dumped and "# 单位待补" in dumped and "# 含追加预算" in dumped
    assert list(annotated["tables"][0]) == list(original["tables"][0])  # key order kept


def test_annotated_draft_keeps_encoding_and_line_endings(tmp_path):
    source = tmp_path / "gb.yml"
    source.write_bytes(COMMENTED.read_text(encoding="utf-8").replace("\n", "\r\n").encode("gb18030"))
    target = tmp_path / "gb.annotated.yml"
    _annotate(source, target)
    data = target.read_bytes()
    added = _only_added_lines(source.read_bytes(), data, "gb18030")
    assert added and all(line.endswith("\r\n") for line in added)
    assert b"\r\n" in data and data.count(b"\n") == data.count(b"\r\n")


def test_the_readme_example_is_a_valid_draft(tmp_path):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    example = next(block for block in re.findall(r"```yaml\n(.*?)```", readme, re.S) if block.startswith("tables:"))
    path = tmp_path / "example.yaml"
    path.write_text(example, encoding="utf-8")
    (table,) = draft.read(path)
    assert (table.project, table.year.text, table.funds["project_total"].text) == ("校园安保服务", "2023", "860.5")
    result = run_cli("check", path, "--select", "missing-deadline")
    pointed = example.split("\n").index(next(line for line in example.split("\n") if "← jxlint check" in line)) + 1
    assert f"example.yaml:{pointed}:" in result.stdout
