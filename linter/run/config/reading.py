"""One configuration file read and checked against ``schemas/config.schema.json``: its data and the
position of every key. The checked content is cached like the rules (by the file's bytes and the
schema's), so an unchanged file costs neither ruamel nor jsonschema.

``.jxlint.yaml`` gives every key's line and column. ``pyproject.toml`` is read by tomllib (tomli
before Python 3.11), which gives a line and column only for a syntax error: its keys have no
position (line 0) and an error names the key instead (``pyproject.toml（tool.jxlint.ignore[1]）``)."""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Dict, Tuple

from . import PYPROJECT, ConfigError, at, nearest, shown
from ...util import cache
from ...util import yamlsafe
from ...util.files import Refused, read_bytes
from ...util.paths import schema_path

PATTERN_HINT = "规则写 id（如 vague-value）或中文名称，不含空格；参数名用小写英文和下划线"
MAX_NODES = 20_000
MAX_CONFIG_BYTES = 5 * 1024 * 1024
Positions = Dict[tuple, tuple]  # keys → (line, column of the key, line, column of the value), 1-based


def checked(path: Path) -> Tuple[dict, Positions]:
    """The file's data and the position of every key, schema-checked (cached by content)."""
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
        data = _toml(text, name)
        positions = _unplaced(data)
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
        found, place = nearest(positions, keys)
        line, column = place[2:] if at_value and found == keys else place[:2]
        raise ConfigError(f"{at(str(path), line, column, keys)}: 配置文件无效：{message}")
    return {"data": data, "positions": {json.dumps(list(k), ensure_ascii=False): v for k, v in positions.items()}}


def _yaml_positions(tree) -> Positions:
    positions: Positions = {(): (1, 1, 1, 1)}

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
    return document.get("tool", {}).get("jxlint", {})


def _unplaced(data) -> Positions:
    """Every key of the data, without a position (line 0): what the origins of its values need."""
    positions: Positions = {(): (0, 0, 0, 0)}

    def walk(node, keys):
        items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
        for key, value in items:
            positions[keys + (key,)] = (0, 0, 0, 0)
            walk(value, keys + (key,))
    walk(data, ())
    return positions
