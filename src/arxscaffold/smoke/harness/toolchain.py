"""Detect the tools a check needs; a missing one becomes an honest SKIPPED with the reason."""

from __future__ import annotations

import shutil
import subprocess
import sys


def missing(*tools: str) -> list[str]:
    return [tool for tool in tools if shutil.which(tool) is None]


def version(tool: str, *args: str) -> str:
    """The first line a tool prints of its version ('' when absent): part of the smoke cache key."""
    path = shutil.which(tool)
    if path is None:
        return ""
    result = subprocess.run([path, *(args or ("--version",))], capture_output=True, text=True, check=False)
    return (result.stdout or result.stderr).strip().splitlines()[0] if result.returncode == 0 else ""


def python_toolchain() -> str:
    return f"python {sys.version.split()[0]}; {version('uv')}; {version('make')}"
