"""YAML (and JSON) files read safely and with positions, for rule files and table drafts.

ruamel.yaml's round-trip loader gives the line and column of every key and value; the tree is
then turned into plain data, refusing tags other than plain text, numbers, lists and mappings
(no ``!!python/object``) and refusing files whose aliases expand past a node limit (alias
bombs). JSON Schema errors become one Chinese line naming the key.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Optional, Tuple, Type

from .errors import JxlintError

# An escaped UTF-16 surrogate pair, as json.dump writes 𠀀 ("\\ud840\\udc00"): YAML would make it
# two lone surrogates, so it is rewritten as the one character it stands for.
_PAIR = re.compile(r"\\u(d[89ab][0-9a-f]{2})\\u(d[c-f][0-9a-f]{2})", re.IGNORECASE)
MAX_DRAFT_NODES = 1_000_000  # a table draft's values, keys and lists, aliases expanded: far above any real draft
MAX_FLOW_DEPTH = 100  # brackets open at once; ruamel takes seconds per thousand levels before it gives up
_BRACKETS = re.compile(r"[\[\]{}]")
PLAIN_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "map", "seq")}
TYPES = {"string": "文本", "array": "列表", "object": "键值表", "number": "数字", "boolean": "true/false",
         "integer": "整数", "null": "空"}


def load(text: str, name: str, error: Type[JxlintError] = JxlintError, max_nodes: int = 50_000,
         text_scalars: bool = False):
    """The round-trip tree (its mappings and lists carry ``.lc`` positions) and its plain data.

    With ``text_scalars`` every scalar stays the text it was written as ("0.10" and "2022-01-01"
    rather than a float and a date); null stays None.
    """
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    if _flow_depth(text) > MAX_FLOW_DEPTH:
        raise error(f"{name}: 列表或键值表嵌套太深（超过 {MAX_FLOW_DEPTH} 层），已拒绝")
    yaml = YAML(typ="rt", pure=True)
    if text_scalars:
        yaml.Constructor = _text_constructor()
    try:
        tree = yaml.load(_PAIR.sub(_character, text))
        return tree, _plain(tree, name, error, max_nodes, [0])
    except YAMLError as problem:
        mark = getattr(problem, "problem_mark", None) or getattr(problem, "context_mark", None)
        where = f"{name}:{mark.line + 1}:{mark.column + 1}" if mark else name
        what = getattr(problem, "problem", None) or str(problem).splitlines()[0]
        language = "JSON" if name.lower().endswith(".json") else "YAML"
        raise error(f"{where}: {language} 语法错误：{syntax_problem(what, getattr(problem, 'context', None))}") from None
    except RecursionError:
        raise error(f"{name}: 列表或键值表嵌套太深，已拒绝") from None


def _flow_depth(text: str) -> int:
    """The deepest nesting of [ ] and { } (brackets inside quoted text counted too: a bound, not a parse)."""
    depth = deepest = 0
    for bracket in _BRACKETS.finditer(text):
        depth = max(depth + (1 if bracket.group() in "[{" else -1), 0)
        deepest = max(deepest, depth)
    return deepest


def _character(pair: re.Match) -> str:
    high, low = int(pair.group(1), 16), int(pair.group(2), 16)
    return f"\\U{0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00):08x}"


# The parser's English, in Chinese with what to do about it; the first pattern that matches wins.
SYNTAX = (
    (r"could not find expected ':'", "缺少冒号：每一项写成“键: 值”，冒号后要有空格"),
    (r"expected ',' or '\]'", "方括号列表 […] 没有闭合，或两项之间缺少逗号"),
    (r"expected ',' or '\}'", "花括号 {{…}} 没有闭合，或两项之间缺少逗号"),
    (r"found character '\\t' that cannot start any token", "这里有制表符：YAML 只能用空格缩进"),
    (r"found character '(.)' that cannot start any token", "值不能以“{0}”开头：请给这个值加上引号"),
    (r"expected <block end>", "缩进没有对齐：同一级的行要从同一列开始"),
    (r"mapping values are not allowed here", "这里不能再有“: ”：值里有冒号时请给整个值加上引号"),
    (r'found duplicate key "(.*?)"', "键“{0}”重复"),
    (r"found undefined alias '(.*?)'", "别名“*{0}”没有定义：以 * 开头的值请加上引号"),
    (r"found unknown escape character '(.*?)'", "双引号里的“\\{0}”不是有效的转义：请改用单引号"),
    (r"expected alphabetic or numeric character", "& 或 * 后面缺少名称：以 & 或 * 开头的值请加上引号"),
    (r"found unexpected end of stream", "引号没有闭合"),
    (r"but found another document", "文件里有第二个文档（---）：一个文件只能写一个"),
)


def syntax_problem(what: str, context: Optional[str]) -> str:
    for pattern, chinese in SYNTAX:
        found = re.search(pattern, what)
        if found:
            return chinese.format(*found.groups())
    return f"无法解析，请检查这一处的缩进、冒号、引号和括号（解析器：{what}{'，' + context if context else ''}）"


@lru_cache(maxsize=None)
def _text_constructor():
    from ruamel.yaml.constructor import RoundTripConstructor

    class TextConstructor(RoundTripConstructor):
        pass

    for tag in ("int", "float", "bool", "timestamp"):
        TextConstructor.add_constructor(f"tag:yaml.org,2002:{tag}", RoundTripConstructor.construct_yaml_str)
    return TextConstructor


def _plain(node, name, error, max_nodes, count):
    count[0] += 1
    if count[0] > max_nodes:
        raise error(f"{name}: 文件过大或含有大量别名（YAML alias），已拒绝")
    tag = getattr(getattr(node, "tag", None), "value", None)
    if tag and tag not in PLAIN_TAGS:
        raise error(f"{name}: 不支持 YAML 标签 {tag}（只能用普通的文本、数字、列表和键值表）")
    if isinstance(node, dict):
        return {str(k): _plain(v, name, error, max_nodes, count) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v, name, error, max_nodes, count) for v in node]
    if isinstance(node, (bool, int, float)) or node is None:
        return node
    return _unfolded(node) if getattr(node, "fold_pos", None) else str(node)


def _unfolded(text) -> str:
    """A folded scalar (``>``) as a Chinese reader wrote it: YAML joins its lines with a space,
    which belongs between words, not between two Chinese characters (“检查， 满意度”)."""
    chars = list(str(text))
    for at in reversed(text.fold_pos):
        if 0 < at < len(chars) - 1 and chars[at] == " " and _wide(chars[at - 1]) and _wide(chars[at + 1]):
            del chars[at]
    return "".join(chars)


def _wide(char: str) -> bool:
    return char in "“”‘’" or unicodedata.east_asian_width(char) in ("W", "F")  # the quotes are Chinese ones here


def schema_error(validator, data, pattern_hint: str = "") -> Optional[Tuple[tuple, str, bool]]:
    """The most relevant schema error: the keys leading to it, a Chinese message, and
    whether it is about the value (so the column points at the value, not the key)."""
    from jsonschema.exceptions import best_match

    error = best_match(validator.iter_errors(data))
    if error is None:
        return None
    keys = tuple(error.absolute_path)
    key = next((k for k in reversed(keys) if isinstance(k, str)), "（顶层）")
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
        expected = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        return keys, f"“{key}”应为{'或'.join(TYPES.get(t, t) for t in expected)}", True
    if kind == "pattern":
        return keys, f"“{key}”的值 {error.instance!r} 格式不对" + (f"：{pattern_hint}" if pattern_hint else ""), True
    if kind in ("minItems", "minLength", "minProperties"):
        return keys, f"“{key}”不能为空", True
    if kind in ("oneOf", "anyOf"):
        return keys, f"“{key}”的写法无效（值为 {error.instance!r}）", True
    return keys, error.message, True


def where(name: str, tree, keys: tuple, at_value: bool = False) -> str:
    line, column = position(tree, keys, at_value)
    return f"{name}:{line}:{column}"


def position(tree, keys: tuple, at_value: bool = False) -> Tuple[int, int]:
    """1-based line and column of the key (or, with ``at_value``, the value) at ``keys``."""
    node, found = tree, (0, 0)
    for n, key in enumerate(keys):
        try:
            if isinstance(node, dict):
                last = n == len(keys) - 1
                found = node.lc.value(key) if at_value and last else node.lc.key(key)
            else:
                found = node.lc.item(key)
            node = node[key]
        except (KeyError, IndexError, TypeError, AttributeError):
            break
    return found[0] + 1, found[1] + 1
