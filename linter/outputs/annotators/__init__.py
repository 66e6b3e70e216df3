"""Annotated copies of an input file (``jxlint check FILE --annotate OUT``): one module per
format, each with ``annotate(source, findings, target)``. The source is never modified."""
from __future__ import annotations

import importlib
from pathlib import Path
from typing import Sequence

from ...util.errors import JxlintError
from ...model.findings import Finding

ANNOTATORS: dict = {".xlsx": "xlsx", ".docx": "docx", ".yaml": "draft", ".yml": "draft"}
# Cell colours by severity: Excel's "bad" and "neutral" fills, and a light blue.
FILLS = {"error": "FFC7CE", "warning": "FFEB9C", "info": "DDEBF7"}


def annotate(source: Path, findings: Sequence[Finding], target: Path) -> None:
    name = ANNOTATORS.get(source.suffix.lower())
    if name is None:
        supported = "、".join(sorted(ANNOTATORS)) or "（暂无）"
        raise JxlintError(f"{source}: 不能为“{source.suffix}”文件生成批注副本；支持：{supported}")
    if target.resolve() == source.resolve():
        raise JxlintError(f"{target}: 批注副本不能覆盖原文件")
    try:
        importlib.import_module(f"{__name__}.{name}").annotate(source, findings, target)
    except OSError as error:
        raise JxlintError(f"{target}: 无法写出批注副本：{error.strerror or error}") from None


def note_text(findings: Sequence[Finding]) -> str:
    """One cell's findings as the text of a comment: level, rule id, message, suggestion."""
    return "\n\n".join(f"jxlint {f.level.label}[{f.rule}]：{f.message}"
                         + (f"\n建议：{f.suggestion}" if f.suggestion else "") for f in findings)
