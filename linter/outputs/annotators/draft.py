"""Annotated copy of a YAML draft: above each flagged key a line ``# jxlint: rule — message``,
indented as the key's line. Only lines are added: every other byte of the file (comments, key order,
quoting, blank lines, line endings, encoding) stays as it was.

ruamel.yaml finds where the keys are; the lines are then inserted into the text itself, since
dumping the tree again would re-indent and re-quote the officer's file.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from pathlib import Path
from typing import Dict, List, Sequence

from ...util import yamlsafe
from ...util.atomic import write_bytes
from ...util.errors import JxlintError
from ...model.findings import Finding
from ...util.encoding import decode

_ENCODINGS = ("utf-8", "utf-8-sig", "gb18030", "utf-16", "utf-16-le", "utf-16-be")
_SPACE = re.compile(r"\s+")


def annotate(source: Path, findings: Sequence[Finding], target: Path) -> None:
    data = source.read_bytes()
    text = decode(data)
    encoding = next((e for e in _ENCODINGS if _encodes(text, e, data)), None)
    if encoding is None:
        raise JxlintError(f"{source}: 无法按原编码写回批注副本")
    tree, _ = yamlsafe.load(text, str(source), JxlintError, yamlsafe.MAX_DRAFT_NODES, text_scalars=True)
    key_lines = sorted({line for line, _ in _keys(tree)})
    notes: Dict[int, List[str]] = defaultdict(list)
    for finding in findings:
        notes[_key_line(key_lines, finding.line - 1)].append(
            f"# jxlint: {finding.rule} — {_SPACE.sub(' ', finding.message).strip()}")
    lines = text.split("\n")
    for line, comments in sorted(notes.items(), reverse=True):
        indent = lines[line][:len(lines[line]) - len(lines[line].lstrip())]
        end = "\r" if lines[line].endswith("\r") else ""
        lines[line:line] = [indent + comment + end for comment in comments]
    write_bytes(target, "\n".join(lines).encode(encoding))


def _encodes(text: str, encoding: str, data: bytes) -> bool:
    try:
        return text.encode(encoding) == data
    except UnicodeEncodeError:
        return False


def _keys(node):
    """(line, column) of every mapping key in the tree, 0-based."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield tuple(node.lc.key(key))
            yield from _keys(value)
    elif isinstance(node, list):
        for value in node:
            yield from _keys(value)


def _key_line(key_lines: List[int], line: int) -> int:
    """The line of the key a finding belongs to: the last key line on or above the finding's
    (a value may run over several lines, and a comment line must not land inside it)."""
    index = bisect_right(key_lines, line) - 1
    return key_lines[max(index, 0)] if key_lines else 0
