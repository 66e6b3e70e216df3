"""The command line as a user meets it: real processes, real files, exit codes, one-line errors."""
import json
import shutil
import subprocess

import pytest

from conftest import ROOT, run_cli

SECURITY = ROOT / "samples" / "text" / "security-2023-draft.txt"
CLEAN = ROOT / "samples" / "text" / "clean-training-2023.txt"
GRID = "一级指标\t二级指标\t三级指标\t年度指标值\n产出指标\t质量指标\t验收合格率\t有效\n"


def test_seeds_check_without_traceback(seeds):
    result = run_cli("check", seeds)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert "67 张表、681 条指标" in result.stdout


def test_text_output_points_and_underlines(seeds):
    result = run_cli("check", seeds / "003_b8de17d7b47ea05c.part1.txt", "--select", "missing-deadline")
    lines = result.stdout.splitlines()
    head = next(i for i, line in enumerate(lines) if ":138:" in line)
    assert "错误[missing-deadline]" in lines[head] and "“应急响应”" in lines[head] and "“及时，立即响应”" in lines[head]
    assert lines[head + 1].lstrip().startswith("138 │") and "及时，立即响应" in lines[head + 1]
    underline = lines[head + 2]
    assert underline.count("^") == 14  # 及时，立即响应: 7 wide characters
    assert "建议" in lines[head + 3] and "2022年__月底前完成" in lines[head + 3]
    assert any(line.startswith("── 校区保安经费 · 2022年度") for line in lines)


def test_json_output_accounts_for_every_file(tmp_path, seeds):
    for name in ("000_87dde8d8f991aaf0.txt", "004_88f28acf01a6d66d.txt"):
        shutil.copy(seeds / name, tmp_path / name)
    (tmp_path / "notes.md").write_text("# notes", encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "prose.txt").write_text("只是说明文字。", encoding="utf-8")
    result = run_cli("check", tmp_path, "--format", "json")
    assert result.returncode == 2  # empty.txt could not be read
    data = json.loads(result.stdout)
    status = {f["path"].split("/")[-1]: (f["status"], f["error"]) for f in data["files"]}
    assert status["notes.md"][0] == "skipped" and "不支持的文件类型" in status["notes.md"][1]
    assert status["empty.txt"] == ("failed", "文件为空")
    assert status["prose.txt"][0] == "skipped" and "未识别到" in status["prose.txt"][1]
    assert status["004_88f28acf01a6d66d.txt"] == ("checked", None)
    assert data["summary"]["files"] == 5 and data["summary"]["failed"] == 1 and data["summary"]["skipped"] == 2
    finding = next(f for f in data["files"] if f["path"].endswith("004_88f28acf01a6d66d.txt"))["findings"][0]
    assert set(finding) >= {"rule", "severity", "message", "suggestion", "path", "line", "column", "end_line",
                            "end_column", "project", "indicator", "field", "value"}
    total = sum(len(f["findings"]) for f in data["files"])
    assert total == data["summary"]["findings"] == sum(data["summary"]["by_rule"].values())


def test_clean_sample_passes_and_problem_sample_fails():
    assert run_cli("check", CLEAN).returncode == 0
    result = run_cli("check", SECURITY, "--format", "json")
    assert result.returncode == 1
    rules = {f["rule"] for f in json.loads(result.stdout)["files"][0]["findings"]}
    assert {"vague-value", "missing-deadline", "satisfaction-threshold", "missing-unit", "year-mismatch",
            "funds-mismatch", "missing-cost"} <= rules


def test_fail_on_threshold():
    assert run_cli("check", SECURITY, "--fail-on", "never").returncode == 0
    assert run_cli("check", SECURITY, "--select", "missing-unit").returncode == 0
    assert run_cli("check", SECURITY, "--select", "missing-unit", "--fail-on", "warning").returncode == 1
    assert run_cli("check", SECURITY, "--ignore", "vague-value,missing-deadline,satisfaction-threshold,"
                   "year-mismatch,funds-mismatch").returncode == 0


@pytest.mark.parametrize("args,message", [
    (["check", "no-such-file.txt"], "no-such-file.txt: 失败：文件不存在"),
    (["check", "--select", "no-such-rule", "samples"], "未知的规则“no-such-rule”"),
    (["explain", "no-such-rule"], "未知的规则“no-such-rule”"),
    (["convert", "no-such-file.txt"], "no-such-file.txt: 文件不存在"),
    (["check", "--format", "xml", "samples"], "的值无效：“xml”无效，可选："),
])
def test_usage_errors_exit_2_with_one_line(args, message):
    result = run_cli(*args)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-16", "utf-8-sig"])
def test_non_utf8_text_is_decoded(tmp_path, encoding):
    path = tmp_path / "draft.txt"
    path.write_bytes(GRID.encode(encoding))
    result = run_cli("check", path, "--format", "json")
    findings = json.loads(result.stdout)["files"][0]["findings"]
    assert any(f["rule"] == "vague-value" and f["value"] == "有效" for f in findings)


@pytest.mark.parametrize("content,message", [(b"", "文件为空"), (b"\x00\x01\x02PK\x03\x04" * 50, "二进制"),
                                             (b"\xff\xfe\x00", "无法按")])
def test_unreadable_single_file_exits_2(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    result = run_cli("check", path)
    assert result.returncode == 2
    assert message in result.stderr and result.stderr.count("\n") == 1


def test_rules_and_explain():
    listing = run_cli("rules").stdout
    assert "vague-value" in listing and "funds-mismatch" in listing
    explained = run_cli("explain", "missing-deadline").stdout
    for heading in ("检查什么", "为什么", "怎么改", "依据", "不合格示例", "合格示例"):
        assert heading in explained
    assert "财预〔2021〕101号" in explained
    bad = explained[explained.index("不合格示例"):explained.index("合格示例：")]
    assert bad.count("→ 建议：写明完成时限，如“2022年__月底前完成”") == 5  # each bad example, with its advice
    unit = run_cli("explain", "missing-unit").stdout
    assert "计划完成率：100\n    → 建议：写明单位和方向，如“=100%”" in unit and "计划完成率：100%" in unit


def test_convert_json_keeps_positions(seeds):
    data = json.loads(run_cli("convert", seeds / "003_b8de17d7b47ea05c.part1.txt", "--to", "json").stdout)
    table = next(t for t in data["tables"] if t["project"] == "校区保安经费")
    assert table["funds"]["project_total"] == "9511. 19"
    row = table["indicators"][0]
    assert (row["level1"], row["level2"], row["name"], row["value"]) == ("产出目标", "数量目标", "保安配置数量达标", "2109名")
    assert row["positions"]["value"]["line"] == 133


def test_convert_yaml_is_a_readable_draft(seeds):
    import yaml

    text = run_cli("convert", seeds / "004_88f28acf01a6d66d.txt", "--to", "yaml").stdout
    data = yaml.safe_load(text)
    assert len(data["tables"]) == 4 and "positions" not in text
    assert data["tables"][1]["indicators"][0]["name"] == "基层科普行动计划项目培训人次"


def test_help_is_in_chinese():
    result = run_cli("check", "--help")
    assert result.returncode == 0 and "检查绩效目标表" in result.stdout and "--fail-on" in result.stdout


def test_installed_console_script():
    exe = shutil.which("jxlint")
    if exe is None:
        pytest.skip("jxlint console script not installed (run the README's install command first)")
    result = subprocess.run([exe, "check", str(CLEAN)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "发现问题 0 个" in result.stdout


def test_readme_rule_table_matches_the_rules(pack):
    from linter.engine.docs import rules_table

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert rules_table(pack) in readme, "run: python -m linter.engine.docs, and paste the table into README.md"


def test_readme_commands_match_ci():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert 'pip install ".[test]"' in readme and 'pip install ".[test]"' in ci
    assert "\npytest\n" in readme and "\npytest\n" in ci


def test_every_package_is_declared_for_installation():
    """A package missing from setup.cfg passes every in-tree test and breaks `pip install .`."""
    import configparser

    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg", encoding="utf-8")
    declared = set(config["options"]["packages"].split())
    present = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "linter").rglob("__init__.py")}
    assert present <= declared, f"add to setup.cfg [options] packages: {sorted(present - declared)}"
    assert "linter.rules" in declared  # the rules/ folder, installed as package data


def _metadata(tmp_path):
    """What `pip install .` would install, as setuptools writes it (egg_info: offline, no build)."""
    import sys

    subprocess.run([sys.executable, "-c", "from setuptools import setup; setup()", "-q", "egg_info", "-e", str(tmp_path)],
                   cwd=ROOT, check=True, capture_output=True, timeout=120)
    return next(tmp_path.glob("*.egg-info"))


def test_installs_one_package_and_points_the_command_into_it(tmp_path):
    info = _metadata(tmp_path)
    assert (info / "top_level.txt").read_text(encoding="utf-8").split() == ["linter"]  # no top-level `cli`
    assert "jxlint = linter.cli:main" in (info / "entry_points.txt").read_text(encoding="utf-8")
    sources = (info / "SOURCES.txt").read_text(encoding="utf-8").split()
    assert "linter/cli/__init__.py" in sources and "linter/cli/app.py" in sources


def test_user_install_leaves_the_test_tools_out(tmp_path):
    requires = (_metadata(tmp_path) / "requires.txt").read_text(encoding="utf-8")
    always, _, extras = requires.partition("\n[")
    for tool in ("pytest", "hypothesis", "selenium", "reportlab", "pre-commit"):
        assert tool not in always and tool in extras
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "`pip install .`" in readme and "chromium chromium-driver" in readme
    assert "pip install jxlint" not in readme  # no registry serves it


def test_checkout_entry_point_and_module_run_the_same_command():
    import sys

    for command in ([sys.executable, str(ROOT / "cli.py")], [sys.executable, "-m", "linter.cli"]):
        result = subprocess.run([*command, "check", str(CLEAN)], cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0 and "发现问题 0 个" in result.stdout, result.stderr


def test_ctrl_c_stops_cleanly_and_reports_what_was_done(tmp_path, seeds):
    import os
    import signal
    import sys
    import threading
    import time

    for n in range(400):
        for seed in seeds.glob("*.txt"):
            os.link(seed, tmp_path / f"{n:03d}-{seed.name}")
    process = subprocess.Popen([sys.executable, str(ROOT / "cli.py"), "check", str(tmp_path), "--format", "json"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    # The document streams file by file: interrupt once the first checked file has been written (however busy
    # the machine is), reading all along so that a full pipe never holds the check up.
    received, first_file = [], threading.Event()

    def read():
        for line in process.stdout:
            received.append(line)
            if '"status": "checked"' in line:
                first_file.set()

    reader = threading.Thread(target=read)
    reader.start()
    assert first_file.wait(timeout=120), "no file was checked"
    time.sleep(0.2)
    process.send_signal(signal.SIGINT)
    err = process.stderr.read()
    process.wait(timeout=120)
    reader.join(timeout=120)
    out = "".join(received)
    assert process.returncode == 130, err
    assert "已中断" in err and "Traceback" not in err
    data = json.loads(out)  # the document is complete, not cut off
    done = data["summary"]["files"]
    assert 0 < done < 2000 and len(data["files"]) == done
