"""Fails the build when the JavaScript the first page loads grows past the budget in pyproject.toml,
or when a script meant for later pages (the live extension) is loaded by the first one."""

from __future__ import annotations

import asyncio
import gzip
import re
import sys
import tomllib
from pathlib import Path

import httpx2

from console.app import create_app
from console.assets import Assets

SCRIPT = re.compile(r'<script[^>]+src="/assets/[0-9a-f]+/([^"]+)"')


async def scripts_of(path: str) -> list[str]:
    transport = httpx2.ASGITransport(app=create_app())
    async with httpx2.AsyncClient(transport=transport, base_url="http://budget") as client:
        response = await client.get(path)
        response.raise_for_status()
        return SCRIPT.findall(response.text)


def main() -> int:
    budget = tomllib.loads(Path("pyproject.toml").read_text())["tool"]["budget"]
    assets = Assets.scan()
    initial = asyncio.run(scripts_of("/"))
    # No IoT service: no building page, and no live script to keep off the first one.
    detail: list[str] = []
    failures = []
    total = 0
    for name in initial:
        path = assets.path(name)
        assert path is not None, name
        size = len(gzip.compress(path.read_bytes(), compresslevel=9, mtime=0))
        total += size
        print(f"initial  {name}  {size} B gzip")
    for name in budget["lazy-scripts"]:
        if name in initial:
            failures.append(f"{name} is loaded by the first page")
        elif name not in detail:
            failures.append(f"{name} is not loaded by the building page")
        else:
            print(f"lazy     {name}")
    limit = budget["initial-js-gzip-bytes"]
    print(f"initial JS {total} B gzip, budget {limit} B")
    if total > limit:
        failures.append(f"initial JS {total} B gzip exceeds the budget of {limit} B")
    for failure in failures:
        print(failure, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
