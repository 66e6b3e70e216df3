"""What the commands share: exit codes, the common options, and the small steps around a run."""
from __future__ import annotations

import os
import sys
from enum import IntEnum

import click

from . import chinese  # noqa: F401 -- first: click's texts are translated as the options are declared
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


def jobs_option(default, shown: str):
    return click.option("-j", "--jobs", type=click.IntRange(min=1), default=default, metavar="N",
                        help=f"同时检查的进程数（默认：{shown}；不超过文件数）。")


def cpus() -> int:
    """The CPUs this process may run on (its affinity where the system tells it)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def announce(target) -> None:
    click.echo(f"jxlint: 已写入 {target}", err=True)


def ids(text):
    return tuple(i.strip() for i in text.split(",") if i.strip()) if text else None


def exit_for(summary, fail_on: str) -> None:
    """Exit 2 if any file failed, else 1 if a finding reaches --fail-on."""
    if summary.status["failed"]:
        sys.exit(ExitStatus.USAGE)
    if fail_on != "never" and summary.worst() >= Severity[fail_on]:
        sys.exit(ExitStatus.FINDINGS)
