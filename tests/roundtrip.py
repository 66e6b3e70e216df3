"""What "reads back as the same table" means for the PDF, CSV and draft round trips: the same
table data (kind, title, year, header, funds, totals, every indicator field) and the same
findings (rule, severity, message, suggestion, indicator, field, value), positions aside."""
from collections import Counter
from typing import List

from linter.model.table import Table
from linter.outputs.tabledata import table_data


def seed_tables(seeds) -> List[Table]:
    from linter.readers import text

    return [table for path in sorted(seeds.glob("*.txt")) for table in text.read(path)]


def findings(engine, table: Table) -> Counter:
    return Counter((f.rule, f.severity, f.message, f.suggestion, f.indicator, f.field, f.value)
                   for f in engine.check(table))


def differences(engine, originals: List[Table], back: List[Table]) -> List[str]:
    """One line per original table that did not come back the same."""
    if len(back) != len(originals):
        return [f"{len(originals)} tables written, {len(back)} read back"]
    differ = []
    for original, copy in zip(originals, back):
        if table_data(copy, positions=False) != table_data(original, positions=False):
            differ.append(f"{original.path}:{original.loc.line} {original.project}: table data differs")
        elif findings(engine, copy) != findings(engine, original):
            extra = findings(engine, copy) - findings(engine, original)
            lost = findings(engine, original) - findings(engine, copy)
            differ.append(f"{original.path}:{original.loc.line} {original.project}: findings differ, "
                          f"extra {sorted(extra)[:2]}, lost {sorted(lost)[:2]}")
    return differ
