"""Configuration: ``.jxlint.yaml`` (or ``[tool.jxlint]`` in ``pyproject.toml``), found by walking up
from the checked file, or named with ``--config``.

One file wins (the nearest); it may ``extends:`` another, read first: mappings (severity, params,
wordlists) merge key by key, any other value of the later file replaces the earlier one. Each file is
checked against ``schemas/config.schema.json`` when its content changes (the checked content is
cached like the rules, so an unchanged file costs neither ruamel nor jsonschema), and every value
keeps the file, line and column it came from: errors and ``jxlint config`` name them.
"""
from __future__ import annotations

import fnmatch
import json
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Tuple

from . import cache
from ..util import yamlsafe
from ..util.errors import JxlintError
from ..util.files import Refused, read_bytes, unusable
from ..util.paths import schema_path
from ..engine.ruleset import unknown_rule

NAMES = (".jxlint.yaml", ".jxlint.yml")
PYPROJECT = "pyproject.toml"
DEFAULTS = {"select": None, "ignore": [], "severity": {}, "params": {}, "rule_dirs": [], "wordlists": {},
            "suppress": [], "overrides": []}
PATTERN_HINT = "规则写 id（如 vague-value）或中文名称，不含空格；参数名用小写英文和下划线"
MAX_NODES = 20_000
MAX_CONFIG_BYTES = 5 * 1024 * 1024
_TOOL_SECTION = re.compile(rb"^\s*\[\[?\s*tool\s*\.\s*jxlint\b", re.M)


class ConfigError(JxlintError):
    """A configuration file is invalid; the message names the file, line and column."""


@dataclass(frozen=True)
class Origin:
    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{shown(self.file)}:{self.line}:{self.column}"


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
        """``file:line:column`` of the value at ``keys`` (or of its nearest enclosing key)."""
        for n in range(len(keys), -1, -1):
            if keys[:n] in self.origins:
                return str(self.origins[keys[:n]])
        return shown(str(self.path)) if self.path else "（默认配置）"

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


# ---- loading ---------------------------------------------------------------------------
def load(path: Path) -> Config:
    """The file at ``path`` merged over what it extends, with defaults for what neither sets."""
    config = Config(Path(os.path.abspath(path)))
    chain: List[Path] = []
    layers = []
    current: Optional[Path] = config.path
    while current is not None:
        if current in chain:
            loop = " → ".join(shown(str(p)) for p in chain + [current])
            raise ConfigError(f"{shown(str(chain[-1]))}: extends 形成循环：{loop}")
        chain.append(current)
        data, positions = _checked(current)
        layers.append((current, data, positions))
        parent = data.get("extends")
        if parent is not None:
            target = Path(os.path.normpath(current.parent / parent))
            if not target.is_file():
                raise ConfigError(f"{_at(current, positions, ('extends',))}: 配置文件无效：extends 的文件“{parent}”"
                                  f"{unusable(target)}")
            current = target
        else:
            current = None
    config.files = tuple(chain)
    merged: dict = {}
    for file, data, positions in reversed(layers):
        data = {k: v for k, v in data.items() if k != "extends"}
        merged = _merge(merged, data)
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


def _at(path: Path, positions: dict, keys: tuple) -> str:
    for n in range(len(keys), -1, -1):
        if keys[:n] in positions:
            line, column = positions[keys[:n]][:2]
            return f"{shown(str(path))}:{line}:{column}"
    return shown(str(path))


def _checked(path: Path) -> Tuple[dict, Dict[tuple, tuple]]:
    """One file's data and the position of every key, schema-checked (cached by content)."""
    try:
        raw = read_bytes(path, MAX_CONFIG_BYTES)
    except Refused as error:
        raise ConfigError(f"{shown(str(path))}: 无法读取配置文件：{error}") from None
    except OSError as error:
        raise ConfigError(f"{shown(str(path))}: 无法读取配置文件：{error.strerror or error}") from None
    schema = schema_path("config.schema.json").read_bytes()  # a new schema re-checks cached files
    try:
        stored = cache.cached("config", [(str(path), raw), ("schema", schema)], lambda: _validated(path, raw, schema))
    except RecursionError:
        raise ConfigError(f"{shown(str(path))}: 配置文件的列表或键值表嵌套太深，已拒绝") from None
    positions = {tuple(json.loads(k)): tuple(v) for k, v in stored["positions"].items()}
    return stored["data"], positions


def _validated(path: Path, raw: bytes, schema: bytes) -> dict:
    name = shown(str(path))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ConfigError(f"{name}: 配置文件必须是 UTF-8 编码") from None
    if path.name == PYPROJECT:
        data, positions = _toml(text, name)
    else:
        tree, data = yamlsafe.load(text, name, ConfigError, MAX_NODES)
        data = {} if data is None else data
        positions = _yaml_positions(tree) if isinstance(data, dict) else {}
    if not isinstance(data, dict):
        raise ConfigError(f"{name}:1:1: 配置文件应是一个键值表（mapping），而不是 {type(data).__name__}")
    from jsonschema import Draft202012Validator

    error = yamlsafe.schema_error(Draft202012Validator(json.loads(schema)), data, PATTERN_HINT)
    if error:
        keys, message, at_value = error
        place = _position(positions, keys, at_value)
        raise ConfigError(f"{name}:{place[0]}:{place[1]}: 配置文件无效：{message}")
    return {"data": data, "positions": {json.dumps(list(k), ensure_ascii=False): v for k, v in positions.items()}}


def _position(positions: dict, keys: tuple, at_value: bool) -> tuple:
    for n in range(len(keys), -1, -1):
        if keys[:n] in positions:
            place = positions[keys[:n]]
            return place[2:] if at_value and n == len(keys) else place[:2]
    return (1, 1)


def _yaml_positions(tree) -> Dict[tuple, tuple]:
    """(line, column) of each key and of its value, 1-based, for every node of the tree."""
    positions: Dict[tuple, tuple] = {(): (1, 1, 1, 1)}

    def walk(node, keys):
        if isinstance(node, dict):
            for key in node:
                (kl, kc), (vl, vc) = node.lc.key(key), node.lc.value(key)
                positions[keys + (str(key),)] = (kl + 1, kc + 1, vl + 1, vc + 1)
                walk(node[key], keys + (str(key),))
        elif isinstance(node, list):
            for i, item in enumerate(node):
                line, column = node.lc.item(i)
                positions[keys + (i,)] = (line + 1, column + 1, line + 1, column + 1)
                walk(item, keys + (i,))
    walk(tree, ())
    return positions


# ---- pyproject.toml --------------------------------------------------------------------
_KEY = r"""(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*')"""
_DOTTED = rf"{_KEY}(?:\s*\.\s*{_KEY})*"
_HEADER = re.compile(rf"^\s*(\[\[?)\s*({_DOTTED})\s*\]")
_ASSIGN = re.compile(rf"\s*({_DOTTED})\s*=\s*")
_ITEM = re.compile(r"""\{|"(?:[^"\\]|\\.)*"|'[^']*'|[-+0-9.A-Za-z_]+""")
_ROOT = ("tool", "jxlint")


def _toml(text: str, name: str):
    if sys.version_info >= (3, 11):
        import tomllib
    else:
        import tomli as tomllib
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        found = re.search(r"\(at line (\d+), column (\d+)\)", str(error))
        where = f"{name}:{found.group(1)}:{found.group(2)}" if found else name
        raise ConfigError(f"{where}: TOML 语法错误：{str(error).split(' (at')[0]}") from None
    data = document.get("tool", {}).get("jxlint", {})
    return data, _toml_positions(text)


def _toml_positions(text: str) -> Dict[tuple, tuple]:
    """Where each key of [tool.jxlint] is written. TOML libraries give no positions, so the lines
    are scanned: table headers, ``key = value`` lines, the items of arrays and one level of inline
    tables. Enough to point an error at its line; anything unusual falls back to the key's line."""
    positions: Dict[tuple, tuple] = {}
    table: Optional[tuple] = None
    tables_seen: Dict[tuple, int] = {}
    array: Optional[list] = None  # [keys, next index] while a multi-line array is open
    for number, line in enumerate(text.splitlines(), 1):
        if array is not None:
            array[1] = _record_items(positions, array[0], line, 0, number, array[1])
            if _closes(line):
                array = None
            continue
        header = _HEADER.match(line)
        if header:
            keys = _split(header.group(2))
            table = None
            if keys[:2] == _ROOT:
                table = keys[2:]
                if header.group(1) == "[[":
                    index = tables_seen.get(table, 0)
                    tables_seen[table] = index + 1
                    table += (index,)
                column = header.start(2) + 1
                positions[table] = (number, column, number, column)
            continue
        assign = _ASSIGN.match(line)
        if table is None or not assign:
            continue
        keys = table + _split(assign.group(1))
        value_column = assign.end() + 1
        positions[keys] = (number, assign.start(1) + 1, number, value_column)
        rest = line[assign.end():]
        if rest.startswith("["):
            _record_items(positions, keys, rest[1:], assign.end() + 1, number, 0)
            if not _closes(rest):
                array = [keys, _count_items(rest[1:])]
        elif rest.startswith("{"):
            for inner in re.finditer(rf"({_KEY})\s*=", rest):
                column = assign.end() + inner.start(1) + 1
                positions[keys + _split(inner.group(1))] = (number, column, number, column)
    return positions


def _record_items(positions, keys, text: str, offset: int, number: int, index: int) -> int:
    for item in _top_level_items(text):
        column = offset + item + 1
        positions[keys + (index,)] = (number, column, number, column)
        index += 1
    return index


def _top_level_items(text: str) -> List[int]:
    starts, depth, position = [], 0, 0
    while position < len(text):
        char = text[position]
        if char == "#":
            break
        if char in "]}" and depth == 0:
            break
        if char in "]}":
            depth -= 1
        elif char in "[{" and (depth or char == "{"):
            if depth == 0:
                starts.append(position)
            depth += 1
        elif depth == 0 and char not in " \t,":
            match = _ITEM.match(text, position)
            starts.append(position)
            position = match.end() if match else position + 1
            continue
        position += 1
    return starts


def _count_items(text: str) -> int:
    return len(_top_level_items(text))


def _closes(text: str) -> bool:
    return "]" in re.sub(r""""(?:[^"\\]|\\.)*"|'[^']*'""", "", text.split("#")[0])


def _split(dotted: str) -> tuple:
    return tuple(part.strip().strip("\"'") for part in re.findall(_KEY, dotted))


# ---- checks that need the rules ---------------------------------------------------------
def check_paths(config: Config) -> None:
    for i, directory in enumerate(config.rule_dirs()):
        if not Path(directory).is_dir():
            raise ConfigError(f"{config.where(('rule_dirs', i))}: 配置文件无效：规则目录“{config.data['rule_dirs'][i]}”不存在")


def check_rules(config: Config, pack) -> None:
    """Every rule id, parameter and word list the file names exists in ``pack``."""
    def fail(keys, message):
        raise ConfigError(f"{config.where(keys)}: 配置文件无效：{message}")

    def rule(keys, rule_id):
        if rule_id not in pack.by_id:
            fail(keys, unknown_rule(rule_id, pack.by_id))
        return pack.by_id[rule_id]

    data = config.data
    for prefix, section in [((), data), *((("overrides", i), o) for i, o in enumerate(data["overrides"]))]:
        for key in ("select", "ignore"):
            for i, rule_id in enumerate(section.get(key) or []):
                rule(prefix + (key, i), rule_id)
        for rule_id in section.get("severity", {}):
            rule(prefix + ("severity", rule_id), rule_id)
        for rule_id, values in section.get("params", {}).items():
            declared = rule(prefix + ("params", rule_id), rule_id).params
            for name in values:
                if name not in declared:
                    fail(prefix + ("params", rule_id, name),
                         f"规则“{rule_id}”没有参数“{name}”；可调的参数：{'、'.join(declared) or '（无）'}")
        for i, entry in enumerate(section.get("suppress", [])):
            keys = prefix + ("suppress", i)
            ids = entry["rule"]
            for j, rule_id in enumerate([ids] if isinstance(ids, str) else ids):
                rule(keys + (("rule",) if isinstance(ids, str) else ("rule", j)), rule_id)
            if not entry.get("project") and not entry.get("indicator"):
                fail(keys, "忽略条目要写明 project（项目名称）或 indicator（三级指标名称），或两者都写")
    for name in data["wordlists"]:
        if name not in pack.wordlists:
            fail(("wordlists", name), f"未知的词表“{name}”；已有词表：{'、'.join(sorted(pack.wordlists))}")
        if "words" not in pack.wordlists[name]:
            fail(("wordlists", name), f"词表“{name}”不是词语表（words），不能追加词语")


# ---- jxlint config -----------------------------------------------------------------------
def show(config: Config, pack) -> str:
    """The merged configuration as YAML, each value followed by where it came from; rule
    parameters are listed with their defaults so the thresholds that can be set are visible."""
    if config.path:
        chain = " ← ".join(shown(str(f)) for f in config.files)
        head = [f"# 配置文件：{chain}" + ("（后者被前者继承）" if len(config.files) > 1 else "")]
    else:
        head = ["# 没有找到配置文件（.jxlint.yaml、.jxlint.yml 或 pyproject.toml 的 [tool.jxlint]），以下是默认配置"]
    data = json.loads(json.dumps(config.data))
    notes: Dict[tuple, str] = {} if ("select",) in config.origins else {("select",): "默认：null 即全部规则"}
    for rule in sorted(pack.rules, key=lambda r: r.id):
        for name, default in rule.params.items():
            values = data["params"].setdefault(rule.id, {})
            if name not in values:
                values[name] = default
                notes[("params", rule.id, name)] = f"规则默认值（{shown(rule.source)}）"
    lines = head[:]
    for key in DEFAULTS:
        _emit(lines, (key,), data[key], 0, config, notes)
    return "\n".join(lines) + "\n"


def _emit(lines: List[str], keys: tuple, value, depth: int, config: Config, notes: Dict[tuple, str]) -> None:
    pad = "  " * depth
    note = notes.get(keys) or (str(config.origins[keys]) if keys in config.origins else "默认")
    name = json.dumps(keys[-1], ensure_ascii=False) if not re.fullmatch(r"[A-Za-z0-9_-]+", str(keys[-1])) else keys[-1]
    if isinstance(value, dict) and value:
        lines.append(f"{pad}{name}:" + (f"  # {note}" if keys in config.origins else ""))
        for key, inner in value.items():
            _emit(lines, keys + (key,), inner, depth + 1, config, notes)
    elif isinstance(value, list) and any(isinstance(item, dict) for item in value):
        lines.append(f"{pad}{name}:  # {note}")
        for i, item in enumerate(value):
            where = config.origins.get(keys + (i,))
            lines.append(f"{pad}  - {json.dumps(item, ensure_ascii=False)}" + (f"  # {where}" if where else ""))
    else:
        lines.append(f"{pad}{name}: {json.dumps(value, ensure_ascii=False)}  # {note}")


# ---- starter file ------------------------------------------------------------------------
STARTER = """\
# jxlint 配置文件（jxlint init 生成）。jxlint 从被检查的文件所在目录往上找最近的 .jxlint.yaml
# （或 pyproject.toml 里的 [tool.jxlint]）；也可用 jxlint check --config 文件 指定。
# 写错的键、类型或规则 id 会报出文件和行号。jxlint config 显示生效的配置和每个值的来源。

# 继承另一个配置文件（路径相对本文件）；本文件写了的键覆盖它，severity/params/wordlists 逐项合并。
# extends: ../jxlint-base.yaml

# 只运行这些规则（不写 = 全部规则；jxlint rules 列出全部规则）。
# select: [vague-value, missing-deadline, satisfaction-threshold]

# 不运行这些规则。
ignore: []

# 调整规则的级别：error / warning / info。
severity: {}
#   missing-cost: info

# 规则的阈值参数（jxlint config 列出每条规则可调的参数及默认值）。
params: {}
#   规则id:
#     参数名: 90

# 再加载的规则目录（YAML 规则和词表，路径相对本文件）。
rule_dirs: []

# 给已有词表追加词语，如把本单位常见的空话加进 vague 词表。
wordlists: {}
#   vague: [取得实效, 成效明显]

# 对某个项目或某条指标不报某条规则（项目名称、三级指标名称按原文匹配，至少写一个）。
suppress: []
#   - rule: vague-value
#     project: 校园安保服务
#     indicator: 安全防范意识
#     reason: 定性指标，已由评审组认可

# 按路径调整（* 可跨目录；不含 / 的模式只比对文件名）：ignore、suppress 追加，select 替换，
# severity、params 逐项覆盖。
overrides: []
#   - files: ["2020/*"]
#     ignore: [missing-cost]
"""


def init(directory: Path) -> Path:
    target = directory / NAMES[0]
    if target.exists():
        raise ConfigError(f"{shown(str(target))} 已存在，未覆盖（要重新生成请先删除它）")
    from ..util.atomic import write_text

    write_text(target, STARTER)
    return target
