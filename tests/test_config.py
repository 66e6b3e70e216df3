"""Configuration files as a user meets them: found by walking up, in .jxlint.yaml or pyproject.toml,
merged with extends, shown by `jxlint config`, and every mistake a one-line error with file and line."""
import json
import re

import pytest
import yaml
from jsonschema import Draft202012Validator

from linter.run import config as configuration
from linter.run.config import commands
from linter.util.paths import schema_path

from conftest import ROOT, run_cli, write

HEAD = "一级指标\t二级指标\t三级指标\t年度指标值\n"
VAGUE = HEAD + "产出指标\t质量指标\t验收合格率\t有效\n产出指标\t数量指标\t培训人次\t≥600人次\n"
LOW_SATISFACTION = HEAD + "满意度指标\t服务对象满意度指标\t学生满意度\t≥88%\n"
THRESHOLD_RULE = """\
id: low-satisfaction
name: 满意度阈值偏低
severity: warning
scope: row
params:
  min_satisfaction: {default: 85, description: 满意度阈值的最低值（%）}
when:
  all:
    - {dimension: satisfaction}
    - {field: value, number: {lt: {param: min_satisfaction}}}
message: 满意度“{value}”低于 {min_satisfaction}%
suggestion: 改为“≥{min_satisfaction}%”
docs: {what: 阈值过低。, why: 通常要求≥85%。, fix: 提高阈值。, source: 财预〔2021〕101号。}
examples:
  bad: [{level2: 满意度指标, name: 满意度, value: ≥80%}]
  good: [{level2: 满意度指标, name: 满意度, value: ≥90%}]
"""




def findings(result):
    assert result.returncode in (0, 1), result.stderr
    data = json.loads(result.stdout)
    return {(f["path"].replace("\\", "/").split("/")[-1], f["rule"], f["severity"], f["message"])
            for file in data["files"] for f in file["findings"]}


def rules_in(result, name):
    return {rule for file, rule, _, _ in findings(result) if file == name}


def test_nearest_config_found_by_walking_up_from_each_file(tmp_path):
    write(tmp_path, {"project/.jxlint.yaml": "ignore: [vague-value]\n", "project/drafts/deep/a.txt": VAGUE,
                     "elsewhere/b.txt": VAGUE})
    result = run_cli("check", tmp_path, "--format", "json", cwd=tmp_path)
    assert "vague-value" not in rules_in(result, "a.txt")
    assert "vague-value" in rules_in(result, "b.txt")


def test_pyproject_tool_section_sets_severity(tmp_path):
    write(tmp_path, {"pyproject.toml": """\
        [project]
        name = "drafts"

        [tool.jxlint.severity]
        vague-value = "warning"
        """, "a.txt": VAGUE})
    result = run_cli("check", "a.txt", "--select", "vague-value", "--format", "json", cwd=tmp_path)
    assert {(r, s) for _, r, s, _ in findings(result)} == {("vague-value", "warning")}
    assert result.returncode == 0  # --fail-on error: a warning does not fail


def test_a_pyproject_without_the_section_is_passed_over(tmp_path):
    write(tmp_path, {".jxlint.yaml": "ignore: [vague-value]\n", "sub/pyproject.toml": "[project]\nname = 'x'\n",
                     "sub/a.txt": VAGUE})
    assert "vague-value" not in rules_in(run_cli("check", "sub/a.txt", "--format", "json", cwd=tmp_path), "a.txt")


@pytest.mark.parametrize("name,content,where,message", [
    (".jxlint.yaml", "ignore: []\nignored: [vague-value]\n", ".jxlint.yaml:2:1", "未知的键“ignored”"),
    (".jxlint.yaml", "select: [vague-value]\nignore: vague-value\n", ".jxlint.yaml:2:9", "“ignore”应为列表"),
    (".jxlint.yaml", "severity:\n  vague-value: fatal\n", ".jxlint.yaml:2:16", "'fatal' 无效"),
    (".jxlint.yaml", "ignore: [missing-cost, no-such-rule]\n", ".jxlint.yaml:1:24", "未知的规则“no-such-rule”"),
    (".jxlint.yaml", "overrides:\n  - files: ['2020/*']\n    severity: {no-such-rule: info}\n",
     ".jxlint.yaml:3:16", "未知的规则“no-such-rule”"),
    (".jxlint.yaml", "params:\n  missing-unit: {threshold: 3}\n", ".jxlint.yaml:2:18", "没有参数“threshold”"),
    (".jxlint.yaml", "suppress:\n  - rule: vague-value\n", ".jxlint.yaml:2:5", "project（项目名称）或 indicator"),
    (".jxlint.yaml", "ignore: [\n", ".jxlint.yaml:2:1", "YAML 语法错误"),
    ("pyproject.toml", "[tool.jxlint]\nignore = [\n  \"missing-cost\",\n  \"no-such-rule\",\n]\n",
     "pyproject.toml（tool.jxlint.ignore[1]）", "未知的规则“no-such-rule”"),
    ("pyproject.toml", "[tool.jxlint]\nselect = [\"vague-value\"]\nfail_on = \"warning\"\n",
     "pyproject.toml（tool.jxlint.fail_on）", "未知的键“fail_on”"),
    ("pyproject.toml", "[tool.jxlint]\nseverity = { vague-value = 3 }\n", "pyproject.toml（tool.jxlint.severity.vague-value）",
     "无效"),
    ("pyproject.toml", "[tool.jxlint]\nignore = [\"missing-cost\",\n  no-such-rule]\n", "pyproject.toml:3:3", "TOML 语法错误"),
])
def test_invalid_config_is_one_line_with_file_and_line(tmp_path, name, content, where, message):
    write(tmp_path, {name: content, "a.txt": VAGUE})
    result = run_cli("check", "a.txt", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""  # checked before any output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"jxlint: {where}: ") and message in lines[0], lines[0]


def test_threshold_param_read_from_rule_default_and_set_by_config(tmp_path):
    write(tmp_path, {"rules/low-satisfaction.yaml": THRESHOLD_RULE, "a.txt": LOW_SATISFACTION,
                     ".jxlint.yaml": "rule_dirs: [rules]\n"})
    assert rules_in(run_cli("check", "a.txt", "--format", "json", cwd=tmp_path), "a.txt") & {"low-satisfaction"} == set()
    write(tmp_path, {".jxlint.yaml": "rule_dirs: [rules]\nparams:\n  low-satisfaction: {min_satisfaction: 90}\n"})
    messages = {m for _, r, _, m in findings(run_cli("check", "a.txt", "--format", "json", cwd=tmp_path))
                if r == "low-satisfaction"}
    assert messages == {"满意度“≥88%”低于 90%"}


def test_per_path_overrides_apply_to_matching_files_only(tmp_path):
    write(tmp_path, {".jxlint.yaml": """\
        overrides:
          - files: ["archive/*"]
            ignore: [vague-value]
          - files: ["*-old.txt"]
            severity: {vague-value: info}
        """, "archive/2020/a.txt": VAGUE, "current/b.txt": VAGUE, "current/c-old.txt": VAGUE})
    result = run_cli("check", ".", "--select", "vague-value", "--format", "json", cwd=tmp_path)
    assert {(f, s) for f, _, s, _ in findings(result)} == {("b.txt", "error"), ("c-old.txt", "info")}


def test_word_lists_extended_from_config(tmp_path):
    draft = HEAD + "效益指标\t社会效益指标\t宣传效果\t成绩斐然\n"
    write(tmp_path, {"a.txt": draft})
    assert "vague-value" not in rules_in(run_cli("check", "a.txt", "--format", "json", cwd=tmp_path), "a.txt")
    write(tmp_path, {".jxlint.yaml": "wordlists:\n  vague: [成绩斐然]\n"})
    assert "vague-value" in rules_in(run_cli("check", "a.txt", "--format", "json", cwd=tmp_path), "a.txt")
    write(tmp_path, {".jxlint.yaml": "wordlists:\n  no-such-list: [x]\n"})
    result = run_cli("check", "a.txt", cwd=tmp_path)
    assert result.returncode == 2 and ".jxlint.yaml:2:3" in result.stderr and "未知的词表" in result.stderr


def test_command_line_select_replaces_and_ignore_adds(tmp_path):
    write(tmp_path, {".jxlint.yaml": "select: [vague-value, missing-cost]\n", "a.txt": VAGUE})
    assert rules_in(run_cli("check", "a.txt", "--format", "json", cwd=tmp_path), "a.txt") == {"vague-value", "missing-cost"}
    assert rules_in(run_cli("check", "a.txt", "--format", "json", "--ignore", "missing-cost", cwd=tmp_path),
                    "a.txt") == {"vague-value"}
    assert rules_in(run_cli("check", "a.txt", "--format", "json", "--select", "missing-timeliness", cwd=tmp_path),
                    "a.txt") == {"missing-timeliness"}


def test_config_option_names_the_file_and_skips_the_search(tmp_path):
    write(tmp_path, {".jxlint.yaml": "ignore: [vague-value]\n", "team.yaml": "select: [missing-cost]\n", "a.txt": VAGUE})
    result = run_cli("check", "a.txt", "--config", "team.yaml", "--format", "json", cwd=tmp_path)
    assert rules_in(result, "a.txt") == {"missing-cost"}
    missing = run_cli("check", "a.txt", "--config", "nope.yaml", cwd=tmp_path)
    assert missing.returncode == 2 and "nope.yaml: 配置文件不存在" in missing.stderr


def test_extends_merges_and_config_command_shows_where_each_value_came_from(tmp_path):
    write(tmp_path, {
        "base/team.yaml": "ignore: [missing-cost]\nseverity:\n  missing-unit: error\n  vague-value: warning\n",
        "project/.jxlint.yaml": "extends: ../base/team.yaml\nseverity:\n  vague-value: info\n"
                                "suppress:\n  - {rule: vague-value, project: 校园安保服务}\n",
        "project/a.txt": VAGUE})
    result = run_cli("config", "a.txt", cwd=tmp_path / "project")
    assert result.returncode == 0, result.stderr
    shown = yaml.safe_load(result.stdout)
    assert shown["ignore"] == ["missing-cost"]
    assert shown["severity"] == {"missing-unit": "error", "vague-value": "info"}
    assert shown["select"] is None
    assert shown["params"]["satisfaction-below-minimum"]["min_satisfaction"] == 85
    lines = result.stdout.splitlines()
    assert lines[0] == "# 配置文件：.jxlint.yaml ← ../base/team.yaml（后者被前者继承）"
    assert any(line.startswith("ignore: [\"missing-cost\"]") and line.endswith("# ../base/team.yaml:1:1")
               for line in lines), result.stdout
    assert any("missing-unit: \"error\"  # ../base/team.yaml:3:3" in line for line in lines)
    assert any("vague-value: \"info\"  # .jxlint.yaml:3:3" in line for line in lines)
    assert any("min_satisfaction: 85  # 规则默认值" in line for line in lines)
    checked = run_cli("check", "a.txt", "--select", "vague-value,missing-unit", "--format", "json",
                      cwd=tmp_path / "project")
    assert {(r, s) for _, r, s, _ in findings(checked)} == {("vague-value", "info")}


def test_extends_cycle_is_an_error(tmp_path):
    write(tmp_path, {".jxlint.yaml": "extends: other.yaml\n", "other.yaml": "extends: .jxlint.yaml\n",
                     "a.txt": VAGUE})
    result = run_cli("check", "a.txt", cwd=tmp_path)
    assert result.returncode == 2 and "extends 形成循环" in result.stderr


def test_init_writes_a_valid_commented_starter_and_refuses_to_overwrite(tmp_path):
    first = run_cli("init", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    written = (tmp_path / ".jxlint.yaml").read_text(encoding="utf-8")
    assert written == commands.STARTER.read_text(encoding="utf-8") and written.count("\n# ") > 10
    shown = run_cli("config", cwd=tmp_path)
    assert shown.returncode == 0 and "# 配置文件：.jxlint.yaml" in shown.stdout
    (tmp_path / "a.txt").write_text(VAGUE, encoding="utf-8")
    assert run_cli("check", "a.txt", cwd=tmp_path).returncode == 1
    again = run_cli("init", cwd=tmp_path)
    assert again.returncode == 2 and again.stderr.strip() == "jxlint: .jxlint.yaml 已存在，未覆盖（要重新生成请先删除它）"
    assert (tmp_path / ".jxlint.yaml").read_text(encoding="utf-8") == written


def test_config_command_without_a_file_shows_defaults(tmp_path):
    result = run_cli("config", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.startswith("# 没有找到配置文件")
    assert yaml.safe_load(result.stdout)["ignore"] == []


def test_pyproject_values_are_shown_with_their_file_and_named_by_key(tmp_path):
    """TOML readers give no positions: a value from pyproject.toml names its file in ``jxlint config``
    and its key in an error, and relative paths still start at the pyproject's folder."""
    write(tmp_path, {"cfg/pyproject.toml": """\
        [tool.jxlint]
        rule_dirs = ["rules"]

        [tool.jxlint.severity]
        vague-value = "info"
        """, "cfg/rules/.keep": ""})
    shown = run_cli("config", "--config", "cfg/pyproject.toml", cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr
    assert "vague-value: \"info\"  # cfg/pyproject.toml" in shown.stdout
    assert "rule_dirs: [\"rules\"]  # cfg/pyproject.toml" in shown.stdout
    (tmp_path / "cfg" / "rules" / ".keep").unlink()
    (tmp_path / "cfg" / "rules").rmdir()
    missing = run_cli("config", "--config", "cfg/pyproject.toml", cwd=tmp_path)
    assert missing.returncode == 2
    assert missing.stderr.startswith("jxlint: cfg/pyproject.toml（tool.jxlint.rule_dirs[0]）: 配置文件无效：规则目录“rules”不存在")


def test_readme_configuration_example_passes_the_schema():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    example = re.search(r"```yaml\n# \.jxlint\.yaml\n(.*?)```", readme, re.S).group(1)
    data = yaml.safe_load(example)
    schema = json.loads(schema_path("config.schema.json").read_text(encoding="utf-8"))
    assert list(Draft202012Validator(schema).iter_errors(data)) == []
    assert set(data) == set(configuration.DEFAULTS) - {"select"} | {"extends"}
