"""Skip a check whose component content and toolchain already passed (JHipster-style, but per check).

The key hashes every file of the rendered component plus the toolchain versions the check reports,
so a template change, a decision change or a new tool version runs the check again.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

CACHE_DIR = Path(os.environ.get("ARXSCAFFOLD_SMOKE_CACHE", Path.home() / ".cache" / "arxscaffold" / "smoke"))
IGNORED_PARTS = {
    ".venv",
    "node_modules",
    "__pycache__",
    ".pytest_cache",
    ".ruff_cache",
    "dist",
    "build",
}


def content_hash(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if path.is_dir() or IGNORED_PARTS.intersection(rel.parts):
            continue
        digest.update(str(rel).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def key(check: str, folder: Path, toolchain: str) -> str:
    return hashlib.sha256(f"{check}\0{content_hash(folder)}\0{toolchain}".encode()).hexdigest()


def hit(k: str) -> bool:
    return (CACHE_DIR / k).is_file()


def record(k: str, summary: str) -> None:
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    (CACHE_DIR / k).write_text(summary + "\n")
