"""Input files are regular files, read up to a bound that counts the bytes actually read: a FIFO,
a device or a socket is never opened for reading (opening a FIFO blocks until a writer comes;
/dev/zero never ends, and its size says 0)."""
from __future__ import annotations

import os
import stat

from .errors import InputError

MAX_BYTES = 50 * 1024 * 1024
MAX_CELLS = 1_000_000  # cells one file may make the reader build (CSV fields, xlsx cells and merged ranges)
KINDS = {stat.S_IFIFO: "命名管道（FIFO）", stat.S_IFCHR: "字符设备", stat.S_IFBLK: "块设备",
         stat.S_IFSOCK: "套接字", stat.S_IFDIR: "目录"}


class Refused(InputError):
    """The file is not a regular file, or is larger than the bound."""


def kind(mode: int) -> str:
    """What a file that is not a regular file is ("" for a regular file)."""
    return "" if stat.S_ISREG(mode) else KINDS.get(stat.S_IFMT(mode), "特殊文件")


def not_regular(path) -> str:
    """Why ``path`` (its symlinks followed) is not read, or "" when it is a regular file; OSError
    when it cannot be looked at."""
    found = kind(os.stat(path).st_mode)
    return f"不是普通文件（{found}），未读取" if found else ""


def unusable(path) -> str:
    """Why ``path``, which is not a regular file, cannot be used: it does not exist, or what it is."""
    try:
        return not_regular(path) or "不存在"
    except OSError:
        return "不存在"


def read_bytes(path, limit: int = MAX_BYTES) -> bytes:
    """The file's bytes; Refused when it is not a regular file or holds more than ``limit`` bytes.
    O_NONBLOCK makes opening a FIFO return at once, so that fstat can refuse it."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    with os.fdopen(fd, "rb") as handle:
        found = kind(os.fstat(fd).st_mode)
        if found:
            raise Refused(f"不是普通文件（{found}），未读取")
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise Refused(too_large(limit))
    return data


def too_large(limit: int) -> str:
    return f"文件超过 {limit // 1024 // 1024} MB，未读取"


def too_many_cells(count: int) -> str:
    return f"文件里的单元格超过 {MAX_CELLS} 个（至少 {count} 个），大得异常，不像绩效目标表，未读取"
