"""User rule directories: loaded with no Python, and every mistake in them is one clear line."""

import re

import pytest

from linter.readers import examples
from linter.engine import ruleset
from linter.engine.evaluate import Engine
from linter.util import yamlsafe
from linter.util.errors import RuleError

from conftest import run_cli, write

GOOD_RULE = """\
id: no-placeholder
name: 占位符未替换
severity: warning
scope: row
when:
  field: value
  contains: {list: placeholders}
message: 年度指标值“{value}”里还有占位符
suggestion: 把“__”换成具体数字
docs:
  what: 值里留着模板的“__”。
  why: 未填写。
  fix: 填写数字。
  source: 本单位填报要求。
examples:
  bad:
    - {level2: 数量指标, name: 培训人次, value: ≥__人次}
  good:
    - {level2: 数量指标, name: 培训人次, value: ≥600人次}
"""
WORDLIST = """\
wordlist: placeholders
description: 模板占位符
words: ["__", "XX", "某某"]
"""




def test_user_rules_and_word_lists_load_without_python(tmp_path):
    write(tmp_path, {"no-placeholder.yaml": GOOD_RULE, "lists/placeholders.yaml": WORDLIST})
    pack = ruleset.load([tmp_path], use_cache=False)
    rule = pack.get("no-placeholder")
    table = examples.table({"level2": "数量指标", "name": "培训人次", "value": "≥XX人次"})
    assert [f.rule for f in Engine(pack, [rule]).check(table)] == ["no-placeholder"]


def test_user_rule_runs_from_the_cli(tmp_path):
    rules = write(tmp_path / "rules", {"no-placeholder.yaml": GOOD_RULE, "placeholders.yaml": WORDLIST})
    draft = tmp_path / "draft.txt"
    draft.write_text("一级指标\t二级指标\t三级指标\t年度指标值\n产出指标\t数量指标\t培训人次\t≥__人次\n", encoding="utf-8")
    result = run_cli("check", draft, "--rules", rules, "--select", "no-placeholder", "--fail-on", "warning")
    assert result.returncode == 1
    assert "警告[no-placeholder]" in result.stdout and "≥__人次" in result.stdout


BROKEN = {
    "malformed yaml": ("id: x\nname: [unclosed\n", r"no-placeholder\.yaml:\d+:\d+: YAML 语法错误"),
    "unknown key": (GOOD_RULE.replace("scope: row", "scope: row\nfeild: value"), r":5:1: 规则文件无效：未知的键“feild”"),
    "bad severity": (GOOD_RULE.replace("severity: warning", "severity: fatal"), r":3:11: .*“severity”的值 'fatal' 无效"),
    "missing docs": (GOOD_RULE.split("docs:")[0] + "examples:\n  bad: [{value: a}]\n  good: [{value: b}]\n",
                     r"缺少必需的键“docs”"),
    "unknown word list": (GOOD_RULE.replace("{list: placeholders}", "{list: nosuch}"), r":7:14: .*未知的词表“nosuch”"),
    "unknown placeholder": (GOOD_RULE.replace("{value}”里", "{valeu}”里"), r"“\{valeu\}”不是可用的字段"),
    "bad regex": (GOOD_RULE.replace("contains: {list: placeholders}", "regex: '([unclosed'"), r"正则表达式无效"),
    "row condition in a table rule": (GOOD_RULE.replace("scope: row", "scope: table"), r":6:3: .*表级规则没有字段“value”"),
    "field without a test": (GOOD_RULE.replace("  contains: {list: placeholders}\n", ""), r"field 后需要写检查方式"),
    "id differs from file name": (GOOD_RULE.replace("id: no-placeholder", "id: other-name"), r"应与文件名"),
    "not a mapping": ("- just\n- a list\n", r"应是一个键值表"),
    "alias bomb": ("a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(8)), r"过大或含有大量别名"),
    "python tag": ("id: !!python/object/apply:os.system [echo]\n", r"不支持 YAML 标签"),
    "dimension in a table rule": (GOOD_RULE.replace("scope: row", "scope: table").replace(
        "  field: value\n  contains: {list: placeholders}", "  dimension: quality").replace("{value}", "{project}"),
        r"“dimension”只能用于行级"),
    "present outside a cross rule": (GOOD_RULE.replace("  field: value\n  contains: {list: placeholders}", "  present: this"),
                                     r":6:3: .*“present”只能用于跨表规则"),
    "other field outside a cross rule": (GOOD_RULE.replace("field: value", "field: other.value"),
                                         r"行级规则没有字段“other.value”"),
    "other placeholder outside a cross rule": (GOOD_RULE.replace("{value}”里", "{other.value}”里"),
                                               r"“\{other.value\}”不是可用的字段"),
    "unknown relation": (GOOD_RULE.replace("scope: row", "scope: row\nacross: last-decade"), r"“across”的值 'last-decade' 无效"),
    "check in a cross rule": (GOOD_RULE.replace("scope: row", "scope: table\nacross: previous-year").replace(
        "  field: value\n  contains: {list: placeholders}", "  check: weight-sum").replace("{value}", "{project}"),
        r"跨表规则（across）不能使用 check"),
    "compared with an unknown field": (GOOD_RULE.replace("contains: {list: placeholders}", "differs_from: other.valeu")
                                       .replace("scope: row", "scope: row\nacross: approved"), r"没有字段“other.valeu”"),
    "fix of no row field": (GOOD_RULE.replace("suggestion:", "fix: {field: project, text: x}\nsuggestion:"),
                            r"no-placeholder\.yaml:\d+:\d+: 规则文件无效：fix 只用于行级规则"),
    "fix with an unknown placeholder": (GOOD_RULE.replace("suggestion:", "fix: {field: value, text: '{rewrit}'}\nsuggestion:"),
                                        r"“\{rewrit\}”不是可用的字段"),
    "anchor at an unknown dimension": (GOOD_RULE.replace("scope: row", "scope: table\nanchor: {dimension: colour}").replace(
        "  field: value\n  contains: {list: placeholders}", "  rows: {eq: 0}").replace("{value}", "{project}"),
        r"未知的维度“colour”"),
    "expect in a good example": (GOOD_RULE.replace("value: ≥600人次}", "value: ≥600人次, expect: {message: 没问题}}"),
                                 r":19:\d+: 规则文件无效：合格示例不报告问题，不能写 expect"),
    "expect of an unknown field": (GOOD_RULE.replace("value: ≥__人次}", "value: ≥__人次, expect: {mesage: x}}"),
                                   r"未知的键“mesage”（可用：message、suggestion、severity）"),
    "a run rule other than unused-suppression": (GOOD_RULE.replace("scope: row", "scope: run").replace(
        "when:\n  field: value\n  contains: {list: placeholders}\n", "").replace(
        "message: 年度指标值“{value}”里还有占位符\nsuggestion: 把“__”换成具体数字",
        "message: {comment: 没用到}\nsuggestion: {comment: 删掉}"), r":4:1: 规则文件无效：scope: run 只用于 unused-suppression"),
}


@pytest.mark.parametrize("case", sorted(BROKEN), ids=lambda c: c.replace(" ", "-"))
def test_broken_rule_files_fail_with_one_located_line(tmp_path, case):
    content, pattern = BROKEN[case]
    write(tmp_path, {"no-placeholder.yaml": content, "placeholders.yaml": WORDLIST})
    with pytest.raises(RuleError, match=pattern):
        ruleset.load([tmp_path], use_cache=False)
    result = run_cli("rules", "--rules", tmp_path)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("jxlint: ")
    assert "Traceback" not in result.stderr and "no-placeholder.yaml" in result.stderr


def test_duplicate_rule_id_names_both_files(tmp_path):
    write(tmp_path, {"a/no-placeholder.yaml": GOOD_RULE, "b/no-placeholder.yaml": GOOD_RULE,
                     "placeholders.yaml": WORDLIST})
    with pytest.raises(RuleError, match=r"b/no-placeholder.yaml:1:1: .*“no-placeholder”与 .*a/no-placeholder.yaml 重复"):
        ruleset.load([tmp_path], use_cache=False)


def test_missing_rule_directory(tmp_path):
    result = run_cli("check", "samples", "--rules", tmp_path / "nope")
    assert result.returncode == 2 and "规则目录不存在" in result.stderr


def test_validated_rules_are_cached_and_reused(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("JXLINT_NO_CACHE", raising=False)
    first = ruleset.load()
    cached = list((tmp_path / "cache" / "jxlint").glob("rules-*.json"))
    assert len(cached) == 1
    second = ruleset.load()
    assert [r.id for r in first.rules] == [r.id for r in second.rules]
    cached[0].write_text("not json", encoding="utf-8")
    assert [r.id for r in ruleset.load().rules] == [r.id for r in first.rules]


def test_catastrophic_user_regex_times_out_as_a_finding(tmp_path):
    import time

    rule = GOOD_RULE.replace("contains: {list: placeholders}", "regex: '(a|aa)+$'").replace(
        "value: ≥__人次}", "value: aaaab}").replace(
        "good:\n    - {level2: 数量指标, name: 培训人次, value: ≥600人次}",
        "good:\n    - {level2: 数量指标, name: 培训人次, value: aaa}")
    write(tmp_path, {"no-placeholder.yaml": rule, "placeholders.yaml": WORDLIST})
    pack = ruleset.load([tmp_path], use_cache=False)
    rows = [{"level2": "数量指标", "name": f"指标{i}", "value": "a" * 60 + "b"} for i in range(20)]
    started = time.monotonic()
    findings = Engine(pack, [pack.get("no-placeholder")]).check(examples.table({"rows": rows}))
    elapsed = time.monotonic() - started
    assert elapsed < 5, f"a catastrophic pattern stalled the run for {elapsed:.1f}s"
    assert len(findings) == 20  # every cell reported; the pattern ran once (the answer is remembered)
    assert all(f.severity == "error" and "超时" in f.message for f in findings)


def _regexes(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "regex" and not isinstance(value, dict):
                yield from [value] if isinstance(value, str) else value
            else:
                yield from _regexes(value)
    elif isinstance(node, list):
        for item in node:
            yield from _regexes(item)


def test_every_shipped_pattern_compiles():
    """The shipped patterns are compiled when a rule first reaches them (checking one small file
    skips the rest), so a broken one must be caught here rather than in a user's run."""
    files = ruleset.rule_files([ruleset.default_rules_dir()])
    documents, _ = ruleset._parse_and_validate([(str(p), p.read_bytes()) for p in files])
    patterns = [p for doc in documents for p in _regexes(doc["data"])]
    patterns += [p for doc in documents if doc["kind"] == "wordlist" for p in doc["data"].get("patterns", ())]
    assert len(patterns) > 20
    for pattern in patterns:
        re.compile(pattern)


def test_folded_chinese_lines_join_without_a_space():
    """YAML's ``>`` joins lines with a space: kept between words, dropped between Chinese characters."""
    text = "what: >-\n  时效指标由 missing-deadline 检查，\n  满意度指标由另一规则检查，得分却高于\n  “分值 × 完成比例”\n  and more\n"
    _, data = yamlsafe.load(text, "rule.yaml", RuleError, 100)
    assert data["what"] == "时效指标由 missing-deadline 检查，满意度指标由另一规则检查，得分却高于“分值 × 完成比例” and more"

