"""jxlint command line: a thin click group. It owns the exit codes; everything else lives in linter/."""
from __future__ import annotations

import json
import sys
from enum import IntEnum
from pathlib import Path

import click

from linter import formatters, ruleset
from linter.engine import Engine
from linter.errors import JxlintError
from linter.findings import Severity


class ExitStatus(IntEnum):
    OK = 0             # no finding at or above --fail-on
    FINDINGS = 1       # findings at or above --fail-on
    USAGE = 2          # bad option, bad rule file, or a file that could not be read
    INTERRUPTED = 130  # Ctrl-C


SCOPES = {"row": "行级", "table": "表级"}
RULES_OPTION = click.option("--rules", "rule_dirs", multiple=True, type=click.Path(file_okay=False),
                            metavar="目录", help="再加载一个规则目录（YAML 规则和词表），可重复使用。")


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="jxlint", prog_name="jxlint", message="%(prog)s %(version)s")
def cli():
    """jxlint：检查财政项目支出绩效目标表、自评表里写得不可衡量的指标。

    \b
    常用：
      jxlint check 草稿.txt          检查一个文件（或一个目录下的全部文件）
      jxlint rules                   列出全部规则
      jxlint explain vague-value     查看一条规则的说明和示例
      jxlint convert 草稿.txt --to yaml   看看 jxlint 读出了什么

    退出码：0 没有达到 --fail-on 级别的问题；1 有；2 用法、规则文件或输入文件有错。
    """


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(), metavar="文件或目录...")
@click.option("-f", "--format", "output_format", type=click.Choice(sorted(formatters.FORMATS)), default="text",
              show_default=True, help="输出格式：text 给人看，json 给程序用。")
@RULES_OPTION
@click.option("--fail-on", type=click.Choice(["error", "warning", "info", "never"]), default="error",
              show_default=True, help="有这个级别（或更严重）的问题时退出码为 1。")
@click.option("--select", metavar="规则,...", help="只运行这些规则（逗号分隔的规则 id）。")
@click.option("--ignore", metavar="规则,...", help="不运行这些规则（逗号分隔的规则 id）。")
@click.option("--color/--no-color", default=None, help="是否彩色输出（默认：终端里彩色）。")
@click.option("--annotate", type=click.Path(dir_okay=False), metavar="输出文件",
              help="另存一份带批注的副本（只能检查一个文件时使用）；原文件不会被修改。")
def check(paths, output_format, rule_dirs, fail_on, select, ignore, color, annotate):
    """检查绩效目标表/自评表，列出每个问题：位置、规则、原因和改写建议。

    文件或目录都可以；目录会递归检查其中支持的文件，不支持的文件会列为“跳过”。
    """
    from linter.runner import lint_paths

    if annotate and (len(paths) != 1 or Path(paths[0]).is_dir()):
        raise click.UsageError("--annotate 只能用于检查单个文件")
    pack = ruleset.load(rule_dirs)
    engine = Engine(pack, _selected(pack, select, ignore))
    if color is None:
        color = sys.stdout.isatty()
    results = lint_paths(paths, engine)
    if annotate:
        results = _annotated(results, Path(annotate))
    summary = formatters.get(output_format).render(results, sys.stdout, color)
    if summary.status["failed"]:
        sys.exit(ExitStatus.USAGE)
    if fail_on != "never" and summary.worst() >= Severity[fail_on]:
        sys.exit(ExitStatus.FINDINGS)


def _annotated(results, target: Path):
    from linter import annotators

    for result in results:
        if result.status == "checked":
            annotators.annotate(Path(result.path), result.findings, target)
        yield result


def _selected(pack, select, ignore):
    chosen = [pack.get(i.strip()) for i in select.split(",") if i.strip()] if select else list(pack.rules)
    dropped = {pack.get(i.strip()).id for i in ignore.split(",") if i.strip()} if ignore else set()
    return [rule for rule in chosen if rule.id not in dropped]


@cli.command()
@RULES_OPTION
def rules(rule_dirs):
    """列出全部规则：id、级别、范围和名称。"""
    pack = ruleset.load(rule_dirs)
    for rule in sorted(pack.rules, key=lambda r: (r.scope, r.id)):
        click.echo(f"{rule.id:<24} {Severity[rule.severity].label:<3} {SCOPES[rule.scope]:<3} {rule.name}")


@cli.command()
@click.argument("rule_id", metavar="规则")
@RULES_OPTION
def explain(rule_id, rule_dirs):
    """查看一条规则：检查什么、为什么、怎么改、依据，以及合格/不合格示例。"""
    rule = ruleset.load(rule_dirs).get(rule_id)
    click.echo(f"{rule.id}（{rule.name}） · {Severity[rule.severity].label} · {SCOPES[rule.scope]}规则")
    click.echo(f"规则文件：{rule.source}\n")
    for key, title in (("what", "检查什么"), ("why", "为什么"), ("fix", "怎么改"), ("source", "依据")):
        click.echo(f"{title}：{rule.docs[key].strip()}\n")
    for key, title in (("bad", "不合格示例"), ("good", "合格示例")):
        click.echo(f"{title}：")
        for example in rule.examples[key]:
            click.echo("  " + _example_line(example))
        click.echo("")


def _example_line(example: dict) -> str:
    if "rows" in example or "funds" in example:
        return json.dumps(example, ensure_ascii=False)
    return f"{example.get('level2', '')} / {example.get('name', '')}：{example.get('value', '')}"


@cli.command()
@click.argument("file", type=click.Path(dir_okay=False), metavar="文件")
@click.option("--to", "target", type=click.Choice(["json", "yaml"]), default="json", show_default=True,
              help="json 含每个单元格的位置；yaml 是便于编辑的草稿格式。")
def convert(file, target):
    """显示 jxlint 从文件里读出的表：表头、资金和每条指标。"""
    from linter import readers
    from linter.tabledata import tables_data

    path = Path(file)
    if not path.is_file():
        raise JxlintError(f"{file}: 文件不存在")
    try:
        tables = readers.read(path)
    except JxlintError as error:
        raise JxlintError(f"{file}: {error}") from None
    if not tables:
        raise JxlintError(f"{file}: 未识别到绩效目标表或自评表")
    if target == "json":
        click.echo(json.dumps(tables_data(tables), ensure_ascii=False, indent=2))
    else:
        import yaml

        click.echo(yaml.safe_dump(tables_data(tables, positions=False), allow_unicode=True, sort_keys=False,
                                  width=120), nl=False)


def main(argv=None) -> int:
    try:
        cli.main(args=argv, prog_name="jxlint", standalone_mode=False)
    except click.exceptions.Exit as done:
        return done.exit_code
    except click.ClickException as error:
        error.show()
        return ExitStatus.USAGE
    except click.exceptions.Abort:
        click.echo("jxlint: 已中断", err=True)
        return ExitStatus.INTERRUPTED
    except JxlintError as error:
        click.echo(f"jxlint: {error}", err=True)
        return ExitStatus.USAGE
    except SystemExit as done:
        return done.code or 0
    return ExitStatus.OK


if __name__ == "__main__":
    sys.exit(main())
