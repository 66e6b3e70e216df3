"""The file formats jxlint reads, by suffix, and the files it passes over: what the readers,
the run and the web page agree on (the reading itself is in linter/readers)."""
from __future__ import annotations

import fnmatch
from pathlib import Path

READERS = {  # suffix → the module of linter/readers that reads it
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
