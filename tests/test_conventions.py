"""The command line's conventions, the way ruff, eslint and yamllint users expect them: a run that
checks nothing is not "clean", lock files are skipped, colour follows NO_COLOR/FORCE_COLOR/--color,
written files are announced, Chinese throughout (click's own texts too), rules by Chinese name with
"did you mean", -q, concise output, standard input and --exit-zero."""
import json
import os
import pty
import re
import subprocess
import sys

import pytest
from click.testing import CliRunner

from linter.cli import main
from linter.outputs.formatters.text import display_width

from conftest import ROOT, run_cli, write
from test_hook import git, git_env, new_repo

SECURITY = ROOT / "samples" / "text" / "security-2023-draft.txt"
VAGUE = "一级指标\t二级指标\t三级指标\t年度指标值\n产出指标\t质量指标\t验收合格率\t有效\n"
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def jxlint(*args, stdin=None, env=None):
    """jxlint in this process, as a user calls it: exit code, standard output, standard error."""
    with CliRunner().isolation(input=stdin, env=env) as (out, err, _):
        code = main([str(a) for a in args])
        sys.stdout.flush()  # formats written with print/json.dump are buffered
    return code, out.getvalue().decode("utf-8"), err.getvalue().decode("utf-8")


@pytest.fixture
def here(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


# ---- a run that checks no table -------------------------------------------------------
def test_empty_folder_is_a_warning_and_exit_2(here):
    (here / "空目录").mkdir()
    code, out, err = jxlint("check", "空目录")
    assert code == 2
    assert err == "jxlint: 警告：空目录 里没有可检查的绩效目标表或自评表（没有文件）\n"


def test_folder_where_every_file_is_skipped_is_a_warning_and_exit_2(here):
    write(here, {"d/notes.md": "# 说明\n", "d/~$申报表.xlsx": "lock"})
    code, out, err = jxlint("check", "d", "--format", "json")
    assert code == 2 and "d 里没有可检查的绩效目标表或自评表（2 个文件，全部跳过）" in err
    assert json.loads(out)["summary"]["skipped"] == 2  # the document stays whole


def test_a_commit_without_tables_passes_the_hook(tmp_path):
    repo = new_repo(tmp_path / "repo")
    (repo / "README.md").write_text("# 说明\n", encoding="utf-8")
    git(repo, "add", "README.md")
    result = run_cli("check", "--staged", cwd=repo, env=git_env(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "警告" not in result.stderr


# ---- lock and temporary files ---------------------------------------------------------------
@pytest.mark.parametrize("name,why", [("~$申报表.xlsx", "Office 打开文档时留下的锁定文件"),
                                      ("~$自评表.docx", "Office 打开文档时留下的锁定文件"),
                                      ("草稿.txt~", "编辑器的备份文件"), ("#草稿.txt#", "编辑器自动保存的临时文件")])
def test_lock_and_editor_files_are_skipped_with_their_reason(here, name, why):
    write(here, {"d/表.txt": VAGUE, f"d/{name}": "\x00 not a table"})
    code, out, err = jxlint("check", "d")
    assert code == 1  # the real table's finding, not "已损坏"
    assert f"jxlint: d/{name}: 跳过：{why}" in err
    assert "检查 1，跳过 1，失败 0" in out
    code, _, err = jxlint("check", f"d/{name}")  # named on its own: skipped as well, and nothing was checked
    assert code == 2 and why in err and "失败" not in err


# ---- colour ------------------------------------------------------------------------
def _on_terminal(*args, env=None) -> str:
    """jxlint's standard output through a real pseudo-terminal."""
    main_fd, child_fd = pty.openpty()
    full = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    process = subprocess.Popen([sys.executable, str(ROOT / "cli.py"), *map(str, args)], cwd=ROOT,
                               env={**full, **(env or {})}, stdout=child_fd, stderr=subprocess.DEVNULL)
    os.close(child_fd)
    chunks = []
    while True:
        try:
            chunk = os.read(main_fd, 65536)
        except OSError:  # the terminal closes when the process ends
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=120)
    os.close(main_fd)
    return b"".join(chunks).decode("utf-8")


def _piped(*args, env=None) -> str:
    full = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    return subprocess.run([sys.executable, str(ROOT / "cli.py"), *map(str, args)], cwd=ROOT, env={**full, **(env or {})},
                          capture_output=True, text=True, timeout=120).stdout


def test_colour_follows_the_terminal_no_color_force_color_and_the_option():
    check = ("check", SECURITY)
    assert ANSI.search(_on_terminal(*check))
    assert not ANSI.search(_on_terminal(*check, env={"NO_COLOR": "1"}))
    assert not ANSI.search(_on_terminal(*check, "--color", "never"))
    assert ANSI.search(_on_terminal(*check, "--color", "always", env={"NO_COLOR": "1"}))  # the option wins
    assert not ANSI.search(_piped(*check))
    assert ANSI.search(_piped(*check, env={"FORCE_COLOR": "1"}))
    assert ANSI.search(_piped(*check, "--color", "always"))
    assert not ANSI.search(_piped(*check, env={"FORCE_COLOR": ""}))  # set but empty: not set


# ---- every written file announced; paths and syntax errors as the user knows them ----------------
def test_every_written_file_is_announced_on_stderr(here):
    write(here, {"表.txt": VAGUE})
    draft = here / "草稿.yaml"
    assert jxlint("convert", "表.txt", "--to", "yaml")[0] == 0
    draft.write_text(jxlint("convert", "表.txt", "--to", "yaml")[1], encoding="utf-8")
    code, out, err = jxlint("check", "草稿.yaml", "--annotate", "批注.yaml", "-o", "结果.txt")
    assert code == 1 and out == ""
    assert "jxlint: 已写入 批注.yaml\n" in err and "jxlint: 已写入 结果.txt\n" in err
    assert (here / "批注.yaml").is_file() and (here / "结果.txt").is_file()
    _, _, err = jxlint("check", "表.txt", "--baseline", "write", "基线.json")
    assert err.startswith("jxlint: 已写入 基线.json：已把 5 个问题写入基线")
    _, out, err = jxlint("init")
    assert out == "" and err.startswith("jxlint: 已写入 .jxlint.yaml：")
    _, out, err = jxlint("report", "表.txt", "-o", "报告/r")
    assert all(f"jxlint: 已写入 报告/r.{suffix}\n" in err for suffix in ("html", "xlsx", "csv", "json"))
    _, _, err = jxlint("check", "草稿.yaml", "-q", "-o", "静.txt")
    assert err == ""  # -q: only problems


def test_staged_file_errors_name_the_path_in_the_repository(tmp_path):
    repo = new_repo(tmp_path / "repo")
    write(repo, {"drafts/bad.yaml": "tables:\n  - project: 校园安保\n    indicators: [\n"})
    git(repo, "add", "drafts/bad.yaml")
    result = run_cli("check", "--staged", cwd=repo, env=git_env(tmp_path))
    assert result.returncode == 2
    assert "jxlint-staged" not in result.stderr
    assert re.search(r"^jxlint: drafts/bad\.yaml:\d+:\d+: YAML 语法错误：", result.stderr, re.M), result.stderr


@pytest.mark.parametrize("name,text,expected", [
    ("d.yaml", "tables:\n  - project: 校园安保\n    indicators\n    kind: target\n",
     "d.yaml:4:5: YAML 语法错误：缺少冒号：每一项写成“键: 值”，冒号后要有空格"),
    ("d.yaml", "tables:\n  - project: 校园安保: 二期\n", "d.yaml:2:18: YAML 语法错误：这里不能再有“: ”"),
    ("d.yaml", "tables:\n\t- project: x\n", "d.yaml:2:1: YAML 语法错误：这里有制表符：YAML 只能用空格缩进"),
    ("d.json", '{"tables": [{"project": "x" "kind": "target"}]}', "d.json:1:29: JSON 语法错误：花括号 {…} 没有闭合"),
    ("d.json", '{"tables": [{"project": "x"}}', "d.json:1:29: JSON 语法错误：方括号列表 […] 没有闭合"),
])
def test_yaml_and_json_syntax_errors_are_one_chinese_line(here, name, text, expected):
    (here / name).write_text(text, encoding="utf-8")
    code, _, err = jxlint("check", name)
    assert code == 2 and err.count("\n") == 1
    assert err.startswith(f"jxlint: {expected}"), err
    assert not re.search(r"[A-Za-z]{4,}", re.sub(r"^jxlint: |YAML|JSON", "", err.replace(name, ""))), err


# ---- Chinese throughout -----------------------------------------------------------------------------
CLICK_ENGLISH = ("Usage", "Options", "Commands", "Show this", "default:", "required", "Error", "Try ",
                 "No such", "Invalid value", "Missing", "Did you mean", "is not one of", "Got unexpected")


@pytest.mark.parametrize("args", [[], ["check"], ["report"], ["rules"], ["explain"], ["convert"], ["config"],
                                  ["init"], ["install-hook"]])
def test_help_is_chinese_and_aligned(args):
    code, out, _ = jxlint(*args, "--help")
    assert code == 0 and out.startswith("用法：jxlint")
    assert not [word for word in CLICK_ENGLISH if word in out], out
    options = out[out.index("选项：\n"):].split("\n\n")[0].splitlines()[1:]
    starts = set()
    for line in options:  # every help text starts in the same display column, whatever the metavar's width
        term, gap, text = re.match(r"^(  \S.*?)(  +)(\S.*)$", line).groups() if re.match(r"^  \S.*?  +\S", line) \
            else (line, "", "")
        if text and display_width(term) <= 32:
            starts.add(display_width(term + gap))
    assert len(starts) == 1, out
    assert all(display_width(line) <= 100 for line in out.splitlines()), out


@pytest.mark.parametrize("command,argument", [("init", "[目录]"), ("config", "[文件或目录]")])
def test_optional_arguments_are_shown_as_optional(command, argument):
    assert f"用法：jxlint {command} [选项] {argument}\n" in jxlint(command, "--help")[1]


@pytest.mark.parametrize("args,expected", [
    (["check", "--selct", "vague-value", "x.txt"], "错误：没有选项“--selct”。 是不是想写 '--help', '--select'？"),
    (["chek", "x.txt"], "错误：没有命令“chek”。 是不是想写 'check'？"),
    (["check", "--format", "xml", "x.txt"], "错误：'-f' / '--format' / '--output-format' 的值无效：“xml”无效，可选："),
    (["check", "--jobs", "0", "x.txt"], "错误：'-j' / '--jobs' 的值无效：0 不在范围 x>=1 内。"),
    (["check", "--format"], "错误：选项“--format”需要一个值。"),
    (["explain"], "错误：缺少参数 '规则'"),
    (["rules", "多余"], "错误：多余的参数：多余"),
])
def test_click_errors_are_chinese(args, expected):
    code, out, err = jxlint(*args)
    assert code == 2 and expected in err, err
    assert not [word for word in CLICK_ENGLISH if word in err], err


def test_severity_words_are_chinese_in_text_output():
    code, out, _ = jxlint("check", SECURITY)
    assert "错误[vague-value]" in out and "警告[missing-unit]" in out
    assert not re.search(r"\b(error|warning|info)\[", out)


# ---- rules by Chinese name, "did you mean" -----------------------------------------------------------
def _rules(out: str) -> set:
    return {f["rule"] for f in json.loads(out)["files"][0]["findings"]}


def test_rules_are_addressable_by_chinese_name_everywhere(here):
    _, out, _ = jxlint("check", SECURITY, "--select", "指标值不可衡量,时效指标没有时限", "-f", "json")
    assert _rules(out) == {"vague-value", "missing-deadline"}
    _, out, _ = jxlint("check", SECURITY, "--ignore", "指标值不可衡量", "-f", "json")
    assert "vague-value" not in _rules(out) and "missing-deadline" in _rules(out)
    code, out, _ = jxlint("explain", "指标值不可衡量")
    assert code == 0 and out.startswith("vague-value（指标值不可衡量）")
    write(here, {".jxlint.yaml": "ignore: [指标值不可衡量]\nseverity:\n  时效指标没有时限: info\n"})
    (here / "表.txt").write_bytes(SECURITY.read_bytes())
    _, out, _ = jxlint("check", "表.txt", "-f", "json")
    findings = json.loads(out)["files"][0]["findings"]
    assert "vague-value" not in {f["rule"] for f in findings}
    assert {f["severity"] for f in findings if f["rule"] == "missing-deadline"} == {"info"}
    code, out, _ = jxlint("config", "表.txt")
    assert code == 0 and "指标值不可衡量" in out


@pytest.mark.parametrize("args", [["check", SECURITY, "--select", "vauge-value"],
                                  ["check", SECURITY, "--ignore", "vauge-value"], ["explain", "vauge-value"]])
def test_near_misses_of_rule_ids_suggest_the_rule(args):
    code, _, err = jxlint(*args)
    assert code == 2 and "未知的规则“vauge-value”；是不是想写 vague-value" in err, err


def test_near_miss_in_the_configuration_suggests_the_rule(here):
    write(here, {".jxlint.yaml": "ignore: [指标值不可衡]\n", "表.txt": VAGUE})
    code, _, err = jxlint("check", "表.txt")
    assert code == 2 and err == ("jxlint: .jxlint.yaml:1:10: 配置文件无效：未知的规则“指标值不可衡”；"
                                 "是不是想写 指标值不可衡量？用 jxlint rules 查看全部规则\n")


# ---- -q, concise, standard input, --exit-zero --------------------------------------------------------
def test_quiet_shows_only_the_findings(here):
    write(here, {"d/表.txt": VAGUE, "d/notes.md": "# 说明\n"})
    code, out, err = jxlint("check", "d", "-q")
    assert code == 1 and "错误[vague-value]" in out
    assert "共 1 个文件" not in out and "跳过" not in err
    assert jxlint("check", "d", "-q", "--select", "missing-unit") == (0, "", "")


def test_concise_output_is_one_line_per_finding():
    code, out, _ = jxlint("check", SECURITY, "--output-format", "concise")
    lines = out.splitlines()
    assert code == 1 and len(lines) == 11 and lines[-1].startswith("共 1 个文件")
    assert all(re.match(r"^\S+:\d+:\d+: (错误|警告|提示)\[[a-z-]+\] \S", line) for line in lines[:-1]), out
    assert jxlint("check", SECURITY, "-f", "concise", "-q")[1].splitlines() == lines[:-1]


def test_standard_input_is_checked_under_its_given_name(here):
    write(here, {"申报/.jxlint.yaml": "ignore: [vague-value]\n"})
    code, out, _ = jxlint("check", "-", "-f", "concise", stdin=VAGUE.encode("gbk"))
    assert code == 1 and "\n-:2:17: 错误[vague-value] 年度指标值“有效”" in out
    code, out, _ = jxlint("check", "-", "--stdin-filename", "申报/表.txt", "-f", "json", stdin=VAGUE)
    data = json.loads(out)["files"]
    assert code == 0 and data[0]["path"] == "申报/表.txt"
    assert data[0]["findings"] and "vague-value" not in {f["rule"] for f in data[0]["findings"]}  # 申报/'s configuration
    draft = jxlint("convert", SECURITY, "--to", "yaml")[1]
    code, out, _ = jxlint("check", "-", "--stdin-filename", "草稿.yaml", "-f", "concise", stdin=draft)
    assert code == 1 and out.startswith("草稿.yaml:")
    code, _, err = jxlint("check", "-", "--stdin-filename", "坏.yaml", stdin="a: [1\n")
    assert code == 2 and err.startswith("jxlint: 坏.yaml:2:1: YAML 语法错误：") and "jxlint-stdin" not in err


@pytest.mark.parametrize("args", [["-", "-"], ["--staged", "-"], ["a.txt", "--stdin-filename", "b.txt"],
                                  ["-", "--annotate", "out.yaml"]])
def test_standard_input_misuse_is_a_usage_error(args):
    code, _, err = jxlint("check", *args, stdin="")
    assert code == 2 and "错误：" in err


def test_exit_zero_reports_findings_but_exits_0(here):
    code, out, _ = jxlint("check", SECURITY, "--exit-zero")
    assert code == 0 and "错误[vague-value]" in out
    (here / "坏.txt").write_bytes(b"")
    assert jxlint("check", "坏.txt", "--exit-zero")[0] == 2  # a file that cannot be read is still an error


def test_messages_have_no_typos(tmp_path):
    (tmp_path / "旧.xlsx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    (tmp_path / "假.xlsx").write_bytes(b"just text, not a zip")
    _, _, err = jxlint("check", tmp_path / "旧.xlsx", tmp_path / "假.xlsx")
    assert "不是 .xlsx：" in err and "不是有效的 Excel 工作簿" in err, err


def test_every_translated_click_text_is_one_click_uses():
    """A click upgrade that rewords a text shows up here, not as English in front of a user."""
    from pathlib import Path

    import click

    from linter.cli import chinese

    source = "".join(p.read_text(encoding="utf-8") for p in Path(click.__file__).parent.glob("*.py"))
    msgids = [*chinese.TEXTS, *(text for pair in chinese.PLURALS for text in pair)]
    assert [m for m in msgids if repr(m).replace("'", '"') not in source and repr(m) not in source] == []
