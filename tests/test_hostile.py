"""Hostile inputs, broken disks and signals (issue 13), worst first: nothing overwritten or lost,
no hang or runaway memory, signals handled, nothing printed that a terminal would obey, no
traceback. Every jxlint here runs under a time and memory bound (hostile.run), so a regression
fails its test instead of stalling the suite. The corpus is built here, in tmp_path."""
import json
import os
import signal
import stat
import subprocess
import threading
import time
from pathlib import Path

import pytest

import hostile
from hostile import GRID, INJECTIONS, TERMINAL_CONTROLS, run, start

SLOW_RULE = """\
id: slow-pattern
name: 慢的正则
severity: warning
scope: row
when:
  field: value
  regex: '{pattern}'
message: 值“{{value}}”匹配
suggestion: 无
docs: {{what: 测试, why: 测试, fix: 测试, source: 测试}}
examples:
  bad:
    - {{level2: 数量指标, name: 培训人次, value: ab}}
  good:
    - {{level2: 数量指标, name: 培训人次, value: cd}}
"""


def no_traceback(result) -> None:
    assert "Traceback" not in result.stderr, result.stderr[-3000:]


# ---- 1. data loss -------------------------------------------------------------------------
def test_outputs_to_a_fifo_are_written_through_not_replaced(tmp_path):
    draft = hostile.table_text(tmp_path / "t.txt")
    for option in (["-f", "json", "-o"], ["--baseline", "write"]):
        pipe = hostile.fifo(tmp_path / f"pipe{len(option)}")
        received = []
        reader = threading.Thread(target=lambda: received.append(pipe.read_text(encoding="utf-8")), daemon=True)
        reader.start()
        result = run("check", draft, *option, pipe, "--fail-on", "never", timeout=60)
        reader.join(10)
        no_traceback(result)
        assert result.returncode == 0, result.stderr
        assert stat.S_ISFIFO(os.lstat(pipe).st_mode), "the FIFO was replaced by a regular file"
        assert json.loads(received[0])  # the whole output went through the pipe


def test_an_output_symlink_is_followed_and_kept(tmp_path):
    draft = hostile.table_text(tmp_path / "t.txt")
    for name, option in (("out.json", ["-f", "json", "-o"]), ("base.json", ["--baseline", "write"])):
        real = tmp_path / "real" / name
        real.parent.mkdir(exist_ok=True)
        real.write_text("old", encoding="utf-8")
        link = tmp_path / f"link-{name}"
        link.symlink_to(real)
        result = run("check", draft, *option, link, "--fail-on", "never")
        assert result.returncode == 0, result.stderr
        assert link.is_symlink() and json.loads(real.read_text(encoding="utf-8"))
        assert not [p for p in real.parent.iterdir() if p.name.endswith(".tmp")]


def test_a_device_output_is_written_through(tmp_path):
    if os.geteuid() != 0:
        pytest.skip("making a private copy of /dev/null (mknod) needs root; the FIFO test covers writing through")
    null = tmp_path / "null"
    os.mknod(null, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    result = run("check", hostile.table_text(tmp_path / "t.txt"), "-o", null, "--fail-on", "never")
    assert result.returncode == 0, result.stderr
    assert stat.S_ISCHR(os.lstat(null).st_mode)


def test_xml_illegal_characters_do_not_break_the_report(tmp_path):
    draft = tmp_path / "t.txt"
    draft.write_text(GRID.replace("验收合格率", "验收\ufffe合格\uffff率"), encoding="utf-8")
    result = run("report", draft, "-o", tmp_path / "r", "-j", "1")
    assert result.returncode == 1, result.stderr  # 1: the table's findings
    from openpyxl import load_workbook

    problems = list(load_workbook(tmp_path / "r.xlsx").worksheets[3].values)
    assert any("验收\ufffd合格\ufffd率" in str(row) for row in problems)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.csv", "r.html", "r.json", "r.xlsx", "t.txt"]


def test_a_report_that_cannot_be_written_keeps_the_previous_set(tmp_path):
    draft = hostile.table_text(tmp_path / "t.txt")
    assert run("report", draft, "-o", tmp_path / "r", "-j", "1").returncode == 1
    before = {p.name: p.read_bytes() for p in tmp_path.glob("r.*")}
    (tmp_path / "r.xlsx").unlink()
    (tmp_path / "r.xlsx").mkdir()  # the xlsx cannot be written
    draft.write_text(GRID.replace("有效", "很好"), encoding="utf-8")
    result = run("report", draft, "-o", tmp_path / "r", "-j", "1")
    no_traceback(result)
    assert result.returncode == 2 and "r.xlsx" in result.stderr
    assert {p.name: p.read_bytes() for p in tmp_path.glob("r.*") if p.is_file()} == {
        name: data for name, data in before.items() if name != "r.xlsx"}
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_a_walk_accounts_for_every_directory(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    hostile.table_text(outside / "linked.txt")
    top = tmp_path / "top"
    top.mkdir()
    (top / "to-outside").symlink_to(outside)           # followed
    (top / "loop").symlink_to(top)                     # a loop: listed once
    deep = os.open(top, os.O_RDONLY)                   # past PATH_MAX: made one level at a time
    for _ in range(24):
        os.mkdir("d" * 200, dir_fd=deep)
        deep, parent = os.open("d" * 200, os.O_RDONLY, dir_fd=deep), deep
        os.close(parent)
    with open(os.open("t.txt", os.O_WRONLY | os.O_CREAT, dir_fd=deep), "w", encoding="utf-8") as hidden:
        hidden.write(GRID)
    os.close(deep)
    result = run("check", top, "-f", "json")
    no_traceback(result)
    files = {Path(f["path"]).name: f for f in json.loads(result.stdout)["files"]}
    assert files["linked.txt"]["status"] == "checked"
    assert files["loop"]["status"] == "skipped"
    unlisted = [f for f in files.values() if f["status"] == "failed"]
    assert len(unlisted) == 1 and "无法列出目录" in unlisted[0]["error"]
    assert result.returncode == 2


def test_an_unreadable_directory_is_a_failed_entry(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root reads any directory; the PATH_MAX case of test_a_walk_accounts_for_every_directory "
                    "covers a directory that cannot be listed")
    locked = tmp_path / "top" / "locked"
    locked.mkdir(parents=True)
    hostile.table_text(locked / "t.txt")
    locked.chmod(0)
    try:
        result = run("check", tmp_path / "top")
    finally:
        locked.chmod(0o755)
    assert result.returncode == 2 and "无法列出目录" in result.stderr


# ---- 2. hangs and runaway memory ----------------------------------------------------------
def test_special_files_are_never_opened(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    hostile.table_text(folder / "good.txt")
    hostile.fifo(folder / "pipe.txt")
    (folder / "zero.txt").symlink_to("/dev/zero")
    named = hostile.fifo(tmp_path / "named.csv")
    result = run("check", folder, named, "-f", "json", timeout=60)
    no_traceback(result)
    files = {Path(f["path"]).name: f for f in json.loads(result.stdout)["files"]}
    assert files["good.txt"]["status"] == "checked"
    for name, status in (("pipe.txt", "skipped"), ("zero.txt", "skipped"), ("named.csv", "failed")):
        assert files[name]["status"] == status and "不是普通文件" in files[name]["error"], files[name]
    report = run("report", folder, "-o", tmp_path / "r", "-j", "2", timeout=60)
    assert report.returncode == 1, report.stderr
    baseline = run("check", folder / "good.txt", "--baseline", named, timeout=30)
    assert baseline.returncode == 2 and "不是普通文件" in baseline.stderr


def test_csv_reading_is_linear_and_bounded(tmp_path):
    wide = tmp_path / "commas.csv"
    wide.write_text("," * 1_000_000 + "\n", encoding="utf-8")  # a minute and more, read quadratically
    tall = tmp_path / "many.csv"
    tall.write_text(("," * 16_000 + "\n") * 70, encoding="utf-8")
    started = time.monotonic()
    result = run("check", wide, tall, timeout=60)
    assert time.monotonic() - started < 30
    assert result.returncode == 2 and "超过 Excel 的 16384 列" in result.stderr and "单元格超过" in result.stderr


def test_expanding_office_and_pdf_files_are_refused_quickly(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for n, merge in enumerate(hostile.MERGE_VARIANTS.values()):
        hostile.xlsx_with_merge(folder / f"merge{n}.xlsx", merge)
    hostile.xlsx_with_merge(folder / "elsewhere.xlsx", hostile.MERGE_VARIANTS["absolute"], "xl/elsewhere/s.xml")
    hostile.xlsx_shared_sheet(folder / "shared.xlsx")
    hostile.docx_with_grid_before(folder / "grid.docx")
    hostile.pdf_flate_bomb(folder / "bomb.pdf", 150 << 20)
    hostile.pdf(folder / "cycle.pdf", b"BT ET", page_tree_cycle=True)
    result = run("check", folder, "-f", "json", timeout=120)
    no_traceback(result)
    errors = {Path(f["path"]).name: f["error"] for f in json.loads(result.stdout)["files"]}
    for name in [f"merge{n}.xlsx" for n in range(len(hostile.MERGE_VARIANTS))] + ["elsewhere.xlsx", "shared.xlsx"]:
        assert "合并单元格共覆盖" in errors[name], (name, errors[name])
    assert "gridBefore" in errors["grid.docx"]
    assert "压缩炸弹" in errors["bomb.pdf"]
    assert "页面目录自相循环" in errors["cycle.pdf"]
    assert all(line.startswith("jxlint: ") for line in result.stderr.splitlines()), result.stderr  # no library chatter


def test_a_pdf_content_stream_is_read_within_its_time_bound(tmp_path, monkeypatch):
    from linter.util.errors import InputError
    from linter.readers import pdf

    monkeypatch.setattr(pdf, "MAX_SECONDS", 1, raising=False)
    noops = hostile.pdf(tmp_path / "noops.pdf", b"n\n" * 3_000_000)
    started = time.monotonic()
    with pytest.raises(InputError, match="秒内没有读完"):
        pdf.read(noops)
    assert time.monotonic() - started < 5


def test_a_user_pattern_that_expands_is_refused_before_compiling(tmp_path):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "slow-pattern.yaml").write_text(SLOW_RULE.format(pattern="((((a{1000}){1000}){1000}){1000})"), encoding="utf-8")
    result = run("check", hostile.table_text(tmp_path / "t.txt"), "--rules", rules, timeout=60)
    no_traceback(result)
    assert result.returncode == 2 and "展开后" in result.stderr


def test_users_patterns_share_one_time_budget_per_file(tmp_path):
    rules = tmp_path / "rules"
    rules.mkdir()
    for n in range(50):
        (rules / f"slow-pattern-{n}.yaml").write_text(SLOW_RULE.format(pattern="(a|a)+$").replace(
            "slow-pattern", f"slow-pattern-{n}"), encoding="utf-8")
    lines = [f"产出指标\t数量指标\t指标{i}\t{'a' * (30 + i)}b" for i in range(30)]
    draft = tmp_path / "t.txt"
    draft.write_text("一级指标\t二级指标\t三级指标\t年度指标值\n" + "\n".join(lines) + "\n", encoding="utf-8")
    started = time.monotonic()
    result = run("check", draft, "--rules", rules, "-f", "json", timeout=60)
    elapsed = time.monotonic() - started
    assert elapsed < 20, f"50 slow rules took {elapsed:.0f}s"
    messages = [f["message"] for f in json.loads(result.stdout)["files"][0]["findings"]]
    assert sum("累计用时" in m for m in messages) == 1


# ---- 3. signals -------------------------------------------------------------------------------
@pytest.fixture
def slow_folder(tmp_path):
    """Twelve files that take about a second each (a user pattern spends its whole budget)."""
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "slow-pattern.yaml").write_text(SLOW_RULE.format(pattern="(a|a)+$"), encoding="utf-8")
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(12):
        rows = [f"产出指标\t数量指标\t指标{i}\t{'a' * (30 + i)}b" for i in range(30)]
        (folder / f"f{n:02}.txt").write_text("一级指标\t二级指标\t三级指标\t年度指标值\n" + "\n".join(rows) + "\n",
                                             encoding="utf-8")
    return folder, rules


def _after(process, workers: int, *signals_sent, group: bool = False) -> subprocess.CompletedProcess:
    """Send the signals once jxlint runs ``workers`` other processes and is a second into its work,
    to jxlint alone (as kill does) or to its whole process group (as Ctrl-C in a terminal does)."""
    hostile.wait_for_group(process.pid, 1 + workers)
    time.sleep(1)
    for number in signals_sent:
        os.killpg(process.pid, number) if group else process.send_signal(number)
        time.sleep(0.5)
    sent = time.monotonic()
    try:
        out, err = process.communicate(timeout=15)
    except subprocess.TimeoutExpired:
        hostile.kill_group(process.pid)
        raise AssertionError("jxlint did not stop after the signal")
    result = subprocess.CompletedProcess(process.args, process.returncode, out, err)
    result.elapsed = time.monotonic() - sent
    return result


def _group_gone(pgid: int) -> bool:
    deadline = time.monotonic() + 5
    while hostile.group_size(pgid) and time.monotonic() < deadline:
        time.sleep(0.1)
    gone = not hostile.group_size(pgid)
    hostile.kill_group(pgid)
    return gone


def test_sigterm_ends_check_with_valid_output_and_no_workers(slow_folder):
    folder, rules = slow_folder
    process = start("check", folder, "--rules", rules, "-f", "json", "-j", "2")
    result = _after(process, 2, signal.SIGTERM)
    no_traceback(result)
    assert result.returncode == 143
    assert len(json.loads(result.stdout)["files"]) < 12  # valid JSON, stopped early
    assert _group_gone(process.pid)


def test_sigterm_ends_report_without_temporaries(slow_folder, tmp_path):
    folder, rules = slow_folder
    out = tmp_path / "out"
    process = start("report", folder, "--rules", rules, "-o", out / "r", "-j", "2", "-q")
    result = _after(process, 2, signal.SIGTERM)  # two workers (the reports are written by jxlint itself)
    no_traceback(result)
    assert result.returncode == 143
    assert list(out.iterdir()) == []
    assert _group_gone(process.pid)


def test_workers_die_with_a_killed_parent(slow_folder, tmp_path):
    folder, rules = slow_folder
    process = start("report", folder, "--rules", rules, "-o", tmp_path / "r", "-j", "2", "-q")
    hostile.wait_for_group(process.pid, 3)  # jxlint and its two workers
    os.kill(process.pid, signal.SIGKILL)
    try:
        process.communicate(timeout=15)  # returns once no process holds its pipes
    except subprocess.TimeoutExpired:
        hostile.kill_group(process.pid)
        raise AssertionError("workers outlived the killed parent")
    assert _group_gone(process.pid)


def test_a_second_ctrl_c_exits_at_once(slow_folder, tmp_path):
    folder, rules = slow_folder
    out = tmp_path / "out"
    process = start("report", folder, "--rules", rules, "-o", out / "r", "-j", "2", "-q")
    result = _after(process, 2, signal.SIGINT, signal.SIGINT, group=True)
    assert result.elapsed < 3, f"{result.elapsed:.1f}s from the second Ctrl-C to the exit"
    no_traceback(result)
    assert result.returncode == 130 and list(out.iterdir()) == []
    assert _group_gone(process.pid)


# ---- 4. terminal injection ---------------------------------------------------------------------
def test_control_characters_are_shown_escaped(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for n, (kind, text) in enumerate(INJECTIONS.items()):
        (folder / f"{n}{text}.txt").write_text(GRID.replace("验收合格率", f"验收{text}率"), encoding="utf-8")
    (folder / "unsupported\x1b[2J.bin").write_bytes(b"x")
    (folder / "empty\x1b]0;t\x07.txt").write_bytes(b"")  # failed: listed by report --summary
    for output_format in ("text", "github"):
        result = run("check", folder, "-f", output_format)
        no_traceback(result)
        for stream in (result.stdout, result.stderr):
            assert not TERMINAL_CONTROLS.search(stream), repr(TERMINAL_CONTROLS.search(stream))
            assert not any(line.startswith("forged.txt") for line in stream.splitlines())
    report = run("report", folder, "-o", tmp_path / "r", "-j", "1", "--summary")
    for name in ("r.html", "r.csv"):
        assert "\u202e" not in (tmp_path / name).read_text(encoding="utf-8-sig")
    assert not TERMINAL_CONTROLS.search(report.stdout + report.stderr)


# ---- 5. surrogates and names that are not UTF-8 ---------------------------------------------
def test_surrogates_and_non_utf8_names_never_crash_an_output(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    with open(os.path.join(os.fsencode(folder), "项目".encode("gbk") + b".txt"), "w", encoding="utf-8") as gbk:
        gbk.write(GRID)
    draft = "tables:\n- kind: target\n  project: \"{}\"\n  indicators:\n" \
            "  - {{level1: 产出指标, level2: 质量指标, name: 验收合格率, value: 有效}}\n"
    (folder / "pair.yaml").write_text(draft.format("\\ud840\\udc00项目"), encoding="utf-8")
    (folder / "lone.yaml").write_text(draft.format("\\ud800项目"), encoding="utf-8")
    printed = {}
    for output_format in ("text", "json", "github", "junit"):
        result = run("check", folder, "-f", output_format)
        no_traceback(result)
        assert result.returncode == 1, (output_format, result.stderr[-2000:])
        printed[output_format] = result.stdout
    listed = json.loads(printed["json"])["files"]
    assert len(listed) == 3 and any(t["project"] == "𠀀项目" for f in listed for t in f["tables"])
    assert "\\xcf\\xee" in printed["text"]  # the GBK name's bytes, shown as escapes
    assert run("check", folder, "-f", "sarif", "-o", tmp_path / "out.sarif").returncode == 1
    assert json.loads((tmp_path / "out.sarif").read_text(encoding="utf-8"))["runs"][0]["results"]
    report = run("report", folder, "-o", tmp_path / "r", "-j", "1")
    no_traceback(report)
    assert report.returncode == 1 and len(json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["files"]) == 3


def test_staged_files_with_gbk_names(tmp_path):
    repository = tmp_path / "repo"
    repository.mkdir()
    subprocess.run(["git", "init", "-q"], cwd=repository, check=True)
    with open(os.path.join(os.fsencode(repository), "表".encode("gbk") + b".txt"), "w", encoding="utf-8") as staged:
        staged.write(GRID)
    subprocess.run(["git", "add", "-A"], cwd=repository, check=True)
    result = run("check", "--staged", cwd=repository)
    no_traceback(result)
    assert result.returncode == 1 and "验收合格率" in result.stdout


# ---- 6. tracebacks and unclear messages -------------------------------------------------------
def test_a_symlink_loop_with_overrides_is_one_failed_file(tmp_path):
    (tmp_path / ".jxlint.yaml").write_text("overrides:\n  - files: ['*.txt']\n    ignore: [vague-value]\n",
                                           encoding="utf-8")
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    hostile.table_text(tmp_path / "good.txt")
    result = run("check", tmp_path)
    no_traceback(result)
    assert result.returncode == 2 and "loop.txt: 失败" in result.stderr


@pytest.mark.parametrize("name, text", [(".jxlint.yaml", hostile.deep_yaml()),
                                        ("pyproject.toml", hostile.deep_toml())])
def test_deeply_nested_configuration_is_one_line(tmp_path, name, text):
    (tmp_path / name).write_text(text, encoding="utf-8")
    result = run("check", hostile.table_text(tmp_path / "t.txt"))
    no_traceback(result)
    assert result.returncode == 2 and "嵌套太深" in result.stderr and len(result.stderr.splitlines()) == 1


def test_bad_baselines_are_one_line(tmp_path):
    draft = hostile.table_text(tmp_path / "t.txt")
    deep = tmp_path / "deep.json"
    deep.write_text(hostile.deep_json(), encoding="utf-8")
    later = tmp_path / "v2.json"
    later.write_text(json.dumps({"format": "jxlint-baseline", "version": 2, "findings": []}), encoding="utf-8")
    for baseline, words in ((deep, "嵌套太深"), (later, "版本")):
        result = run("check", draft, "--baseline", baseline)
        no_traceback(result)
        assert result.returncode == 2 and words in result.stderr


def test_a_full_disk_is_one_line_and_exit_2(tmp_path):
    if os.geteuid() != 0:
        pytest.skip("making a private copy of /dev/full (mknod) needs root")
    full = tmp_path / "full"
    os.mknod(full, 0o666 | stat.S_IFCHR, os.makedev(1, 7))
    draft = hostile.table_text(tmp_path / "t.txt")
    book = hostile.xlsx_with_merge(tmp_path / "t.xlsx", "")
    for source, option in ((draft, ["-o", full]), (draft, ["--baseline", "write", full]), (book, ["--annotate", full])):
        result = run("check", source, *option, "--fail-on", "never")
        no_traceback(result)
        assert result.returncode == 2 and "No space left" in result.stderr, result.stderr
    with full.open("w") as stdout:
        result = run("check", draft, "--fail-on", "never", stdout=stdout)
    no_traceback(result)
    assert result.returncode == 2 and "无法写出结果" in result.stderr and len(result.stderr.splitlines()) == 1


def test_unclear_cases_get_honest_answers(tmp_path):
    cr_only = tmp_path / "mac.txt"
    cr_only.write_bytes(GRID.replace("\n", "\r").encode("utf-8"))
    assert run("check", cr_only).returncode == 1
    long_name = tmp_path / ("长" * 83 + ".json")  # 249 bytes plus the dot: a valid name
    assert run("check", hostile.table_text(tmp_path / "t.txt"), "-f", "json", "-o", long_name,
               "--fail-on", "never").returncode == 0
    assert json.loads(long_name.read_text(encoding="utf-8"))
    (tmp_path / "base").mkdir()
    (tmp_path / ".jxlint.yaml").write_text("extends: base\n", encoding="utf-8")
    result = run("check", tmp_path / "t.txt")
    assert result.returncode == 2 and "不是普通文件（目录）" in result.stderr


def test_a_cell_cut_to_the_limit_says_so(tmp_path):
    """A 10⁶-character cell is read as its first 20,000 characters, and the user is told, in text and in a
    workbook alike."""
    text = tmp_path / "long.txt"
    text.write_text(GRID.replace("有效", "有效" + "长" * 1_000_000), encoding="utf-8")
    found = json.loads(run("check", text, "-f", "json", "--fail-on", "never").stdout)["files"][0]["findings"]
    assert [f["rule"] for f in found].count("cell-too-long") == 1
    from openpyxl import Workbook

    book = Workbook()
    for row in [line.split("\t") for line in GRID.splitlines()]:
        book.active.append(row)
    book.active["D2"] = "有效" + "长" * 30_000
    book.save(tmp_path / "long.xlsx")
    found = json.loads(run("check", tmp_path / "long.xlsx", "-f", "json", "--fail-on", "never").stdout)
    [cut] = [f for f in found["files"][0]["findings"] if f["rule"] == "cell-too-long"]
    assert cut["ref"].endswith("!D2")
