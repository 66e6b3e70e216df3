"""What a configuration file names that must exist: its rule directories, and the rule ids,
parameters and word lists it sets, in the pack those directories load."""
from __future__ import annotations

from pathlib import Path

from . import Config, ConfigError
from ...engine.ruleset import unknown_rule


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
