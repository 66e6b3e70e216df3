"""Text made safe for output files: control characters replaced, HTML escaped, spreadsheet
formulas defused. Every value a report writes comes from submitted tables and is untrusted."""
from __future__ import annotations

import html
import re

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def printable(value) -> str:
    """The text with control characters and lone surrogates shown as U+FFFD."""
    text = str(value)
    return text if text.isprintable() else _CONTROL.sub("\ufffd", text)


def esc(value) -> str:
    """For HTML text and attribute values alike."""
    return html.escape(printable(value), quote=True)


def csv_text(value) -> str:
    """A CSV cell Excel will not run as a formula: "=HYPERLINK(…)" from a submitted table is shown
    as text ('=HYPERLINK(…)); plain numbers such as -5 stay numbers."""
    text = printable(value)
    if text.startswith(_FORMULA_START) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text
