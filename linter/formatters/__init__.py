"""One module per output format, each with ``render(results, out, color) -> Summary``:
``results`` is an iterable of FileResult, consumed as it streams."""
from __future__ import annotations

import importlib

FORMATS = {"text": "text", "json": "json"}


def get(name: str):
    return importlib.import_module(f"{__name__}.{FORMATS[name]}")
