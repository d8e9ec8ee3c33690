"""Virtual environments for the tools a smoke check runs (checkov, pulumi test deps, linters).

Each lives in the smoke cache, keyed by its exact requirements, and is built once with uv (about ten
times faster than pip): tools whose pins conflict (checkov's `packaging` vs pulumi's) stay apart.
"""

from __future__ import annotations

import fcntl
import hashlib
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

from arxscaffold.smoke.harness.cache import CACHE_DIR

VENV_ROOT = CACHE_DIR.parent / "venvs"


def built_once(folder: Path, build: Callable[[Path], None]) -> Path:
    """``folder`` built by ``build`` exactly once: parallel smoke workers (--jobs) wait for the builder.

    A folder is complete when its `.complete` marker exists; a half-built one (a killed run) is rebuilt.
    """
    if (folder / ".complete").is_file():
        return folder
    folder.parent.mkdir(parents=True, exist_ok=True)
    with (folder.parent / f"{folder.name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (folder / ".complete").is_file():
            shutil.rmtree(folder, ignore_errors=True)
            build(folder)
            (folder / ".complete").write_text("ok\n")
    return folder


def tool_venv(name: str, requirements: list[str]) -> Path:
    """Return the venv folder holding exactly ``requirements``; create it when missing."""
    digest = hashlib.sha256("\n".join(sorted(requirements)).encode()).hexdigest()[:16]
    return built_once(VENV_ROOT / f"{name}-{digest}", lambda venv: _build(venv, requirements))


def _build(venv: Path, requirements: list[str]) -> None:
    uv = shutil.which("uv")
    if uv:
        subprocess.run([uv, "venv", "-q", "--python", "python3", str(venv)], check=True)
        subprocess.run(
            [uv, "pip", "install", "-q", "--python", str(venv / "bin" / "python"), *requirements],
            check=True,
        )
    else:
        subprocess.run(["python3", "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "-q", *requirements], check=True)
