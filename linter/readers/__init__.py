"""One module per input format, each with ``read(path) -> list[Table]``; the line-based formats
also parse text they are given (``parse`` or ``iter_parse``), so that ``reading`` reads such a file
once and hands back, with its tables, its ``Source`` (the text to quote, the disable comments).

Modules are imported only when a file of their format is read, so a run over text files
never loads a spreadsheet library.
"""
from __future__ import annotations

import fnmatch
import importlib
from pathlib import Path
from typing import Iterable, List, NamedTuple

from ..util.errors import InputError
from ..model.source import Source
from ..model.table import Table
from .encoding import read_text

READERS = {
    ".txt": "text",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".xls": "xls",
    ".docx": "docx",
    ".pdf": "pdf",
    ".csv": "csv",
    ".tsv": "csv",
    ".yaml": "draft",
    ".yml": "draft",
    ".json": "draft",
}
LINE_BASED = (".txt", ".csv", ".tsv", ".yaml", ".yml", ".json")  # read as text: findings point at its lines
UNCOMMENTED = (".json",)  # no comments in JSON: a "# jxlint:" there is data


# Formats jxlint does not read, and what to save them as.
SAVE_AS = {".et": ".xlsx", ".ods": ".xlsx", ".xlsb": ".xlsx",
           ".wps": ".docx", ".doc": ".docx", ".odt": ".docx", ".rtf": ".docx"}

# Files that editors and office suites leave beside a document while it is open or being saved.
SCRATCH = (
    ("~$*", "Office 打开文档时留下的锁定文件（~$…），不是表格，未检查"),
    (".~lock.*#", "LibreOffice 打开文档时留下的锁定文件，不是表格，未检查"),
    ("*~", "编辑器的备份文件（…~），未检查"),
    ("#*#", "编辑器自动保存的临时文件（#…#），未检查"),
    ("*.sw[po]", "vim 的交换文件，未检查"),
)


def scratch(path: Path) -> str:
    """Why a file is an editor's or office suite's temporary file, or "" if it is not one."""
    return next((why for pattern, why in SCRATCH if fnmatch.fnmatchcase(path.name, pattern)), "")


def supported(path: Path) -> bool:
    return path.suffix.lower() in READERS


def unsupported(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in SAVE_AS:
        return (f"jxlint 不读“{suffix}”文件：请在 WPS 或 Office 里另存为 {SAVE_AS[suffix]}（文件 → 另存为），"
                "再检查另存的文件")
    return f"不支持的文件类型“{path.suffix or '（无扩展名）'}”；支持：{'、'.join(sorted(READERS))}"


def _module(path: Path):
    name = READERS.get(path.suffix.lower())
    if name is None:
        raise InputError(unsupported(path))
    return importlib.import_module(f"{__name__}.{name}")


class Reading(NamedTuple):
    tables: Iterable[Table]  # one at a time where the reader can stream them
    source: Source


def reading(path: Path) -> Reading:
    """The file's tables and its Source, from one read of the file (a text file is decoded at once,
    so encoding errors come here)."""
    module = _module(path)
    suffix = Path(path).suffix.lower()
    if suffix not in LINE_BASED:
        return Reading(module.iter_read(path) if hasattr(module, "iter_read") else module.read(path), Source())
    text = read_text(path)
    parse = getattr(module, "iter_parse", None) or module.parse
    return Reading(parse(text, str(path)), Source.of_text(text, suffix not in UNCOMMENTED))


def iter_tables(path: Path) -> Iterable[Table]:
    return reading(path).tables


def read(path: Path) -> List[Table]:
    return list(iter_tables(path))
