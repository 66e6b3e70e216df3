"""jxlint report as a user runs it: real processes and real files (openpyxl reads the workbook
back, a real headless Chromium opens the page), and numbers that must agree across every output
and with ``jxlint check --format json``."""
import base64
import codecs
import csv
import io
import json
import os
import pty
import re
import shutil
import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path

import pytest
from openpyxl import load_workbook

from conftest import ROOT, run_cli
from linter.engine.evaluate import Engine
from linter.readers.examples import table as example_table
from linter.model.findings import FileResult
from linter.outputs.report.aggregate import PENALTY, ROW_COST, SCORE_FORMULA, Aggregate
from linter.outputs.report.rows import view
from linter.run.runner import WORKER_DIED, expand, lint_parallel, lint_paths, summary
from linter.run.session import Options

SMALL_SEEDS = ("000_87dde8d8f991aaf0.txt", "001_fe87764352761340.txt")
CORRUPT = b"\x00\x01\x02PK\x03\x04" * 50
# Entities, because the text reader drops raw tags and then decodes entities: the table's cells
# then hold real markup, quotes and a control character (\x07).
HOSTILE = ("绩效目标表\n（2023年度）\n"
           "项目名称\t&lt;b&gt;\"培训\"项目&#39;&lt;/b&gt;\x07\n"
           "主管部门\t=HYPERLINK(\"http://example.invalid\",\"点我\")\n"
           "实施单位\t单位&lt;img src=x onerror=window.__xss=2&gt;\n"
           "一级指标\t二级指标\t三级指标\t年度指标值\n"
           "产出指标\t质量指标\t&lt;script&gt;alert(1)&lt;/script&gt;\t有效\n"
           "产出指标\t数量指标\t培训'人次\" onmouseover=\"window.__xss=3\t"
           "\"&lt;/td&gt;&lt;script&gt;window.__xss=1&lt;/script&gt;\"\n")
SCRIPT_INDICATOR = "<script>alert(1)</script>"
SEVERITY_LABELS = {"error": "错误", "warning": "警告", "info": "提示"}


class Report:
    """The four files of one ``jxlint report -o PREFIX`` run, read back with real parsers."""

    def __init__(self, prefix: Path, sheets=("单位", "表格", "问题", "文件")):
        self.html = prefix.with_name(prefix.name + ".html").read_text(encoding="utf-8")
        self.json = json.loads(prefix.with_name(prefix.name + ".json").read_text(encoding="utf-8"))
        self.csv_bytes = prefix.with_name(prefix.name + ".csv").read_bytes()
        self.csv = list(csv.DictReader(io.StringIO(self.csv_bytes.decode("utf-8-sig"))))
        book = load_workbook(prefix.with_name(prefix.name + ".xlsx"), read_only=True)
        assert book.sheetnames == ["汇总", "单位", "表格", "问题", "文件"]
        self.sheets = {name: _records(book[name]) for name in sheets}
        self.overview = {row[0]: row[1] for row in book["汇总"].iter_rows(values_only=True) if row and row[0]}
        book.close()

    def totals(self) -> dict:
        """The overview numbers of the HTML page (data-total="…")."""
        return {key: float(value) for key, value in re.findall(r'data-total="(\w+)">([\d.]+)<', self.html)}


def _records(sheet):
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row)) for row in rows[1:]]


def report(*args):
    result = run_cli("report", *args)
    assert "Traceback" not in result.stderr, result.stderr
    return result


@pytest.fixture(scope="module")
def seeds_report(seeds, tmp_path_factory):
    prefix = tmp_path_factory.mktemp("seeds-report") / "r"
    result = report(seeds, "-o", prefix)
    assert result.returncode == 1, result.stderr  # error findings, no failed file
    return Report(prefix)


@pytest.fixture(scope="module")
def checked(seeds):
    return json.loads(run_cli("check", seeds, "--format", "json").stdout)


def test_json_agrees_with_check(seeds_report, checked):
    data = seeds_report.json
    assert [(f["path"], f["status"], f["findings"]) for f in data["files"]] == \
        [(f["path"], f["status"], f["findings"]) for f in checked["files"]]
    for ours, theirs in zip(data["files"], checked["files"]):
        assert [{k: t[k] for k in c} for t, c in zip(ours["tables"], theirs["tables"])] == theirs["tables"]
    assert {k: data["summary"][k] for k in checked["summary"]} == checked["summary"]
    tables = [t for f in data["files"] for t in f["tables"]]
    assert sum(t["finding_count"] for t in tables) == checked["summary"]["findings"]
    for department in data["departments"]:
        for unit in department["units"]:
            scores = [t["score"] for t in tables if t["group"] == {"department": department["department"],
                                                                   "unit": unit["unit"]}]
            assert unit["tables"] == len(scores) and unit["score"] == round(sum(scores) / len(scores), 1)
    assert sum(d["tables"] for d in data["departments"]) == data["summary"]["tables"] == len(tables)


def test_csv_agrees_with_check(seeds_report, checked):
    assert seeds_report.csv_bytes.startswith(codecs.BOM_UTF8)
    rows = seeds_report.csv
    assert Counter(r["规则"] for r in rows if r["规则"]) == Counter(checked["summary"]["by_rule"])
    assert Counter(r["级别"] for r in rows if r["规则"]) == Counter(
        {SEVERITY_LABELS[s]: n for s, n in checked["summary"]["by_severity"].items() if n})
    assert {r["文件"] for r in rows} == {f["path"] for f in checked["files"]}
    first = next(f for f in checked["files"] if f["findings"])["findings"][0]
    row = next(r for r in rows if r["规则"])
    assert (row["文件"], int(row["行"]), int(row["列"]), row["说明"]) == (first["path"], first["line"], first["column"],
                                                                   first["message"])


def test_xlsx_agrees_with_check(seeds_report, checked):
    sheets, s = seeds_report.sheets, checked["summary"]
    assert Counter(r["规则"] for r in sheets["问题"]) == Counter(s["by_rule"])
    assert len(sheets["表格"]) == s["tables"] and sum(r["指标"] for r in sheets["表格"]) == s["indicators"]
    assert sum(r["问题"] for r in sheets["表格"]) == sum(r["问题"] for r in sheets["单位"]) == s["findings"]
    assert [(r["文件"], r["状态"]) for r in sheets["文件"]] == [(f["path"], "已检查") for f in checked["files"]]
    scores = {t["number"]: t["score"] for f in seeds_report.json["files"] for t in f["tables"]}
    assert {r["序号"]: r["得分"] for r in sheets["表格"]} == scores
    overview = seeds_report.overview
    assert (overview["文件"], overview["表"], overview["指标"], overview["问题"], overview["问题：错误"]) == \
        (s["files"], s["tables"], s["indicators"], s["findings"], s["by_severity"]["error"])
    assert sorted(r["排名"] for r in sheets["单位"]) == [r["排名"] for r in sheets["单位"]]


def test_xlsx_sheets_have_a_frozen_filtered_header_and_a_full_sheet_continues(seeds, checked, tmp_path, monkeypatch):
    from linter.outputs import report as reports
    from linter.outputs.report import xlsx

    monkeypatch.setattr(xlsx, "MAX_ROWS", 100)  # 问题 holds more findings than this: it goes on in 问题 (2)…
    reports.run([str(seeds)], tmp_path / "r", Options(), 1, quiet=True)
    book = load_workbook(tmp_path / "r.xlsx")
    parts = [name for name in book.sheetnames if name.startswith("问题")]
    assert book.sheetnames[:5] == ["汇总", "单位", "表格", "问题", "文件"] and len(parts) > 2
    assert parts[1:] == [f"问题 ({n})" for n in range(2, len(parts) + 1)]
    findings = 0
    for name in ["单位", "表格", "文件", *parts]:
        sheet = book[name]
        header = [cell for cell in sheet[1]]
        assert header[0].value in ("排名", "序号", "文件") and all(cell.font.b for cell in header), name
        assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == f"A1:{header[-1].column_letter}{sheet.max_row}"
        assert sheet.max_row <= 100
        findings += sheet.max_row - 1 if name in parts else 0
    assert findings == checked["summary"]["findings"]
    assert book["汇总"].freeze_panes is None and not book["汇总"]["A1"].font.b


def test_html_agrees_with_check_and_is_self_contained(seeds_report, checked):
    html, s = seeds_report.html, checked["summary"]
    totals = seeds_report.totals()
    for key in ("files", "checked", "skipped", "failed", "tables", "indicators", "findings"):
        assert totals[key] == s[key], key
    assert [totals[k] for k in ("error", "warning", "info")] == list(s["by_severity"].values())
    assert totals["score"] == seeds_report.json["summary"]["score"]
    assert html.count('<details class="table-detail"') == s["tables"]
    sections = re.findall(r'id="t(\d+)"[^>]*><summary><span class="score \w+" title="\w+">(\d+)</span>', html)
    assert {int(n): int(score) for n, score in sections} == {
        t["number"]: t["score"] for f in seeds_report.json["files"] for t in f["tables"]}
    assert html.count('<div class="note ') == s["findings"]  # each finding shown once, beside its cell or table
    flagged_rows = [row.split("</tr>")[0] for row in html.split('<tr class="flagged">')[1:]]
    assert flagged_rows and all('<td class="hit ' in row for row in flagged_rows)  # the cell itself is marked
    assert SCORE_FORMULA in html
    assert not re.search(r"""(src|href)\s*=\s*(?!"#)|@import|url\(|<link""", html), "external reference"


def test_score_counts_clean_rows_and_penalises_table_findings(pack):
    engine = Engine(pack, [pack.get(i) for i in ("vague-value", "empty-value", "missing-cost")])
    rows = [{"level1": "产出指标", "level2": "数量指标", "name": "培训人次", "value": "≥600人次"},
            {"level1": "产出指标", "level2": "质量指标", "name": "验收合格率", "value": "有效"},
            {"level1": "产出指标", "level2": "时效指标", "name": "完成时间", "value": "2023年12月底前"},
            {"level1": "满意度指标", "level2": "服务对象满意度指标", "name": "学员满意度", "value": "≥90%"},
            {"level1": "产出指标", "level2": "质量指标", "name": "培训合格率", "value": ""}]
    table = example_table({"year": 2023, "project": "培训", "unit": "某 中心", "rows": rows})
    findings = engine.check(table)
    assert sorted(f.rule for f in findings) == ["empty-value", "missing-cost", "vague-value"]
    result = FileResult("a.txt", "checked", "", (summary(table, 0, view(table, findings)),), tuple(findings))
    entry, = Aggregate({}).add(result)
    empty = next(f for f in entry.findings if f.rule == "empty-value")
    assert entry.rows[4][1] == (empty,)  # about an empty cell: placed on the row of its indicator
    assert [f.rule for f in entry.loose] == ["missing-cost"]
    assert entry.clean == 3
    assert entry.score == round(100 * (5 - 2 * ROW_COST["error"]) / 5 - PENALTY["warning"]) == 57
    assert (entry.department, entry.unit) == ("（未填主管部门）", "某 中心")


def _scored_unit(pack, unit, rows):
    """One table of ``unit`` checked by every rule, as the report scores it."""
    table = example_table({"year": 2023, "project": unit, "unit": unit, "rows": rows})
    findings = Engine(pack).check(table)
    return FileResult(f"{unit}.txt", "checked", "", (summary(table, 0, view(table, findings)),), tuple(findings))


def test_ranking_a_reviewer_agrees_with(pack):
    """Fixed by hand: a complete table with one info ranks first; 22 indicators that only lack a unit
    (0 errors, 22 warnings) rank above a table whose 20 targets are all unmeasurable (errors), which
    ranks above a table with no targets at all; a table-level warning costs less than an error row."""
    dimensions = [{"level1": "产出指标", "level2": "质量指标", "name": "验收合格率", "value": "=100%"},
                  {"level1": "产出指标", "level2": "时效指标", "name": "完成时间", "value": "2023年12月底前"},
                  {"level1": "产出指标", "level2": "成本指标", "name": "成本控制率", "value": "≤100%"},
                  {"level1": "满意度指标", "level2": "服务对象满意度指标", "name": "学员满意度", "value": "≥90%"}]
    complete = [{"level1": "产出指标", "level2": "数量指标", "name": "培训人次", "value": "≥600人次"},
                *dimensions[:3], {**dimensions[3], "value": "100%"}]  # satisfaction at 100%: an info
    bare = [{"level1": "产出指标", "level2": "数量指标", "name": f"培训{i}期人数", "value": str(30 + i)}
            for i in range(22)] + dimensions
    vague = [{"level1": "产出指标", "level2": "数量指标", "name": f"第{i}项工作", "value": "有效"}
             for i in range(20)] + dimensions
    empty = [{"level1": "产出指标", "level2": "数量指标", "name": f"第{i}项工作", "value": ""} for i in range(20)]
    aggregate = Aggregate({})
    for unit, rows in (("甲", vague), ("乙", complete), ("丙", empty), ("丁", bare)):
        aggregate.add(_scored_unit(pack, unit, rows))
    aggregate.finish()
    ranking = [(unit.unit, unit.score) for unit in aggregate.ranked_units()]
    print("\n" + "  ".join(f"{name} {score:g}" for name, score in ranking))
    severities = {unit.unit: +unit.severity for unit in aggregate.units.values()}
    assert severities["丁"]["error"] == 0 and severities["丁"]["warning"] == 22
    assert severities["乙"] == Counter(info=1)
    assert [name for name, _ in ranking] == ["乙", "丁", "甲", "丙"]
    assert ranking[0][1] == 100 and ranking[1][1] >= 50 > ranking[2][1]


def test_score_formula_is_documented_in_readme():
    formula = SCORE_FORMULA.split("，")[0]
    assert formula.startswith("表得分 = 100 × (指标总数 − 各行扣分之和) ÷ 指标总数")
    assert all(f"{points:g} × 表级{label}数" in formula for label, points in
               (("错误", PENALTY["error"]), ("警告", PENALTY["warning"]), ("提示", PENALTY["info"])))
    assert formula in (ROOT / "README.md").read_text(encoding="utf-8")


def test_check_with_jobs_prints_the_same(seeds):
    serial = run_cli("check", seeds, "--format", "json")
    parallel = run_cli("check", seeds, "--format", "json", "--jobs", "2")
    assert parallel.returncode == serial.returncode == 1
    assert parallel.stdout == serial.stdout


def crash_on_boom(table, findings):
    """A row view that kills its worker process on one file, as a crash in a C library would."""
    if "boom" in Path(table.path).name:
        os._exit(3)
    return view(table, findings)


def test_a_dying_worker_fails_only_its_file(seeds, pack, tmp_path):
    for n in range(9):
        name = "boom.txt" if n == 4 else f"{n}_{SMALL_SEEDS[n % len(SMALL_SEEDS)]}"
        shutil.copy(seeds / SMALL_SEEDS[n % len(SMALL_SEEDS)], tmp_path / name)
    files = list(expand([tmp_path]))
    results = list(lint_parallel(files, Options(), 2, view=crash_on_boom))
    assert [r.path for r in results] == [str(path) for path, _ in files]
    assert {r.path.endswith("boom.txt"): (r.status, r.error) for r in results if r.status == "failed"} == \
        {True: ("failed", WORKER_DIED)}
    assert sum(r.status == "checked" for r in results) == 8
    serial = {r.path: r.to_dict() for r in lint_paths([tmp_path], Engine(pack))}
    assert all(r.to_dict() == serial[r.path] for r in results if r.status == "checked")


def test_hostile_text_is_escaped_and_defused(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    report(tmp_path / "in", "-o", tmp_path / "r", "--quiet")
    out = Report(tmp_path / "r")
    for raw in ("<script>alert(1)", "<img src=x", "</td><script>", '" onmouseover="'):
        assert raw not in out.html
    assert "培训&#x27;人次&quot; onmouseover=&quot;window.__xss=3" in out.html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out.html
    assert "&lt;b&gt;&quot;培训&quot;项目&#x27;&lt;/b&gt;\ufffd" in out.html  # quotes escaped, \x07 shown as �
    assert out.html.count("<script>") == 1  # the page's own
    departments = {r["主管部门"] for r in out.csv}
    assert departments == {"'=HYPERLINK(\"http://example.invalid\",\"点我\")"}  # text, not a formula, in Excel
    book = load_workbook(tmp_path / "r.xlsx")
    cells = [row[4] for row in book["问题"].iter_rows(min_row=2)]
    assert cells and all(c.value == "=HYPERLINK(\"http://example.invalid\",\"点我\")" and c.data_type == "s"
                         for c in cells)
    assert {r["项目名称"] for r in out.sheets["问题"]} == {"<b>\"培训\"项目'</b>\ufffd"}


def test_configuration_and_suppressions_apply_as_in_check(seeds, tmp_path):
    source = tmp_path / "in"
    source.mkdir()
    shutil.copy(seeds / "003_b8de17d7b47ea05c.part1.txt", source)
    report(source, "-o", tmp_path / "before", "--quiet")
    (source / ".jxlint.yaml").write_text(
        "ignore: [missing-cost]\nsuppress:\n  - rule: missing-deadline\n    project: 校区保安经费\n"
        "    indicator: 应急响应\n    reason: 按应急预案执行\n", encoding="utf-8")
    report(source, "-o", tmp_path / "after", "--quiet")
    checked = json.loads(run_cli("check", source, "--format", "json").stdout)
    before, after = (json.loads((tmp_path / f"{name}.json").read_text(encoding="utf-8"))
                     for name in ("before", "after"))
    assert [f["findings"] for f in after["files"]] == [f["findings"] for f in checked["files"]]
    assert "missing-cost" in before["summary"]["by_rule"] and "missing-cost" not in after["summary"]["by_rule"]

    def guard(data):
        return next(t for t in data["files"][0]["tables"] if t["project"] == "校区保安经费")

    assert guard(after)["clean_indicators"] == guard(before)["clean_indicators"] + 1  # 应急响应 is clean now
    assert "应急响应" not in " ".join(r["指标"] for r in Report(tmp_path / "after", sheets=()).csv
                                  if r["规则"] == "missing-deadline")


def test_summary_quiet_and_output_names(seeds, tmp_path):
    (tmp_path / "in").mkdir()
    shutil.copy(seeds / SMALL_SEEDS[0], tmp_path / "in")
    (tmp_path / "in" / "notes.md").write_text("# 说明", encoding="utf-8")
    result = report(tmp_path / "in", "-o", tmp_path / "out" / "r.html", "--summary", "--quiet", "--fail-on", "never")
    assert result.returncode == 0 and result.stderr == ""
    assert result.stdout.startswith("## 绩效目标表批量检查摘要")
    assert "- 文件 2 个：检查 1，跳过 1，失败 0" in result.stdout and "### 最常见的问题" in result.stdout
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["r.csv", "r.html", "r.json", "r.xlsx"]
    skipped = next(r for r in Report(tmp_path / "out" / "r").csv if r["状态"] == "跳过")
    assert skipped["文件"].endswith("notes.md") and "不支持的文件类型" in skipped["说明"]


def test_unwritable_output_is_one_line(seeds, tmp_path):
    (tmp_path / "blocker").write_text("", encoding="utf-8")
    result = report(seeds / SMALL_SEEDS[0], "-o", tmp_path / "blocker" / "r")
    assert result.returncode == 2
    assert "无法写出报告" in result.stderr and result.stderr.count("\n") == 1


# ---- 2,000 files ------------------------------------------------------------------------
@pytest.fixture(scope="module")
def two_thousand(seeds, tmp_path_factory):
    """1,999 copies of the small seed tables in eight folders, and one corrupt file among them."""
    root = tmp_path_factory.mktemp("bureau")
    for n in range(1999):
        folder = root / f"单位{n // 250:02d}"
        folder.mkdir(exist_ok=True)
        source = seeds / SMALL_SEEDS[n % len(SMALL_SEEDS)]
        shutil.copy(source, folder / f"{n:04d}_{source.name}")
    (root / "单位03" / "corrupt.txt").write_bytes(CORRUPT)
    return root


def run_in_terminal(*args):
    """jxlint with stderr on a pseudo-terminal, as a user sees it; returns (code, stdout, terminal)."""
    master, slave = pty.openpty()
    process = subprocess.Popen([sys.executable, str(ROOT / "cli.py"), *map(str, args)], cwd=ROOT,
                               stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=slave,
                               env=dict(os.environ, COLUMNS="160"))
    os.close(slave)
    screen = []

    def drain():
        while True:
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: the process closed its end
                return
            if not data:
                return
            screen.append(data)

    reader = threading.Thread(target=drain)
    reader.start()
    stdout, _ = process.communicate(timeout=300)
    reader.join(timeout=10)
    os.close(master)
    return process.returncode, stdout.decode(), b"".join(screen).decode("utf-8", "replace")


def test_two_thousand_files_all_accounted_for(two_thousand, tmp_path):
    code, stdout, terminal = run_in_terminal("report", two_thousand, "-o", tmp_path / "r", "--jobs", "2")
    assert code == 2, terminal  # one file failed
    assert "2000/2000" in terminal and "张表" in terminal and "个/秒" in terminal  # the progress bar
    assert "corrupt.txt: 失败：" in terminal and "Traceback" not in terminal
    assert "共 2000 个文件（检查 1999，跳过 0，失败 1）" in stdout
    out = Report(tmp_path / "r", sheets=("表格", "文件"))  # 问题 is checked on the seeds
    files = out.json["files"]
    assert len(files) == 2000 == out.json["summary"]["files"]
    assert Counter(f["status"] for f in files) == {"checked": 1999, "failed": 1}
    failed, = [f for f in files if f["status"] == "failed"]
    assert failed["path"].endswith("corrupt.txt") and failed["error"]
    assert len({r["文件"] for r in out.csv}) == 2000
    assert [(r["文件"], r["说明"]) for r in out.csv if r["状态"] == "失败"] == [(failed["path"], failed["error"])]
    assert len(out.sheets["文件"]) == 2000
    assert [(r["文件"], r["说明"]) for r in out.sheets["文件"] if r["状态"] == "失败"] == [(failed["path"],
                                                                                       failed["error"])]
    assert out.totals()["files"] == 2000 and out.totals()["failed"] == 1
    failed_rows = re.findall(r'<tr class="failed"><td class="path">([^<]*)</td>', out.html)
    assert failed_rows == [failed["path"]] * 2  # in the list of problem files and in the full file list
    assert len(re.findall(r'<tr class="(?:checked|skipped|failed)">', out.html)) == 2000 + 1
    tables = out.json["summary"]["tables"]
    assert out.html.count('<details class="table-detail"') == tables == len(out.sheets["表格"])


# ---- in a real browser ---------------------------------------------------------------------
def test_html_in_chromium(browser, seeds, tmp_path):
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.by import By

    source = tmp_path / "in"
    shutil.copytree(seeds, source)
    (source / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    report(source, "-o", tmp_path / "r", "--quiet")
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    browser.get((tmp_path / "r.html").as_uri())
    script = browser.execute_script

    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert  # noqa: B018 -- no script of a table ran
    assert script("return window.__xss === undefined")
    assert script("return [...document.querySelectorAll('table.grid td')].some(td => td.textContent === arguments[0])",
                  SCRIPT_INDICATOR)

    charts = script("return [...document.querySelectorAll('svg.chart')].map(svg => "
                    "[svg.getBoundingClientRect().height, svg.querySelectorAll('rect').length])")
    assert len(charts) == 2 and all(height > 50 and bars > 0 for height, bars in charts)
    assert charts[1][1] == data["summary"]["units"]
    sections = script("return [...document.querySelectorAll('details.table-detail')].map(d => "
                      "[d.open, d.querySelector('table.grid') ? d.querySelector('table.grid').offsetHeight : 0])")
    assert len(sections) == data["summary"]["tables"]
    assert all(height > 0 for opened, height in sections if opened) and any(opened for opened, _ in sections)
    flagged = script("return document.querySelectorAll('table.grid td.hit').length")
    assert flagged > 0

    def visible(table_id):
        return script(f"return [...document.querySelectorAll('#{table_id} tbody tr')]"
                      ".filter(r => r.offsetParent !== null).length")

    tables = [t for f in data["files"] for t in f["tables"]]
    assert visible("table-list") == len(tables) and visible("unit-table") == data["summary"]["units"]
    browser.find_element(By.ID, "filter").send_keys("闵行")
    assert visible("table-list") == sum("闵行" in t["group"]["department"] + t["group"]["unit"] + t["project"]
                                        for t in tables) > 1
    assert visible("unit-table") == 1
    assert "单位 1 / " in browser.find_element(By.CSS_SELECTOR, '[data-count-for="unit-table"]').text
    browser.find_element(By.ID, "filter").clear()
    browser.find_element(By.ID, "filter").send_keys(" ")  # clear() sends no input event
    assert visible("unit-table") == data["summary"]["units"]

    browser.find_element(By.XPATH, "//table[@id='unit-table']//th[text()='平均得分']").click()
    scores = script("return [...document.querySelectorAll('#unit-table tbody tr')].map(r => "
                    "parseFloat(r.cells[9].textContent))")
    assert scores == sorted(scores)
    numbers = "return [...document.querySelectorAll('#table-list tbody tr')].map(r => parseInt(r.cells[0].textContent))"
    first = script(numbers)
    browser.find_element(By.XPATH, "//table[@id='table-list']//th[text()='序号']").click()
    assert script(numbers) == sorted(first)  # the second sortable table sorts by its own column
    browser.find_element(By.XPATH, "//table[@id='table-list']//th[text()='序号']").click()
    assert script(numbers) == sorted(first, reverse=True)

    screenshot = tmp_path / "report.png"
    script("window.scrollTo(0, 0)")
    browser.save_screenshot(str(screenshot))
    assert screenshot.stat().st_size > 10_000
    print(f"screenshot: {screenshot}")

    closed = "return document.querySelectorAll('details:not([open])').length"
    assert script(closed) > 0  # tables without findings start collapsed
    pdf = base64.b64decode(browser.print_page())
    assert script(closed) == 0  # printing opens them
    import pdfplumber

    with pdfplumber.open(io.BytesIO(pdf)) as document:
        assert len(document.pages) > 5
        assert "绩效目标表批量检查报告" in document.pages[0].extract_text()
