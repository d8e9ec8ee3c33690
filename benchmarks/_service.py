"""Shared by the per-kind benchmarks: a generated, installed service to measure inside its own venv."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

DECISIONS = """version: 1
system: {{name: bench}}
components:
  - {{name: svc, kind: {kind}}}
"""


def installed_service(kind: str, given: str | None) -> Path:
    """The service at ``given``, or a fresh one rendered and installed in a temporary folder."""
    if given:
        return Path(given)
    root = Path(tempfile.mkdtemp(prefix=f"bench-{kind}-"))
    decisions = root / "decisions.yml"
    decisions.write_text(DECISIONS.format(kind=kind))
    subprocess.run(
        [sys.executable, "-m", "arxscaffold.cli", "new", str(root / "out"), "--decisions", str(decisions)],
        check=True,
        capture_output=True,
    )
    service = root / "out" / "svc"
    subprocess.run(["make", "install"], cwd=service, check=True, capture_output=True)
    return service


def run_in(service: Path, code: str) -> None:
    subprocess.run([str(service / ".venv" / "bin" / "python"), "-c", code], cwd=service, check=True)
