"""One module per output format, each with ``render(results, out, color) -> Summary``:
``results`` is an iterable of FileResult, consumed as it streams."""
from __future__ import annotations

import contextlib
import importlib
import os

from ...util.errors import JxlintError

FORMATS = {"text": "text", "concise": "concise", "json": "json", "sarif": "sarif", "github": "github",
           "junit": "junit"}
FOR_PEOPLE = ("text", "concise")  # formats that take ``quiet``
QUOTING = ("text",)  # formats that quote the lines findings point at (FileResult.lines)


def get(name: str):
    return importlib.import_module(f"{__name__}.{FORMATS[name]}")


def render(name: str, results, out, color: bool = False, rules=None, quiet: bool = False):
    """Render ``results`` in the named format. A format that describes the rules it reports
    (SARIF's tool.driver.rules) sets ``DESCRIBES_RULES`` and also gets ``rules``, {id: Rule};
    the formats for people take ``quiet`` (no totals, no skipped files)."""
    module = get(name)
    if hasattr(out, "reconfigure"):  # a lone surrogate (a file name not in UTF-8) is written as \udcxx, not a crash
        out.reconfigure(errors="backslashreplace")
    try:
        if getattr(module, "DESCRIBES_RULES", False):
            summary = module.render(results, out, color, rules or {})
        elif name in FOR_PEOPLE:
            summary = module.render(results, out, color, quiet=quiet)
        else:
            summary = module.render(results, out, color)
        out.flush()
    except OSError as error:  # a full disk, a closed pipe: one line, exit 2
        _silence(out)
        raise JxlintError(f"无法写出结果：{error.strerror or error}") from None
    return summary


def _silence(out) -> None:
    """Point the failed stream at /dev/null, so that flushing it again at exit cannot fail twice."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, out.fileno())
        os.close(devnull)
