"""``jxlint check``: the files named (or staged, or standard input) through the run pipeline
(run/pipeline.py), rendered in the chosen format, with the side outputs (annotated copy, review
sheet, baseline) and the exit status."""
from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

import click

from . import chinese
from .options import (CONFIG_OPTION, FAIL_ON_OPTION, IGNORE_OPTION, PAIRS_OPTION, RULES_OPTION, SELECT_OPTION,
                      STDIN, ExitStatus, announce, cpus, exit_for, ids, jobs_option)
from ..outputs import formatters
from ..util.errors import JxlintError


@click.command(cls=chinese.Command)
@click.argument("paths", nargs=-1, type=click.Path(), metavar="文件或目录...")
@click.option("-f", "--format", "--output-format", "output_format", type=click.Choice(list(formatters.FORMATS)),
              default="text", show_default=True,
              help="输出格式：text 给人看，concise 每个问题一行，json 给程序用，sarif、github、junit 给 CI。")
@RULES_OPTION
@FAIL_ON_OPTION
@SELECT_OPTION
@IGNORE_OPTION
@jobs_option(None, "CPU 核数，--staged 时为 1")
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
    from ..engine.cross import PairsFile, describe
    from ..run.pipeline import Pipeline
    from ..run.runner import Interruption
    from ..run.session import Options

    _check_usage(paths, staged, annotate, baseline_file, write_baseline, stdin_filename)
    accepted = baseline.Baseline.load(baseline_file) if baseline_file else None
    pairs = PairsFile.load(pairs_file) if pairs_file else None
    sheets = _sheets(review_sheet)
    written: list = []
    with _inputs(paths, staged, stdin_filename) as (files, renames, left_out):
        options = Options(config_file, tuple(rule_dirs), ids(select), ids(ignore) or (), renames,
                          quote=output_format in formatters.QUOTING)
        pipeline = Pipeline(files, options, jobs or (1 if staged else cpus()), view=sheets and sheets.view, pairs=pairs)
        interruption = Interruption()
        results = pipeline.results(interruption.guard, left_out, accepted, report_unused)
        if sheets:
            results = sheets.collect(results)
        if annotate:
            results = _annotated(results, Path(annotate), written)
        recorded: list = []
        if write_baseline:
            results = baseline.recorded(results, recorded)
        with _destination(output, written) as out:
            use_color = _use_color("never" if never_color else color, output)
            summary = formatters.render(output_format, results, out, use_color, pipeline.rules, quiet)
        if sheets and not interruption.happened:
            sheets.write(pipeline.rules)
            written.append(review_sheet)
    for line in [describe(pipeline.cross.matching), *pipeline.cross.problems]:
        if line and not quiet:
            click.echo(f"jxlint: {line}", err=True)
    if interruption.happened:
        click.echo(f"jxlint: 已中断：{summary.files} 个文件已检查并列在上面，其余文件没有检查", err=True)
        sys.exit(interruption.status)
    if statistics:
        machine = output_format not in formatters.FOR_PEOPLE and not output
        click.echo(_statistics(summary, pipeline.rules), err=machine, nl=False)
    if write_baseline:
        count = baseline.write(write_baseline, recorded)
        written.append(f"{write_baseline}：已把 {count} 个问题写入基线；之后用 --baseline {write_baseline} 只看新问题")
    if not quiet:
        for target in written:
            announce(target)
    if not summary.status["checked"] and not summary.status["failed"] and not staged:
        _nothing_checked(paths, summary)
    exit_for(summary, "never" if exit_zero or write_baseline else fail_on)


def _sheets(review_sheet):
    """The review sheets to collect, or None; their module (and the report's) is loaded only when asked for."""
    if not review_sheet:
        return None
    from ..outputs import review

    return review.Sheets(Path(review_sheet))


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
    import tempfile  # only for standard input

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


def _annotated(results, target: Path, written: list):
    from ..outputs import annotators

    for result in results:
        if result.status == "checked":
            annotators.annotate(Path(result.path), result.findings, target)
            written.append(target)
        yield result
