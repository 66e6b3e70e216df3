"""One run with its configuration applied: each file is checked by the rules its configuration
selects (with its severities and thresholds), and its findings then pass the file's suppressions
and the baseline.

``Options`` is what the command line says, as plain data: a worker process builds the same
Session from it (``Options.build()``, a runner.Recipe). A Session checks
tables like an Engine does (``check(table, index)``), choosing the engine by the table's file.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Dict, Iterable, Iterator, List, Optional, Set, Tuple

from . import config as configuration
from ..engine import ruleset
from . import suppress
from .baseline import Baseline
from .config import Config, ConfigError, Entry
from ..engine.evaluate import Engine
from ..util.errors import RuleError
from ..util.files import unusable
from ..model.findings import FileResult, Finding
from ..model.table import Table
from ..engine.ruleset import Rule, RulePack


@dataclass(frozen=True)
class Options:
    config: Optional[str] = None                 # --config FILE: this file for every input, no search
    rule_dirs: Tuple[str, ...] = ()              # --rules
    select: Optional[Tuple[str, ...]] = None     # --select replaces the configured selection
    ignore: Tuple[str, ...] = ()                 # --ignore adds to the configured one
    renames: Tuple[Tuple[str, str], ...] = ()    # (file read, path it stands for): staged copies

    def build(self) -> "Session":
        return Session(self)


@dataclass(frozen=True)
class Settings:
    """What applies to one file: the engine to check it with and the entries that silence findings."""

    engine: tuple
    entries: Tuple[Entry, ...]


class Session:
    def __init__(self, options: Options = Options()):
        self.options = options
        self.renames = dict(options.renames)
        self.rules: Dict[str, Rule] = {}     # every rule of every pack loaded, for reports
        self._found: Dict[str, Optional[Path]] = {}
        self._configs: Dict[Optional[Path], Config] = {}
        self._packs: Dict[tuple, RulePack] = {}
        self._engines: Dict[tuple, Engine] = {}
        self._settings: Dict[str, Settings] = {}
        self._applied: Set[Entry] = set()

    # ---- configuration -------------------------------------------------------------------
    def origin(self, path) -> Path:
        """The file a path stands for (a staged copy stands for the file in the work tree)."""
        return Path(self.renames.get(str(path), str(path)))

    def config_for(self, path: Path) -> Config:
        if self.options.config:
            file: Optional[Path] = Path(self.options.config)
            if not file.is_file():
                raise ConfigError(f"{file}: 配置文件{unusable(file)}")
        else:
            origin = self.origin(path)
            # os.path.isdir: a path past PATH_MAX is no directory here (and fails later, as a file)
            file = configuration.find(origin if os.path.isdir(origin) else origin.parent, self._found)
        if file not in self._configs:
            self._configs[file] = self._checked(file)
        return self._configs[file]

    def _checked(self, file: Optional[Path]) -> Config:
        config = configuration.load(file) if file else Config(None)
        configuration.check_paths(config)
        configuration.check_rules(config, self._pack(config.rule_dirs()))
        return config

    def _pack(self, dirs: Tuple[str, ...], params: tuple = (), words: tuple = ()) -> RulePack:
        key = (self.options.rule_dirs + dirs, params, words)
        if key not in self._packs:
            pack = ruleset.load(key[0], params={r: dict(v) for r, v in params}, words=dict(words))
            self._packs[key] = pack
            for rule in pack.rules:
                self.rules.setdefault(rule.id, rule)
        return self._packs[key]

    def pack_for(self, path: Path) -> RulePack:
        """The rules the file's configuration loads (before its thresholds and selection)."""
        return self._pack(self.config_for(path).rule_dirs())

    def settings_for(self, path: Path) -> Settings:
        key = str(path)
        if key not in self._settings:
            self._settings[key] = self._settle(path)
        return self._settings[key]

    def _settle(self, path: Path) -> Settings:
        config = self.config_for(path)
        data = config.data
        select, ignore, severity = data["select"], set(data["ignore"]), dict(data["severity"])
        params = {rule: dict(values) for rule, values in data["params"].items()}
        entries = config.entries(("suppress",), data["suppress"])
        for i in config.overrides_for(self.origin(path)):
            override = data["overrides"][i]
            select = override.get("select", select)
            ignore |= set(override.get("ignore", []))
            severity.update(override.get("severity", {}))
            for rule, values in override.get("params", {}).items():
                params.setdefault(rule, {}).update(values)
            entries += config.entries(("overrides", i, "suppress"), override.get("suppress", []))
        if self.options.select is not None:
            select = self.options.select
        ignore |= set(self.options.ignore)
        dirs = config.rule_dirs()
        base = self._pack(dirs)

        def rule_id(name: str) -> str:  # an alias becomes its rule's id; an unknown id (from --select) fails here
            rule = base.get(name)
            if rule.scope == "run":  # reported by the run alone, not selected, silenced or re-levelled
                raise RuleError(f"规则“{rule.id}”由 --report-unused 开启，不能写在 select、ignore、severity、params 或忽略条目里")
            return rule.id

        engine = (dirs,
                  tuple(sorted((rule_id(r), tuple(sorted(v.items()))) for r, v in params.items())),
                  tuple(sorted((name, tuple(words)) for name, words in data["wordlists"].items())),
                  None if select is None else tuple(rule_id(r) for r in select),
                  frozenset(rule_id(r) for r in ignore),
                  tuple(sorted((rule_id(r), level) for r, level in severity.items())))
        entries = [replace(e, rules=tuple(rule_id(r) for r in e.rules)) for e in entries]
        return Settings(engine, tuple(entries))

    def engine_for(self, path: Path) -> Engine:
        key = self.settings_for(path).engine
        if key not in self._engines:
            dirs, params, words, select, ignore, severity = key
            pack = self._pack(dirs, params, words)
            levels = dict(severity)
            chosen = [pack.get(r) for r in select] if select is not None else pack.rules
            rules = [replace(r, severity=levels[r.id], severity_if=[]) if r.id in levels else r
                     for r in chosen if r.id not in ignore]
            self._engines[key] = Engine(pack, rules)
        return self._engines[key]

    def prepare(self, paths: Iterable[Path]) -> None:
        """Find and check the configuration of every file before any output is written, so a bad
        configuration file stops the run with one line instead of halfway through a report."""
        for path in paths:
            self.engine_for(path)

    # ---- checking (engine-like, for runner.lint_file) ----------------------------------------
    def check(self, table: Table, index: int = 0) -> List[Finding]:
        return self.engine_for(Path(table.path)).check(table, index)

    def keep(self, table: Table) -> Optional[Table]:
        return self.engine_for(Path(table.path)).keep(table)

    # ---- after the engine -----------------------------------------------------------------
    def review(self, results: Iterable[FileResult], baseline: Optional[Baseline] = None,
               report_unused: bool = False) -> Iterator[FileResult]:
        """Each result with its path as the user knows it (in its error too), its suppressed findings removed (and,
        with ``report_unused``, suppressions that silenced nothing added), then the baseline's."""
        used: Set[tuple] = set()
        for result in results:
            shown = str(self.origin(result.path))
            if result.status == "checked":
                result = self._reviewed(result, shown, used, baseline, report_unused)
            yield replace(result, path=shown, error=result.error.replace(result.path, shown))
        if report_unused and self._applied:
            entries = sorted(self._applied, key=_entry_order)
            for path, findings in suppress.unused_entries(entries, used, self.rules[suppress.UNUSED]).items():
                findings = baseline.new(findings) if baseline else findings
                if findings:
                    yield FileResult(path, "checked", "", (), tuple(findings))

    def _reviewed(self, result: FileResult, shown: str, used: Set[tuple], baseline: Optional[Baseline],
                  report_unused: bool) -> FileResult:
        read = Path(result.path)
        settings, engine = self.settings_for(read), self.engine_for(read)
        self._applied.update(settings.entries)
        canonical = {name: rule.id for name, rule in engine.pack.by_id.items()}
        marks = suppress.file_comments(read)
        findings = [replace(f, path=shown) for f in result.findings] if shown != result.path else result.findings
        kept, hits = suppress.apply(findings, marks, settings.entries, canonical)
        used |= hits
        if report_unused:
            active = {rule.id for rule in engine.row_rules + engine.table_rules}
            kept += suppress.unused_comments(marks, hits, canonical, active, shown, result.tables,
                                             engine.pack.get(suppress.UNUSED))
            kept.sort(key=lambda f: (f.table, f.line, f.column, f.rule))
        if baseline:
            kept = baseline.new(kept)
        return replace(result, findings=tuple(kept))


def _entry_order(entry: Entry) -> tuple:
    return entry.origin.file, entry.origin.line, entry.origin.column
