"""A grid that lists many projects (one 项目名称 column, as 四川's 部门预算项目 tables have it) cut
into one segment of parts per project, each with that project's own header and funds cells.
"""
from __future__ import annotations

from typing import Dict, List, Tuple

from ..model.table import EMPTY, Cell
from .grid_lines import Part

Segment = Tuple[Dict[str, Cell], List[Part]]  # ({"header.project": cell, "funds.X": cell…}, parts)


def segments(parts: List[Part]) -> List[Segment]:
    """The grid's parts by project: each new 项目名称 starts a segment (the 单位名称 of a line
    carries to the projects below it)."""
    found: List[Segment] = [({}, [])]
    carried: Dict[str, Cell] = {}
    for part in parts:
        project = part.project or {}
        if "header.unit" in project:
            carried["header.unit"] = project["header.unit"]
        named = project.get("header.project")
        if named and named.text != found[-1][0].get("header.project", EMPTY).text:
            found.append(({**carried, **project}, []))
        found[-1][1].append(part)
    if all(part.labels_only for part in found[0][1]):
        found.pop(0)  # lines such as a department's total above its projects
    return found
