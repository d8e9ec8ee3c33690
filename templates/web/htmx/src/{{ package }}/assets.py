"""Static assets under a content digest (/assets/<digest>/<file>): cached for a year by browsers and
proxies, and a new release (new digest) is fetched at once. One digest for all files keeps relative
references between them (app.css imports tokens.css) working."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

STATIC = Path(__file__).parent / "static"


@dataclass(frozen=True)
class Assets:
    root: Path
    digest: str
    files: tuple[str, ...]

    @classmethod
    def scan(cls, root: Path = STATIC) -> Assets:
        found = (p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())
        files = tuple(sorted(found))
        sha = hashlib.sha256()
        for name in files:
            sha.update(name.encode() + b"\0" + (root / name).read_bytes())
        return cls(root, sha.hexdigest()[:12], files)

    def url(self, name: str) -> str:
        if name not in self.files:
            raise KeyError(f"no static asset {name!r}")
        return f"/assets/{self.digest}/{name}"

    def path(self, name: str) -> Path | None:
        return self.root / name if name in self.files else None
