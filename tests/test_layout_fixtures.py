"""Hand-made tables of each layout family (tests/fixtures/layouts), with hand-checked rows and
findings, in .txt and in the same cells saved as .csv, .xlsx, .xls and .docx."""
import json

import pytest
import yaml

from linter import readers
from linter.engine.evaluate import Engine
from linter.util.normalize import canon

import layouts
from conftest import FIXTURES, run_cli
from writers import Layout

HERE = FIXTURES / "layouts"
EXPECTED = yaml.safe_load((HERE / "expected.yaml").read_text(encoding="utf-8"))
FORMATS = (".txt", ".csv", ".xlsx", ".xls", ".docx")


def _as(source, suffix, directory):
    """The fixture's cells in another format: each line a row, each tab a column."""
    if suffix == ".txt":
        return source
    lines = [line.split("\t") for line in source.read_text(encoding="utf-8").splitlines()]
    width = max(map(len, lines))
    grid = Layout("", "", width, rows=[cells + [""] * (width - len(cells)) for cells in lines])
    path = directory / f"{source.stem}{suffix}"
    layouts.write([grid], path)
    return path


@pytest.mark.parametrize("suffix", FORMATS)
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_layout_fixture(name, suffix, pack, tmp_path):
    tables = readers.read(_as(HERE / name, suffix, tmp_path))
    engine = Engine(pack)
    got = [{"project": t.project, "year": t.year.text, "kind": t.kind,
            "funds": {k: v.text for k, v in t.funds.items()},
            "rows": [[r.name.text, canon(r.value.text)] for r in t.rows],
            **({"medium_rows": [[r.name.text, canon(r.value.text)] for r in t.medium_rows]} if t.medium_rows else {}),
            "findings": [[f.rule, f.indicator] for f in engine.check(t, i)]}
           for i, t in enumerate(tables)]
    expected = [{**table, "rows": [[n, canon(v)] for n, v in table["rows"]],
                 **({"medium_rows": [[n, canon(v)] for n, v in table["medium_rows"]]} if "medium_rows" in table else {})}
                for table in EXPECTED[name]]
    assert got == expected


def test_a_national_layout_workbook_gets_the_vague_value_at_its_value_cell(tmp_path):
    """As a new user meets it: an .xlsx in the national layout, 定性 | 提升, checked from the command line."""
    path = _as(HERE / "national-split.txt", ".xlsx", tmp_path)
    result = run_cli("check", path, "--format", "json")
    found = [f for f in json.loads(result.stdout)["files"][0]["findings"] if f["rule"] == "vague-value"]
    assert {(f["indicator"], f["ref"], f["value"]) for f in found} == {
        ("养护质量", "Sheet!E11", "提升"), ("群众出行条件", "Sheet!E15", "良好")}
    assert result.returncode == 1


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_draft_carries_the_new_fields(name, pack, tmp_path):
    """convert --to yaml keeps comparator, unit, weight, note, direction and the 中期 rows, and the
    draft reads back to the same indicators and findings (but unknown-column: a draft holds what
    was read, and has no grid header of its own)."""
    from linter.outputs.tabledata import draft_yaml, table_data

    tables = readers.read(HERE / name)
    draft = tmp_path / f"{name}.yaml"
    draft.write_text(draft_yaml(tables, name), encoding="utf-8")
    back = readers.read(draft)
    assert [table_data(t, positions=False) for t in back] == [table_data(t, positions=False) for t in tables]
    engine = Engine(pack)
    assert [[(f.rule, f.indicator) for f in engine.check(t)] for t in back] == [
        [(f.rule, f.indicator) for f in engine.check(t) if f.rule != "unknown-column"] for t in tables]


def test_variant_labels_feed_the_funds_and_year_checks(pack, tmp_path):
    """年度资金总额：/ 本年财政拨款 / 上年结转 and the year in the title reach the funds and year checks."""
    source = (HERE / "national-split.txt").read_text(encoding="utf-8")
    changed = source.replace("年度资金总额：\t120", "年度资金总额：\t121").replace("定性\t及时", "定性\t2022年12月底前")
    path = tmp_path / "changed.txt"
    path.write_text(changed, encoding="utf-8")
    [table] = readers.read(path)
    rules = {f.rule for f in Engine(pack).check(table)}
    assert {"funds-mismatch", "year-mismatch"} <= rules
    assert "missing-deadline" not in rules
