"""The four real tables from other provinces (../shared/seeds-regions), pinned row by row:
header, funds, every indicator with its split-off cells, the 中期 rows, and the findings."""
import pytest
import yaml

from linter import readers
from linter.engine.evaluate import Engine

from conftest import FIXTURES, ROOT

REGIONS = ROOT.parent / "shared" / "seeds-regions"
PINNED = sorted((FIXTURES / "regions").glob("*.yaml"))
EXTRA = ("comparator", "measure_unit", "weight", "actual", "score", "note", "direction", "reason")


@pytest.fixture(scope="module")
def regions():
    if not REGIONS.is_dir():
        pytest.skip(f"regional seed tables not found at {REGIONS} (shared/ must sit beside the repository)")
    return REGIONS


def _row(row):
    extra = {field: getattr(row, field).text for field in EXTRA if getattr(row, field).text}
    return [row.level1.text, row.level2.text, row.name.text, row.value.text] + ([extra] if extra else [])


def test_every_regional_table_is_pinned(regions):
    assert sorted(p.stem for p in PINNED) == sorted(p.stem for p in regions.glob("*.txt"))


@pytest.mark.parametrize("fixture", PINNED, ids=lambda p: p.stem)
def test_regional_table_is_read_right(regions, fixture, pack):
    expected = yaml.safe_load(fixture.read_text(encoding="utf-8"))
    tables = readers.read(regions / expected["file"])
    assert len(tables) == len(expected["tables"])
    engine = Engine(pack)
    for index, (table, want) in enumerate(zip(tables, expected["tables"])):
        assert (table.project, table.kind, table.year.text) == (want["project"], want["kind"], want["year"])
        assert {k: v.text for k, v in table.header.items() if k != "project"} == want["header"]
        assert {k: v.text for k, v in table.funds.items()} == want["funds"]
        assert [_row(r) for r in table.rows] == want["rows"]
        assert [_row(r) for r in table.medium_rows] == want.get("medium_rows", [])
        found = [[f.rule, f.indicator, f.ref or f"{f.line}:{f.column}"] for f in engine.check(table, index)]
        assert found == want["findings"]
