"""Records a run keeps to its end without holding them in memory: each is pickled onto an unnamed
temporary file as it comes and read back by the offset where it starts.

The file is created at the first record and has no name from the start (``tempfile.TemporaryFile``
unlinks it on POSIX), so nothing is left behind however the run ends: finished, at Ctrl-C, or killed."""
from __future__ import annotations

import pickle
from typing import IO, Optional

from .errors import JxlintError


class Spill:
    def __init__(self):
        self._file: Optional[IO[bytes]] = None

    def put(self, record) -> int:
        """Write ``record``; returns where it starts, for ``get``."""
        return self.put_pickled(pickle.dumps(record, pickle.HIGHEST_PROTOCOL))

    def put_pickled(self, data: bytes) -> int:
        """Write a record pickled already (by the worker that made it). A temporary directory that
        is full or cannot be written stops the run with one line."""
        try:
            if self._file is None:
                import tempfile  # a run with nothing to keep never loads it

                self._file = tempfile.TemporaryFile(prefix="jxlint-")
            spot = self._file.seek(0, 2)
            self._file.write(data)
        except OSError as error:
            raise JxlintError(f"无法写临时文件（跨表比对要暂存各表）：{error.strerror or error}") from None
        return spot

    def get(self, spot: int):
        self._file.seek(spot)
        return pickle.load(self._file)

    def close(self) -> None:
        """Drop every record (the file goes with them); the spill can be filled again."""
        if self._file is not None:
            self._file.close()
            self._file = None
