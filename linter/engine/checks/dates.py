"""Calendars: the project's dates, and the deadlines written in indicator values."""
from __future__ import annotations

import re
from typing import Iterator, Optional, Tuple

from ...model.table import Cell, Table
from ...util.normalize import canon
from .base import Hit

_DATE = re.compile(r"((?:19|20)\d{2})\s*[年\-./]\s*(\d{1,2})?(?:\s*[月\-./]\s*(\d{1,2}))?")
# A year used as a deadline: not a baseline (较2021年, 比2021年), not "2021年以来".
DEADLINE = re.compile(r"(?<![较比与自从])((?:19|20)\d{2})\s*(?:年(?!以来|起|基础)\s*(?:(\d{1,2})\s*月)?|[-./]\s*(\d{1,2}))")


def date(cell: Cell) -> Optional[Tuple[int, int, int]]:
    m = _DATE.search(canon(cell.text))
    if not m:
        return None
    return int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1)


def year_mismatch(table: Table) -> Iterator[Hit]:
    start, end = (date(table.field(f)) for f in ("start_date", "end_date"))
    if start and end and end < start:
        yield Hit(table.field("end_date"), "end_date", {
            "subject": "计划完成日期", "found": table.field("end_date").text,
            "earlier_than": f"计划开始日期 {table.field('start_date').text}"})
    year = table.year_number
    if year is None:
        return
    if end and end[0] < year:
        yield Hit(table.field("end_date"), "end_date", {
            "subject": "计划完成日期", "found": table.field("end_date").text, "earlier_than": f"本表年度 {year}年"})
    for row in table.rows:
        for m in DEADLINE.finditer(canon(row.value.text)):
            if int(m.group(1)) < year:
                yield Hit(row.value, "value", {"subject": f"“{row.name.text}”", "found": row.value.text,
                                               "earlier_than": f"本表年度 {year}年"}, row.name.text)
                break


def deadline_after_end(table: Table) -> Iterator[Hit]:
    """A deadline later than 计划完成日期 (or, with no such date, than the table's year).
    Deadlines in earlier years are year_mismatch's."""
    year, end_cell = table.year_number, table.field("end_date")
    end = date(end_cell)
    if end:
        limit, limit_text = end[:2], f"计划完成日期 {end_cell.text}"
    elif year:
        limit, limit_text = (year, 12), f"本表年度 {year}年"
    else:
        return
    for row in table.rows:
        value = canon(row.value.text)
        for m in DEADLINE.finditer(value):
            if value[m.end(1):].lstrip().startswith("年度"):  # 2023年度预算: a year named, not a deadline
                continue
            found_year = int(m.group(1))
            month = int(m.group(2) or m.group(3) or 1)
            if year and found_year < year:
                break
            if (found_year, month) > limit:
                yield Hit(row.value, "value", {"found": row.value.text, "limit": limit_text}, row.name.text)
                break
