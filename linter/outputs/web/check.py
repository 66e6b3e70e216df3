"""One uploaded file checked as ``jxlint check`` checks it (same readers, limits, rules and
configuration), turned into what the page shows and offers for download.

The upload is read from a private temporary path; the name the browser sent is only shown (and
used for the download names and for matching the configuration's overrides), never opened."""
from __future__ import annotations

import base64
import tempfile
from dataclasses import replace
from pathlib import Path, PureWindowsPath
from typing import Dict, Iterator, List, Tuple

from .. import annotators, review
from ...model.findings import FileResult
from ..report import html as report_html, rows
from ..report.aggregate import Aggregate, TableEntry
from ..report.safe import printable
from ...run.pipeline import Pipeline
from ...run.session import Options
from ...run.summary import Summary

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TYPES = {".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".docx": DOCX,
         ".yaml": "text/yaml", ".yml": "text/yaml", ".html": "text/html"}
UNNAMED = "上传的文件"


def shown_name(sent: str, suffix: str) -> str:
    """The file's own name without any folder the browser may have sent (a/b.xlsx, C:\\x\\b.xlsx)."""
    name = PureWindowsPath(printable(sent)).name.strip()
    return name if name not in ("", ".", "..") else UNNAMED + suffix


def check_upload(path: Path, name: str, options: Options) -> dict:
    """Everything the page needs for one file: its summary, each table as the report's section
    (escaped HTML), the rules found, and the downloads (base64)."""
    pipeline = Pipeline([(path, True)], replace(options, renames=((str(path), name),)), view=rows.view, across=False)
    [result] = pipeline.results()
    rule_names = {rule_id: rule.name for rule_id, rule in pipeline.rules.items()}
    aggregate = Aggregate(rule_names, (name,))
    tables = aggregate.add(result)
    summary = Summary()
    summary.add(result)
    rule_counts: Dict[str, int] = {}
    for finding in result.findings:
        rule_counts[finding.rule] = rule_counts.get(finding.rule, 0) + 1
    return {"name": name, "status": result.status, "error": result.error, "summary": summary.sentence(),
            "tables": [_table(entry) for entry in tables],
            "rules": [[rule, rule_names.get(rule, rule), count] for rule, count in sorted(rule_counts.items())],
            "downloads": [_download(*item) for item in downloads(path, name, result, tables, rule_names)],
            "notes": _notes(path, result)}


def _table(entry: TableEntry) -> dict:
    return {"project": entry.summary.project, "score": entry.score, "findings": len(entry.findings),
            "html": report_html.table_section(entry)}


def downloads(path: Path, name: str, result: FileResult, tables: List[TableEntry],
              rule_names: Dict[str, str]) -> Iterator[Tuple[str, str, bytes]]:
    """(label, file name, contents) of each download. The fixed draft of ``jxlint fix`` (issue 12)
    is to be offered here too, as one more item, once that command exists."""
    if result.status != "checked":
        return
    stem, suffix = Path(name).stem, path.suffix.lower()
    if suffix in annotators.ANNOTATORS:
        with tempfile.TemporaryDirectory(dir=path.parent) as directory:
            target = Path(directory) / f"annotated{suffix}"
            annotators.annotate(path, result.findings, target)
            yield "批注副本", f"{stem}-批注{suffix}", target.read_bytes()
    yield "审核意见单（Word）", f"{stem}-审核意见单.docx", review.docx_bytes(tables, rule_names)
    yield "审核意见单（网页，可打印）", f"{stem}-审核意见单.html", review.html_bytes(tables, rule_names)


def _download(label: str, filename: str, data: bytes) -> dict:
    return {"label": label, "filename": filename, "type": TYPES.get(Path(filename).suffix, "application/octet-stream"),
            "data": base64.b64encode(data).decode()}


def _notes(path: Path, result: FileResult) -> List[str]:
    if result.status == "checked" and path.suffix.lower() not in annotators.ANNOTATORS:
        return [f"“{path.suffix}”文件没有批注副本（支持 {'、'.join(sorted(annotators.ANNOTATORS))}）；"
                "请用审核意见单，或在表格里对照问题位置修改。"]
    return []
