"""SARIF 2.1.0, the format code-scanning services read (GitHub, GitLab, Azure DevOps): one run whose
tool.driver.rules carry each rule's docs, one result per finding with its region and the rewrite
suggestion, and files that could not be read as tool execution notifications.

Columns count characters (``columnKind: unicodeCodePoints``), as jxlint's positions do. Each result
has a partial fingerprint of its content (rule, project, indicator, value), the same key a baseline
uses, so a code-scanning service tracks a finding across runs even when its row moves.
"""
from __future__ import annotations

import json
import os
from importlib import metadata
from pathlib import Path
from typing import Dict, Iterable, List, Mapping, TextIO
from urllib.parse import quote

from ...run.baseline import fingerprint
from ...model.findings import FileResult, Finding
from ...run.summary import Summary
from ...engine.ruleset import SCOPE_LABELS

DESCRIBES_RULES = True
SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
ROOT = "%SRCROOT%"


def render(results: Iterable[FileResult], out: TextIO, color: bool = False, rules: Mapping = None) -> Summary:
    """``rules``: {id: Rule}, every rule a finding may name."""
    summary = Summary()
    findings: List[Finding] = []
    notifications = []
    for result in results:
        summary.add(result)
        findings.extend(result.findings)
        if result.status != "checked":
            notifications.append(_notification(result))
    descriptors = _descriptors(rules or {}, {f.rule for f in findings})
    index = {d["id"]: i for i, d in enumerate(descriptors)}
    run = {
        "tool": {"driver": {"name": "jxlint", "version": _version(), "rules": descriptors}},
        "invocations": [{"executionSuccessful": not summary.status["failed"],
                         "toolExecutionNotifications": notifications}],
        "originalUriBaseIds": {ROOT: {"uri": Path.cwd().as_uri() + "/"}},
        "columnKind": "unicodeCodePoints",
        "results": [_result(f, index) for f in findings],
    }
    json.dump({"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}, out, ensure_ascii=False, indent=1)
    out.write("\n")
    return summary


def _version() -> str:
    try:
        return metadata.version("jxlint")
    except metadata.PackageNotFoundError:
        return "0"


def _descriptors(rules: Mapping, reported: set) -> List[dict]:
    """The rules run (or at least reported), each with its docs; help has no URI: the docs are
    the text itself, so the report stands alone offline."""
    descriptors = []
    for rule_id in sorted(set(rules) | reported):
        rule = rules[rule_id]
        docs = {k: " ".join(v.split()) for k, v in rule.docs.items()}
        help_text = f"{docs['what']}\n为什么：{docs['why']}\n怎么改：{docs['fix']}\n依据：{docs['source']}"
        help_markdown = (f"{docs['what']}\n\n**为什么**：{docs['why']}\n\n**怎么改**：{docs['fix']}\n\n"
                         f"**依据**：{docs['source']}")
        descriptors.append({
            "id": rule.id, "name": _pascal(rule.id),
            "shortDescription": {"text": rule.name},
            "fullDescription": {"text": docs["what"]},
            "help": {"text": help_text, "markdown": help_markdown},
            "defaultConfiguration": {"level": LEVELS[rule.severity]},
            "properties": {"scope": rule.scope, "tags": ["绩效目标", SCOPE_LABELS[rule.scope]]},
        })
    return descriptors


def _pascal(rule_id: str) -> str:
    return "".join(part.capitalize() for part in rule_id.split("-"))


def _result(finding: Finding, index: Dict[str, int]) -> dict:
    text = finding.message + (f"\n建议：{finding.suggestion}" if finding.suggestion else "")
    data = {
        "ruleId": finding.rule, "ruleIndex": index[finding.rule], "level": LEVELS[finding.severity],
        "message": {"text": text},
        "locations": [_location(finding)],
        "partialFingerprints": {"jxlintContent/v1": fingerprint(finding)},
        "properties": {"suggestion": finding.suggestion, "project": finding.project,
                       "indicator": finding.indicator, "field": finding.field, "value": finding.value},
    }
    if finding.related:  # the other table of a cross-table finding: the approved target, last year's value
        data["relatedLocations"] = [dict(_location(place), id=i, message={"text": place.label})
                                    for i, place in enumerate(finding.related, 1)]
    return data


def _location(finding) -> dict:
    """Where a Finding, or a Related place of one, is."""
    physical = {"artifactLocation": _artifact(finding.path)}
    region = _region(finding)
    if region:
        physical["region"] = region
    location = {"physicalLocation": physical}
    if finding.ref:
        location["logicalLocations"] = [{"fullyQualifiedName": finding.ref, "kind": "element"}]
    return location


def _region(finding: Finding) -> dict:
    if finding.line < 1:
        return {}
    region = {"startLine": finding.line}
    if finding.column >= 1:
        region["startColumn"] = finding.column
    end_line = max(finding.end_line, finding.line)
    region["endLine"] = end_line
    if finding.column >= 1 and finding.end_column >= 1 and (end_line > finding.line or finding.end_column > finding.column):
        region["endColumn"] = finding.end_column
    if finding.value:
        region["snippet"] = {"text": finding.value}
    return region


def _artifact(path: str) -> dict:
    """A URI relative to the working directory (where CI checks out the repository)."""
    absolute = Path(os.path.abspath(path))
    try:
        relative = os.path.relpath(absolute)
    except ValueError:  # another drive
        return {"uri": absolute.as_uri()}
    # fsencode: a name that is not UTF-8 is percent-encoded as the bytes it really has
    return {"uri": quote(os.fsencode(Path(relative).as_posix()), safe="/"), "uriBaseId": ROOT}


def _notification(result: FileResult) -> dict:
    word = "无法检查" if result.status == "failed" else "跳过"
    error = " ".join(result.error.split())
    return {"level": "error" if result.status == "failed" else "note",
            "message": {"text": f"{result.path}: {word}：{error}"},
            "locations": [{"physicalLocation": {"artifactLocation": _artifact(result.path)}}]}
