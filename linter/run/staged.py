"""What a commit would record: the index version of the staged files, exported into a temporary
directory under their own paths, so a hook checks exactly what is being committed and not the work
tree (which may hold edits that are not staged). Paths are shown as in the work tree, and the work
tree's configuration applies."""
from __future__ import annotations

import contextlib
import os
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, List, Sequence, Tuple

from .. import readers
from ..util.errors import JxlintError
from ..model.findings import FileResult


@dataclass
class Staged:
    files: List[Tuple[Path, bool]] = field(default_factory=list)   # exported copies, as runner.expand gives files
    renames: Tuple[Tuple[str, str], ...] = ()                       # (copy, path in the work tree)
    left_out: List[FileResult] = field(default_factory=list)        # named files that cannot be checked


def git(*args: str, cwd=None, stdin: str = None) -> str:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, input=stdin, capture_output=True, text=True, encoding="utf-8",
                              errors="surrogateescape")  # a file name in GBK is bytes, not UTF-8
    except FileNotFoundError:
        raise JxlintError("找不到 git 命令：--staged 和 install-hook 需要安装 git") from None
    if done.returncode:
        problem = (done.stderr.strip().splitlines() or [f"退出码 {done.returncode}"])[-1]
        raise JxlintError(f"git {args[0]} 出错：{problem}")
    return done.stdout


def top_level() -> Path:
    try:
        return Path(git("rev-parse", "--show-toplevel").strip())
    except JxlintError:
        raise JxlintError("当前目录不在 git 仓库里：--staged 检查的是 git 暂存区中的文件") from None


@contextlib.contextmanager
def exported(paths: Sequence[str] = ()) -> Iterator[Staged]:
    """The staged files (added, copied, modified or renamed) of supported formats, or the index
    version of ``paths`` (files or folders) when given."""
    top = top_level()
    staged = Staged()
    if paths:
        names = _split(git("ls-files", "-z", "--full-name", "--", *paths))
        listed = set(names)
        for path in paths:
            if not Path(path).is_dir() and _from_top(path, top) not in listed:
                staged.left_out.append(FileResult(path, "skipped", "不在 git 暂存区（还没有 git add）"))
    else:
        names = [n for n in _split(git("diff", "--cached", "--name-only", "-z", "--diff-filter=ACMR", cwd=top))
                 if readers.supported(Path(n))]
    with tempfile.TemporaryDirectory(prefix="jxlint-staged-") as directory:
        if names:
            git("checkout-index", f"--prefix={directory}{os.sep}", "-z", "--stdin", cwd=top, stdin="\0".join(names))
        renames = []
        for name in names:
            copy, shown = Path(directory) / name, _shown(top / name)
            if copy.is_symlink() or not copy.is_file():
                staged.left_out.append(FileResult(shown, "skipped", "符号链接或子模块，未检查"))
                continue
            staged.files.append((copy, False))
            renames.append((str(copy), shown))
        staged.renames = tuple(renames)
        yield staged


def _split(output: str) -> List[str]:
    return [name for name in output.split("\0") if name]


def _from_top(path: str, top: Path) -> str:
    return Path(os.path.relpath(os.path.realpath(path), os.path.realpath(top))).as_posix()


def _shown(path: Path) -> str:
    relative = os.path.relpath(path)
    return str(path) if relative.startswith("..") else relative
