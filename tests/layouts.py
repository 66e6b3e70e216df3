"""The same tables in the column layouts of other regions' budget systems (../shared/DOMAIN.md
"Beyond Shanghai"), and in every format: the test of a reader is that the same indicator gives
the same finding whatever the layout.

Each family lays a model Table out as a ``writers.Layout`` (header block, then the grid in its
columns); ``write(layouts, path)`` writes a list of them in the format the suffix names:
.txt (tab-separated, merged cells written once), .csv, .xlsx, .xls, .docx.
"""
from __future__ import annotations

import csv
import itertools
import re
from typing import Callable, Dict, List

from linter.model.table import SELF_EVALUATION, Table

from writers import Layout, _header, _merge_runs, fill_document, fill_sheet

# A target split into 指标性质 | 指标值 | 度量单位: a comparator, one number, a unit of a few characters.
_SPLIT = re.compile(r"(?P<sign>≥|≤|>=|<=|=|>|<)?(?P<number>\d+(?:\.\d+)?)(?P<unit>%|[^\d\s≥≤<>=%,，.。、；;:：()（）]{1,4})?")
# The comparator forms the budget systems print, used in turn.
_FORMS = {"≥": ("≥", ">=", "≧", "＞＝"), ">=": ("≥", ">=", "≧"), "≤": ("≤", "<=", "≦"), "<=": ("≤", "<=", "≦"),
          "=": ("=", "＝", "═"), ">": (">",), "<": ("<",)}
SCORED = ("actual", "weight", "score", "reason")
NOTE = "按2023年度统计口径，较上年逐步提高"  # a number and a vague phrase: must never join the target


def split_target(value: str, turn: int):
    """"≥90%" → ("≥", "90", "%"); a target of another shape stays whole, as 定性."""
    found = _SPLIT.fullmatch(value.replace(" ", ""))
    if not found or not value:
        return ("定性" if value else "", value, "")
    sign = found.group("sign") or ""
    forms = _FORMS.get(sign, ("",))
    return forms[turn % len(forms)], found.group("number"), found.group("unit") or ""


def _start(table: Table, width: int, title: str = None, year_in_title: bool = False) -> Layout:
    title = title if title is not None else table.title.text
    year = f"({table.year.text}年度)" if table.year.text else ""
    if year_in_title and year:
        title, year = f"{title}{year}", ""
    grid = Layout(title, year, width)
    _header(table, grid, table.kind == SELF_EVALUATION)
    return grid


def _scored_cells(table: Table, row) -> List[str]:
    return [getattr(row, f).text for f in ("actual", "score", "reason")] if table.kind == SELF_EVALUATION else []


def _weight(table: Table, row) -> str:
    return row.weight.text if table.kind == SELF_EVALUATION else "10"


def split(table: Table) -> Layout:
    """The national layout: 三级指标 | 指标性质 | 指标值 | 度量单位 | 权重 | 指标方向性 (+ the 自评表's columns)."""
    scored = table.kind == SELF_EVALUATION
    headings = ["绩效指标", "一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "权重", "指标方向性"]
    headings += ["全年实际值", "得分", "偏差原因分析及改进措施"] if scored else []
    grid = _start(table, len(headings))
    head = grid.grid_row = grid.add(*headings)
    for turn, row in enumerate(table.rows):
        sign, number, unit = split_target(row.value.text, turn)
        grid.add("", row.level1.text, row.level2.text, row.name.text, sign, number, unit, _weight(table, row),
                 "正向指标", *_scored_cells(table, row))
    _merge_grid(grid, head)
    return grid


def weight_first(table: Table) -> Layout:
    """分值 before 年度指标值: 三级指标 | 分值 | 年度指标值 | 全年实际值 | 得分 | 未完成原因…"""
    scored = table.kind == SELF_EVALUATION
    headings = ["绩效指标", "一级指标", "二级指标", "三级指标", "分值", "年度指标值"]
    headings += ["全年实际值", "得分", "未完成原因及拟采取的改进措施"] if scored else []
    grid = _start(table, len(headings))
    head = grid.grid_row = grid.add(*headings)
    for row in table.rows:
        grid.add("", row.level1.text, row.level2.text, row.name.text, _weight(table, row), row.value.text,
                 *_scored_cells(table, row))
    _merge_grid(grid, head)
    return grid


def notes(table: Table) -> Layout:
    """Explanation columns on both sides of the value: 三级指标 | 指标解释 | 年度指标值 | 备注."""
    scored = table.kind == SELF_EVALUATION
    headings = ["绩效指标", "一级指标", "二级指标", "三级指标", "指标解释", "年度指标值", "备注"]
    headings += ["实际完成值", "分值", "得分", "偏差原因分析及改进措施"] if scored else []
    grid = _start(table, len(headings))
    head = grid.grid_row = grid.add(*headings)
    for row in table.rows:
        extra = [row.actual.text, row.weight.text, row.score.text, row.reason.text] if scored else []
        grid.add("", row.level1.text, row.level2.text, row.name.text, NOTE, row.value.text, "以决算数为准", *extra)
    _merge_grid(grid, head)
    return grid


def medium(table: Table) -> Layout:
    """The central template: 中期 and 年度 side by side, the same indicators in both halves."""
    grid = _start(table, 8)
    grid.add("", "", "中期目标", "", "", "年度目标", spans={2: 3, 5: 3})
    head = grid.grid_row = grid.add("绩效指标", "一级指标", "二级指标", "三级指标", "指标值", "二级指标", "三级指标", "指标值")
    for row in table.rows:
        grid.add("", row.level1.text, row.level2.text, row.name.text, row.value.text,
                 row.level2.text, row.name.text, row.value.text)
    _merge_grid(grid, head)
    return grid


def labels(table: Table) -> Layout:
    """Shanghai's columns, but the category labels as other regions print them: spaced out, with
    their weight, 一级 repeated on every row; a 其中 sub-row, a "……" row and approval rows that
    are not indicators; the year in the title."""
    scored = table.kind == SELF_EVALUATION
    headings = ["一级 指标", "二级 指标", "三级 指标", "年度指标值"]
    headings += ["实际完成值", "分值", "得分", "偏差原因分析及改进措施"] if scored else []
    grid = _start(table, 1 + len(headings), year_in_title=True)
    grid.grid_row = grid.add("绩效指标", *headings)
    for turn, row in enumerate(table.rows):
        level1 = " ".join(row.level1.text) + (f" ({10 * (turn % 5 + 1)}分)" if turn % 2 else "")
        extra = [getattr(row, f).text for f in ("actual", "weight", "score", "reason")] if scored else []
        grid.add("", level1, " ".join(row.level2.text), row.name.text, row.value.text, *extra)
        if turn == 0:
            grid.add("", "", "", f"其中{row.name.text}（一）", "有提升")
    grid.add("", "", "", "……")
    if not scored:
        grid.add("财政部门审核意见", "（盖章）")
        grid.add("填表人：张三", "联系电话：12345678")
    return grid


def projects(tables: List[Table], repeated: bool) -> Layout:
    """One grid for several projects (a bureau's disclosure), each project's name, budget and goal
    in its first row (or, ``repeated``, in every row)."""
    first = tables[0]
    headings = ["项目名称", "预算数", "年度目标", "一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "权重"]
    grid = Layout(f"部门预算项目绩效目标申报表({first.year.text}年度)", "", len(headings))
    grid.add("金额单位：万元")
    grid.grid_row = grid.add(*headings)
    for table in tables:
        start = len(grid.rows)
        for turn, row in enumerate(table.rows):
            own = turn == 0 or repeated
            sign, number, unit = split_target(row.value.text, turn)
            grid.add(table.project if own else "", table.funds.get("annual_total").text
                     if own and table.funds.get("annual_total") else "",
                     table.header["annual_goal"].text if own and "annual_goal" in table.header else "",
                     row.level1.text, row.level2.text, row.name.text, sign, number, unit, "10")
        if not repeated and len(grid.rows) - 1 > start:
            for column in (0, 1, 2):
                grid.merges.append((start, column, len(grid.rows) - 1, column))
    return grid


def _merge_grid(grid: Layout, head: int) -> None:
    end = len(grid.rows) - 1
    if end > head:
        grid.merges.append((head, 0, end, 0))
        _merge_runs(grid, head + 1, end, 1)


FAMILIES: Dict[str, Callable[[Table], Layout]] = {
    "split": split, "weight-first": weight_first, "notes": notes, "medium": medium, "labels": labels}


def family_layouts(name: str, tables: List[Table]) -> List[Layout]:
    """The tables in one family; ``medium`` takes target tables only (the central template has no
    自评 form)."""
    if name == "medium":
        tables = [t for t in tables if t.kind != SELF_EVALUATION]
    return [FAMILIES[name](t) for t in tables]


def project_groups(tables: List[Table], size: int = 4) -> List[List[Table]]:
    """Target tables of one year in grids of ``size``, no two neighbours of one name."""
    targets = [t for t in tables if t.kind != SELF_EVALUATION and t.project and t.rows]
    groups = []
    for _, same_year in itertools.groupby(sorted(targets, key=lambda t: t.year.text), key=lambda t: t.year.text):
        group: List[Table] = []
        for table in same_year:
            if len(group) == size or (group and group[-1].project == table.project):
                groups.append(group)
                group = []
            group.append(table)
        if group:
            groups.append(group)
    return groups


# ---- formats ------------------------------------------------------------------------------
def write(layouts: List[Layout], path) -> None:
    suffix = path.suffix
    if suffix in (".txt", ".csv"):
        lines = [line for grid in layouts for line in _lines(grid)]
        if suffix == ".txt":
            path.write_text("".join("\t".join(cells).rstrip("\t") + "\n" for cells in lines), encoding="utf-8")
        else:
            with open(path, "w", encoding="utf-8-sig", newline="") as f:
                csv.writer(f).writerows(lines)
    elif suffix == ".xlsx":
        from openpyxl import Workbook

        workbook = Workbook()
        row = 1
        for grid in layouts:
            row = fill_sheet(workbook.active, None, first_row=row, grid=grid) + 1
        workbook.save(path)
    elif suffix == ".xls":
        _write_xls(layouts, path)
    elif suffix == ".docx":
        from docx import Document

        document = Document()
        for grid in layouts:
            fill_document(document, None, grid=grid)
        document.save(path)
    else:
        raise ValueError(suffix)


def _lines(grid: Layout) -> List[List[str]]:
    """A layout as text lines: title, year, then its rows, merged cells written once."""
    covered = {(r, c) for r1, c1, r2, c2 in grid.merges for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)
               if (r, c) != (r1, c1)}
    lines = [[line] for line in (grid.title, grid.year) if line]
    for r, cells in enumerate(grid.rows):
        lines.append(["" if (r, c) in covered else text for c, text in enumerate(cells)])
    return lines


def _write_xls(layouts: List[Layout], path) -> None:
    import xlwt

    from writers import excel_value

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("绩效目标表")
    styles: Dict[str, object] = {}
    row = 0
    for grid in layouts:
        for line in (grid.title, grid.year):
            if line:
                sheet.write(row, 0, line)
                row += 1
        covered = {(r, c) for r1, c1, r2, c2 in grid.merges for r in range(r1, r2 + 1)
                   for c in range(c1, c2 + 1) if (r, c) != (r1, c1)}
        for r, cells in enumerate(grid.rows):
            for c, text in enumerate(cells):
                if text and (r, c) not in covered:
                    value, number_format = excel_value(text)
                    style = styles.setdefault(number_format, xlwt.easyxf(num_format_str=number_format))
                    sheet.write(row + r, c, value, style)
        for r1, c1, r2, c2 in grid.merges:
            if (r2, c2) != (r1, c1):
                sheet.merge(row + r1, row + r2, c1, c2)
        row += len(grid.rows) + 1
    book.save(str(path))
