"""The PDF, CSV and YAML-draft samples: each finds exactly its hand-checked findings
(tests/fixtures/samples/<format>-<name>.yaml), and tests/make_pdf_csv_yaml_samples.py still makes them."""
import pytest
import yaml

from linter import readers
from linter.engine import Engine
from linter.runner import lint_file
from linter.tabledata import tables_data

from conftest import FIXTURES, ROOT

FORMATS = ("pdf", "csv", "yaml")
EXPECTED = sorted(p for kind in FORMATS for p in (FIXTURES / "samples").glob(f"{kind}-*.yaml"))


def _samples(kind):
    return sorted(p for p in (ROOT / "samples" / kind).iterdir() if readers.supported(p))


def test_every_sample_has_its_expected_findings():
    samples = {f"{kind}/{p.name}" for kind in FORMATS for p in _samples(kind)}
    listed = {yaml.safe_load(p.read_text(encoding="utf-8"))["sample"] for p in EXPECTED}
    assert samples == listed and len(samples) >= 9


@pytest.mark.parametrize("expected_file", EXPECTED, ids=lambda p: p.stem)
def test_sample_findings(pack, expected_file):
    expected = yaml.safe_load(expected_file.read_text(encoding="utf-8"))
    result = lint_file(ROOT / "samples" / expected["sample"], Engine(pack))
    assert result.status == "checked", result.error
    found = {(f.ref or f"{f.line}:{f.column}", f.rule, f.value) for f in result.findings}
    assert found == {(e["at"], e["rule"], e["value"]) for e in expected["findings"]}


def test_the_script_still_makes_the_samples(seeds, tmp_path):
    import make_pdf_csv_yaml_samples

    make_pdf_csv_yaml_samples.main(tmp_path)
    for kind in FORMATS:
        for sample in _samples(kind):
            made = tmp_path / kind / sample.name
            assert made.read_bytes() == sample.read_bytes(), sample.name
            assert tables_data(readers.read(made), False) == tables_data(readers.read(sample), False)
