"""jxlint command line: a thin click group. It owns the exit codes; everything else lives in linter/."""
from __future__ import annotations

import contextlib
import itertools
import json
import os
import sys
import tempfile
from enum import IntEnum
from pathlib import Path

import click

from ..outputs import formatters
from ..engine import ruleset
from ..run import signals
from . import chinese  # first: click's texts are translated as the commands are declared
from ..util.errors import JxlintError
from ..model.findings import Severity


class ExitStatus(IntEnum):
    OK = 0             # no finding at or above --fail-on
    FINDINGS = 1       # findings at or above --fail-on
    USAGE = 2          # bad option, bad rule file, a file that could not be read, or no table to check
    INTERRUPTED = 130  # Ctrl-C (143: SIGTERM)


STDIN = "-"
RULES_OPTION = click.option("--rules", "rule_dirs", multiple=True, type=click.Path(file_okay=False),
                            metavar="目录", help="再加载一个规则目录（YAML 规则和词表），可重复使用。")
FAIL_ON_OPTION = click.option("--fail-on", type=click.Choice(["error", "warning", "info", "never"]), default="error",
                              show_default=True, help="有这个级别（或更严重）的问题时退出码为 1。")
SELECT_OPTION = click.option("--select", metavar="规则,...", help="只运行这些规则（逗号分隔的规则 id 或中文名称）。")
IGNORE_OPTION = click.option("--ignore", metavar="规则,...", help="不运行这些规则（逗号分隔的规则 id 或中文名称）。")
PAIRS_OPTION = click.option("--pairs", "pairs_file", type=click.Path(dir_okay=False), metavar="文件",
                            help="配对文件（YAML）：写明自动配对拿不准的目标表与自评表、上下年度的表（见 README）。")
CONFIG_OPTION = click.option("--config", "config_file", type=click.Path(dir_okay=False), metavar="文件",
                             help="使用这个配置文件（.jxlint.yaml 或 pyproject.toml），不再往上查找。")


def _jobs_option(default, shown: str):
    return click.option("-j", "--jobs", type=click.IntRange(min=1), default=default, metavar="N",
                        help=f"同时检查的进程数（默认：{shown}；不超过文件数）。")


def _cpus() -> int:
    """The CPUs this process may run on (its affinity where the system tells it)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


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


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(), metavar="文件或目录...")
@click.option("-f", "--format", "--output-format", "output_format", type=click.Choice(list(formatters.FORMATS)),
              default="text", show_default=True,
              help="输出格式：text 给人看，concise 每个问题一行，json 给程序用，sarif、github、junit 给 CI。")
@RULES_OPTION
@FAIL_ON_OPTION
@SELECT_OPTION
@IGNORE_OPTION
@_jobs_option(None, "CPU 核数，--staged 时为 1")
@click.option("-q", "--quiet", is_flag=True, help="只列出问题和读不了的文件：不显示总数、跳过的文件和“已写入”提示。")
@click.option("--exit-zero", is_flag=True, help="有问题时退出码也为 0（读不了文件、没有可检查的表时仍为 2）。")
@click.option("--stdin-filename", metavar="文件名",
              help="用 - 从标准输入读表时，按这个文件名显示、判断格式（按扩展名）和查找配置。")
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
              help="彩色输出：auto 在终端里彩色，并遵守 NO_COLOR、FORCE_COLOR 环境变量。")
@click.option("--no-color", "never_color", is_flag=True, help="同 --color never。")
@click.option("--annotate", type=click.Path(dir_okay=False), metavar="输出文件",
              help="另存一份带批注的副本（只能检查一个文件时使用）；原文件不会被修改。")
@click.option("--review-sheet", type=click.Path(dir_okay=False), metavar="输出文件",
              help="另写一份审核意见单（.docx 或可打印的 .html）：每张表一页，列出问题、位置、原因和修改建议。")
@CONFIG_OPTION
@click.option("--baseline", "baseline_file", type=click.Path(dir_okay=False), metavar="文件",
              help="只报告基线文件里没有的新问题。--baseline write 文件：把这次的问题写成基线。")
@click.option("--write-baseline", type=click.Path(dir_okay=False), metavar="文件",
              help="同 --baseline write 文件：把这次发现的问题全部写入基线文件，退出码为 0。")
@click.option("--report-unused", is_flag=True,
              help="报告没有压制任何问题的忽略注释和 suppress 条目（规则 unused-suppression）。")
@click.option("--staged", is_flag=True,
              help="检查 git 暂存区里的版本（提交前钩子用）；不给文件时检查全部暂存的表。")
@click.option("-o", "--output", type=click.Path(dir_okay=False), metavar="文件",
              help="把报告写入文件（写完才替换，中断不会留下半个文件）。")
@click.option("--statistics", is_flag=True, help="最后列出每条规则的问题数。")
@PAIRS_OPTION
def check(paths, output_format, rule_dirs, fail_on, select, ignore, jobs, quiet, exit_zero, stdin_filename, color,
          never_color, annotate, review_sheet, config_file, baseline_file, write_baseline, report_unused, staged, output,
          statistics, pairs_file):
    """检查绩效目标表/自评表，列出每个问题：位置、规则、原因和改写建议。

    文件或目录都可以；目录会递归检查其中支持的文件，不支持的文件会列为“跳过”。
    配置从被检查的文件往上找 .jxlint.yaml（或 pyproject.toml 的 [tool.jxlint]）；
    --select 替换配置里的 select，--ignore、--rules 追加到配置上。

    文件写成 -（减号）时从标准输入读一个文件，用 --stdin-filename 给它起名字。
    """
    from ..run import baseline
    from ..outputs import review
    from ..engine.cross import CrossRun, PairsFile, describe
    from ..run.runner import Interruption, lint_parallel
    from ..run.session import Options

    _check_usage(paths, staged, annotate, baseline_file, write_baseline, stdin_filename)
    accepted = baseline.Baseline.load(baseline_file) if baseline_file else None
    pairs = PairsFile.load(pairs_file) if pairs_file else None
    sheets = review.Sheets(Path(review_sheet)) if review_sheet else None
    written: list = []
    with _inputs(paths, staged, stdin_filename) as (files, renames, left_out):
        options = Options(config_file, tuple(rule_dirs), _ids(select), _ids(ignore) or (), renames)
        session = options.build()
        session.prepare(path for path, _ in files)
        interruption = Interruption()
        cross = CrossRun(session.engine_for, pairs)
        jobs = min(jobs or (1 if staged else _cpus()), max(1, len(files)))
        checked = cross.stream(interruption.guard(lint_parallel(files, options, jobs, view=sheets and sheets.view,
                                                                engine=session)))
        results = session.review(itertools.chain(left_out, checked), accepted, report_unused)
        if sheets:
            results = sheets.collect(results)
        if annotate:
            results = _annotated(results, Path(annotate), written)
        recorded: list = []
        if write_baseline:
            results = baseline.recorded(results, recorded)
        with _destination(output, written) as out:
            use_color = _use_color("never" if never_color else color, output)
            summary = formatters.render(output_format, results, out, use_color, session.rules, quiet)
        if sheets and not interruption.happened:
            sheets.write(session.rules)
            written.append(review_sheet)
    for line in [describe(cross.matching), *cross.problems]:
        if line and not quiet:
            click.echo(f"jxlint: {line}", err=True)
    if interruption.happened:
        click.echo(f"jxlint: 已中断：{summary.files} 个文件已检查并列在上面，其余文件没有检查", err=True)
        sys.exit(interruption.status)
    if statistics:
        machine = output_format not in formatters.FOR_PEOPLE and not output
        click.echo(_statistics(summary, session.rules), err=machine, nl=False)
    if write_baseline:
        count = baseline.write(write_baseline, recorded)
        written.append(f"{write_baseline}：已把 {count} 个问题写入基线；之后用 --baseline {write_baseline} 只看新问题")
    if not quiet:
        for target in written:
            _announce(target)
    if not summary.status["checked"] and not summary.status["failed"] and not staged:
        _nothing_checked(paths, summary)
    _exit_for(summary, "never" if exit_zero or write_baseline else fail_on)


def _check_usage(paths, staged, annotate, baseline_file, write_baseline, stdin_filename) -> None:
    if not paths and not staged:
        raise click.UsageError("请给出要检查的文件或目录（或用 --staged 检查 git 暂存区，用 - 读标准输入）")
    if paths.count(STDIN) > 1 or (STDIN in paths and staged):
        raise click.UsageError("- （标准输入）只能给一次，且不能与 --staged 同用")
    if stdin_filename and STDIN not in paths:
        raise click.UsageError("--stdin-filename 只用于 - （从标准输入读表）")
    if annotate and (staged or len(paths) != 1 or paths[0] == STDIN or Path(paths[0]).is_dir()):
        raise click.UsageError("--annotate 只能用于检查单个文件（不能与 --staged 或 - 同用）")
    if baseline_file and write_baseline:
        raise click.UsageError("--baseline 文件 与 --baseline write 文件 不能同时使用")


def _use_color(choice: str, output) -> bool:
    """--color always/never decide; auto follows NO_COLOR, then FORCE_COLOR (no-color.org,
    force-color.org: set and not empty), then whether standard output is a terminal. A report
    written to a file (-o) is never coloured unless --color always says so."""
    if choice != "auto":
        return choice == "always"
    if output or os.environ.get("NO_COLOR"):
        return False
    return bool(os.environ.get("FORCE_COLOR")) or sys.stdout.isatty()


def _announce(target) -> None:
    click.echo(f"jxlint: 已写入 {target}", err=True)


def _nothing_checked(paths, summary) -> None:
    """Exit 2 with a warning: a run that checked no table (every file skipped, or none found) is
    most likely a wrong path, not a clean result. Failed files have said why already."""
    given = "、".join(paths[:3]) + (f" 等 {len(paths)} 项" if len(paths) > 3 else "")
    skipped = f"（{summary.files} 个文件，全部跳过）" if summary.files else "（没有文件）"
    click.echo(f"jxlint: 警告：{given} 里没有可检查的绩效目标表或自评表{skipped}", err=True)
    sys.exit(ExitStatus.USAGE)


@contextlib.contextmanager
def _inputs(paths, staged: bool, stdin_filename=None):
    """The files to check (as runner.expand gives them), the real paths of copies (staged files,
    standard input), and files named but left out (with why)."""
    from ..run.runner import expand

    if staged:
        from ..run.staged import exported

        with exported(paths) as index:
            yield index.files, index.renames, index.left_out
        return
    if STDIN not in paths:
        yield list(expand(paths)), (), []
        return
    with tempfile.TemporaryDirectory(prefix="jxlint-stdin-") as directory:
        copy = _stdin_copy(Path(directory), stdin_filename)
        files = [item for name in paths for item in ([(copy, True)] if name == STDIN else expand([name]))]
        yield files, ((str(copy), stdin_filename or STDIN),), []


def _stdin_copy(directory: Path, name) -> Path:
    """Standard input saved under ``name``'s file name (its extension picks the reader; plain text
    without one). One byte past the size limit is kept, so the runner refuses an oversized input."""
    from ..util.files import MAX_BYTES

    copy = directory / (Path(name).name if name else "stdin.txt")
    copy.write_bytes(sys.stdin.buffer.read(MAX_BYTES + 1))
    return copy


@contextlib.contextmanager
def _destination(output, written: list):
    if not output:
        yield sys.stdout
        return
    from ..util.atomic import atomic_path

    try:
        with atomic_path(output) as temporary, open(temporary, "w", encoding="utf-8", newline="") as out:
            yield out
    except OSError as error:
        raise JxlintError(f"{output}: 无法写出报告：{error.strerror or error}") from None
    written.append(output)


def _statistics(summary, rules) -> str:
    lines = ["按规则统计："]
    for rule_id, count in sorted(summary.rules.items(), key=lambda kv: (-kv[1], kv[0])):
        rule = rules.get(rule_id)
        lines.append(f"{count:>6}  {rule_id:<28} {rule.name if rule else ''}".rstrip())
    if len(lines) == 1:
        lines.append("     0  （没有问题）")
    return "\n".join(lines) + "\n"


def _ids(text):
    return tuple(i.strip() for i in text.split(",") if i.strip()) if text else None


def _exit_for(summary, fail_on: str) -> None:
    """Exit 2 if any file failed, else 1 if a finding reaches --fail-on."""
    if summary.status["failed"]:
        sys.exit(ExitStatus.USAGE)
    if fail_on != "never" and summary.worst() >= Severity[fail_on]:
        sys.exit(ExitStatus.FINDINGS)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(), metavar="文件或目录...")
@click.option("-o", "--output", "prefix", required=True, type=click.Path(dir_okay=False), metavar="输出前缀",
              help="报告的路径前缀：写出 前缀.html、前缀.xlsx、前缀.csv、前缀.json。")
@_jobs_option(_cpus(), "CPU 核数")
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

    options = Options(config_file, tuple(rule_dirs), _ids(select), _ids(ignore) or ())
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
            _announce(target)
    _exit_for(aggregate.summary, fail_on)


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


def _annotated(results, target: Path, written: list):
    from ..outputs import annotators

    for result in results:
        if result.status == "checked":
            annotators.annotate(Path(result.path), result.findings, target)
            written.append(target)
        yield result


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
    from ..outputs import fix as fixing
    from ..engine.evaluate import Engine

    engine = Engine(ruleset.load(rule_dirs))
    for line in fixing.fix(Path(file), engine, Path(output) if output else None, in_place, show_diff):
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
    from ..engine.evaluate import Engine
    from ..model.examples import table as example_table

    pack = ruleset.load(rule_dirs)
    rule = pack.get(rule_id)
    click.echo(f"{rule.id}（{rule.name}） · {Severity[rule.severity].label} · {rule.scope_label}规则")
    click.echo(f"规则文件：{rule.source}\n")
    for key, title in (("what", "检查什么"), ("why", "为什么"), ("fix", "怎么改"), ("source", "依据")):
        click.echo(f"{title}：{rule.docs[key].strip()}\n")
    engine = Engine(pack, [rule])
    advised = not rule.across  # a cross rule's example is two tables: its advice shows in the tests
    for key, title in (("bad", "不合格示例（及 jxlint 给它的建议）" if advised else "不合格示例"), ("good", "合格示例")):
        click.echo(f"{title}：")
        for example in rule.examples[key]:
            click.echo("  " + _example_line(example))
            if key == "bad" and advised:
                advice = dict.fromkeys(f.suggestion for f in engine.check(example_table(example)))
                click.echo("".join(f"    → 建议：{text}\n" for text in advice), nl=False)
        click.echo("")


def _example_line(example: dict) -> str:
    if "rows" in example or "funds" in example or "this" in example:
        return json.dumps(example, ensure_ascii=False)
    return f"{example.get('level2', '')} / {example.get('name', '')}：{example.get('value', '')}"


@cli.command()
@click.argument("file", type=click.Path(dir_okay=False), metavar="文件")
@click.option("--to", "target", type=click.Choice(["json", "yaml"]), default="json", show_default=True,
              help="json 含每个单元格的位置；yaml 是草稿格式（见 README），可编辑后再用 jxlint check 检查。")
@click.option("--columns", "show_columns", is_flag=True,
              help="不输出表格内容，只列出每个表的指标表每一列被读成了什么（看 jxlint 是否读懂了这种版式）。")
def convert(file, target, show_columns):
    """显示 jxlint 从文件里读出的表：表头、资金和每条指标。"""
    from .. import readers
    from ..outputs.tabledata import columns_text, draft_yaml, tables_data

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
    from ..run import config as configuration
    from ..run.session import Options

    session = Options(config_file, tuple(rule_dirs)).build()
    settings = session.config_for(Path(path))
    click.echo(configuration.show(settings, session.pack_for(Path(path))), nl=False)


@cli.command()
@click.argument("directory", required=False, default=".", type=click.Path(file_okay=False), metavar="[目录]")
def init(directory):
    """在目录里写一个带注释的起始配置 .jxlint.yaml（已存在时不覆盖）。"""
    from ..run import config as configuration

    target = configuration.init(Path(directory))
    _announce(f"{target}：按注释修改，用 jxlint config 查看生效的配置")


@cli.command("install-hook")
@click.option("--force", is_flag=True, help="覆盖已有的、不是 jxlint 写的 pre-commit 钩子。")
@FAIL_ON_OPTION
def install_hook(force, fail_on):
    """写入 git 的 pre-commit 钩子：每次提交前检查暂存区里的表，有问题时阻止提交并列出问题。

    用 pre-commit 框架的团队改用仓库里的 .pre-commit-hooks.yaml（钩子 id：jxlint）。
    """
    from ..run import hook

    target = hook.install(sys.executable, fail_on, force)
    _announce(f"{target}：提交时检查暂存的绩效目标表/自评表（git commit --no-verify 可跳过一次）")


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

