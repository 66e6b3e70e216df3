"""JUnit XML for CI dashboards: a test suite per file and a test case per table (项目名称, year,
lines), which fails when the table has any finding; the failure lists them, one per line, as the
text format writes them. A file that could not be read is a test case with an error, a skipped file
a skipped test case, and findings about the file itself (an unused configuration entry) a test case
named after the file. Text is stripped of characters XML 1.0 cannot carry."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Iterable, List, TextIO

from ...model.findings import FileResult, Finding, Severity
from ...run.summary import Summary

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def render(results: Iterable[FileResult], out: TextIO, color: bool = False) -> Summary:
    summary = Summary()
    root = ET.Element("testsuites", name="jxlint")
    for result in results:
        summary.add(result)
        root.append(_suite(result))
    _count(root, root.findall("testsuite"))
    ET.indent(root)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(root, encoding="unicode"))
    out.write("\n")
    return summary


def _suite(result: FileResult) -> ET.Element:
    suite = ET.Element("testsuite", name=_text(result.path))
    if result.status != "checked":
        case = _case(suite, result.path, result.path)
        tag = "error" if result.status == "failed" else "skipped"
        ET.SubElement(case, tag, message=_text(result.error), **({"type": "input"} if tag == "error" else {}))
    indices = set()
    for table in result.tables:
        indices.add(table.index)
        facts = [table.project or "（无表头的表）", f"{table.year}年度" if table.year else "",
                 f"第 {table.line}–{table.end_line} 行"]
        case = _case(suite, result.path, " · ".join(x for x in facts if x))
        _fail(case, [f for f in result.findings if f.table == table.index])
    loose = [f for f in result.findings if f.table not in indices]
    if loose:
        _fail(_case(suite, result.path, result.path), loose)
    _count(suite, [suite])
    return suite


def _case(suite: ET.Element, path: str, name: str) -> ET.Element:
    return ET.SubElement(suite, "testcase", classname=_text(path), name=_text(name), file=_text(path))


def _fail(case: ET.Element, findings: List[Finding]) -> None:
    if not findings:
        return
    worst = max(Severity[f.severity] for f in findings)
    counts = {s: sum(f.severity == s.name for f in findings) for s in sorted(Severity, reverse=True)}
    message = f"{len(findings)} 个问题：" + "，".join(f"{s.label} {n}" for s, n in counts.items() if n)
    failure = ET.SubElement(case, "failure", message=message, type=worst.name)
    failure.text = _text("\n".join(_line(f) for f in findings))


def _line(f: Finding) -> str:
    where = f"{f.path}:{f.line}:{f.column}" + (f" ({f.ref})" if f.ref else "")
    return f"{where}: {f.severity}[{f.rule}] {f.message}" + (f"\n    建议：{f.suggestion}" if f.suggestion else "")


def _count(element: ET.Element, suites: List[ET.Element]) -> None:
    cases = [case for suite in suites for case in suite.findall("testcase")]
    element.set("tests", str(len(cases)))
    element.set("failures", str(sum(case.find("failure") is not None for case in cases)))
    element.set("errors", str(sum(case.find("error") is not None for case in cases)))
    element.set("skipped", str(sum(case.find("skipped") is not None for case in cases)))


def _text(value: str) -> str:
    return _NOT_XML.sub("\ufffd", value)
