"""审核意见单 as an officer gets it: from ``jxlint check --review-sheet`` and ``jxlint report
--review-sheets``, read back with python-docx and an HTML parser, and compared with what
``jxlint check --format json`` finds."""
import json
from html.parser import HTMLParser

import docx

from conftest import ROOT, run_cli

WORKBOOK = ROOT / "samples" / "xlsx" / "district-workbook-2022.xlsx"   # three tables on two sheets
HOSTILE = ("绩效目标表\n（2023年度）\n项目名称\t&lt;b&gt;培训&lt;/b&gt;项目\n实施单位\t单位&lt;img src=x onerror=alert(1)&gt;\n"
           "一级指标\t二级指标\t三级指标\t年度指标值\n产出指标\t质量指标\t&lt;script&gt;alert(1)&lt;/script&gt;\t有效\n")


class Text(HTMLParser):
    """The page's text, and any element a submitted value could have smuggled in."""

    def __init__(self, html: str):
        super().__init__()
        self.text, self.tags = [], []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text.append(data)


def checked(path):
    return json.loads(run_cli("check", path, "--format", "json").stdout)["files"][0]


def docx_pages(path):
    """Each page of a sheet: its heading facts and its findings rows, from the Word tables in order."""
    document = docx.Document(path)
    titles = [p for p in document.paragraphs if p.text == "绩效目标审核意见单"]
    pages = []
    for table in document.tables:
        rows = [[c.text for c in row.cells] for row in table.rows]
        if rows[0][0] == "项目名称":
            pages.append({"facts": {k: v for row in rows for k, v in zip(row[0::2], row[1::2])}, "items": []})
        else:
            assert rows[0] == ["序号", "位置", "问题", "修改建议"]
            pages[-1]["items"] = rows[1:]
    return document, titles, pages


def test_check_writes_one_docx_page_per_table_with_every_finding(tmp_path):
    target = tmp_path / "意见单.docx"
    result = run_cli("check", WORKBOOK, "--review-sheet", target)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    expected = checked(WORKBOOK)
    document, titles, pages = docx_pages(target)
    assert len(titles) == len(expected["tables"]) == 3
    assert [t.paragraph_format.page_break_before for t in titles] == [False, True, True]
    for table, page in zip(expected["tables"], pages):
        assert page["facts"]["项目名称"] == table["project"] and page["facts"]["实施单位"] == table["unit"]
        assert page["facts"]["年度"] == table["year"] and page["facts"]["得分"].endswith(("良好）", "一般）", "较差）"))
        found = [f for f in expected["findings"] if f["table"] == table["index"]]
        assert page["facts"]["问题"].startswith(f"共 {len(found)} 个")
        assert len(page["items"]) == len(found)
        for finding in found:
            row = next(r for r in page["items"] if finding["message"] in r[2])
            assert finding["rule"] in row[2] and row[3] == (finding["suggestion"] or "—")
            assert (finding["ref"] or f"第 {finding['line']} 行") in row[1]
    signatures = [p.text for p in document.paragraphs if p.text.startswith("审核人（签字）")]
    assert len(signatures) == 3 and "日期" in signatures[0]


def test_html_sheet_is_printable_and_escapes_every_value(tmp_path):
    source = tmp_path / "hostile.txt"
    source.write_text(HOSTILE, encoding="utf-8")
    target = tmp_path / "意见单.html"
    assert run_cli("check", source, "--review-sheet", target).returncode == 1
    html = target.read_text(encoding="utf-8")
    page = Text(html)
    assert not {"script", "img", "b"} & set(page.tags)
    text = "".join(page.text)
    assert "<script>alert(1)</script>" in text and "单位<img src=x onerror=alert(1)>" in text
    assert "break-after:page" in html and "审核人（签字）" in text
    finding = checked(source)["findings"][0]
    assert finding["message"] in text and finding["suggestion"] in text


def test_wrong_sheet_format_is_one_line_before_checking(tmp_path):
    result = run_cli("check", WORKBOOK, "--review-sheet", tmp_path / "意见单.pdf")
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.strip().count("\n") == 0 and ".docx 或 .html" in result.stderr
    assert not list(tmp_path.iterdir())


def test_report_writes_each_tables_sheet_and_links_it(tmp_path):
    source = ROOT / "samples" / "xlsx"
    result = run_cli("report", source, "-o", tmp_path / "r", "--review-sheets", "--quiet")
    assert result.returncode == 1, result.stderr
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    tables = [t for f in data["files"] for t in f["tables"]]
    folder = tmp_path / "r-审核意见单"
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        f"t{t['number']}.{suffix}" for t in tables for suffix in ("docx", "html"))
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    for table in tables:
        assert f'href="r-审核意见单/t{table["number"]}.docx"' in html
        _, _, [page] = docx_pages(folder / f"t{table['number']}.docx")
        assert page["facts"]["项目名称"] == table["project"]
        assert page["facts"]["得分"].startswith(f"{table['score']} 分")
        assert len(page["items"]) == table["finding_count"]


def test_html_sheet_prints_one_page_per_table_in_chromium(browser, tmp_path):
    import base64

    import pdfplumber

    target = tmp_path / "意见单.html"
    assert run_cli("check", WORKBOOK, "--review-sheet", target).returncode == 1
    browser.get(target.as_uri())
    pdf = tmp_path / "意见单.pdf"
    pdf.write_bytes(base64.b64decode(browser.print_page()))
    with pdfplumber.open(pdf) as document:
        texts = [page.extract_text() or "" for page in document.pages]
    assert len(texts) == 3  # three tables, each on a page of its own
    projects = [t["project"] for t in checked(WORKBOOK)["tables"]]
    for text, project in zip(texts, projects):
        assert "绩效目标审核意见单" in text and project in text and "审核人" in text
