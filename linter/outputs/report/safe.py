"""Text made safe for output files: control characters replaced, HTML escaped, spreadsheet
formulas defused. Every value a report writes comes from submitted tables and is untrusted."""
from __future__ import annotations

import html
import re

# Control characters, bidi controls (U+202E reverses what follows), lone surrogates, and U+FFFE/U+FFFF,
# which XML (so xlsx) cannot hold at all.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
                      "\ud800-\udfff\ufffe\uffff]")
_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def printable(value) -> str:
    """The text with control characters, bidi controls and lone surrogates shown as U+FFFD."""
    text = str(value)
    return _CONTROL.sub("\ufffd", text) if _CONTROL.search(text) else text


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
