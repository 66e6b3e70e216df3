"""Baselines: the findings accepted today, recorded by content so that later runs show only new ones.

A finding is keyed by its file (relative to the baseline file's folder), rule, 项目名称, 三级指标,
field and value -- not by line, so moving a row or inserting one above it keeps the baseline valid.
Equal keys are counted: a baseline holding two “有效” rows accepts two, and a third is new.
"""
from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from pathlib import Path
from typing import Iterable, Iterator, List

from ..util.atomic import write_text
from ..util.errors import JxlintError
from ..util.files import read_bytes
from ..model.findings import FileResult, Finding

FORMAT = "jxlint-baseline"
VERSION = 1
FIELDS = ("path", "rule", "project", "indicator", "field", "value")


def content(finding: Finding) -> tuple:
    """What a finding is about, without where it sits in the file."""
    return finding.rule, finding.project, finding.indicator, finding.field, finding.value


def fingerprint(finding: Finding) -> str:
    return hashlib.sha256("\0".join(content(finding)).encode("utf-8", "surrogatepass")).hexdigest()[:32]


def _key(finding: Finding, root: Path) -> tuple:
    try:
        path = Path(os.path.relpath(os.path.abspath(finding.path), root)).as_posix()
    except ValueError:  # another drive (Windows)
        path = Path(os.path.abspath(finding.path)).as_posix()
    return (path, *content(finding))


class Baseline:
    def __init__(self, counts: Counter, root: Path):
        self.counts, self.root = counts, root

    @classmethod
    def load(cls, path) -> "Baseline":
        path = Path(path)
        try:
            data = json.loads(read_bytes(path).decode("utf-8"))
        except FileNotFoundError:
            raise JxlintError(f"{path}: 基线文件不存在（用 --baseline write {path} 生成）") from None
        except RecursionError:
            raise JxlintError(f"{path}: 无法读取基线文件：嵌套太深") from None
        except (OSError, JxlintError, UnicodeDecodeError, ValueError) as error:
            raise JxlintError(f"{path}: 无法读取基线文件：{getattr(error, 'strerror', None) or error}") from None
        entries = data.get("findings") if isinstance(data, dict) and data.get("format") == FORMAT else None
        if not isinstance(entries, list) or not all(_valid(e) for e in entries):
            raise JxlintError(f"{path}: 不是 jxlint 基线文件（应由 jxlint check --baseline write 生成）")
        if data.get("version") != VERSION:
            raise JxlintError(f"{path}: 基线文件的版本是 {data.get('version')!r}，这个 jxlint 只认版本 {VERSION}："
                              "请用 --baseline write 重新生成")
        counts = Counter({tuple(e[f] for f in FIELDS): e["count"] for e in entries})
        return cls(counts, Path(os.path.abspath(path)).parent)

    def new(self, findings: Iterable[Finding]) -> List[Finding]:
        """The findings the baseline does not hold; each one it holds uses up one of its count."""
        fresh = []
        for finding in findings:
            key = _key(finding, self.root)
            if self.counts[key] > 0:
                self.counts[key] -= 1
            else:
                fresh.append(finding)
        return fresh


def _valid(entry) -> bool:
    return (isinstance(entry, dict) and all(isinstance(entry.get(f), str) for f in FIELDS)
            and isinstance(entry.get("count"), int) and entry["count"] > 0)


def recorded(results: Iterable[FileResult], into: List[Finding]) -> Iterator[FileResult]:
    """Pass the results through, keeping the findings of checked files for ``write``."""
    for result in results:
        into.extend(result.findings)
        yield result


def write(path, findings: Iterable[Finding]) -> int:
    root = Path(os.path.abspath(path)).parent
    counts = Counter(_key(f, root) for f in findings)
    entries = [{**dict(zip(FIELDS, key)), "count": n} for key, n in sorted(counts.items())]
    document = {"format": FORMAT, "version": VERSION,
                "note": "jxlint 基线：这些问题已被接受，jxlint check --baseline 本文件 只报告新问题",
                "findings": entries}
    try:
        write_text(path, json.dumps(document, ensure_ascii=False, indent=1) + "\n")
    except OSError as error:
        raise JxlintError(f"{path}: 无法写出基线文件：{error.strerror or error}") from None
    return sum(counts.values())
