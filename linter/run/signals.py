"""SIGTERM is handled like Ctrl-C: it raises Terminated (a KeyboardInterrupt) wherever the program
is, so the same clean-up runs (temporaries removed, worker processes ended), and the exit status
is 128 + the signal's number: 130 for Ctrl-C, 143 for SIGTERM. Worker processes leave both
signals to the parent and die with it, even when it is killed with SIGKILL."""
from __future__ import annotations

import os
import signal

STOPPING = (signal.SIGINT, signal.SIGTERM)


class Terminated(KeyboardInterrupt):
    """SIGTERM arrived."""


def install() -> None:
    signal.signal(signal.SIGTERM, _terminated)


def _terminated(signum, frame) -> None:
    raise Terminated


def status(error: BaseException = None) -> int:
    """The exit status for a run stopped by ``error`` (a KeyboardInterrupt or Terminated)."""
    return 128 + (signal.SIGTERM if isinstance(error, Terminated) else signal.SIGINT)


def child_process() -> None:
    """In a worker: Ctrl-C and SIGTERM are the parent's to handle (it ends the workers), and on
    Linux the kernel kills the worker when the parent dies."""
    parent = os.getppid()
    for number in STOPPING:
        signal.signal(number, signal.SIG_IGN)
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: the parent's clean-up still ends the workers
        pass
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)
