"""Click's own texts in Chinese, and help laid out by display width.

Click marks its texts (Usage:, Options, Show this message and exit., No such option …) for
gettext by calling ``gettext.gettext`` through a module-level ``_``. The standard lookup picks the
language from the environment (LANGUAGE, LANG …), while jxlint speaks Chinese to every user, so the
catalogue below is bound to those ``_`` and ``ngettext`` names directly. This module must be imported
before the commands are declared: some texts (the --version help) are translated when declared.

Click measures text in characters; a Chinese character takes two columns, so the help formatter
here pads and wraps by display width instead.
"""
from __future__ import annotations

import gettext
import importlib
import unicodedata
from typing import Dict, Iterable, List, Tuple

import click

from ..outputs.formatters.text import display_width

TEXTS: Dict[str, str] = {
    "Options": "选项",
    "Commands": "命令",
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本并退出。",
    "default: {default}": "默认：{default}",
    "required": "必填",
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "用 {command} {option} 查看帮助。",
    "Aborted!": "已中止。",
    "Missing command.": "缺少命令。",
    "No such command {name!r}.": "没有命令“{name}”。",
    "No such option {name!r}.": "没有选项“{name}”。",
    "Option {name!r} does not take a value.": "选项“{name}”不带值。",
    "Invalid value: {message}": "值无效：{message}",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值无效：{message}",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "{value!r} is not a valid {number_type}.": "“{value}”不是数字。",
    "{value} is not in the range {range}.": "{value} 不在范围 {range} 内。",
}
PLURALS: Dict[Tuple[str, str], str] = {
    ("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"): "是不是想写 {possibility}？",
    ("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"): "多余的参数：{args}",
    ("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."):
        "选项“{name}”需要一个值。",
    ("{value!r} is not {choice}.", "{value!r} is not one of {choices}."): "“{value}”无效，可选：{choices}。",
}
CLICK_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "types")


class Catalogue(gettext.NullTranslations):
    def gettext(self, message: str) -> str:
        return TEXTS.get(message, message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return PLURALS.get((singular, plural)) or (singular if n == 1 else plural)


def install() -> None:
    catalogue = Catalogue()
    for name in CLICK_MODULES:
        module = importlib.import_module(f"click.{name}")
        if getattr(module, "_", None) is gettext.gettext:
            module._ = catalogue.gettext
        if getattr(module, "ngettext", None) is gettext.ngettext:
            module.ngettext = catalogue.ngettext


install()


# ---- help layout ---------------------------------------------------------------------
CLOSING = set("，。；：、）》」”！？,.;:)")


def _tokens(text: str) -> List[str]:
    """Wrap points: after each wide character, after each run of other characters and its
    spaces; closing punctuation stays with what it closes."""
    tokens: List[str] = []
    for char in text:
        wide = unicodedata.east_asian_width(char) in "WF"
        if tokens and (char in CLOSING or char == " " or not wide and not _ends_wide(tokens[-1])
                       and not tokens[-1].endswith(" ")):
            tokens[-1] += char
        else:
            tokens.append(char)
    return tokens


def _ends_wide(token: str) -> bool:
    return unicodedata.east_asian_width(token.rstrip()[-1:] or " ") in "WF"


def wrap(text: str, width: int) -> List[str]:
    lines, line = [], ""
    for token in _tokens(text):
        if line and display_width(line + token.rstrip()) > width:
            lines.append(line.rstrip())
            line = token.lstrip()
        else:
            line += token
    return lines + [line.rstrip()] if line.strip() else lines


def _joined(lines: Iterable[str]) -> str:
    """A paragraph's lines as one: Chinese lines join without a space."""
    text = ""
    for line in (line.strip() for line in lines):
        wide = text and (_ends_wide(text) or _ends_wide(line[:1]))
        text += line if not text or wide else " " + line
    return text


def paragraphs(text: str) -> List[Tuple[bool, List[str]]]:
    """(kept as written, lines) for each paragraph; a paragraph opened by a ``\\b`` line is kept."""
    found, current = [], []
    for line in text.splitlines() + [""]:
        if line.strip():
            current.append(line)
        elif current:
            kept = current[0].strip() == "\b"
            found.append((kept, current[1:] if kept else current))
            current = []
    return found


class HelpFormatter(click.HelpFormatter):
    def write_usage(self, prog: str, args: str = "", prefix=None) -> None:
        super().write_usage(prog, args, "用法：" if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{heading}：\n")

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        blocks = []
        for kept, lines in paragraphs(text):
            if kept:
                blocks.append("\n".join(indent + line for line in lines))
            else:
                blocks.append("\n".join(indent + line for line in wrap(_joined(lines), self.width - len(indent))))
        self.write("\n\n".join(blocks) + "\n")

    def write_dl(self, rows, col_max: int = 30, col_spacing: int = 2) -> None:
        rows = list(rows)
        first = min(max((display_width(term) for term, _ in rows), default=0), col_max) + col_spacing
        indent = " " * self.current_indent
        for term, text in rows:
            self.write(indent + term)
            if not text:
                self.write("\n")
                continue
            pad = first - display_width(term)
            self.write(" " * pad if pad >= col_spacing else "\n" + " " * (first + len(indent)))
            lines = wrap(_joined(text.splitlines()), max(self.width - first - len(indent), 10)) or [""]
            self.write(lines[0] + "\n")
            for line in lines[1:]:
                self.write(" " * (first + len(indent)) + line + "\n")


class Context(click.Context):
    formatter_class = HelpFormatter


class Command(click.Command):
    context_class = Context

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("options_metavar", "[选项]")
        super().__init__(*args, **kwargs)


class Group(click.Group):
    context_class = Context
    command_class = Command

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("options_metavar", "[选项]")
        kwargs.setdefault("subcommand_metavar", "命令 [参数]...")
        super().__init__(*args, **kwargs)
