"""A hostile-input corpus, built at test time (nothing binary is committed): special files, files
that expand past every bound when parsed naively, names and cells that try to take over a
terminal, and a way to run jxlint under a memory and time bound so that a regression fails a test
instead of hanging the suite or the machine."""
from __future__ import annotations

import os
import re
import resource
import signal
import subprocess
import sys
import time
import zipfile
import zlib
from pathlib import Path

from linter.readers import examples

from conftest import ROOT
from writers import write_docx, write_xlsx

GRID = "一级指标\t二级指标\t三级指标\t年度指标值\n产出指标\t质量指标\t验收合格率\t有效\n"
TABLE = examples.table({"project": "校园安保服务", "year": 2023, "rows": [
    {"level1": "产出指标", "level2": "质量指标", "name": "服务规范性", "value": "规范"}]})
RELATIONSHIPS = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MEMORY = 3 * 1024 ** 3  # address space a jxlint under test may take


# ---- running jxlint within bounds -------------------------------------------------------
def start(*args, cwd=ROOT, **popen) -> subprocess.Popen:
    """jxlint in a session of its own (its workers share its process group), memory-bounded."""
    def bounded():
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))

    return subprocess.Popen([sys.executable, str(ROOT / "cli.py"), *map(str, args)], cwd=cwd, text=True,
                            start_new_session=True, preexec_fn=bounded,
                            **{"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, **popen})


def run(*args, timeout: float = 60, **popen) -> subprocess.CompletedProcess:
    """Run jxlint to its end within ``timeout`` seconds; on timeout its whole group is killed and
    the test fails with what it printed."""
    process = start(*args, **popen)
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        kill_group(process.pid)
        out, err = process.communicate()
        raise AssertionError(f"jxlint {' '.join(map(str, args))} still running after {timeout}s:\n{err[-2000:]}")
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


def kill_group(pgid: int) -> None:
    try:
        os.killpg(pgid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def group_size(pgid: int) -> int:
    """How many live processes the group has (a zombie not yet reaped counts as gone)."""
    alive = 0
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            alive += int(fields[2]) == pgid and fields[0] != "Z"
    return alive


def wait_for_group(pgid: int, size: int, timeout: float = 30) -> None:
    """Wait until jxlint has started its workers (the group has ``size`` processes)."""
    deadline = time.monotonic() + timeout
    while group_size(pgid) < size:
        assert time.monotonic() < deadline, f"jxlint did not start {size - 1} worker processes"
        time.sleep(0.05)


# ---- special files ------------------------------------------------------------------------
def fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def table_text(path: Path) -> Path:
    path.write_text(GRID, encoding="utf-8")
    return path


# ---- files that expand -----------------------------------------------------------------
MERGE_VARIANTS = {  # how a merged range over a whole sheet can be written so a byte pattern misses it
    "absolute": '<mergeCell ref="$A$1:$XFD$1048576"/>',
    "lowercase": '<mergeCell ref="a1:xfd1048576"/>',
    "single quotes": "<mergeCell ref='A1:XFD1048576'/>",
    "spaces around =": '<mergeCell ref = "A1:XFD1048576"/>',
    "whole columns": '<mergeCell ref="A:XFD"/>',
}


def xlsx_with_merge(path: Path, merge: str, sheet_part: str = "xl/worksheets/sheet1.xml") -> Path:
    """A one-table workbook with ``merge`` added to its sheet, the sheet stored at ``sheet_part``."""
    write_xlsx(TABLE, path)

    def edit(name: str, data: bytes) -> tuple:
        if name == "xl/worksheets/sheet1.xml":
            data = re.sub(rb"<mergeCells[^>]*>", lambda m: m.group() + merge.encode(), data, count=1) \
                if b"<mergeCells" in data else data.replace(b"</sheetData>", b"</sheetData><mergeCells>"
                                                            + merge.encode() + b"</mergeCells>")
            return sheet_part, data
        if name == "xl/_rels/workbook.xml.rels":
            return name, re.sub(rb'Target="[^"]*sheet1\.xml"', b'Target="/' + sheet_part.encode() + b'"', data)
        if name == "[Content_Types].xml":
            return name, data.replace(b"/xl/worksheets/sheet1.xml", b"/" + sheet_part.encode())
        return name, data
    _rewrite(path, edit)
    return path


def xlsx_shared_sheet(path: Path, sheets: int = 500) -> Path:
    """A workbook whose ``sheets`` <sheet> entries all point at one part with 3,000 cells."""
    from openpyxl import Workbook

    book = Workbook()
    for row in range(1, 1001):
        book.active.append([f"单元格{row}", row, "x"])
    book.save(path)

    def edit(name: str, data: bytes) -> tuple:
        if name == "xl/workbook.xml":
            entries = b"".join(b'<sheet xmlns:r="%s" name="S%d" sheetId="%d" r:id="rId1"/>' % (RELATIONSHIPS, n, n)
                               for n in range(1, sheets + 1))
            data = re.sub(rb"<sheets>.*</sheets>", b"<sheets>" + entries + b"</sheets>", data, flags=re.S)
        return name, data
    _rewrite(path, edit)
    return path


def docx_with_grid_before(path: Path, columns: int = 300_000_000) -> Path:
    write_docx(TABLE, path)

    def edit(name: str, data: bytes) -> tuple:
        if name == "word/document.xml":
            data = data.replace(b"<w:tr>", b'<w:tr><w:trPr><w:gridBefore w:val="%d"/></w:trPr>' % columns, 1)
            if b'w:gridBefore w:val' not in data:  # a row that already has properties
                data = re.sub(rb"(<w:tr\b[^>]*>)", rb'\1<w:trPr><w:gridBefore w:val="%d"/></w:trPr>' % columns,
                              data, count=1)
        return name, data
    _rewrite(path, edit)
    return path


def _rewrite(path: Path, edit) -> None:
    with zipfile.ZipFile(path) as source:
        parts = [edit(info.filename, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts:
            target.writestr(name, data)


def pdf(path: Path, content: bytes, compress: bool = True, page_tree_cycle: bool = False) -> Path:
    """A one-page PDF with ``content`` as its page's content stream (Flate-compressed by default);
    with ``page_tree_cycle`` the page tree lists itself as its own kid."""
    stream = zlib.compress(content, 9) if compress else content
    kids = "2 0 R" if page_tree_cycle else "3 0 R"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count 1 >>".encode(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> >>",
        b"<< /Length %d%s >>\nstream\n" % (len(stream), b" /Filter /FlateDecode" if compress else b"")
        + stream + b"\nendstream",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path


def pdf_flate_bomb(path: Path, unpacked: int) -> Path:
    """A PDF whose one stream unpacks to ``unpacked`` zero bytes (compressed about 1000:1)."""
    packer, chunk = zlib.compressobj(9), bytes(1 << 20)
    stream = b"".join(packer.compress(chunk) for _ in range(unpacked >> 20)) + packer.flush()
    body = bytearray(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n")
    body += b"2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n"
    body += b"3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>\nendobj\n"
    body += b"4 0 obj\n<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream
    body += b"\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
    path.write_bytes(bytes(body))
    return path


# ---- names and cells that try to take over the terminal ------------------------------------
INJECTIONS = {
    "title": "\x1b]0;pwned\x07",
    "clipboard": "\x1b]52;c;cm0gLXJmIH4=\x07",
    "clear screen": "\x1b[2J",
    "bidi": "\u202etxt.exe",
    "newline": "x\nforged.txt:1:1: error[fake] 伪造的问题",
}
TERMINAL_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def deep_yaml(depth: int = 10_000) -> str:
    return "select: " + "[" * depth + "]" * depth + "\n"


def deep_toml(depth: int = 10_000) -> str:
    return "[tool.jxlint]\nselect = " + "[" * depth + "]" * depth + "\n"


def deep_json(depth: int = 10_000) -> str:
    return '{"format": "jxlint-baseline", "version": 1, "findings": ' + "[" * depth + "]" * depth + "}"
