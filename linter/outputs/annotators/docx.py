"""Annotated copy of a Word document: each flagged table cell (or paragraph, for the title and
year line) shaded in its severity's colour, with a Word comment giving rule id, message and
suggestion (all of a cell's findings in one comment). Positions come from the docx reader's
refs, ``表2 行3 列4`` and ``段落 5``.
"""
from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path
from typing import Dict, List, Sequence, Tuple

from ...util.atomic import write_saved
from ...model.findings import Finding
from . import FILLS, note_text

_CELL = re.compile(r"表(\d+) 行(\d+) 列(\d+)")
_PARAGRAPH = re.compile(r"段落 (\d+)")
# WordprocessingML fixes the order of a properties element's children; w:shd goes before these.
_AFTER_SHADING = {
    "tcPr": ("w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark", "w:headers",
             "w:cellIns", "w:cellDel", "w:cellMerge", "w:tcPrChange"),
    "pPr": ("w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct",
            "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
            "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection",
            "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
            "w:pPrChange"),
}


def annotate(source: Path, findings: Sequence[Finding], target: Path) -> None:
    import docx

    document = docx.Document(str(source))
    for place, found in _by_place(findings).items():
        block = _block(document, place)
        if block is None:
            continue
        properties, paragraphs = block
        _shade(properties, FILLS[max(found, key=lambda f: f.level).severity])
        runs = [run for paragraph in paragraphs for run in paragraph.runs] or [paragraphs[0].add_run("")]
        document.add_comment(runs, note_text(found), author="jxlint", initials="jx")
    write_saved(target, document.save)


def _by_place(findings: Sequence[Finding]) -> Dict[Tuple[int, ...], List[Finding]]:
    places: Dict[Tuple[int, ...], List[Finding]] = defaultdict(list)
    for finding in findings:
        cell, paragraph = _CELL.fullmatch(finding.ref), _PARAGRAPH.fullmatch(finding.ref)
        if cell or paragraph:
            places[tuple(int(n) for n in (cell or paragraph).groups())].append(finding)
    return places


def _block(document, place: Tuple[int, ...]):
    """The properties element to shade and the paragraphs to comment on, for a place."""
    from docx.table import _Cell

    if len(place) == 1:
        paragraphs = document.paragraphs
        if place[0] > len(paragraphs):
            return None
        paragraph = paragraphs[place[0] - 1]
        return paragraph._p.get_or_add_pPr(), [paragraph]
    number, row, column = place
    tables = document.tables
    if number > len(tables) or row > len(tables[number - 1]._tbl.tr_lst):
        return None
    table = tables[number - 1]
    tr = table._tbl.tr_lst[row - 1]
    start = tr.grid_before
    for tc in tr.tc_lst:
        if start == column - 1:
            cell = _Cell(tc, table)
            return tc.get_or_add_tcPr(), cell.paragraphs
        start += tc.grid_span
    return None


def _shade(properties, fill: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for old in properties.findall(qn("w:shd")):
        properties.remove(old)
    shading = OxmlElement("w:shd", {qn("w:val"): "clear", qn("w:color"): "auto", qn("w:fill"): fill})
    properties.insert_element_before(shading, *_AFTER_SHADING[properties.tag.rsplit("}", 1)[1]])
