"""Virtual environments for the tools a smoke check runs (checkov, pulumi test deps, linters).

Each lives in the smoke cache, keyed by its exact requirements, and is built once with uv (about ten
times faster than pip): tools whose pins conflict (checkov's `packaging` vs pulumi's) stay apart.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

from arxscaffold.smoke.cache import CACHE_DIR

VENV_ROOT = CACHE_DIR.parent / "venvs"


def tool_venv(name: str, requirements: list[str]) -> Path:
    """Return the venv folder holding exactly ``requirements``; create it when missing."""
    digest = hashlib.sha256("\n".join(sorted(requirements)).encode()).hexdigest()[:16]
    venv = VENV_ROOT / f"{name}-{digest}"
    if (venv / ".complete").is_file():
        return venv
    shutil.rmtree(venv, ignore_errors=True)
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
    (venv / ".complete").write_text("\n".join(requirements) + "\n")
    return venv
