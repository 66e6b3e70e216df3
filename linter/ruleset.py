"""Load rule and word-list files, validate them, compile them into a RulePack.

Validation (ruamel.yaml for positions, jsonschema for structure) runs when the files change;
their validated content is cached under the user's cache directory keyed by a hash of the
files, so a run over unchanged rules imports neither library.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Tuple

from . import categories as categories_module
from .checks import CHECKS
from .conditions import ROW_FIELDS, Compiler, Context, Predicate
from .errors import RuleError
from .facts import facts_for
from .paths import default_rules_dir, schema_path
from .readers import labels

CACHE_VERSION = "1"
MAX_NODES = 50_000  # a rule file with more YAML nodes than this is refused (alias bombs)
TABLE_FIELDS = ("project", "department", "unit", "category", "nature", "year", "title", "kind",
                "start_date", "end_date", "overall_goal", "annual_goal", "actual_result", "funds_unit")
COMPUTED = ("deadline_example", "count_unit", "dimension_label")
FUNDS_FIELDS = tuple(dict.fromkeys([*labels.TARGET_FUNDS.values(), "project_other", "annual_other"])) + tuple(
    f"{row}.{column}" for row in dict.fromkeys(labels.SELF_EVALUATION_FUND_ROWS.values())
    for column in labels.SELF_EVALUATION_FUND_COLUMNS.values())
FIELDS = {"row": ROW_FIELDS + TABLE_FIELDS, "table": TABLE_FIELDS + FUNDS_FIELDS}
_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_.]*)\}")


@dataclass
class Rule:
    id: str
    name: str
    severity: str
    scope: str
    field: str
    message: str
    suggestions: List[Tuple[Optional[Predicate], str]]
    docs: Dict[str, str]
    examples: Dict[str, list]
    when: Predicate
    check: Optional[str] = None
    severity_if: List[Tuple[Predicate, str]] = field(default_factory=list)
    aliases: Tuple[str, ...] = ()
    source: str = ""

    def severity_for(self, ctx: Context) -> str:
        return next((severity for test, severity in self.severity_if if test(ctx)), self.severity)

    def suggestion_for(self, ctx: Context) -> str:
        return next((text for test, text in self.suggestions if test is None or test(ctx)), "")


@dataclass
class RulePack:
    rules: List[Rule]
    wordlists: Dict[str, dict]
    categories: categories_module.Categories
    by_id: Dict[str, Rule] = field(default_factory=dict)

    def __post_init__(self):
        for rule in self.rules:
            for key in (rule.id, *rule.aliases):
                self.by_id[key] = rule

    def get(self, rule_id: str) -> Rule:
        if rule_id not in self.by_id:
            raise RuleError(f"未知的规则“{rule_id}”；用 jxlint rules 查看全部规则")
        return self.by_id[rule_id]

    @property
    def row_rules(self) -> List[Rule]:
        return [r for r in self.rules if r.scope == "row"]

    @property
    def table_rules(self) -> List[Rule]:
        return [r for r in self.rules if r.scope == "table"]


# ---- files ------------------------------------------------------------------------
def rule_files(dirs: Iterable[Path]) -> List[Path]:
    files = []
    for directory in dirs:
        if not directory.is_dir():
            raise RuleError(f"{directory}: 规则目录不存在")
        files += sorted(p for p in directory.rglob("*") if p.suffix in (".yaml", ".yml")
                        and p.name != "categories.yaml" and p.is_file())
    return files


def load(extra_dirs: Iterable = (), use_cache: bool = True) -> RulePack:
    files = rule_files([default_rules_dir(), *(Path(d) for d in extra_dirs)])
    contents = [(str(p), p.read_bytes()) for p in files]
    digest = hashlib.sha256(CACHE_VERSION.encode())
    for name, data in contents:
        digest.update(name.encode() + b"\0" + data + b"\0")
    cache = _cache_file(digest.hexdigest()) if use_cache and not os.environ.get("JXLINT_NO_CACHE") else None
    documents = _read_cache(cache)
    if documents is not None:
        return compile_pack(documents)
    documents, trees = _parse_and_validate(contents)
    try:
        pack = compile_pack(documents)
    except RuleError as error:
        raise _located(error, documents, trees) from None
    _write_cache(cache, documents)
    return pack


def _cache_file(digest: str) -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "jxlint" / f"rules-{digest[:40]}.json"


def _read_cache(path: Optional[Path]):
    if path is None or not path.is_file():
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _write_cache(path: Optional[Path], documents) -> None:
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps(documents, ensure_ascii=False), encoding="utf-8")
        os.replace(temporary, path)
    except OSError:
        pass  # a read-only home only costs the next run a validation


# ---- parsing and validation (slow path) -----------------------------------------------
def _parse_and_validate(contents):
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    validators = _validators()
    documents, trees = [], []
    for name, data in contents:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise RuleError(f"{name}: 规则文件必须是 UTF-8 编码") from None
        try:
            tree = YAML(typ="rt", pure=True).load(text)
        except YAMLError as error:
            mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
            where = f"{name}:{mark.line + 1}:{mark.column + 1}" if mark else name
            problem = getattr(error, "problem", None) or str(error).splitlines()[0]
            raise RuleError(f"{where}: YAML 语法错误：{problem}") from None
        plain = _plain(tree, name, [0])
        if not isinstance(plain, dict):
            raise RuleError(f"{name}:1:1: 规则文件应是一个键值表（mapping），而不是 {type(plain).__name__}")
        kind = "wordlist" if "wordlist" in plain else "rule"
        error = _first_error(validators[kind], plain)
        if error:
            keys, message, at_value = error
            raise RuleError(f"{_where(name, tree, keys, at_value)}: 规则文件无效：{message}")
        documents.append({"path": name, "kind": kind, "data": plain})
        trees.append(tree)
    return documents, trees


def _validators():
    from jsonschema import Draft202012Validator

    schema = json.loads(schema_path("rule.schema.json").read_text(encoding="utf-8"))
    return {kind: Draft202012Validator({"$defs": schema["$defs"], "$ref": f"#/$defs/{kind}"})
            for kind in ("rule", "wordlist")}


def _plain(node, name, count):
    """ruamel's tree as plain data, refusing tags and alias bombs."""
    count[0] += 1
    if count[0] > MAX_NODES:
        raise RuleError(f"{name}: 规则文件过大或含有大量别名（YAML alias），已拒绝")
    tag = getattr(getattr(node, "tag", None), "value", None)
    if tag and tag not in _PLAIN_TAGS:
        raise RuleError(f"{name}: 不支持 YAML 标签 {tag}（规则文件只用普通的文本、数字、列表和键值表）")
    if isinstance(node, dict):
        return {str(k): _plain(v, name, count) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v, name, count) for v in node]
    if isinstance(node, (bool, int, float)) or node is None:
        return node
    return str(node)


_PLAIN_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "map", "seq")}
_TYPES = {"string": "文本", "array": "列表", "object": "键值表", "number": "数字", "boolean": "true/false",
          "integer": "整数"}


def _first_error(validator, data) -> Optional[Tuple[tuple, str, bool]]:
    """The most relevant schema error: the keys leading to it, a Chinese message, and
    whether it is about the value (so the column points at the value, not the key)."""
    from jsonschema.exceptions import best_match

    error = best_match(validator.iter_errors(data))
    if error is None:
        return None
    keys = tuple(error.absolute_path)
    key = keys[-1] if keys else "（顶层）"
    kind = error.validator
    if kind == "required":
        missing = re.search(r"'([^']+)'", error.message).group(1)
        return keys, f"缺少必需的键“{missing}”", False
    if kind == "additionalProperties":
        allowed = error.schema.get("properties", {})
        extra = sorted(set(error.instance) - set(allowed))[0]
        return keys + (extra,), f"未知的键“{extra}”（可用：{'、'.join(allowed)}）", False
    if kind == "enum":
        return keys, f"“{key}”的值 {error.instance!r} 无效，应为其中之一：{'、'.join(map(str, error.validator_value))}", True
    if kind == "type":
        return keys, f"“{key}”应为{_TYPES.get(error.validator_value, error.validator_value)}", True
    if kind == "pattern":
        return keys, f"“{key}”的值 {error.instance!r} 格式不对：规则 id、词表名用小写英文和连字符，如 vague-value", True
    if kind in ("minItems", "minLength", "minProperties"):
        return keys, f"“{key}”不能为空", True
    if kind in ("oneOf", "anyOf"):
        return keys, f"“{key}”的写法无效（值为 {error.instance!r}）", True
    return keys, error.message, True


def _where(name: str, tree, keys: tuple, at_value: bool = False) -> str:
    line, column = _position(tree, keys, at_value)
    return f"{name}:{line}:{column}"


def _position(tree, keys: tuple, at_value: bool = False) -> Tuple[int, int]:
    node, position = tree, (0, 0)
    for n, key in enumerate(keys):
        try:
            if isinstance(node, dict):
                last = n == len(keys) - 1
                position = node.lc.value(key) if at_value and last else node.lc.key(key)
            else:
                position = node.lc.item(key)
            node = node[key]
        except (KeyError, IndexError, TypeError, AttributeError):
            break
    return position[0] + 1, position[1] + 1


def _located(error: RuleError, documents, trees) -> RuleError:
    if not error.keys:
        return error
    name, keys = error.keys[0], error.keys[1:]
    tree = next((t for d, t in zip(documents, trees) if d["path"] == name), None)
    return RuleError(f"{_where(name, tree, keys) if tree is not None else name}: 规则文件无效：{error}")


# ---- compiling ---------------------------------------------------------------------
def compile_pack(documents) -> RulePack:
    cats = categories_module.load()
    wordlists: Dict[str, dict] = {}
    for doc in documents:
        if doc["kind"] == "wordlist":
            name = doc["data"]["wordlist"]
            if name in wordlists:
                raise RuleError(f"词表“{name}”重复定义", (doc["path"], "wordlist"))
            wordlists[name] = doc["data"]
    units = tuple(wordlists.get("units", {}).get("words", ()))
    facts = facts_for(units)
    rules: List[Rule] = []
    seen: Dict[str, str] = {}
    for doc in documents:
        if doc["kind"] != "rule":
            continue
        rule = _compile_rule(doc["data"], doc["path"], wordlists, facts, cats)
        for key in (rule.id, *rule.aliases):
            if key in seen:
                raise RuleError(f"规则 id“{key}”与 {seen[key]} 重复", (doc["path"], "id"))
            seen[key] = doc["path"]
        rules.append(rule)
    return RulePack(rules, wordlists, cats)


def _compile_rule(data: dict, path: str, wordlists, facts, cats) -> Rule:
    where = (path,)
    stem = Path(path).stem
    if data["id"] != stem:
        raise RuleError(f"规则 id“{data['id']}”应与文件名“{stem}”一致", where + ("id",))
    scope = data["scope"]
    compiler = Compiler(wordlists, facts, scope, tuple(cats.names), FIELDS)
    when = compiler.compile(data["when"], where + ("when",))
    if len(compiler.checks) > 1:
        raise RuleError("一条规则只能使用一个 check", where + ("when",))
    check = compiler.checks[0] if compiler.checks else None
    if check and check not in CHECKS:
        raise RuleError(f"未知的 check“{check}”；可用：{'、'.join(CHECKS)}", where + ("when",))
    names = set(ROW_FIELDS if scope == "row" else ()) | set(TABLE_FIELDS) | set(COMPUTED)
    names |= set(CHECKS[check][1]) if check else set()
    _check_placeholders(data["message"], names, where + ("message",))
    suggestion = data.get("suggestion", [])
    if isinstance(suggestion, str):
        suggestion = [{"text": suggestion}]
    suggestions = []
    for i, case in enumerate(suggestion):
        _check_placeholders(case["text"], names, where + ("suggestion", i, "text"))
        test = compiler.compile(case["when"], where + ("suggestion", i, "when")) if "when" in case else None
        suggestions.append((test, case["text"]))
    severity_if = [(compiler.compile(case["when"], where + ("severity_if", i, "when")), case["severity"])
                   for i, case in enumerate(data.get("severity_if", []))]
    default_field = "value" if scope == "row" else "project"
    return Rule(id=data["id"], name=data["name"], severity=data["severity"], scope=scope,
                field=data.get("field", default_field), message=data["message"], suggestions=suggestions,
                docs=data["docs"], examples=data["examples"], when=when, check=check,
                severity_if=severity_if, aliases=tuple(data.get("aliases", ())), source=path)


def _check_placeholders(template: str, names: set, where: tuple) -> None:
    for name in _PLACEHOLDER.findall(template):
        if name not in names:
            raise RuleError(f"模板中的“{{{name}}}”不是可用的字段；可用：{'、'.join(sorted(names))}", where)


def render(template: str, variables: Dict[str, str]) -> str:
    return _PLACEHOLDER.sub(lambda m: str(variables.get(m.group(1), "")), template)
