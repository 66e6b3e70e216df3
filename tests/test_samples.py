"""Every bundled sample in every format has hand-checked expected findings, and jxlint finds
exactly those; the generated samples are still what tests/make_samples.py makes."""
from pathlib import Path

import pytest
import yaml

from linter import readers
from linter.engine.evaluate import Engine
from linter.run.runner import lint_file
from linter.outputs.tabledata import tables_data

from conftest import FIXTURES, ROOT

EXPECTED = sorted((FIXTURES / "samples").glob("*.yaml"))
SAMPLES = sorted(p for p in (ROOT / "samples").rglob("*") if p.is_file() and readers.supported(p))


def test_every_sample_has_its_expected_findings():
    listed = {yaml.safe_load(p.read_text(encoding="utf-8"))["sample"] for p in EXPECTED}
    present = {p.relative_to(ROOT / "samples").as_posix() for p in SAMPLES}
    assert present == listed
    assert {Path(p).parent.name for p in present} >= {"text", "xlsx", "docx", "pdf", "csv", "yaml"}


@pytest.mark.parametrize("expected_file", EXPECTED, ids=lambda p: p.stem)
def test_sample_findings(pack, expected_file):
    expected = yaml.safe_load(expected_file.read_text(encoding="utf-8"))
    result = lint_file(ROOT / "samples" / expected["sample"], Engine(pack))
    assert result.status == "checked", result.error
    found = {(f.ref or f"{f.line}:{f.column}", f.rule, f.value) for f in result.findings}
    assert found == {(e["at"], e["rule"], str(e["value"])) for e in expected["findings"]}


def test_the_script_still_makes_the_samples(seeds, tmp_path):
    import make_samples

    make_samples.main(tmp_path)
    for folder in make_samples.MADE:
        for sample in sorted((ROOT / "samples" / folder).iterdir()):
            made = tmp_path / folder / sample.name
            if folder in ("pdf", "csv", "yaml"):  # written byte for byte the same
                assert made.read_bytes() == sample.read_bytes(), sample.name
            assert tables_data(readers.read(made), False) == tables_data(readers.read(sample), False), sample.name
