"""Load rule and word-list files, validate them, compile them into a RulePack.

Validation (ruamel.yaml for positions, jsonschema for structure) runs when the files change;
their validated content is cached under the user's cache directory keyed by a hash of the
files, so a run over unchanged rules imports neither library.
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Tuple

from ..util import cache
from ..model import categories as categories_module
from ..model.fields import funds_fields
from ..util import yamlsafe
from .checks import CHECKS
from .conditions import Compiler, Predicate
from .context import OTHER, ROW_FIELDS, Context
from ..util.errors import RuleError
from .facts import facts_for
from ..util.paths import default_rules_dir, schema_path
from .variables import COMPUTED, TABLE_FIELDS, Variable, check_placeholders, compile_variables, needs

MAX_NODES = 50_000  # a rule file with more YAML nodes than this is refused (alias bombs)
VOCABULARY_FILES = ("categories.yaml", "fields.yaml", "labels.yaml", "score.yaml")  # vocabulary, not rules
PATTERN_HINT = "规则 id、词表名用小写英文和连字符，如 vague-value"
FUNDS_FIELDS = funds_fields()
FIELDS = {"row": ROW_FIELDS + TABLE_FIELDS, "table": TABLE_FIELDS + FUNDS_FIELDS}
# A rule across two tables (linter/cross) also reads the counterpart's fields as other.FIELD.
CROSS_FIELDS = {scope: names + tuple(OTHER + name for name in names) for scope, names in FIELDS.items()}
SCOPE_LABELS = {"row": "行级", "table": "表级", "run": "运行时"}  # run: found by the run (unused-suppression)
# The rules the run reports, each text's variables: a suppression (comment, entry) that silenced nothing.
RUN_RULES = {"unused-suppression": {"comment": {"comment", "why"}, "entry": {"rules", "target"}}}
ACROSS_LABELS = {"approved": "跨表（自评表↔目标表）", "previous-year": "跨表（相邻年度）"}
CROSS_COMPUTED = (OTHER + "place", OTHER + "file")  # where the counterpart is: "2021/b.xlsx Sheet1!D12", "b.xlsx"


@dataclass
class Rule:
    id: str
    name: str
    severity: str
    scope: str
    field: str
    message: str
    # (when, text, the variables the message and this suggestion need); the first that holds is given
    suggestions: List[Tuple[Optional[Predicate], str, Tuple[str, ...]]]
    docs: Dict[str, str]
    examples: Dict[str, Dict[str, dict]]  # bad/good → {case name: case} (linter/run/cases.py)
    when: Optional[Predicate]  # None for a rule of the run
    check: Optional[str] = None
    severity_if: List[Tuple[Predicate, str]] = field(default_factory=list)
    aliases: Tuple[str, ...] = ()
    source: str = ""
    params: Dict[str, float] = field(default_factory=dict)  # thresholds in force: defaults, then configuration
    across: Optional[str] = None  # "approved" / "previous-year": the rule reads a pair of tables (linter/cross)

    @property
    def scope_label(self) -> str:
        """行级 / 表级, and for a rule across two tables what it compares: 跨表（自评表↔目标表）·行级."""
        label = SCOPE_LABELS[self.scope]
        return f"{ACROSS_LABELS[self.across]}·{label}" if self.across else label
    fix: Optional[Tuple[str, str]] = None  # (field, template): the value the advice writes into the row
    fix_needs: Tuple[str, ...] = ()  # the variables the fix's template needs
    message_needs: Tuple[str, ...] = ()  # those of the message alone (no suggestion holds)
    anchor: Dict[str, str] = field(default_factory=dict)  # a table-level finding points at a dimension's block or a field
    variants: Dict[str, Tuple[str, str]] = field(default_factory=dict)  # a run rule's (message, suggestion) by what it reports

    def severity_for(self, ctx: Context) -> str:
        return next((severity for test, severity in self.severity_if if test(ctx)), self.severity)

    def advice(self, ctx: Context) -> Tuple[str, Tuple[str, ...]]:
        """The suggestion that holds for the context, and the variables its finding needs."""
        return next(((text, names) for test, text, names in self.suggestions if test is None or test(ctx)),
                    ("", self.message_needs))


@dataclass
class RulePack:
    rules: List[Rule]
    wordlists: Dict[str, dict]
    categories: categories_module.Categories
    by_id: Dict[str, Rule] = field(default_factory=dict)
    variables: Dict[str, Variable] = field(default_factory=dict)  # rules/variables/, by name

    def __post_init__(self):
        """Rules are found by id, alias or Chinese name (a name two rules share finds neither)."""
        for rule in self.rules:
            for key in (rule.id, *rule.aliases):
                self.by_id[key] = rule
        names = Counter(rule.name for rule in self.rules)
        for rule in self.rules:
            if names[rule.name] == 1:
                self.by_id.setdefault(rule.name, rule)

    def get(self, rule_id: str) -> Rule:
        if rule_id not in self.by_id:
            raise RuleError(unknown_rule(rule_id, self.by_id))
        return self.by_id[rule_id]

    @property
    def row_rules(self) -> List[Rule]:
        return [r for r in self.rules if r.scope == "row" and not r.across]

    @property
    def table_rules(self) -> List[Rule]:
        return [r for r in self.rules if r.scope == "table" and not r.across]

    @property
    def cross_rules(self) -> List[Rule]:
        return [r for r in self.rules if r.across]


def unknown_rule(name: str, known: Iterable[str]) -> str:
    import difflib  # only for a mistyped rule id

    close = difflib.get_close_matches(name, list(known), n=3, cutoff=0.6)
    hint = f"是不是想写 {'、'.join(close)}？" if close else ""
    return f"未知的规则“{name}”；{hint}用 jxlint rules 查看全部规则"


# ---- files ------------------------------------------------------------------------
def rule_files(dirs: Iterable[Path]) -> List[Path]:
    files = []
    for directory in dirs:
        if not directory.is_dir():
            raise RuleError(f"{directory}: 规则目录不存在")
        files += sorted(p for p in directory.rglob("*") if p.suffix in (".yaml", ".yml")
                        and p.name not in VOCABULARY_FILES and p.is_file())
    return files


def load(extra_dirs: Iterable = (), use_cache: bool = True, params: Optional[Dict[str, dict]] = None,
         words: Optional[Dict[str, list]] = None) -> RulePack:
    """The default rules plus ``extra_dirs``; ``params`` ({rule id: {name: value}}) and ``words``
    ({word list: [more words]}) come from a configuration file that has already checked them."""
    files = rule_files([default_rules_dir(), *(Path(d) for d in extra_dirs)])
    contents = [(str(p), p.read_bytes()) for p in files]
    return compile_pack(cache.cached("rules", contents, lambda: _validated(contents), use_cache), params, words)


def _validated(contents):
    """The rule files as plain data, after the schema and a trial compile have passed them."""
    documents, trees = _parse_and_validate(contents)
    try:
        compile_pack(documents)
    except RuleError as error:
        raise _located(error, documents, trees) from None
    return documents


# ---- parsing and validation (slow path) -----------------------------------------------
def _parse_and_validate(contents):
    validators = _validators()
    documents, trees = [], []
    for name, data in contents:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise RuleError(f"{name}: 规则文件必须是 UTF-8 编码") from None
        tree, plain = yamlsafe.load(text, name, RuleError, MAX_NODES)
        if not isinstance(plain, dict):
            raise RuleError(f"{name}:1:1: 规则文件应是一个键值表（mapping），而不是 {type(plain).__name__}")
        kind = next((k for k in ("wordlist", "variable") if k in plain), "rule")
        error = yamlsafe.schema_error(validators[kind], plain, PATTERN_HINT)
        if error:
            keys, message, at_value = error
            raise RuleError(f"{yamlsafe.where(name, tree, keys, at_value)}: 规则文件无效：{message}")
        documents.append({"path": name, "kind": kind, "data": plain})
        trees.append(tree)
    return documents, trees


def _validators():
    from jsonschema import Draft202012Validator

    schema = json.loads(schema_path("rule.schema.json").read_text(encoding="utf-8"))
    return {kind: Draft202012Validator({"$defs": schema["$defs"], "$ref": f"#/$defs/{kind}"})
            for kind in ("rule", "wordlist", "variable")}


def _located(error: RuleError, documents, trees) -> RuleError:
    if not error.keys:
        return error
    name, keys = error.keys[0], error.keys[1:]
    tree = next((t for d, t in zip(documents, trees) if d["path"] == name), None)
    return RuleError(f"{yamlsafe.where(name, tree, keys) if tree is not None else name}: 规则文件无效：{error}")


# ---- compiling ---------------------------------------------------------------------
def compile_pack(documents, params: Optional[Dict[str, dict]] = None,
                 words: Optional[Dict[str, list]] = None) -> RulePack:
    cats = categories_module.load()
    wordlists: Dict[str, dict] = {}
    for doc in documents:
        if doc["kind"] == "wordlist":
            name = doc["data"]["wordlist"]
            if name in wordlists:
                raise RuleError(f"词表“{name}”重复定义", (doc["path"], "wordlist"))
            wordlists[name] = doc["data"]
    for name, extra in (words or {}).items():
        wordlists[name] = {**wordlists[name], "words": [*wordlists[name]["words"], *extra]}
    units, uncounted = (tuple(wordlists.get(name, {}).get("words", ())) for name in ("units", "uncounted-units"))
    facts = facts_for(units, uncounted)
    answers: dict = {}  # the text tests of the whole pack, shared by the rules that ask alike

    def compiler_for(scope: str, path: str, fields=FIELDS, params=None) -> Compiler:
        compiler = Compiler(wordlists, facts, scope, tuple(cats.names), fields, params, answers)
        compiler.trusted = Path(path).parent.parent == default_rules_dir()
        return compiler

    variables = compile_variables(documents, compiler_for)
    rules: List[Rule] = []
    seen: Dict[str, str] = {}
    for doc in documents:
        if doc["kind"] != "rule":
            continue
        overrides = (params or {}).get(doc["data"]["id"], {})
        rule = _compile_rule(doc["data"], doc["path"], compiler_for, cats, overrides, variables)
        for key in (rule.id, *rule.aliases):
            if key in seen:
                raise RuleError(f"规则 id“{key}”与 {seen[key]} 重复", (doc["path"], "id"))
            seen[key] = doc["path"]
        rules.append(rule)
    return RulePack(rules, wordlists, cats, variables=variables)


def _compile_rule(data: dict, path: str, compiler_for, cats, overrides: Dict[str, float],
                  variables: Dict[str, Variable]) -> Rule:
    where = (path,)
    stem = Path(path).stem
    if data["id"] != stem:
        raise RuleError(f"规则 id“{data['id']}”应与文件名“{stem}”一致", where + ("id",))
    scope, across = data["scope"], data.get("across")
    if scope == "run":
        return _run_rule(data, path)
    params = {name: overrides.get(name, spec["default"]) for name, spec in data.get("params", {}).items()}
    fields = CROSS_FIELDS if across else FIELDS
    compiler = compiler_for(scope, path, fields, params)
    compiler.across = across
    when = compiler.compile(data["when"], where + ("when",))
    if len(compiler.checks) > 1:
        raise RuleError("一条规则只能使用一个 check", where + ("when",))
    check = compiler.checks[0] if compiler.checks else None
    if check and across:
        raise RuleError("跨表规则（across）不能使用 check：check 只读一张表", where + ("when",))
    if check and check not in CHECKS:
        raise RuleError(f"未知的 check“{check}”；可用：{'、'.join(CHECKS)}", where + ("when",))
    names = set(ROW_FIELDS if scope == "row" else ()) | set(TABLE_FIELDS) | set(COMPUTED)
    if across:
        names |= {OTHER + name for name in names} | set(CROSS_COMPUTED)
    names |= set(CHECKS[check][1]) if check else set()
    names |= set(params)
    names |= {name for name, variable in variables.items() if scope == "row" or variable.scope == "table"}
    check_placeholders(data["message"], names, where + ("message",))
    suggestion = data.get("suggestion", [])
    if isinstance(suggestion, str):
        suggestion = [{"text": suggestion}]
    suggestions = []
    for i, case in enumerate(suggestion):
        check_placeholders(case["text"], names, where + ("suggestion", i, "text"))
        test = compiler.compile(case["when"], where + ("suggestion", i, "when")) if "when" in case else None
        suggestions.append((test, case["text"], needs([data["message"], case["text"]], variables)))
    fix = None
    if "fix" in data:
        if scope != "row" or data["fix"]["field"] not in ROW_FIELDS:
            raise RuleError(f"fix 只用于行级规则，field 是指标的一栏：{'、'.join(ROW_FIELDS)}", where + ("fix", "field"))
        check_placeholders(data["fix"]["text"], names, where + ("fix", "text"))
        fix = (data["fix"]["field"], data["fix"]["text"])
    anchor = data.get("anchor", {})
    if anchor.get("dimension", "quantity") not in cats.names:
        raise RuleError(f"未知的维度“{anchor['dimension']}”；可用：{'、'.join(cats.names)}", where + ("anchor", "dimension"))
    if anchor.get("field", "project") not in FIELDS["table"]:
        raise RuleError(f"表级规则没有字段“{anchor['field']}”；可用：{'、'.join(FIELDS['table'])}", where + ("anchor", "field"))
    severity_if = [(compiler.compile(case["when"], where + ("severity_if", i, "when")), case["severity"])
                   for i, case in enumerate(data.get("severity_if", []))]
    default_field = "value" if scope == "row" else "project"
    return Rule(id=data["id"], name=data["name"], severity=data["severity"], scope=scope,
                field=data.get("field", default_field), message=data["message"], suggestions=suggestions,
                docs=data["docs"], examples=named_examples(data["examples"], where), when=when, check=check,
                severity_if=severity_if, aliases=tuple(data.get("aliases", ())), source=path, params=params,
                across=across, fix=fix, anchor=anchor, fix_needs=needs([fix[1]] if fix else [], variables),
                message_needs=needs([data["message"]], variables))


def _run_rule(data: dict, path: str) -> Rule:
    """A rule the run reports (unused-suppression): no condition over tables; its message and
    suggestion by what it reports, each with the variables the run fills in."""
    where = (path,)
    if data["id"] not in RUN_RULES:
        raise RuleError(f"scope: run 只用于 {'、'.join(RUN_RULES)}", where + ("scope",))
    kinds = RUN_RULES[data["id"]]
    for key in ("message", "suggestion"):
        texts = data.get(key)
        if not isinstance(texts, dict) or set(texts) != set(kinds):
            raise RuleError(f"{key} 应按 {'、'.join(kinds)} 分别写", where + (key,))
        for kind, text in texts.items():
            check_placeholders(text, kinds[kind], where + (key, kind))
    variants = {kind: (text, data["suggestion"][kind]) for kind, text in data["message"].items()}
    return Rule(id=data["id"], name=data["name"], severity=data["severity"], scope="run", field="", message="",
                suggestions=[], docs=data["docs"], examples=named_examples(data["examples"], where), when=None,
                aliases=tuple(data.get("aliases", ())), source=path, variants=variants)


def named_examples(examples: dict, where: tuple = ()) -> Dict[str, Dict[str, dict]]:
    """bad/good → {name: case}; a plain list (the short form) names its cases by number."""
    named = {}
    for kind, cases in examples.items():
        keyed = list(cases.items() if isinstance(cases, dict) else enumerate(cases))
        for key, case in keyed:
            if kind == "good" and "expect" in case:
                raise RuleError("合格示例不报告问题，不能写 expect", where + ("examples", kind, key, "expect"))
        named[kind] = {str(key + 1) if isinstance(key, int) else key: case for key, case in keyed}
    return named

