"""Output files written whole or not at all: a temporary file beside the target, then a rename,
so an interrupted run never leaves half a report. Several outputs can be replaced together
(``together``): a report's four files are all new or all as they were.

Only a regular file (or a name not yet taken) is replaced. A symlink is followed: the file it
points to is replaced and the link stays. A device, a FIFO or /dev/stdout is written through,
never swapped for a regular file."""
from __future__ import annotations

import contextlib
import errno
import io
import os
import stat
from pathlib import Path
from typing import Iterator, List, Tuple

NAME_BYTES = 200  # of the target's name kept in the temporary's, so a 255-byte name still fits


class Batch:
    """Temporaries for several targets, renamed over them together on success."""

    def __init__(self):
        self.pending: List[Tuple[Path, Path]] = []  # (temporary, target)

    def path(self, target) -> Path:
        """Where to write ``target``: a temporary for a regular file, the target itself otherwise."""
        target = Path(target)
        if _written_through(target):
            return target
        real = Path(os.path.realpath(target))
        if real.is_dir():  # found now, before anything is written, rather than when renaming
            raise IsADirectoryError(errno.EISDIR, "是一个目录，不能写成文件", str(target))
        real.parent.mkdir(parents=True, exist_ok=True)
        import tempfile  # not loaded by a check that writes no file

        handle, temporary = tempfile.mkstemp(prefix=f".{_short(real.name)}.", suffix=".tmp", dir=real.parent)
        os.close(handle)
        self.pending.append((Path(temporary), real))
        return Path(temporary)

    def commit(self) -> None:
        mode = 0o666 & ~_umask()  # mkstemp makes 0600; a report is shared like any file
        for temporary, _ in self.pending:
            os.chmod(temporary, mode)
        for temporary, target in self.pending:
            os.replace(temporary, target)
        self.pending = []

    def discard(self) -> None:
        for temporary, _ in self.pending:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
        self.pending = []


@contextlib.contextmanager
def together() -> Iterator[Batch]:
    batch = Batch()
    try:
        yield batch
        batch.commit()
    finally:
        batch.discard()


@contextlib.contextmanager
def atomic_path(target) -> Iterator[Path]:
    """Yield a path to write; on success it replaces ``target``, on error it is removed."""
    with together() as batch:
        yield batch.path(target)


def _written_through(target: Path) -> bool:
    try:
        mode = os.stat(target).st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def _short(name: str) -> str:
    while len(os.fsencode(name)) > NAME_BYTES:
        name = name[:-1]
    return name


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_text(target, text: str) -> None:
    with atomic_path(target) as temporary:
        temporary.write_text(text, encoding="utf-8", errors="backslashreplace")


def write_bytes(target, data: bytes) -> None:
    with atomic_path(target) as temporary:
        temporary.write_bytes(data)


def write_saved(target, save) -> None:
    """What ``save(file)`` (a library's save to a file object) writes: made in memory first, so that
    a full disk fails our write, not the library's zip file, which would be left half closed."""
    buffer = io.BytesIO()
    save(buffer)
    write_bytes(target, buffer.getvalue())
