"""Lines of cells → Tables: the table logic every reader shares.

A file's lines are cut into tables at titles (and at a second 项目名称: ``lines``). In each, the
header block is read by its labels (``header``, rules/labels.yaml), then the indicator grid by its
columns (``grid_lines``, ``columns``): grids in the shapes of the published PDFs are read by what
each cell says, since extraction drifts cells between columns (a 一级/二级 label is known by its
wording, 分值/得分 are numbers, what remains is 三级指标, 年度指标值 and so on, in order); every other
grid is read by its columns, each cell as the field its heading names. The grid's parts become
indicator rows (``rows``). A grid that lists many projects gives one table per project
(``projects``); a 中期/年度 grid gives each table its medium-term rows too.
"""
from __future__ import annotations

from typing import Dict, Iterable, Iterator, List, Optional, Sequence, Tuple

from ..model.table import EMPTY, TARGET, Cell, Location, Table
from . import columns as C
from .grid_lines import GridLines, Part
from .header import HeaderBlock
from .lines import Line, chunks
from .projects import segments
from .rows import indicator_rows



def parse_rows(rows: Iterable[Tuple[int, Sequence[Cell]]], path: str) -> Iterator[Table]:
    """Tables from rows that a structured format already split into cells (a sheet, a Word
    table): ``(number, cells)``, each cell with its position in that format. A blank line means
    a page break, so give only filled rows."""
    return tables((Line.of_cells(number, cells) for number, cells in rows), path)


def tables(lines: Iterable[Line], path: str) -> Iterator[Table]:
    for chunk in chunks(lines):
        yield from _TableBuilder(path, chunk).build()


class _TableBuilder:
    def __init__(self, path: str, lines: List[Line]):
        self.path = path
        self.lines = lines
        self.head = HeaderBlock()
        self.grid: Optional[GridLines] = None
        self.cut: List[Cell] = []  # cells of which only MAX_CELL characters were kept

    def build(self) -> List[Table]:
        in_header, in_grid, blank = True, False, False
        first = last = None
        for line in self.lines:
            if not line.filled:
                blank = True
                continue
            first, last = first or line, line
            if line.cut:
                self.cut.extend(line.cut)
            if in_header:
                in_header = self._header_line(line)
                in_grid = not in_header
            elif in_grid:
                in_grid = self.grid.read(line, blank)
            blank = False
        self.head.finish()
        if first is None:
            return []
        grid = self.grid
        parts = grid.parts if grid else []
        pieces = segments(parts) if grid and grid.grid.lists_projects else [({}, parts)]
        starts = [first.number] + [segment[0].line for _, segment in pieces[1:]]
        ends = [start - 1 for start in starts[1:]] + [last.number]
        built, columns = [], grid.columns() if grid else ()  # one grid header: the same columns for each project
        for (project, segment), start, end in zip(pieces, starts, ends):
            table = self._table(project, segment, Location(start, 1, end, last.width + 1), columns)
            if table is not None:
                built.append(table)
        return built

    def _header_line(self, line: Line) -> bool:
        """Read a line of the header block; False when it is the grid's header line."""
        if self.head.title_or_year(line):
            return True
        if C.is_header(line.filled):
            self.grid = GridLines(line, self.head.kind)
            self.head.kind = self.grid.kind
            return False
        self.head.read(line)
        return True

    def _table(self, project: Dict[str, Cell], parts: List[Part], loc: Location, columns: tuple) -> Optional[Table]:
        head, grid = self.head, self.grid
        header, funds = dict(head.header), dict(head.funds)
        for key, cell in project.items():
            place, name = key.split(".", 1)
            (header if place == "header" else funds)[name] = cell
        rows = indicator_rows(parts, grid.complete) if grid else []
        if not rows and not header.get("project"):
            return None
        return Table(
            path=self.path, kind=head.kind or TARGET, title=head.title, year=head.year,
            header=header, funds=funds, rows=tuple(rows),
            total_weight=grid.total_weight if grid else EMPTY, total_score=grid.total_score if grid else EMPTY,
            loc=loc, columns=columns, cut=tuple(self.cut),
            medium_rows=tuple(indicator_rows([p.medium_half() for p in parts], grid.complete))
            if grid and grid.grid.medium else ())
