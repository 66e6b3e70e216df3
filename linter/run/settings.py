"""What the command line says (``Options``) and what applies to one file (``Settings``), resolved
from the file's configuration before the file is checked.

``settle`` is the one place where configuration, overrides and command line meet: the nearest
configuration file's values, then each override whose ``files`` match the file, then --select and
--ignore. Rule names are made rule ids here (an alias becomes its rule's id; an unknown id from
--select fails here, before any output)."""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, FrozenSet, Optional, Tuple

from .config import Config, Entry
from ..engine.ruleset import RulePack
from ..util.errors import RuleError

if TYPE_CHECKING:
    from .session import Session


@dataclass(frozen=True)
class Options:
    config: Optional[str] = None                 # --config FILE: this file for every input, no search
    rule_dirs: Tuple[str, ...] = ()              # --rules
    select: Optional[Tuple[str, ...]] = None     # --select replaces the configured selection
    ignore: Tuple[str, ...] = ()                 # --ignore adds to the configured one
    renames: Tuple[Tuple[str, str], ...] = ()    # (file read, path it stands for): staged copies
    quote: bool = False                          # results carry the lines findings point at (text output)

    def build(self) -> "Session":
        """The run's Session (a runner.Recipe: each worker process builds its own from these plain values)."""
        from .session import Session

        return Session(self)


@dataclass(frozen=True)
class RuleChoice:
    """Which rules check a file and how; files with the same choice share one engine."""

    rule_dirs: Tuple[str, ...]                                   # --rules, then the configuration's
    params: Tuple[Tuple[str, Tuple[Tuple[str, object], ...]], ...] = ()
    wordlists: Tuple[Tuple[str, Tuple[str, ...]], ...] = ()      # words added to the packs' lists
    select: Optional[Tuple[str, ...]] = None                     # None: every rule
    ignore: FrozenSet[str] = frozenset()
    severity: Tuple[Tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Settings:
    """What applies to one file: the rules that check it and the entries that silence findings."""

    rules: RuleChoice
    entries: Tuple[Entry, ...]


def settle(config: Config, origin: Path, options: Options, pack: RulePack) -> Settings:
    """The settings for the file ``origin`` (as the user knows it) under ``config``; ``pack`` holds
    the rules the configuration loads, to turn names into ids."""
    data = config.data
    select, ignore, severity = data["select"], set(data["ignore"]), dict(data["severity"])
    params = {rule: dict(values) for rule, values in data["params"].items()}
    entries = config.entries(("suppress",), data["suppress"])
    for i in config.overrides_for(origin):
        override = data["overrides"][i]
        select = override.get("select", select)
        ignore |= set(override.get("ignore", []))
        severity.update(override.get("severity", {}))
        for rule, values in override.get("params", {}).items():
            params.setdefault(rule, {}).update(values)
        entries += config.entries(("overrides", i, "suppress"), override.get("suppress", []))
    if options.select is not None:
        select = options.select
    ignore |= set(options.ignore)

    def rule_id(name: str) -> str:
        rule = pack.get(name)
        if rule.scope == "run":  # reported by the run alone, not selected, silenced or re-levelled
            raise RuleError(f"规则“{rule.id}”由 --report-unused 开启，不能写在 select、ignore、severity、params 或忽略条目里")
        return rule.id

    rules = RuleChoice(
        rule_dirs=options.rule_dirs + config.rule_dirs(),
        params=tuple(sorted((rule_id(r), tuple(sorted(v.items()))) for r, v in params.items())),
        wordlists=tuple(sorted((name, tuple(words)) for name, words in data["wordlists"].items())),
        select=None if select is None else tuple(rule_id(r) for r in select),
        ignore=frozenset(rule_id(r) for r in ignore),
        severity=tuple(sorted((rule_id(r), level) for r, level in severity.items())))
    return Settings(rules, tuple(replace(e, rules=tuple(rule_id(r) for r in e.rules)) for e in entries))
