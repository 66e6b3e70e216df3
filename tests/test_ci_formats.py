"""CI output: SARIF valid against the official 2.1.0 schema, GitHub workflow commands escaped as
GitHub documents, JUnit XML that parses, --output written whole, --statistics counts per rule."""
import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from jsonschema import Draft4Validator

from conftest import FIXTURES, ROOT, run_cli

SARIF_SCHEMA = FIXTURES / "sarif" / "sarif-schema-2.1.0.json"
SECURITY = ROOT / "samples" / "text" / "security-2023-draft.txt"
TRICKY = """\
tables:
- kind: target
  year: '2023'
  project: "安保 <&> \\"项目\\""
  indicators:
  - {level1: 产出指标, level2: 成本指标, name: "成本:控制,50%", value: 有效}
  - {level1: 产出指标, level2: 质量指标, name: "第一行\\n第二行", value: 有效}
"""


@pytest.fixture(scope="module")
def seeds_run(seeds, tmp_path_factory):
    """The seeds plus a file that cannot be read, in SARIF and in JSON."""
    root = tmp_path_factory.mktemp("seeds")
    shutil.copytree(seeds, root / "drafts")
    (root / "drafts" / "empty.txt").write_text("", encoding="utf-8")
    sarif = run_cli("check", "drafts", "--format", "sarif", cwd=root)
    plain = run_cli("check", "drafts", "--format", "json", cwd=root)
    return json.loads(sarif.stdout), json.loads(plain.stdout), sarif


def test_sarif_is_valid_against_the_official_schema(seeds_run):
    log, _, result = seeds_run
    assert result.returncode == 2  # empty.txt could not be read
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    assert schema["id"].endswith("/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json")
    errors = list(Draft4Validator(schema, format_checker=Draft4Validator.FORMAT_CHECKER).iter_errors(log))
    assert errors == [], [e.message for e in errors[:3]]


def test_sarif_carries_every_finding_with_its_rule_docs_and_place(seeds_run):
    log, plain, _ = seeds_run
    run = log["runs"][0]
    expected = [f for file in plain["files"] for f in file["findings"]]
    assert len(run["results"]) == len(expected) == plain["summary"]["findings"] > 400
    rules = run["tool"]["driver"]["rules"]
    vague = next(r for r in rules if r["id"] == "vague-value")
    assert vague["shortDescription"]["text"] == "指标值不可衡量"
    assert vague["fullDescription"]["text"].startswith("年度指标值是“有效”“提升”")
    assert "怎么改" in vague["help"]["text"] and "helpUri" not in vague
    assert vague["defaultConfiguration"]["level"] == "error"
    for result, finding in zip(run["results"], expected):
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"] == finding["rule"]
        assert result["level"] == {"error": "error", "warning": "warning", "info": "note"}[finding["severity"]]
        assert result["message"]["text"].startswith(finding["message"])
        assert result["properties"]["suggestion"] == finding["suggestion"]
        location = result["locations"][0]["physicalLocation"]
        uri = location["artifactLocation"]["uri"]
        assert uri.isascii() and " " not in uri and uri.startswith("drafts/")
        region = location["region"]
        assert (region["startLine"], region["startColumn"]) == (finding["line"], finding["column"])
        assert region.get("endColumn", finding["end_column"]) == finding["end_column"]
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert [n["message"]["text"] for n in notes] == ["drafts/empty.txt: 无法检查：文件为空"]
    assert run["invocations"][0]["executionSuccessful"] is False


def _unescape(text, property_value=False):
    if property_value:
        text = text.replace("%3A", ":").replace("%2C", ",")
    return text.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def test_github_annotations_escape_data_and_properties(tmp_path):
    (tmp_path / "a,b:c.yaml").write_text(TRICKY, encoding="utf-8")
    annotations = run_cli("check", "a,b:c.yaml", "--select", "vague-value", "--format", "github", cwd=tmp_path)
    plain = run_cli("check", "a,b:c.yaml", "--select", "vague-value", "--format", "json", cwd=tmp_path)
    assert annotations.returncode == 1
    lines = annotations.stdout.splitlines()
    assert lines[0] == ("::error file=a%2Cb%3Ac.yaml,line=6,col=60,endColumn=62,title=jxlint vague-value::"
                        "年度指标值“有效”没有设定可衡量的目标（指标“成本:控制,50%25”）%0A建议：改为可衡量的值，如“≤100%25”；"
                        "确需定性的，写明判断标准（达成/部分达成/未达成）")
    assert lines[-1].startswith("共 1 个文件")
    expected = [f for file in json.loads(plain.stdout)["files"] for f in file["findings"]]
    assert len(lines) == len(expected) + 1
    for line, finding in zip(lines, expected):
        head, message = line[2:].split("::", 1)
        level, properties = head.split(" ", 1)
        fields = dict(item.split("=", 1) for item in properties.split(","))
        assert level == "error" and _unescape(fields["file"], True) == "a,b:c.yaml"
        assert int(fields["line"]) == finding["line"] and int(fields["col"]) == finding["column"]
        assert _unescape(message) == f"{finding['message']}\n建议：{finding['suggestion']}"
        assert "\n" not in message and "\r" not in message


def test_github_escaping_follows_the_toolkit():
    from linter.outputs.formatters.github import command

    assert command("warning", {"file": "a:b,c%.txt", "title": "x\r\ny"}, "50%\r\n第二行: a,b") == (
        "::warning file=a%3Ab%2Cc%25.txt,title=x%0D%0Ay::50%25%0D%0A第二行: a,b\n")


def test_junit_has_a_case_per_table_and_escapes_text(tmp_path):
    (tmp_path / "tricky.yaml").write_text(TRICKY, encoding="utf-8")
    (tmp_path / "control.txt").write_text("一级指标\t二级指标\t三级指标\t年度指标值\n"
                                          "产出指标\t质量指标\t验收\x01合格率\t有效\n", encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    shutil.copy(ROOT / "samples" / "text" / "clean-training-2023.txt", tmp_path / "clean.txt")
    result = run_cli("check", ".", "--select", "vague-value", "--format", "junit", cwd=tmp_path)
    assert result.returncode == 2
    root = ET.fromstring(result.stdout.encode("utf-8"))
    suites = {Path(s.get("name")).name: s for s in root.findall("testsuite")}
    assert set(suites) == {"tricky.yaml", "control.txt", "empty.txt", "clean.txt"}
    assert root.get("tests") == "4" and root.get("failures") == "2" and root.get("errors") == "1"
    case = suites["tricky.yaml"].find("testcase")
    assert case.get("name") == '安保 <&> "项目" · 2023年度 · 第 2–7 行'
    failure = case.find("failure")
    assert failure.get("type") == "error" and failure.get("message") == "2 个问题：错误 2"
    assert "指标“第一行 第二行”" in failure.text and "tricky.yaml:6:" in failure.text
    assert "验收\ufffd合格率" in suites["control.txt"].find("testcase/failure").text
    assert suites["empty.txt"].find("testcase/error").get("message") == "文件为空"
    assert suites["clean.txt"].find("testcase/failure") is None


@pytest.mark.parametrize("output_format", ["text", "json", "sarif", "github", "junit"])
def test_output_file_holds_what_stdout_would(tmp_path, output_format):
    shutil.copy(SECURITY, tmp_path / "draft.txt")
    shown = run_cli("check", "draft.txt", "--format", output_format, "--no-color", cwd=tmp_path)
    saved = run_cli("check", "draft.txt", "--format", output_format, "--no-color", "-o", "out/report", cwd=tmp_path)
    assert saved.returncode == shown.returncode == 1
    assert saved.stdout == ""
    assert (tmp_path / "out" / "report").read_text(encoding="utf-8") == shown.stdout
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["report"]  # no temporary file left


def test_unwritable_output_is_a_one_line_error(tmp_path):
    (tmp_path / "taken").write_text("a file, not a folder", encoding="utf-8")
    result = run_cli("check", SECURITY, "-o", "taken/report.txt", cwd=tmp_path)
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert result.stderr.startswith("jxlint: taken/report.txt: 无法写出报告：")


def test_statistics_count_findings_per_rule():
    text = run_cli("check", SECURITY, "--statistics")
    machine = run_cli("check", SECURITY, "--statistics", "--format", "json")
    by_rule = json.loads(machine.stdout)["summary"]["by_rule"]
    table = text.stdout.split("按规则统计：\n", 1)[1].splitlines()
    assert machine.stderr.splitlines()[1:] == table  # beside a machine-readable report: on stderr
    assert {line.split()[1]: int(line.split()[0]) for line in table} == by_rule
    assert table[0].split() == ["3", "vague-value", "指标值不可衡量"]
