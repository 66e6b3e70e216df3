"""审核意见单 (review sheet): one page per table, for the unit that submitted it: project, unit,
year and score, each finding with its place, the reason and the suggested rewrite, and a line for
the reviewer's signature and date. Written as .docx (python-docx) or as a printable HTML page
(the browser's 打印 → 另存为 PDF gives the PDF).

The pages are made from the report's table entries (``report.aggregate.TableEntry``), so a sheet
shows the same score and findings as ``jxlint report``."""
from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Dict, Iterable, Iterator, List, NamedTuple, Sequence, Tuple

from ..util.atomic import write_bytes
from ..util.errors import JxlintError
from ..model.findings import FileResult, Finding
from .report import rows
from ..model.fields import label as field_label
from .report.aggregate import Aggregate, TableEntry, band, kind_label, severity_label
from .report.safe import esc, printable

if TYPE_CHECKING:
    from ..engine.ruleset import Rule

TITLE = "绩效目标审核意见单"
SIGNATURE = "审核人（签字）：________________　　　　日期：______年____月____日"
REQUEST = "请对照以上意见逐条修改后重新报送；对意见有不同看法的，请在重新报送时附书面说明。"
NO_FINDINGS = "经审核，未发现需要修改的问题。"
COLUMNS = ("序号", "位置", "问题", "修改建议")


class Item(NamedTuple):
    """One finding as a sheet prints it."""

    number: int
    severity: str
    place: str
    reason: str
    suggestion: str


class Sheets:
    """``jxlint check --review-sheet OUT``: keeps the table entries of the results streaming past
    (checked with ``view=rows.view``, so each table keeps its rows) and writes them at the end."""

    view = staticmethod(rows.view)

    def __init__(self, target: Path):
        format_of(target)  # a wrong suffix stops the run before anything is checked
        self.target = target
        self.aggregate = Aggregate({})
        self.tables: List[TableEntry] = []

    def collect(self, results: Iterable[FileResult]) -> Iterator[FileResult]:
        for result in results:
            self.tables.extend(self.aggregate.add(result))
            yield result

    def write(self, rules: Dict[str, "Rule"]) -> None:
        write(self.tables, {rule_id: rule.name for rule_id, rule in rules.items()}, self.target)


def facts(entry: TableEntry) -> List[Tuple[str, str]]:
    """The sheet's heading block: what table this is and how it scored."""
    t, sev = entry.summary, entry.severity
    counts = "，".join(f"{severity_label(s)} {sev[s]}" for s in ("error", "warning", "info") if sev[s])
    return [("项目名称", t.project or "（未填）"), ("主管部门", entry.department), ("实施单位", entry.unit),
            ("年度", t.year or "（未填）"), ("表类型", kind_label(t.kind)),
            ("来源", f"{entry.path} 第 {t.line}–{t.end_line} 行"),
            ("得分", f"{entry.score} 分（{band(entry.score)[1]}）"),
            ("问题", f"共 {len(entry.findings)} 个" + (f"：{counts}" if counts else ""))]


def items(entry: TableEntry, rule_names: Dict[str, str]) -> List[Item]:
    """Table-level findings first (as the page shows them above the grid), then row by row."""
    ordered = list(entry.loose) + [finding for _, found in entry.rows for finding in found]
    return [Item(n, f.severity, place(f), _reason(f, rule_names), f.suggestion or "—")
            for n, f in enumerate(ordered, 1)]


def place(finding: Finding) -> str:
    """Where the finding is, in the form's words: 三级指标“巡逻频次” · 年度指标值（申报表!E20）."""
    parts = []
    if finding.indicator:
        parts.append(f"三级指标“{finding.indicator}”")
    if finding.field not in ("table", "name") or not finding.indicator:
        parts.append(field_label(finding.field))
    where = finding.ref or (f"第 {finding.line} 行" if finding.line else "")
    return " · ".join(parts) + (f"（{where}）" if where else "")


def _reason(finding: Finding, rule_names: Dict[str, str]) -> str:
    name = rule_names.get(finding.rule, "")
    return f"{severity_label(finding.severity)}：{finding.message}（{finding.rule}{'，' + name if name else ''}）"


# ---- output ----------------------------------------------------------------------------
def format_of(target: Path) -> Callable[[Sequence[TableEntry], Dict[str, str]], bytes]:
    maker = RENDERERS.get(target.suffix.lower())
    if maker is None:
        raise JxlintError(f"{target}: 审核意见单只能写成 .docx 或 .html（文件名以 .docx 或 .html 结尾）")
    return maker


def write(tables: Sequence[TableEntry], rule_names: Dict[str, str], target: Path) -> None:
    data = format_of(target)(tables, rule_names)
    try:
        write_bytes(target, data)
    except OSError as error:
        raise JxlintError(f"{target}: 无法写出审核意见单：{error.strerror or error}") from None


def docx_bytes(tables: Sequence[TableEntry], rule_names: Dict[str, str]) -> bytes:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    document = docx.Document()
    _chinese_fonts(document)
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2))
    if not tables:
        document.add_paragraph("没有识别到可以审核的表。")
    for n, entry in enumerate(tables):
        title = document.add_paragraph()
        title.alignment = WD_ALIGN_PARAGRAPH.CENTER
        title.paragraph_format.page_break_before = n > 0
        run = title.add_run(TITLE)
        run.bold, run.font.size = True, Pt(18)
        heading = document.add_table(rows=0, cols=4, style="Table Grid")
        for pair in _pairs(facts(entry)):
            cells = heading.add_row().cells
            for j, (label, value) in enumerate(pair):
                cells[2 * j].text, cells[2 * j + 1].text = label, printable(value)
                if label:
                    cells[2 * j].paragraphs[0].runs[0].bold = True
        document.add_paragraph()
        found = items(entry, rule_names)
        if found:
            grid = document.add_table(rows=1, cols=len(COLUMNS), style="Table Grid")
            for cell, label in zip(grid.rows[0].cells, COLUMNS):
                cell.text = label
                cell.paragraphs[0].runs[0].bold = True
            for item in found:
                for cell, text in zip(grid.add_row().cells, (str(item.number), item.place, item.reason,
                                                              item.suggestion)):
                    cell.text = printable(text)
            for row in grid.rows:
                for cell, width in zip(row.cells, (Cm(1.2), Cm(4.3), Cm(6.5), Cm(5))):
                    cell.width = width
        document.add_paragraph()
        document.add_paragraph(conclusion(found))
        document.add_paragraph()
        document.add_paragraph(SIGNATURE)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _chinese_fonts(document) -> None:
    """Word picks the East Asian font from w:eastAsia; without it Chinese text falls back unpredictably."""
    from docx.oxml.ns import qn
    from docx.shared import Pt

    style = document.styles["Normal"]
    style.font.name, style.font.size = "SimSun", Pt(10.5)
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "宋体")


def html_text(tables: Sequence[TableEntry], rule_names: Dict[str, str]) -> str:
    pages = [sheet_html(entry, rule_names) for entry in tables] or ['<p>没有识别到可以审核的表。</p>']
    return (f'<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">\n<title>{TITLE}</title>\n'
            f'<style>{CSS}</style></head><body>\n{"".join(pages)}</body></html>\n')


def sheet_html(entry: TableEntry, rule_names: Dict[str, str]) -> str:
    """One table's page (every value escaped)."""
    heading = "".join(f"<tr><th>{esc(a)}</th><td>{esc(b)}</td><th>{esc(c)}</th><td>{esc(d)}</td></tr>"
                      for (a, b), (c, d) in _pairs(facts(entry)))
    found = items(entry, rule_names)
    if found:
        head = "".join(f"<th>{label}</th>" for label in COLUMNS)
        rows = "".join(f'<tr class="{item.severity}"><td class="n">{item.number}</td><td>{esc(item.place)}</td>'
                       f'<td>{esc(item.reason)}</td><td>{esc(item.suggestion)}</td></tr>' for item in found)
        body = f'<table class="items"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'
    else:
        body = ""
    return (f'<section class="sheet"><h1>{TITLE}</h1>\n<table class="facts">{heading}</table>\n{body}\n'
            f'<p class="request">{conclusion(found)}</p>\n<p class="signature">{SIGNATURE}</p></section>\n')


def conclusion(found: Sequence[Item]) -> str:
    return REQUEST if found else NO_FINDINGS


def _pairs(pairs: List[Tuple[str, str]]):
    padded = pairs + [("", "")] * (len(pairs) % 2)
    return zip(padded[0::2], padded[1::2])


CSS = """
body{margin:0 auto;max-width:900px;padding:16px;font:14px/1.6 "SimSun","Songti SC","Noto Serif CJK SC",
"Noto Sans CJK SC","WenQuanYi Micro Hei",serif;color:#000}
.sheet{margin-bottom:40px}
h1{text-align:center;font-size:22px;letter-spacing:2px;margin:8px 0 16px}
table{border-collapse:collapse;width:100%;margin:8px 0}
th,td{border:1px solid #000;padding:4px 6px;text-align:left;vertical-align:top}
table.facts{table-layout:fixed}table.facts th{width:12%;white-space:nowrap;background:#f2f2f2}
table.items th{background:#f2f2f2}td.n{text-align:center;width:3em}
tr.error td:first-child{border-left:4px solid #c62828}tr.warning td:first-child{border-left:4px solid #b26a00}
tr.info td:first-child{border-left:4px solid #1565c0}
.request{margin-top:16px}.signature{margin-top:32px;text-align:right}
@page{size:A4;margin:18mm}
@media print{body{max-width:none;padding:0}.sheet{break-after:page;margin:0}.sheet:last-child{break-after:auto}
tr{break-inside:avoid}*{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
"""



def html_bytes(tables: Sequence[TableEntry], rule_names: Dict[str, str]) -> bytes:
    return html_text(tables, rule_names).encode()


RENDERERS: Dict[str, Callable[[Sequence[TableEntry], Dict[str, str]], bytes]] = {
    ".docx": docx_bytes, ".html": html_bytes, ".htm": html_bytes}
