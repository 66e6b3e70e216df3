"""Suppressions: `# jxlint: disable=` comments in YAML drafts, configuration entries for a project or
an indicator in any format, and --report-unused for the ones that silence nothing."""
import json
import shutil
import textwrap

from linter.model import source

from conftest import ROOT, run_cli

DRAFT = """\
tables:
- kind: target
  year: '2023'
  project: 校园安保服务
  indicators:
  - {level1: 产出指标, level2: 质量指标, name: 安保工作规范性, value: 规范}  # jxlint: disable=vague-value
  # jxlint: disable-next-line=vague-value
  - {level1: 产出指标, level2: 质量指标, name: 服务规范性, value: 规范}
  - {level1: 产出指标, level2: 质量指标, name: 制度健全性, value: 健全}
  - {level1: 产出指标, level2: 数量指标, name: 保安人数, value: 210名}  # jxlint: disable=missing-unit, no-such-rule
"""
XLSX = ROOT / "samples" / "xlsx" / "campus-security-2022-draft.xlsx"


def found(result):
    assert result.returncode in (0, 1), result.stderr
    return [(f["path"].replace("\\", "/").split("/")[-1], f["line"], f["rule"], f["value"])
            for file in json.loads(result.stdout)["files"] for f in file["findings"]]


def test_comments_parse_rules_and_target_lines():
    text = "a: 1  # jxlint: disable=vague-value,missing-unit\n#jxlint:disable-next-line = year-mismatch\nb: 2\n"
    marks = source.comments(text)
    assert [(m.line, m.target, m.rules, m.column) for m in marks] == [
        (1, 1, ("vague-value", "missing-unit"), 7), (2, 3, ("year-mismatch",), 1)]


def test_yaml_draft_comments_silence_their_line_and_the_next(tmp_path):
    (tmp_path / "draft.yaml").write_text(DRAFT, encoding="utf-8")
    result = run_cli("check", "draft.yaml", "--select", "vague-value,missing-unit", "--format", "json", cwd=tmp_path)
    assert found(result) == [("draft.yaml", 9, "vague-value", "健全")]


def test_report_unused_flags_comments_that_silence_nothing(tmp_path):
    (tmp_path / "draft.yaml").write_text(DRAFT, encoding="utf-8")
    result = run_cli("check", "draft.yaml", "--select", "vague-value,missing-unit", "--report-unused", cwd=tmp_path)
    assert result.returncode == 1
    unused = [line for line in result.stdout.splitlines() if "unused-suppression" in line]
    assert unused == ["draft.yaml:10:60: 警告[unused-suppression] 忽略注释“# jxlint: disable=missing-unit, "
                      "no-such-rule”没有用到：没有规则“no-such-rule”；第 10 行没有“missing-unit”的问题"]
    # a rule that did not run here (not selected) cannot be judged unused
    narrow = run_cli("check", "draft.yaml", "--select", "vague-value", "--report-unused", "--format", "json",
                     cwd=tmp_path)
    assert [(line, rule) for _, line, rule, _ in found(narrow)] == [(9, "vague-value"), (10, "unused-suppression")]


def test_config_entries_silence_a_project_or_indicator_in_any_format(tmp_path):
    shutil.copy(XLSX, tmp_path / "campus.xlsx")
    (tmp_path / "draft.yaml").write_text(DRAFT, encoding="utf-8")
    before = found(run_cli("check", ".", "--select", "vague-value,missing-deadline", "--format", "json", cwd=tmp_path))
    assert ("campus.xlsx", 20, "missing-deadline", "及时，立即响应") in before
    (tmp_path / ".jxlint.yaml").write_text(textwrap.dedent("""\
        suppress:
          - rule: missing-deadline
            project: 校区保安经费
            indicator: 应急响应
            reason: 应急响应按预案执行，评审组已认可
          - {rule: [vague-value], indicator: 制度健全性}
          - {rule: vague-value, project: 不存在的项目}
        """), encoding="utf-8")
    after = found(run_cli("check", ".", "--select", "vague-value,missing-deadline", "--format", "json", cwd=tmp_path))
    assert set(before) - set(after) == {("campus.xlsx", 20, "missing-deadline", "及时，立即响应"),
                                        ("draft.yaml", 9, "vague-value", "健全")}
    unused = run_cli("check", ".", "--select", "vague-value,missing-deadline", "--report-unused", cwd=tmp_path)
    lines = [line for line in unused.stdout.splitlines() if line.startswith(".jxlint.yaml:")]
    assert lines == [".jxlint.yaml:7:5: 警告[unused-suppression] 忽略条目（vague-value，项目“不存在的项目”）没有压制任何问题"]


def test_unused_suppression_is_a_documented_rule_switched_on_by_report_unused(tmp_path):
    explained = run_cli("explain", "unused-suppression", cwd=tmp_path)
    assert explained.returncode == 0, explained.stderr
    assert "rules/run/unused-suppression.yaml" in explained.stdout.replace("\\", "/")
    assert "规则 id 写错：质量指标 / 政府采购规范性：规范（# jxlint: disable=vague-valeu）" in explained.stdout
    (tmp_path / "draft.yaml").write_text(DRAFT, encoding="utf-8")
    for option in ("--select", "--ignore"):
        refused = run_cli("check", "draft.yaml", option, "unused-suppression", cwd=tmp_path)
        assert refused.returncode == 2 and refused.stderr.strip().endswith("由 --report-unused 开启，不能写在 select、"
                                                                           "ignore、severity、params 或忽略条目里")
