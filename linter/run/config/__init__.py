"""Configuration: ``.jxlint.yaml`` (or ``[tool.jxlint]`` in ``pyproject.toml``), found by walking up
from the checked file, or named with ``--config``.

One file wins (the nearest); it may ``extends:`` another, read first: mappings (severity, params,
wordlists) merge key by key, any other value of the later file replaces the earlier one. Each file is
read and schema-checked by ``reading``; every value keeps the file, line and column it came from, so
errors and ``jxlint config`` (``commands``) name them. ``checks`` holds what needs the rules.
"""
from __future__ import annotations

import fnmatch
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Tuple, TypeVar

from ...util.errors import JxlintError
from ...util.files import unusable

NAMES = (".jxlint.yaml", ".jxlint.yml")
PYPROJECT = "pyproject.toml"
DEFAULTS = {"select": None, "ignore": [], "severity": {}, "params": {}, "rule_dirs": [], "wordlists": {},
            "suppress": [], "overrides": []}
_TOOL_SECTION = re.compile(rb"^\s*\[\[?\s*tool\s*\.\s*jxlint\b", re.M)
T = TypeVar("T")


class ConfigError(JxlintError):
    """A configuration file is invalid; the message names the file, line and column."""


def nearest(places: Dict[tuple, T], keys: tuple) -> Tuple[tuple, Optional[T]]:
    """The longest of ``keys``' prefixes that ``places`` holds, with its entry (``()``, None: none)."""
    for n in range(len(keys), -1, -1):
        if keys[:n] in places:
            return keys[:n], places[keys[:n]]
    return (), None


def at(file: str, line: int, column: int, keys: tuple = ()) -> str:
    """``file:line:column``; a value without a line (pyproject.toml: TOML readers give none) is
    named by its key instead, ``pyproject.toml（tool.jxlint.ignore[1]）``."""
    if line:
        return f"{shown(file)}:{line}:{column}"
    dotted = "".join(f"[{k}]" if isinstance(k, int) else f".{k}" for k in keys)
    return f"{shown(file)}（tool.jxlint{dotted}）" if keys else shown(file)


@dataclass(frozen=True)
class Origin:
    file: str
    line: int      # 0: not known (pyproject.toml)
    column: int

    def __str__(self) -> str:
        return at(self.file, self.line, self.column)


@dataclass(frozen=True)
class Entry:
    """A configured suppression: these rules, for this project and/or indicator."""

    rules: Tuple[str, ...]
    project: str
    indicator: str
    origin: Origin


@dataclass
class Config:
    path: Optional[Path]                  # the winning file; None when no file was found
    files: Tuple[Path, ...] = ()          # the winning file, then what it extends
    data: dict = field(default_factory=lambda: json.loads(json.dumps(DEFAULTS)))
    origins: Dict[tuple, Origin] = field(default_factory=dict)

    def where(self, keys: tuple) -> str:
        """Where the value at ``keys`` (or its nearest enclosing key) is written."""
        _, origin = nearest(self.origins, keys)
        if origin is None:
            return shown(str(self.path)) if self.path else "（默认配置）"
        return at(origin.file, origin.line, origin.column, keys)

    def directory(self, key: str) -> Path:
        """Where relative paths under ``key`` start: the directory of the file that set it."""
        origin = self.origins.get((key,))
        return Path(origin.file).parent if origin else Path.cwd()

    def rule_dirs(self) -> Tuple[str, ...]:
        base = self.directory("rule_dirs")
        return tuple(os.path.normpath(base / d) for d in self.data["rule_dirs"])

    def overrides_for(self, path: Path) -> List[int]:
        base = Path(os.path.realpath(self.directory("overrides")))  # realpath: a symlink loop is no error
        target = Path(os.path.abspath(path))
        try:
            relative = Path(os.path.realpath(target)).relative_to(base).as_posix()
        except ValueError:
            relative = None
        return [i for i, override in enumerate(self.data["overrides"])
                if any(_glob(pattern, relative, target.name) for pattern in override["files"])]

    def entries(self, keys: tuple, items: list) -> List[Entry]:
        return [Entry(tuple([e["rule"]] if isinstance(e["rule"], str) else e["rule"]), e.get("project", ""),
                      e.get("indicator", ""), self.origins.get(keys + (i,), Origin(str(self.path), 1, 1)))
                for i, e in enumerate(items)]


def _glob(pattern: str, relative: Optional[str], name: str) -> bool:
    """``*`` matches across folders; a pattern without ``/`` matches the file name anywhere."""
    pattern = pattern[2:] if pattern.startswith("./") else pattern
    if "/" not in pattern:
        return fnmatch.fnmatchcase(name, pattern)
    return relative is not None and fnmatch.fnmatchcase(relative, pattern)


def shown(path: str) -> str:
    """A path as a user would type it here: relative to the working directory unless far away."""
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return path
    return path if relative.startswith(".." + os.sep + "..") else relative


# ---- finding -------------------------------------------------------------------------
def find(start: Path, known: Dict[str, Optional[Path]]) -> Optional[Path]:
    """The nearest configuration file at or above ``start`` (a directory); ``known`` caches answers
    per directory for the run."""
    directory = Path(os.path.abspath(start))
    walked = []
    found = None
    for here in (directory, *directory.parents):
        key = str(here)
        if key in known:
            found = known[key]
            break
        walked.append(key)
        found = _config_in(here)
        if found:
            break
    for key in walked:
        known[key] = found
    return found


def _config_in(directory: Path) -> Optional[Path]:
    for name in NAMES:
        if os.path.isfile(directory / name):  # False, not OSError, for a path past PATH_MAX
            return directory / name
    pyproject = directory / PYPROJECT
    try:
        if pyproject.is_file() and _TOOL_SECTION.search(pyproject.read_bytes()):
            return pyproject
    except OSError:
        pass
    return None


# ---- loading and merging ----------------------------------------------------------------
def load(path: Path) -> Config:
    """The file at ``path`` merged over what it extends, with defaults for what neither sets."""
    from .reading import checked

    config = Config(Path(os.path.abspath(path)))
    chain: List[Path] = []
    layers = []
    current: Optional[Path] = config.path
    while current is not None:
        if current in chain:
            loop = " → ".join(shown(str(p)) for p in chain + [current])
            raise ConfigError(f"{shown(str(chain[-1]))}: extends 形成循环：{loop}")
        chain.append(current)
        data, positions = checked(current)
        layers.append((current, data, positions))
        parent = data.get("extends")
        if parent is not None:
            target = Path(os.path.normpath(current.parent / parent))
            if not target.is_file():
                _, place = nearest(positions, ("extends",))  # every file's positions hold ()
                raise ConfigError(f"{at(str(current), *place[:2], ('extends',))}: 配置文件无效：extends 的文件“{parent}”"
                                  f"{unusable(target)}")
            current = target
        else:
            current = None
    config.files = tuple(chain)
    merged: dict = {}
    for file, data, positions in reversed(layers):
        merged = _merge(merged, {k: v for k, v in data.items() if k != "extends"})
        for keys, place in positions.items():
            if keys and keys[0] != "extends":
                config.origins[keys] = Origin(str(file), place[0], place[1])
    config.data = {**json.loads(json.dumps(DEFAULTS)), **merged}
    _drop_stale(config)
    return config


def _merge(base: dict, later: dict) -> dict:
    merged = dict(base)
    for key, value in later.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _drop_stale(config: Config) -> None:
    """Origins of values a later file replaced (list items beyond the new list) are dropped."""
    def present(keys) -> bool:
        node = config.data
        for key in keys:
            if isinstance(node, dict) and key in node:
                node = node[key]
            elif isinstance(node, list) and isinstance(key, int) and key < len(node):
                node = node[key]
            else:
                return False
        return True
    config.origins = {k: v for k, v in config.origins.items() if present(k)}
