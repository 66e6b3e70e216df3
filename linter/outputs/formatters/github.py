"""GitHub Actions workflow commands: each finding becomes an annotation on its file and line
(``::error file=…,line=…,col=…,endColumn=…,title=…::message``), shown on the pull request's diff.
Values are escaped as GitHub's toolkit does: ``%``, CR and LF everywhere, and ``:`` and ``,``
inside properties; other control characters (ESC, BEL, bidi controls) are shown as escapes. A file that could not be read is an error annotation on the file."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Dict, Iterable, TextIO

from ...model.findings import FileResult, Finding
from ...run.summary import Summary
from ...util.visible import visible

LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def render(results: Iterable[FileResult], out: TextIO, color: bool = False) -> Summary:
    summary = Summary()
    for result in results:
        summary.add(result)
        if result.status == "failed":
            out.write(command("error", {"file": _path(result.path), "title": "jxlint：无法检查"}, result.error))
        elif result.status == "skipped":
            out.write(f"jxlint: {visible(result.path)}: 跳过：{visible(result.error)}\n")
        for finding in result.findings:
            out.write(_annotation(finding))
    out.write(summary.sentence() + "\n")
    return summary


def _annotation(f: Finding) -> str:
    properties = {"file": _path(f.path)}
    if f.line >= 1:
        properties["line"] = str(f.line)
        if f.end_line > f.line:
            properties["endLine"] = str(f.end_line)
        if f.column >= 1:
            properties["col"] = str(f.column)
            if f.end_line <= f.line and f.end_column > f.column:
                properties["endColumn"] = str(f.end_column)
    properties["title"] = f"jxlint {f.rule}" + (f" ({f.ref})" if f.ref else "")
    message = f.message + (f"\n建议：{f.suggestion}" if f.suggestion else "")
    return command(LEVELS[f.severity], properties, message)


def command(name: str, properties: Dict[str, str], message: str) -> str:
    listed = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
    return f"::{name} {listed}::{escape_data(message)}\n"


def escape_data(text: str) -> str:
    """GitHub's escapes, then any other control character shown as an escape (the log is a terminal)."""
    return visible(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _path(path: str) -> str:
    """Relative to the working directory, which is the repository root in a workflow."""
    try:
        return Path(os.path.relpath(os.path.abspath(path))).as_posix()
    except ValueError:
        return Path(path).as_posix()
