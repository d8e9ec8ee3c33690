"""Scratch folders beside a destination, named after the process that owns them.

Work happens in a sibling folder on the same filesystem so the result can be moved in with one rename.
A run that was killed leaves its folder behind; the next run removes those whose owner is gone.
"""

from __future__ import annotations

import ctypes
import os
import re
import shutil
import signal
import tempfile
import time
from pathlib import Path

_OWNED = re.compile(r"^\.(?P<name>.+)\.arxscaffold-(?P<purpose>[a-z]+)-(?P<pid>\d+)-")


def scratch_beside(dest: Path, purpose: str) -> Path:
    """A new empty folder next to ``dest``; stale ones of dead processes are swept first."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    sweep(dest)
    return Path(
        tempfile.mkdtemp(prefix=f".{dest.name}.arxscaffold-{purpose}-{os.getpid()}-", dir=dest.parent)
    )


def sweep(dest: Path) -> None:
    for sibling in dest.parent.glob(f".{dest.name}.arxscaffold-*"):
        match = _OWNED.match(sibling.name)
        if match and match["name"] == dest.name and not _alive(int(match["pid"])):
            _remove(sibling)


def _remove(folder: Path, attempts: int = 5) -> None:
    """Remove a dead run's folder. Git processes it started can outlive it for a moment and still
    write there, so a removal that raced with them is tried again."""
    for _ in range(attempts):
        shutil.rmtree(folder, ignore_errors=True)
        if not folder.exists():
            return
        time.sleep(0.2)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def die_with_parent() -> None:
    """Pool initializer: a killed run must not leave workers writing into its scratch folder (Linux:
    PR_SET_PDEATHSIG); elsewhere the next run sweeps the folder instead."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() == 1:
        os._exit(1)  # the parent died before the request above took effect
