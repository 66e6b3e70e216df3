"""The cross stage's temporary file (util.spill): records come back as they went in, by where they
start; the file has no name on disk at any time; a temporary directory that cannot be written is one
clear error."""
import os
import tempfile

import pytest

from linter import readers
from linter.util.errors import JxlintError
from linter.util.spill import Spill


def test_records_come_back_by_their_spot(seeds, tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    tables = [t for path in sorted(seeds.glob("*.txt")) for t in readers.read(path)]
    spill = Spill()
    spots = [spill.put(table) for table in tables]
    assert os.listdir(tmp_path) == []  # unnamed from the start: nothing to remove, whatever ends the run
    assert [spill.get(spot) for spot in reversed(spots)] == tables[::-1]
    spill.close()
    assert spill.get(spill.put("again")) == "again"  # a closed spill starts afresh


def test_an_unwritable_temporary_directory_is_one_clear_error(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "missing"))
    with pytest.raises(JxlintError, match="无法写临时文件"):
        Spill().put("x")
