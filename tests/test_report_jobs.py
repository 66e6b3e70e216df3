"""The report does not depend on where its work is done: the workers render each table's HTML grid
and its findings' cells on 问题 (report/rendered.py), the parent renders them itself when review
has removed a finding, and a report written with one job or two reads back the same."""
import dataclasses
import re
import shutil
import zipfile

from openpyxl import load_workbook

from conftest import run_cli
from linter.outputs.report import html, rendered, rows, xlsx
from linter.outputs.report.aggregate import Aggregate
from linter.run.runner import expand, lint_parallel
from linter.run.session import Options

SUPPRESSED = """\
tables:
- kind: target
  year: '2023'
  project: 校园安保服务
  indicators:
  - {level1: 产出指标, level2: 质量指标, name: 安保工作规范性, value: 规范}  # jxlint: disable=vague-value
  - {level1: 产出指标, level2: 质量指标, name: 服务规范性, value: 规范}
  - {level1: 产出指标, level2: 数量指标, name: 保安人数, value: 210名}
"""


def _corpus(seeds, tmp_path):
    """The seeds (several units and departments) and a table where a comment suppresses one finding."""
    folder = tmp_path / "in"
    shutil.copytree(seeds, folder)
    (folder / "suppressed.yaml").write_text(SUPPRESSED, encoding="utf-8")
    return folder


def _cells(path):
    book = load_workbook(path)
    cells = {name: [[(c.value, c.font.b) for c in row] for row in book[name].iter_rows()] for name in book.sheetnames}
    frames = {name: (book[name].freeze_panes, book[name].auto_filter.ref) for name in book.sheetnames}
    return cells, frames


def _page(path):
    return re.sub(r"生成时间：[\d: -]+", "", path.read_text(encoding="utf-8"))


def test_one_job_and_two_write_the_same_report(seeds, tmp_path):
    folder = _corpus(seeds, tmp_path)
    for jobs in ("1", "2"):
        result = run_cli("report", folder, "-o", tmp_path / f"jobs{jobs}", "--jobs", jobs, "--fail-on", "never")
        assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    one, two = (tmp_path / "jobs1", tmp_path / "jobs2")
    cells, frames = _cells(one.with_suffix(".xlsx"))
    assert (cells, frames) == _cells(two.with_suffix(".xlsx"))
    assert sum(len(row) for sheet in cells.values() for row in sheet) > 5000
    assert _page(one.with_suffix(".html")) == _page(two.with_suffix(".html"))
    for suffix in (".csv", ".json"):
        assert one.with_suffix(suffix).read_bytes() == two.with_suffix(suffix).read_bytes()


def _written(results, tmp_path, name):
    """The page's table sections and the workbook's sheets as the writers make them of ``results``."""
    aggregate = Aggregate({})
    entries = []
    target = tmp_path / f"{name}.xlsx"
    with xlsx.writer(target, aggregate) as add:
        for result in results:
            found = aggregate.add(result)
            entries += found
            add(result, found)
        aggregate.finish()
    with zipfile.ZipFile(target) as book:
        sheets = [book.read(n) for n in sorted(book.namelist()) if n.startswith("xl/worksheets/")]
    return entries, [html.table_section(entry) for entry in entries], sheets


def test_what_the_workers_render_is_what_the_parent_would(seeds, tmp_path):
    files = list(expand([str(_corpus(seeds, tmp_path))]))
    options = Options()
    session = options.build()
    session.prepare(path for path, _ in files)
    ahead = list(session.review(lint_parallel(files, options, 1, view=rendered.view, checker=session)))
    here = list(session.review(lint_parallel(files, options, 1, view=rows.view, checker=session)))
    entries, sections, sheets = _written(ahead, tmp_path, "ahead")
    assert sum(entry.rendered is not None for entry in entries) == len(entries) - 1  # all but the suppressed one
    assert [e.summary.project for e in entries if e.rendered is None] == ["校园安保服务"]
    assert (sections, sheets) == _written(here, tmp_path, "here")[1:]


def test_a_finding_review_removes_is_not_shown_from_the_workers_rendering(seeds, tmp_path):
    files = list(expand([str(_corpus(seeds, tmp_path) / "suppressed.yaml")]))
    options = Options()
    session = options.build()
    session.prepare(path for path, _ in files)
    result, = lint_parallel(files, options, 1, view=rendered.view, checker=session)
    vague = [f for f in result.findings if f.rule == "vague-value"]
    assert len(vague) == 2  # both cells say 规范; the comment silences the first
    reviewed, = session.review([result])
    assert vague[0] not in reviewed.findings and vague[1] in reviewed.findings
    entry, = Aggregate({}).add(reviewed)
    assert entry.rendered is None
    unreviewed, = Aggregate({}).add(dataclasses.replace(result, findings=result.findings))
    assert unreviewed.rendered is not None
    section = html.table_section(entry)
    assert section.count('data-rule="vague-value"') == 1 < html.table_section(unreviewed).count('data-rule="vague-value"')


def test_the_workbook_reads_back_what_was_written(tmp_path):
    """Text in Excel's own escapes (_xHHHH_, as XlsxWriter wrote it before): openpyxl shows them as
    they are stored, Excel and openpyxl's unescape read the text back."""
    from openpyxl.utils.escape import unescape

    from linter.outputs.report import workbook

    values = ["a_x0041_b", " 前有空格", "后有空格 ", "两\n行", "&<>\"'", "=1+1", "\x07铃", 7, 85.5, -3, 10 ** 20, ""]
    book = workbook.Workbook(tmp_path / "w.xlsx", str(tmp_path))
    sheet = book.add_sheet("问题 (2)", [10] * len(values))
    sheet.append([f"列{n}" for n in range(len(values))], bold=True)
    sheet.append(values)
    sheet.place(workbook.joined(workbook.cells(["左"]), workbook.cells(["右"], 2)))
    book.save()
    read = load_workbook(tmp_path / "w.xlsx")["问题 (2)"]
    stored = [c.value for c in read[2]]
    assert stored[0] == "a_x005F_x0041_b" and stored[6] == "_x0007_铃"
    assert [unescape(v) if isinstance(v, str) else v for v in stored] == values[:-1] + [None]
    assert read["A1"].font.b and not read["A2"].font.b
    assert [c.value for c in read[3]][:3] == ["左", None, "右"]
    assert read.freeze_panes == "A2" and read.auto_filter.ref == "A1:L3"
