"""One module per output format, each with ``render(results, out, color) -> Summary``:
``results`` is an iterable of FileResult, consumed as it streams."""
from __future__ import annotations

import importlib

FORMATS = {"text": "text", "concise": "concise", "json": "json", "sarif": "sarif", "github": "github",
           "junit": "junit"}
FOR_PEOPLE = ("text", "concise")  # formats that take ``quiet``


def get(name: str):
    return importlib.import_module(f"{__name__}.{FORMATS[name]}")


def render(name: str, results, out, color: bool = False, rules=None, quiet: bool = False):
    """Render ``results`` in the named format. A format that describes the rules it reports
    (SARIF's tool.driver.rules) sets ``DESCRIBES_RULES`` and also gets ``rules``, {id: Rule};
    the formats for people take ``quiet`` (no totals, no skipped files)."""
    module = get(name)
    if getattr(module, "DESCRIBES_RULES", False):
        return module.render(results, out, color, rules or {})
    if name in FOR_PEOPLE:
        return module.render(results, out, color, quiet=quiet)
    return module.render(results, out, color)
