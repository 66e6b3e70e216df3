"""The ``jxlint config`` and ``jxlint init`` commands: the merged configuration shown with where
each value came from, and the commented starter file (``starter.yaml``, package data)."""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Dict, List

from . import DEFAULTS, NAMES, Config, ConfigError, shown

STARTER = Path(__file__).with_name("starter.yaml")


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


def init(directory: Path) -> Path:
    target = directory / NAMES[0]
    if target.exists():
        raise ConfigError(f"{shown(str(target))} 已存在，未覆盖（要重新生成请先删除它）")
    from ...util.atomic import write_text

    write_text(target, STARTER.read_text(encoding="utf-8"))
    return target
