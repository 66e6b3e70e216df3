"""Bytes to text for the plain-text formats: UTF-8 (with or without BOM), UTF-16 with a
BOM or a tell-tale pattern of NULs, then GB18030 (a superset of GBK and GB2312)."""
from __future__ import annotations

import codecs

from .errors import InputError
from .files import read_bytes

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# Binary files that arrive with a text extension (a PDF saved as .csv): named, rather than decoded
# as GB18030, which accepts almost any bytes.
_BINARY = ((b"%PDF-", "PDF 文件"), (b"PK\x03\x04", "Office 文档（.xlsx/.docx）或 zip 压缩包"),
           (b"\xd0\xcf\x11\xe0", "Office 旧版文档（.xls/.doc）"))


def read_text(path) -> str:
    """The file's text, read within the input bound (files.MAX_BYTES)."""
    return decode(read_bytes(path))


def decode(data: bytes) -> str:
    """The text; a file saved with CR-only line ends (old Mac) gets LF line ends."""
    text = _decoded(data)
    return text.replace("\r", "\n") if "\r" in text and "\n" not in text else text


def _decoded(data: bytes) -> str:
    if not data.strip():
        raise InputError("文件为空")
    for magic, kind in _BINARY:
        if data.startswith(magic):
            raise InputError(f"这是 {kind}，不是文本文件（扩展名可能不对）")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _strict(data, encoding)
    utf16 = _utf16_without_bom(data)
    if utf16:  # only a guess from where the NULs are: binary data can look the same
        try:
            text = data.decode(utf16)
        except UnicodeDecodeError:
            text = None
        if text is None or _controls(text) > 0.01 * len(text):
            raise InputError("不是文本文件（含二进制内容）")
        return text
    if b"\x00" in data:
        raise InputError("不是文本文件（含二进制内容）")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise InputError("无法识别文本编码（已尝试 UTF-8、UTF-16、GB18030/GBK）") from None


def _utf16_without_bom(data: bytes) -> str:
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return ""
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    # Tabs, digits and newlines put NULs on one side (a few CJK code points such as 一
    # U+4E00 put one on the other); UTF-8 and GB18030 text has none at all.
    if odd_nuls >= 2 and odd_nuls > 3 * even_nuls:
        return "utf-16-le"
    if even_nuls >= 2 and even_nuls > 3 * odd_nuls:
        return "utf-16-be"
    return ""


def _controls(text: str) -> int:
    return sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\r\n")


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise InputError(f"无法按 {encoding} 解码：文件可能已损坏，或不是文本文件") from None
