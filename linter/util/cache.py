"""A small on-disk cache of validated data, keyed by a hash of the files it came from, so the
next run over unchanged files skips parsing and validation (and their imports)."""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Callable, Iterable, Tuple

VERSION = "3"


def directory() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "jxlint"


def enabled() -> bool:
    return not os.environ.get("JXLINT_NO_CACHE")


def digest(kind: str, contents: Iterable[Tuple[str, bytes]]) -> str:
    h = hashlib.sha256(f"{VERSION}:{kind}".encode())
    for name, data in contents:
        h.update(name.encode() + b"\0" + data + b"\0")
    return h.hexdigest()[:40]


def cached(kind: str, contents, build: Callable[[], object], use: bool = True):
    """``build()``'s JSON-able result for these file contents, from the cache when present."""
    path = directory() / f"{kind}-{digest(kind, contents)}.json" if use and enabled() else None
    if path is not None and path.is_file():
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            pass
    data = build()
    if path is not None:
        _write(path, data)
    return data


def bundled(kind: str, path: Path):
    """A data file shipped with jxlint (word lists, labels, categories), parsed as YAML once and
    then read from the cache: a run with a warm cache never imports the YAML parser."""
    content = path.read_bytes()
    return cached(kind, [(str(path), content)], lambda: _yaml(content))


def _yaml(content: bytes):
    import yaml

    return yaml.load(content.decode("utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def _write(path: Path, data) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        os.replace(temporary, path)
    except OSError:
        pass  # a read-only home only costs the next run a validation
