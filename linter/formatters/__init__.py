"""One module per output format, each with ``render(results, out, color) -> Summary``:
``results`` is an iterable of FileResult, consumed as it streams."""
from __future__ import annotations

import importlib

FORMATS = {"text": "text", "json": "json", "sarif": "sarif", "github": "github", "junit": "junit"}


def get(name: str):
    return importlib.import_module(f"{__name__}.{FORMATS[name]}")


def render(name: str, results, out, color: bool = False, rules=None):
    """Render ``results`` in the named format. A format that describes the rules it reports
    (SARIF's tool.driver.rules) sets ``DESCRIBES_RULES`` and also gets ``rules``, {id: Rule}."""
    module = get(name)
    if getattr(module, "DESCRIBES_RULES", False):
        return module.render(results, out, color, rules or {})
    return module.render(results, out, color)
