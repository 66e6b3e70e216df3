"""Every seed table, written to .xlsx (openpyxl) and .docx (python-docx) in the printed forms'
layout, reads back as the same table with the same findings as the text reader on the seed."""
from collections import Counter

import pytest

from linter.engine.evaluate import Engine
from linter.model.table import IndicatorRow, SELF_EVALUATION
from linter.readers import docx, text, xlsx

from writers import write_docx, write_xlsx

FORMATS = {"xlsx": (write_xlsx, xlsx.read), "docx": (write_docx, docx.read)}


def _seed_tables(seeds):
    return [table for path in sorted(seeds.glob("*.txt")) for table in text.read(path)]


def _rows(table):
    fields = IndicatorRow.FIELDS if table.kind == SELF_EVALUATION else IndicatorRow.FIELDS[:4]
    return [tuple(getattr(row, f).text for f in fields) for row in table.rows]


def _table(table):
    return {"kind": table.kind, "title": table.title.text, "year": table.year.text,
            "header": {k: c.text for k, c in table.header.items()},
            "funds": {k: c.text for k, c in table.funds.items()},
            "totals": (table.total_weight.text, table.total_score.text), "rows": _rows(table)}


def _findings(engine, table):
    return Counter((f.rule, f.indicator, f.value) for f in engine.check(table))


@pytest.mark.parametrize("name", FORMATS)
def test_every_seed_table_round_trips(seeds, pack, tmp_path, name):
    write, read = FORMATS[name]
    engine = Engine(pack)
    originals = _seed_tables(seeds)
    assert len(originals) == 67
    differ = []
    for number, original in enumerate(originals):
        path = tmp_path / f"{number}.{name}"
        write(original, path)
        back = read(path)
        if len(back) != 1 or _table(back[0]) != _table(original) or \
                _findings(engine, back[0]) != _findings(engine, original):
            differ.append(f"{original.path} {original.project}")
    print(f"\n{name}: {len(originals) - len(differ)} of {len(originals)} seed tables round-trip exactly")
    assert not differ, differ


def test_xlsx_positions_name_the_cells_that_hold_the_text(seeds, tmp_path):
    import openpyxl

    for number, original in enumerate(_seed_tables(seeds)[::7]):
        path = tmp_path / f"{number}.xlsx"
        write_xlsx(original, path)
        (back,) = xlsx.read(path)
        sheet = openpyxl.load_workbook(path)["绩效目标表"]
        for row in back.rows:
            for cell in row:
                if cell.loc:
                    coordinate = cell.loc.ref.split("!")[1]
                    assert xlsx.display(sheet[coordinate].value, sheet[coordinate].number_format) == cell.text
                    assert (sheet[coordinate].row, sheet[coordinate].column) == (cell.loc.line, cell.loc.column)


def test_docx_positions_name_the_cells_that_hold_the_text(seeds, tmp_path):
    import docx as python_docx

    for number, original in enumerate(_seed_tables(seeds)[::7]):
        path = tmp_path / f"{number}.docx"
        write_docx(original, path)
        (back,) = docx.read(path)
        word = python_docx.Document(str(path)).tables[0]
        for row in back.rows:
            for cell in row:
                if cell.loc:
                    assert cell.loc.ref == f"表1 行{cell.loc.line} 列{cell.loc.column}"
                    # python-docx repeats a merged cell at each grid column it covers: an independent reading
                    assert word.rows[cell.loc.line - 1].cells[cell.loc.column - 1].text == cell.text
