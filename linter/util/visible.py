"""Text from submitted files and file names, printed so that it stays text: control characters
(C0 with newline and tab, DEL, C1 with ESC/CSI/OSC), bidi controls such as U+202E, and lone
surrogates (a file name that is not UTF-8) become visible escapes, so that nothing printed can
move the cursor, clear the screen, set the window title, write the clipboard, reorder a line or
start a new one: one name is always one line."""
from __future__ import annotations

import re

UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def visible(text) -> str:
    text = str(text)
    return UNSAFE.sub(_escape, text) if UNSAFE.search(text) else text


def _escape(found: re.Match) -> str:
    code = ord(found.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a non-UTF-8 file name, as os.fsdecode keeps it
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
