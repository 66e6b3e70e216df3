"""The checks an Office Open XML file (.xlsx, .docx) passes before a library parses it.

Such a file is a zip of XML parts. What arrives instead is named in one Chinese line: an
encrypted file (Office wraps it in an OLE compound file, not a zip), an old binary .xls/.doc,
a PDF or text file with the wrong extension, a Word file named .xlsx, a damaged or truncated
zip, a zip bomb (checked from the sizes in the zip directory, before anything is unpacked),
and XML with a DTD: OOXML never carries one, and entity declarations are how the
billion-laughs and external-entity attacks start. openpyxl also parses through defusedxml
when it is installed, and python-docx's lxml parser does not resolve entities; this check
refuses such files before either runs.
"""
from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path

from ..util.errors import InputError

MAX_UNPACKED = 200 * 1024 * 1024
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
_CHUNK = 1 << 20
_DTD = (b"<!DOCTYPE", b"<!ENTITY", "<!DOCTYPE".encode("utf-16-le"), "<!ENTITY".encode("utf-16-le"))

# What the main part's content type in [Content_Types].xml says the package is.
_MAIN = re.compile(rb'ContentType="application/vnd\.[^"]*?'
                   rb'(spreadsheetml|ms-excel|wordprocessingml|ms-word|presentationml|ms-powerpoint)[^"]*\.main\+xml"')
APPLICATIONS = {b"spreadsheetml": "excel", b"ms-excel": "excel", b"wordprocessingml": "word", b"ms-word": "word",
                b"presentationml": "powerpoint", b"ms-powerpoint": "powerpoint"}
NAMES = {"excel": "Excel 工作簿（.xlsx）", "word": "Word 文档（.docx）", "powerpoint": "PowerPoint 演示文稿（.pptx）"}


def check(path: Path, expected: str) -> None:
    """Raise InputError unless ``path`` is a sound OOXML package of ``expected`` ("excel" or "word")."""
    with open(path, "rb") as f:
        head = f.read(8)
    if head.startswith(OLE_MAGIC):
        raise InputError(_ole(path))
    if not zipfile.is_zipfile(path):
        raise InputError(_not_zip(head, path, expected))
    try:
        with zipfile.ZipFile(path) as package:
            _check_package(package, path, expected)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, NotImplementedError, EOFError, ValueError) as error:
        raise InputError(f"{NAMES[expected]}已损坏：zip 包无法解开（{one_line(error)}）") from None


def _ole(path: Path) -> str:
    with open(path, "rb") as f:
        data = f.read(MAX_UNPACKED)
    if ENCRYPTED_STREAM in data:
        return "文件有密码保护（加密的 Office 文件），无法读取：请在 Office 里取消密码后另存，再检查"
    return f"这是旧版 Office 二进制文件（.xls 或 .doc），不是 {path.suffix}：请用 Office 另存为 .xlsx 或 .docx 再检查"


def _not_zip(head: bytes, path: Path, expected: str) -> str:
    if head.startswith(b"%PDF"):
        return f"这是 PDF 文件，扩展名却是“{path.suffix}”：请改成 .pdf"
    if path.stat().st_size == 0:
        return "文件为空"
    return (f"不是有效的 {NAMES[expected]}：{path.suffix} 文件应是 zip 压缩包，"
            "这个文件已损坏、不完整（被截断），或是改了扩展名的其他文件")


def _check_package(package: zipfile.ZipFile, path: Path, expected: str) -> None:
    members = package.infolist()
    unpacked = sum(info.file_size for info in members)
    if unpacked > MAX_UNPACKED:
        raise InputError(f"文件解压后有 {unpacked // 1024 // 1024} MB，超过 {MAX_UNPACKED // 1024 // 1024} MB 上限"
                         "（可能是压缩炸弹），未读取")
    application = _application(package)
    if application is None:
        raise InputError(f"不是 {NAMES[expected]}：zip 包里没有 Office 文档的主体部分（可能是改了扩展名的压缩包）")
    if application != expected:
        raise InputError(f"这是{NAMES[application]}，扩展名却是“{path.suffix}”：请改正扩展名")
    for info in members:
        if info.filename.endswith((".xml", ".rels", ".vml")) and _has_dtd(package, info):
            raise InputError(f"文件里的 XML（{info.filename}）带有 DTD 或实体声明，正常的 Office 文件不会有，"
                             "可能是恶意构造的文件，未读取")


def _application(package: zipfile.ZipFile):
    try:
        types = package.read("[Content_Types].xml")
    except KeyError:
        return None
    found = _MAIN.search(types)
    return APPLICATIONS[found.group(1)] if found else None


def _has_dtd(package: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """Stream the part (its CRC is verified at the end) looking for a DTD."""
    tail = b""
    with package.open(info) as part:
        while True:
            chunk = part.read(_CHUNK)
            if not chunk:
                return False
            window = tail + chunk
            if any(marker in window for marker in _DTD):
                return True
            tail = window[-20:]


def one_line(error: Exception) -> str:
    return " ".join(str(error).split())[:200] or type(error).__name__
