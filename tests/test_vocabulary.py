"""The field vocabulary (rules/fields.yaml) and the direction of imports: readers, the engine and
outputs share the model; no output module imports a reader module."""
import ast
from pathlib import Path

import pytest

from linter.model import fields
from linter.readers import labels

from conftest import ROOT

LINTER = ROOT / "linter"


def _imports(path: Path):
    """The absolute module each import of ``path`` names (relative imports resolved)."""
    package = path.relative_to(ROOT).with_suffix("").parts[:-1]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[:len(package) - node.level + 1] if node.level else ()
            module = ".".join((*base, *(node.module.split(".") if node.module else ())))
            yield module
            yield from (f"{module}.{alias.name}" for alias in node.names)  # from .. import readers


OUTPUTS = sorted((LINTER / "outputs").rglob("*.py"))


@pytest.mark.parametrize("path", OUTPUTS, ids=lambda p: str(p.relative_to(LINTER)))
def test_no_output_module_imports_a_reader(path):
    readers = [m for m in _imports(path) if m == "linter.readers" or m.startswith("linter.readers.")]
    assert not readers, f"{path.relative_to(ROOT)} imports {readers}: outputs get what they need from linter.model or linter.util"


def test_the_import_check_sees_relative_and_absolute_imports(tmp_path):
    assert len(OUTPUTS) > 20
    found = set(_imports(LINTER / "outputs" / "tabledata.py"))
    assert "linter.model.fields" in found and "linter.model.table.Table" in found
    sample = LINTER / "outputs" / "annotators" / "xlsx.py"
    assert "linter.model.table.sheet_name" in set(_imports(sample))
    assert "linter.readers" in set(_imports(LINTER / "run" / "runner.py"))


def _spellings(field: str):
    """Every spelling the readers recognise for a field, by the sections of labels.yaml."""
    found = [label for table in (labels.HEADER_FIELDS, labels.TARGET_GOALS, labels.SELF_EVALUATION_GOALS,
                                 labels.TARGET_FUNDS, labels.SELF_EVALUATION_FUND_ROWS,
                                 labels.SELF_EVALUATION_FUND_COLUMNS, labels.GRID_COLUMNS, labels.GRID_PROJECT_COLUMNS)
             for label, key in table.items() if key == field]
    return {labels.key(label) for label in found} | {labels.key(label).replace("其中:", "") for label in found}


@pytest.mark.parametrize("section", [s for s in fields.SECTIONS if s != "other"])
def test_every_printed_label_is_one_the_readers_read(section):
    for field, label in fields.section(section).items():
        if field in ("project_other", "annual_other"):  # the 其他资金 line of either column
            assert labels.key(label) in labels.OTHER_FUNDS
        else:
            assert labels.key(label) in _spellings(field), (section, field, label)


def test_labels_of_fields():
    assert fields.label("value") == "年度指标值"
    assert fields.label("project") == "项目名称"
    assert fields.label("total.executed") == "年度资金总额（全年执行数）"
    assert fields.label("funds.annual_total") == "预算数"  # a column of a grid that lists projects
    assert fields.label("funds_unit") == "funds_unit"  # no label: printed as its name
    assert fields.funds_fields()[:2] == ("project_total", "project_fiscal")
    assert "carryover.score" in fields.funds_fields()


def test_a_field_in_two_sections_has_one_label():
    seen = {}
    for section in fields.SECTIONS:
        for field, label in fields.section(section).items():
            assert seen.setdefault(field, label) == label, field
