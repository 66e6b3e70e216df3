"""Text clean-up shared by readers and rules.

``clean`` turns a raw cell (HTML fragments, checkbox inputs, stray spaces) into the text
a person sees. ``canon`` goes further for matching: full-width forms folded (NFKC), spaces
inside numbers removed ("1845. 2"), comparators spelled one way (≥ ≤), LaTeX bits
("$\\geq 15\\%$") undone. Word lists are passed through ``canon`` too, so both sides agree.
"""
from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache

from . import memo

_CHECKED = re.compile(r"<input\b[^>]*\bchecked\b[^>]*>", re.I)
_INPUT = re.compile(r"<input\b[^>]*>", re.I)
_TAG = re.compile(r"</?[a-zA-Z][^<>]{0,200}>")
_NEEDS_CLEANING = re.compile(r"[<&]|\s\s|[^\S ]|^\s|\s$")
_NUMBER_GAP = re.compile(r"(?<=\d)\s*([.．])\s+(?=\d)|(?<=\d)\s+(?=[.．]\d)")
_LATEX = {r"\geq": "≥", r"\leq": "≤", r"\ge": "≥", r"\le": "≤", r"\%": "%", "$": ""}
_AFTER_SIGN = re.compile(r"([≥≤<>=])\s+(?=\d)")
# Full-width forms and the ideographic space, as NFKD spells them: folding them first gives the same
# NFKC (NFKD is char by char) and spares unicodedata its slow path on every Chinese comma.
_FULL_WIDTH = {code: unicodedata.normalize("NFKD", chr(code)) for code in [0x3000, *range(0xFF01, 0xFF5F)]}
_COMPARATORS = [(">=", "≥"), ("=>", "≥"), ("<=", "≤"), ("=<", "≤"), ("≧", "≥"), ("≦", "≤"), ("═", "=")]


def clean(raw: str) -> str:
    if not _NEEDS_CLEANING.search(raw):
        return raw
    if "<" in raw:
        raw = _CHECKED.sub("■", raw)
        raw = _INPUT.sub("□", raw)
        raw = _TAG.sub("", raw)
    if "&" in raw:
        raw = html.unescape(raw)
    return " ".join(raw.split())  # str.split parts at runs of the whitespace that \s matches


@lru_cache(maxsize=memo.SIZE)
def canon(text: str) -> str:
    if "$" in text or "\\" in text:
        for latex, plain in _LATEX.items():
            text = text.replace(latex, plain)
    text = nfkc(text)
    text = _NUMBER_GAP.sub(".", text)
    for spelled, sign in _COMPARATORS:
        text = text.replace(spelled, sign)
    text = _AFTER_SIGN.sub(r"\1", text)
    return " ".join(text.split())


_BRACKETED = re.compile(r"\([^()]*\)")


def unbracketed(key: str) -> str:
    """A compact label without its bracketed parts: "全年预算数(A)" → "全年预算数"."""
    return _BRACKETED.sub("", key) if "(" in key else key


@lru_cache(maxsize=memo.SIZE)
def compact(text: str) -> str:
    """Text with every space removed: how labels such as "绩效 指标" are compared."""
    return "".join(nfkc(text).split())


def nfkc(text: str) -> str:
    if unicodedata.is_normalized("NFKC", text):
        return text
    return unicodedata.normalize("NFKC", text.translate(_FULL_WIDTH))
