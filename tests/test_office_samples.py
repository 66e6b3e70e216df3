"""The Excel and Word samples: each finds exactly its hand-checked findings
(tests/fixtures/samples/<format>-<name>.yaml), and tests/make_office_samples.py still makes them."""
from pathlib import Path

import pytest
import yaml

from linter import readers
from linter.engine import Engine
from linter.runner import lint_file
from linter.tabledata import tables_data

from conftest import FIXTURES, ROOT

FORMATS = ("xlsx", "docx")
EXPECTED = sorted(p for kind in FORMATS for p in (FIXTURES / "samples").glob(f"{kind}-*.yaml"))


def test_every_sample_has_its_expected_findings():
    samples = {f"{p.parent.name}/{p.name}" for kind in FORMATS for p in (ROOT / "samples" / kind).glob(f"*.{kind}")}
    listed = {yaml.safe_load(p.read_text(encoding="utf-8"))["sample"] for p in EXPECTED}
    assert samples == listed and len(samples) >= 6


@pytest.mark.parametrize("expected_file", EXPECTED, ids=lambda p: p.stem)
def test_sample_findings(pack, expected_file):
    expected = yaml.safe_load(expected_file.read_text(encoding="utf-8"))
    result = lint_file(ROOT / "samples" / expected["sample"], Engine(pack))
    assert result.status == "checked", result.error
    found = {(f.ref, f.rule, f.value) for f in result.findings}
    assert found == {(e["ref"], e["rule"], e["value"]) for e in expected["findings"]}


def test_the_script_still_makes_the_samples(seeds, tmp_path):
    import make_office_samples

    make_office_samples.main(tmp_path)
    for kind in FORMATS:
        for sample in sorted((ROOT / "samples" / kind).glob(f"*.{kind}")):
            made = tmp_path / kind / sample.name
            assert _tables(made) == _tables(sample), sample.name


def _tables(path: Path):
    return tables_data(readers.read(path), positions=False)["tables"]
