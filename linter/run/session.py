"""One run with its configuration applied: each file is checked by the rules its configuration
selects (with its severities and thresholds), and its findings then pass the file's suppressions
and the baseline.

A Session is built from ``Options`` (``Options.build()``, a runner.Recipe: a worker process builds
its own). For each file it resolves, in this order and once, the configuration file, the rule pack
it loads, the file's ``Settings`` and the ``Engine`` those settings make; ``prepare`` does that for
every file before anything is checked. It checks files (``lint``) with their engine; the Engine
checks tables.
"""
from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from typing import Callable, Dict, Iterable, Iterator, Optional, Set, Tuple

from . import config as configuration
from . import suppress
from .baseline import Baseline
from .config import Config, ConfigError, Entry
from .config.checks import check_paths, check_rules
from .runner import Walked, lint_file
from .settings import Options, RuleChoice, Settings, settle
from ..engine import ruleset
from ..engine.evaluate import Engine
from ..engine.ruleset import Rule, RulePack
from ..model.findings import FileResult
from ..util.files import unusable

__all__ = ["Options", "Session", "Settings"]


class Session:
    def __init__(self, options: Options = Options()):
        self.options = options
        self.renames = dict(options.renames)
        self.rules: Dict[str, Rule] = {}     # every rule of every pack loaded, for reports
        self._found: Dict[str, Optional[Path]] = {}
        self._configs: Dict[Optional[Path], Config] = {}
        self._packs: Dict[tuple, RulePack] = {}
        self._engines: Dict[RuleChoice, Engine] = {}
        self._settings: Dict[str, Settings] = {}
        self._applied: Set[Entry] = set()

    def origin(self, path) -> Path:
        """The file a path stands for (a staged copy stands for the file in the work tree)."""
        return Path(self.renames.get(str(path), str(path)))

    # ---- resolving: configuration → pack → settings → engine --------------------------------
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
            config = configuration.load(file) if file else Config(None)
            check_paths(config)
            check_rules(config, self.pack_of(config))
            self._configs[file] = config
        return self._configs[file]

    def pack_of(self, config: Config) -> RulePack:
        """The rules a configuration loads (before its thresholds and selection)."""
        return self._pack(self.options.rule_dirs + config.rule_dirs())

    def _pack(self, dirs: Tuple[str, ...], params: tuple = (), words: tuple = ()) -> RulePack:
        key = (dirs, params, words)
        if key not in self._packs:
            pack = ruleset.load(dirs, params={r: dict(v) for r, v in params}, words=dict(words))
            self._packs[key] = pack
            for rule in pack.rules:
                self.rules.setdefault(rule.id, rule)
        return self._packs[key]

    def settings_for(self, path: Path) -> Settings:
        key = str(path)
        if key not in self._settings:
            config = self.config_for(path)
            self._settings[key] = settle(config, self.origin(path), self.options, self.pack_of(config))
        return self._settings[key]

    def engine_for(self, path: Path) -> Engine:
        choice = self.settings_for(path).rules
        if choice not in self._engines:
            self._engines[choice] = self._engine(choice)
        return self._engines[choice]

    def _engine(self, choice: RuleChoice) -> Engine:
        pack = self._pack(choice.rule_dirs, choice.params, choice.wordlists)
        levels = dict(choice.severity)
        chosen = [pack.get(r) for r in choice.select] if choice.select is not None else pack.rules
        rules = [replace(r, severity=levels[r.id], severity_if=[]) if r.id in levels else r
                 for r in chosen if r.id not in choice.ignore]
        return Engine(pack, rules)

    def prepare(self, paths: Iterable[Path]) -> None:
        """Resolve every file's settings and engine before any output is written, so a bad
        configuration file stops the run with one line instead of halfway through a report."""
        for path in paths:
            self.engine_for(path)

    # ---- checking -------------------------------------------------------------------------
    def lint(self, path: Path, named: Walked = True, view: Optional[Callable] = None) -> FileResult:
        """runner.lint_file with the file's own engine."""
        engine = None if isinstance(named, FileResult) else self.engine_for(path)
        return lint_file(path, engine, named, view, self.options.quote)

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
        marks = result.comments
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
