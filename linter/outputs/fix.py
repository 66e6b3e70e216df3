"""``jxlint fix FILE -o OUT``: a revised copy of a draft in which each target value that a rule's advice
rewrites (the rule's ``fix:``, built from rules/variables/rewrite.yaml) becomes the rewrite's template,
blanks and all ("≥__%", "2023年__月底前完成"), the changed cell highlighted and its original value kept
in a comment. The officer fills the blanks; until then the rule unfilled-blank keeps the draft from
passing. Only 绩效目标表 are revised: a 自评表's targets were set a year earlier.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Callable, Iterable, List, NamedTuple, Optional, Sequence

from ..util.atomic import atomic_path, write_bytes
from ..engine.evaluate import Engine
from ..util.errors import JxlintError
from ..model.table import TARGET, Cell, IndicatorRow, Location, Table, sheet_name

FORMATS = (".xlsx", ".docx", ".yaml", ".yml")
CHANGED_FILL = "FFF2CC"  # a pale yellow apart from the severity colours of --annotate
_SPLIT = re.compile(r"^([≥≤=<>])(__|\d+(?:\.\d+)?)(%|[^\d_，,（(]{1,4})?$")  # ≥__% → ≥ | __ | %
_COMPARATOR_ONLY = re.compile(r"^[≥≤=<>≧≦＞＜═]+$")
_VALUE_LINE = re.compile(r"^(\s*(?:-\s+)?value:\s*)(.*?)(\r?)$")


class Change(NamedTuple):
    """One target value rewritten; ``cells`` are the printed cells written, (cell, new text) pairs."""

    table: str
    indicator: str
    rule: str
    old: str
    new: str
    cells: tuple
    where: str


def changes(tables: Iterable[Table], engine: Engine) -> List[Change]:
    """What ``jxlint fix`` would change in a file's tables, in reading order."""
    found: List[Change] = []
    for table in tables:
        if table.kind != TARGET:
            continue
        for edit in engine.edits(table):
            if edit.field != "value" or edit.template == edit.cell.text:
                continue
            row = (table.medium_rows if edit.medium else table.rows)[edit.row]
            cells = _cells(_with_part_cells(row, table.columns, edit.medium), edit.template)
            if cells:
                place = cells[0][0].loc
                found.append(Change(table.project, row.name.text, edit.rule, edit.cell.text, edit.template,
                                    tuple(cells), place.ref or f"{place.line}:{place.column}"))
    return found


def _with_part_cells(row: IndicatorRow, columns, medium: bool) -> IndicatorRow:
    """The row with a place for an empty 指标性质 or 度量单位 cell of a split grid (a reader keeps no
    place for an empty cell): the cell of that column on the row's 指标值 line."""
    period = "medium" if medium else ""
    parts = {}
    for column in columns:
        if column.field in ("comparator", "measure_unit") and column.period == period \
                and not getattr(row, column.field).loc and column.heading.loc.ref and row.value.loc.ref:
            parts[column.field] = Cell("", _sibling(row.value.loc, column.heading.loc))
    return row._replace(**parts)


def _sibling(value: Location, heading: Location) -> Location:
    line, column = value.line, heading.column
    ref = re.sub(r"行\d+", f"行{line}", heading.ref) if "行" in heading.ref else re.sub(r"\d+$", str(line), heading.ref)
    return Location(line, column, line, column + 1, ref)


def _cells(row: IndicatorRow, template: str) -> list:
    """The printed cells to write so that the re-read target is ``template``: where the grid splits
    the target over 指标性质 | 指标值 | 度量单位, each part in its own cell (≥ | __ | %), or, for a
    template that does not split, the whole of it in 指标值 with a printed comparator and unit cleared."""
    if not row.value.loc:
        return []
    split = row.comparator.loc or row.measure_unit.loc
    if not split:
        return [(row.value, template)]
    parts = _SPLIT.match(template)
    if parts and row.comparator.loc and row.measure_unit.loc:
        comparator, number, unit = parts.groups()
        return [(row.comparator, comparator), (row.value, number), (row.measure_unit, unit or "")]
    cells = [(row.value, template)]
    if row.comparator.loc and _COMPARATOR_ONLY.match(row.comparator.text):
        cells.append((row.comparator, ""))
    if row.measure_unit.loc and row.measure_unit.text:
        cells.append((row.measure_unit, ""))
    return cells


def note(change: Change) -> str:
    return f"jxlint fix（{change.rule}）：原值“{change.old}”；请把“__”换成目标数、把“（写明单位）”换成单位"


def _check_format(source: Path) -> None:
    if source.suffix.lower() not in FORMATS:
        raise JxlintError(f"{source}: jxlint fix 暂不能改写“{source.suffix}”文件；支持：{'、'.join(FORMATS)}"
                          "（其他格式可先用 jxlint convert --to yaml 转成草稿）")


def write(source: Path, target: Path, found: Sequence[Change]) -> None:
    _check_format(source)
    {".xlsx": _xlsx, ".docx": _docx}.get(source.suffix.lower(), _draft)(source, target, found)


def _xlsx(source: Path, target: Path, found: Sequence[Change]) -> None:
    import openpyxl
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    workbook = openpyxl.load_workbook(source)
    for change in found:
        for cell, text in change.cells:
            sheet = workbook[sheet_name(cell.loc.ref)]
            written = sheet.cell(cell.loc.line, cell.loc.column)
            written.value = text or None
            written.fill = PatternFill("solid", fgColor=CHANGED_FILL)
        first = change.cells[0][0].loc
        workbook[sheet_name(first.ref)].cell(first.line, first.column).comment = Comment(note(change), "jxlint")
    with atomic_path(target) as temporary:
        workbook.save(temporary)


_DOCX_CELL = re.compile(r"表(\d+) 行(\d+) 列(\d+)")


def _docx(source: Path, target: Path, found: Sequence[Change]) -> None:
    import docx

    from .annotators.docx import _block, _shade

    document = docx.Document(str(source))
    for change in found:
        for index, (cell, text) in enumerate(change.cells):
            place = _DOCX_CELL.fullmatch(cell.loc.ref)
            block = _block(document, tuple(int(n) for n in place.groups())) if place else None
            if block is None:
                raise JxlintError(f"{source}: 找不到单元格 {cell.loc.ref}，没有写出修改稿")
            properties, paragraphs = block
            _set_text(paragraphs, text)
            _shade(properties, CHANGED_FILL)
            if index == 0:
                runs = paragraphs[0].runs or [paragraphs[0].add_run("")]
                document.add_comment(runs, note(change), author="jxlint", initials="jx")
    with atomic_path(target) as temporary:
        document.save(str(temporary))


def _set_text(paragraphs, text: str) -> None:
    """The cell's text becomes ``text`` in its first run (keeping that run's font); the rest is emptied."""
    first = paragraphs[0]
    runs = first.runs
    if runs:
        runs[0].text = text
        for run in runs[1:]:
            run.text = ""
    else:
        first.add_run(text)
    for paragraph in paragraphs[1:]:
        for run in paragraph.runs:
            run.text = ""


def _draft(source: Path, target: Path, found: Sequence[Change]) -> None:
    """The YAML draft edited as text, one ``value:`` line per change with a comment line above it, so
    every other byte (comments, order, quoting, encoding) stays as the officer wrote it."""
    from .annotators.draft import _ENCODINGS, _encodes
    from ..util.encoding import decode

    data = source.read_bytes()
    text = decode(data)
    encoding = next((e for e in _ENCODINGS if _encodes(text, e, data)), "utf-8")
    lines = text.split("\n")
    for change in sorted(found, key=lambda c: c.cells[0][0].loc.line, reverse=True):
        cell, new = change.cells[0]
        number = cell.loc.line - 1
        matched = _VALUE_LINE.match(lines[number]) if 0 <= number < len(lines) else None
        if matched is None or cell.loc.end_line not in (0, cell.loc.line):
            raise JxlintError(f"{source}:{cell.loc.line}: 这一行不是单行的 value:，没有写出修改稿")
        head, _, end = matched.groups()
        lines[number] = head + "'" + new.replace("'", "''") + "'" + end
        indent = head[:len(head) - len(head.lstrip())] + ("  " if head.lstrip().startswith("-") else "")
        lines[number:number] = [f"{indent}# {note(change)}{end}"]
    write_bytes(target, "\n".join(lines).encode(encoding))


def diff_lines(source: Path, found: Sequence[Change]) -> List[str]:
    lines = [f"{source}:{change.where}: {change.indicator}：“{change.old}” → “{change.new}”（{change.rule}）"
             for change in found]
    return lines + [f"共 {len(found)} 处改写" + ("" if found else "：没有可改写的目标值")]


def fix(source: Path, read: Callable[[Path], List[Table]], engine: Engine, output: Optional[Path], in_place: bool,
        show_diff: bool) -> List[str]:
    """Run ``jxlint fix``: the lines to print; writes ``output`` (or the source, with ``in_place``)
    unless only a diff is asked for. ``read`` gives the file's tables (linter.readers.read)."""
    if not source.is_file():
        raise JxlintError(f"{source}: 文件不存在")
    if not show_diff:
        _check_format(source)
        if not in_place and output is None:
            raise JxlintError("请用 -o 指定修改稿的文件名（或 --diff 只看改动，--in-place 改写原文件）")
        if not in_place and output.resolve() == source.resolve():
            raise JxlintError(f"{output}: 不会覆盖原文件；要改写原文件，请用 --in-place")
    try:
        found = changes(read(source), engine)
    except JxlintError as error:
        raise JxlintError(f"{source}: {error}") from None
    lines = diff_lines(source, found)
    if show_diff:
        return lines
    if in_place:  # every writer reads the whole source before it replaces the target
        write(source, source, found)
        return lines[-1:] + [f"已改写原文件 {source}"]
    write(source, output, found)
    return lines[-1:] + [f"已写出修改稿 {output}：填好“__”和“（写明单位）”后，用 jxlint check 检查"]
