"""``jxlint install-hook``: a plain ``pre-commit`` hook for teams that do not use the pre-commit
framework. It runs ``jxlint check --staged``: the index version of each staged table is checked,
and a finding at the --fail-on level (error by default) stops the commit with the findings shown.
``git commit --no-verify`` skips it once; deleting the file removes it."""
from __future__ import annotations

import os
import shlex
from pathlib import Path
from ..util.atomic import write_text
from ..util.errors import JxlintError
from ..util.paths import PACKAGE
from .staged import git, top_level

MARKER = "jxlint-hook"


def script(interpreter: str, fail_on: str) -> str:
    """The hook runs jxlint with the interpreter that installed it while that interpreter still
    has the package (its folder is checked), else ``jxlint`` on PATH."""
    package = shlex.quote(str(PACKAGE))
    interpreter = shlex.quote(interpreter)
    flags = "check --staged" + (f" --fail-on {fail_on}" if fail_on != "error" else "")
    return f"""#!/bin/sh
# {MARKER}：提交前检查暂存区里的绩效目标表、自评表（由 jxlint install-hook 写入）。
# 有问题时阻止提交并列出问题；确需跳过一次用 git commit --no-verify；删除本文件即卸载。
if [ -x {interpreter} ] && [ -f {package}/cli/__init__.py ]; then
  exec {interpreter} -m linter.cli {flags}
fi
exec jxlint {flags}
"""


def install(interpreter: str, fail_on: str = "error", force: bool = False) -> Path:
    top_level()
    hooks = Path(git("rev-parse", "--git-path", "hooks").strip())
    target = hooks / "pre-commit"
    if target.exists() and not force:
        try:
            ours = MARKER in target.read_text(encoding="utf-8", errors="replace")
        except OSError:
            ours = False
        if not ours:
            raise JxlintError(f"{target}: 已有别的 pre-commit 钩子，未覆盖；用 --force 覆盖，"
                              "或在现有钩子里加一行 jxlint check --staged")
    write_text(target, script(interpreter, fail_on))
    os.chmod(target, 0o755)
    return target
