"""jxlint command line: a thin click group (``check`` is in check.py, what commands share in options.py).
The commands own the exit codes; everything else lives in linter/."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from . import chinese  # first: click's texts are translated as the commands are declared
from .check import check
from .options import (CONFIG_OPTION, FAIL_ON_OPTION, IGNORE_OPTION, PAIRS_OPTION, RULES_OPTION, SELECT_OPTION,
                      ExitStatus, announce, cpus, exit_for, ids, jobs_option)
from ..engine import ruleset
from ..run import signals
from ..util.errors import JxlintError
from ..model.findings import Severity


@click.group(cls=chinese.Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="jxlint", prog_name="jxlint", message="%(prog)s %(version)s")
def cli():
    """jxlint：检查财政项目支出绩效目标表、自评表里写得不可衡量的指标。

    \b
    常用：
      jxlint check 草稿.txt          检查一个文件（或一个目录下的全部文件）
      jxlint report 目录 -o 报告     批量检查，写出 报告.html/.xlsx/.csv/.json
      jxlint rules                   列出全部规则
      jxlint explain vague-value     查看一条规则的说明和示例（也可写中文名称）
      jxlint convert 草稿.txt --to yaml   看看 jxlint 读出了什么

    退出码：0 没有达到 --fail-on 级别的问题；1 有；2 用法、规则文件或输入文件有错，或没有可检查的表。
    """


cli.add_command(check)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(), metavar="文件或目录...")
@click.option("-o", "--output", "prefix", required=True, type=click.Path(dir_okay=False), metavar="输出前缀",
              help="报告的路径前缀：写出 前缀.html、前缀.xlsx、前缀.csv、前缀.json。")
@jobs_option(cpus(), "CPU 核数")
@RULES_OPTION
@FAIL_ON_OPTION
@SELECT_OPTION
@IGNORE_OPTION
@CONFIG_OPTION
@click.option("--summary", "markdown", is_flag=True, help="在标准输出打印一段 Markdown 摘要，可粘贴到邮件或工单。")
@click.option("-q", "--quiet", is_flag=True, help="不显示进度条、逐个文件的失败提示和“已写入”提示。")
@click.option("--review-sheets", is_flag=True,
              help="另为每张表写一份审核意见单：前缀-审核意见单/t序号.docx 和 .html（序号同报告的表格清单）。")
@PAIRS_OPTION
def report(paths, prefix, jobs, rule_dirs, fail_on, select, ignore, config_file, markdown, quiet, review_sheets,
           pairs_file):
    """批量检查，写出按主管部门 → 实施单位 → 表汇总、带得分排名的报告。

    \b
    -o 报告 写出四个文件：
      报告.html  自包含网页，离线可看、可打印：图表、可排序筛选的单位排名和表格清单、逐表详情
      报告.xlsx  工作表：汇总、单位、表格、问题、文件
      报告.csv   问题清单（UTF-8 带 BOM，Excel 直接打开）
      报告.json  同样的数据，给其他系统用

    \b
    目录会递归检查；每个文件都记为已检查、跳过（附原因）或失败（附错误），
    失败的文件不影响其余文件。终端里在标准错误显示进度条。配置文件、忽略注释和退出码同 check。
    """
    from ..engine.cross import PairsFile
    from ..outputs.report import markdown as summary_markdown, run as write_report
    from ..run.session import Options

    options = Options(config_file, tuple(rule_dirs), ids(select), ids(ignore) or ())
    pairs = PairsFile.load(pairs_file) if pairs_file else None
    try:
        aggregate, outputs = write_report(paths, prefix, options, jobs, quiet, pairs, review_sheets)
    except OSError as error:
        raise JxlintError(f"{error.filename or prefix}: 无法写出报告：{error.strerror or error}") from None
    if markdown:
        click.echo(summary_markdown.render(aggregate, outputs))
    elif not quiet:
        click.echo(aggregate.summary.sentence())
    if not quiet:
        for target in outputs.values():
            announce(target)
    exit_for(aggregate.summary, fail_on)


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, metavar="地址",
              help="监听的地址。默认只有本机能访问；给出本机的局域网地址（或 0.0.0.0）可供整个科室使用，"
                   "这时必须带访问令牌（见 README“网页版”）。")
@click.option("--port", type=click.IntRange(0, 65535), default=0, metavar="端口", help="端口（默认：自动选一个空闲端口）。")
@click.option("--no-browser", is_flag=True, help="不自动打开浏览器。")
@click.option("--token", metavar="令牌", help="访问令牌：每个请求都要带上（默认：本机使用时不要，--host 时自动生成并显示）。")
@click.option("--allow-host", "allow_hosts", multiple=True, metavar="名称",
              help="同事访问时用的另一个主机名或域名（如 jxlint.caizheng.local），可重复使用。")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=2, show_default=True, metavar="N",
              help="同时检查的文件数；更多的上传排队等待。")
@click.option("--queue", type=click.IntRange(min=0), default=16, show_default=True, metavar="N",
              help="最多排队的上传数；再多时回答“服务器正忙”。")
@RULES_OPTION
@CONFIG_OPTION
def serve(host, port, no_browser, token, allow_hosts, jobs, queue, rule_dirs, config_file):
    """网页版：在浏览器里拖入表格检查，逐格看问题和建议，下载批注副本和审核意见单。

    默认只在本机（127.0.0.1）提供，不联网、不用外部字体或脚本；上传的文件检查完立即删除。
    规则和配置同 check（--rules、--config；不给 --config 时用启动目录往上找到的配置）。
    """
    from ..run.session import Options
    from ..outputs.web import serve as run_server

    run_server(Options(config_file, tuple(rule_dirs)), host, port, not no_browser, token, allow_hosts, jobs, queue)


@cli.command()
@click.argument("file", type=click.Path(dir_okay=False), metavar="文件")
@click.option("-o", "--output", type=click.Path(dir_okay=False), metavar="输出文件",
              help="修改稿写到这里（原文件不变）。")
@click.option("--diff", "show_diff", is_flag=True, help="只列出会改写哪些值，不写文件。")
@click.option("--in-place", is_flag=True, help="直接改写原文件（先备份！）。")
@RULES_OPTION
def fix(file, output, show_diff, in_place, rule_dirs):
    """写出修改稿：把不可衡量的年度指标值改成带空白的可衡量写法（如“≥__%”“2023年__月底前完成”）。

    改过的单元格标成浅黄色，原值写在批注里；支持 .xlsx、.docx 和 YAML 草稿。只改绩效目标表（自评表的目标
    已在上一年度定下）。填好“__”和“（写明单位）”之前，jxlint check 会以 unfilled-blank 报错。
    """
    from .. import readers
    from ..outputs import fix as fixing
    from ..engine.evaluate import Engine

    engine = Engine(ruleset.load(rule_dirs))
    for line in fixing.fix(Path(file), readers.read, engine, Path(output) if output else None, in_place, show_diff):
        click.echo(line)


@cli.command()
@RULES_OPTION
def rules(rule_dirs):
    """列出全部规则：id、级别、范围和名称。"""
    pack = ruleset.load(rule_dirs)
    for rule in sorted(pack.rules, key=lambda r: (r.across or "", r.scope, r.id)):
        click.echo(f"{rule.id:<24} {Severity[rule.severity].label:<3} {rule.scope_label:<3} {rule.name}")


@cli.command()
@click.argument("rule_id", metavar="规则")
@RULES_OPTION
def explain(rule_id, rule_dirs):
    """查看一条规则：检查什么、为什么、怎么改、依据，以及合格/不合格示例。"""
    from ..run import cases

    pack = ruleset.load(rule_dirs)
    rule = pack.get(rule_id)
    click.echo(f"{rule.id}（{rule.name}） · {Severity[rule.severity].label} · {rule.scope_label}规则")
    click.echo(f"规则文件：{rule.source}\n")
    for key, title in (("what", "检查什么"), ("why", "为什么"), ("fix", "怎么改"), ("source", "依据")):
        click.echo(f"{title}：{rule.docs[key].strip()}\n")
    advised = not rule.across  # a cross rule's example is two tables: its advice shows in the tests
    titles = {"bad": "不合格示例（及 jxlint 给它的建议）" if advised else "不合格示例", "good": "合格示例"}
    for kind in cases.KINDS:
        click.echo(f"{titles[kind]}：")
        for name, case in rule.examples[kind].items():
            click.echo(f"  {name}：{_example_line(case)}")
            if kind == "bad" and advised:
                advice = dict.fromkeys(f.suggestion for f in cases.findings(pack, rule, case, rule_dirs))
                click.echo("".join(f"    → 建议：{text}\n" for text in advice), nl=False)
        click.echo("")


def _example_line(case: dict) -> str:
    from ..run.cases import example

    spec = example(case)
    if "rows" in spec or "funds" in spec or "this" in spec:
        line = json.dumps(spec, ensure_ascii=False)
    else:
        line = f"{spec.get('level2', '')} / {spec.get('name', '')}：{spec.get('value', '')}"
    settings = [f"# jxlint: disable={case['disable']}"] if "disable" in case else []
    settings += [f"{name} = {value:g}" for name, value in case.get("params", {}).items()]
    return line + (f"（{'，'.join(settings)}）" if settings else "")


@cli.command()
@click.argument("file", type=click.Path(dir_okay=False), metavar="文件")
@click.option("--to", "target", type=click.Choice(["json", "yaml"]), default="json", show_default=True,
              help="json 含每个单元格的位置；yaml 是草稿格式（见 README），可编辑后再用 jxlint check 检查。")
@click.option("--columns", "show_columns", is_flag=True,
              help="不输出表格内容，只列出每个表的指标表每一列被读成了什么（看 jxlint 是否读懂了这种版式）。")
def convert(file, target, show_columns):
    """显示 jxlint 从文件里读出的表：表头、资金和每条指标。"""
    from .. import readers
    from ..outputs.tabledata import draft_yaml, tables_data
    from ..readers.columns import columns_text

    path = Path(file)
    if not path.is_file():
        raise JxlintError(f"{file}: 文件不存在")
    try:
        tables = readers.read(path)
    except JxlintError as error:
        raise JxlintError(f"{file}: {error}") from None
    if not tables:
        raise JxlintError(f"{file}: 未识别到绩效目标表或自评表")
    if show_columns:
        click.echo(columns_text(tables), nl=False)
    elif target == "json":
        click.echo(json.dumps(tables_data(tables), ensure_ascii=False, indent=2))
    else:
        click.echo(draft_yaml(tables, path.name), nl=False)


@cli.command("config")
@click.argument("path", required=False, default=".", type=click.Path(), metavar="[文件或目录]")
@CONFIG_OPTION
@RULES_OPTION
def show_config(path, config_file, rule_dirs):
    """显示对某个文件或目录生效的配置：合并 extends 之后的每个值和它的来源（文件:行:列），
    以及每条规则可调的参数（params）和默认值。"""
    from ..run.config import commands
    from ..run.session import Options

    session = Options(config_file, tuple(rule_dirs)).build()
    config = session.config_for(Path(path))
    click.echo(commands.show(config, session.pack_of(config)), nl=False)


@cli.command()
@click.argument("directory", required=False, default=".", type=click.Path(file_okay=False), metavar="[目录]")
def init(directory):
    """在目录里写一个带注释的起始配置 .jxlint.yaml（已存在时不覆盖）。"""
    from ..run.config import commands

    target = commands.init(Path(directory))
    announce(f"{target}：按注释修改，用 jxlint config 查看生效的配置")


@cli.command("install-hook")
@click.option("--force", is_flag=True, help="覆盖已有的、不是 jxlint 写的 pre-commit 钩子。")
@FAIL_ON_OPTION
def install_hook(force, fail_on):
    """写入 git 的 pre-commit 钩子：每次提交前检查暂存区里的表，有问题时阻止提交并列出问题。

    用 pre-commit 框架的团队改用仓库里的 .pre-commit-hooks.yaml（钩子 id：jxlint）。
    """
    from ..run import hook

    target = hook.install(sys.executable, fail_on, force)
    announce(f"{target}：提交时检查暂存的绩效目标表/自评表（git commit --no-verify 可跳过一次）")


def _spelled_out(argv):
    """``--baseline write FILE``, the documented spelling, becomes ``--write-baseline FILE``."""
    args, rest = list(argv), []
    while args:
        arg = args.pop(0)
        if arg == "--":
            return rest + [arg] + args
        if arg == "--baseline" and len(args) >= 2 and args[0] == "write":
            rest += ["--write-baseline", args[1]]
            del args[:2]
        else:
            rest.append(arg)
    return rest


def main(argv=None) -> int:
    signals.install()
    try:
        cli.main(args=_spelled_out(sys.argv[1:] if argv is None else argv), prog_name="jxlint",
                 standalone_mode=False)
    except click.exceptions.Exit as done:
        return done.exit_code
    except click.ClickException as error:
        error.show()
        return ExitStatus.USAGE
    except click.exceptions.Abort as stop:
        click.echo("jxlint: 已中断", err=True)
        return signals.status(stop.__cause__)
    except JxlintError as error:
        click.echo(f"jxlint: {error}", err=True)
        return ExitStatus.USAGE
    except SystemExit as done:
        return done.code or 0
    return ExitStatus.OK

