"""Child processes that never outlive their parent.

Indexing workers and serving processes are forked. A child left behind by a parent
killed with SIGKILL would keep its inherited descriptors open (the index's write lock
among them) and carry on writing into pipes nobody reads. :func:`die_with_parent`,
called first thing in the child, makes the kernel kill it when the parent dies (Linux),
with a watchdog thread as the portable fallback.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys
import threading

_PR_SET_PDEATHSIG = 1


def _set_parent_death_signal(sig: int) -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return libc.prctl(_PR_SET_PDEATHSIG, int(sig), 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def die_with_parent(parent_pid: int, interval: float = 0.5) -> None:
    """Make this (forked) process exit as soon as ``parent_pid`` is gone."""
    _set_parent_death_signal(signal.SIGKILL)
    if os.getppid() != parent_pid:      # the parent died before the line above
        os._exit(1)

    def watch() -> None:
        while True:
            if os.getppid() != parent_pid:
                os._exit(1)
            threading.Event().wait(interval)

    threading.Thread(target=watch, name="lifeline", daemon=True).start()
