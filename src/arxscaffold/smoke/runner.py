"""Run the smoke checks through pytest, so results, skips and JUnit XML come from one well-known tool."""

from __future__ import annotations

from pathlib import Path

import pytest

from arxscaffold.errors import UsageError
from arxscaffold.smoke.discover import find_components

# Every test_*.py module beside this file is a smoke check (components, deploy stacks, pipelines).
TESTS = Path(__file__).parent


def run(
    paths: list[Path],
    junit: Path | None = None,
    jobs: int = 1,
    no_cache: bool = False,
    extra: list[str] | None = None,
) -> int:
    """0 when every check passed or was honestly skipped, 1 when one failed."""
    for path in paths:
        if not path.is_dir():
            raise UsageError(f"{path}: no such folder")
    if not find_components(paths):
        raise UsageError("no generated components under " + ", ".join(map(str, paths)))
    args = [
        str(TESTS),
        "-p",
        "arxscaffold.smoke.plugin",
        "-p",
        "no:cacheprovider",
        "-rs",
        "--rootdir",
        str(TESTS.parent),
        "-c",
        "/dev/null",
    ]
    args += [f"--smoke-path={p}" for p in paths]
    if junit is not None:
        args.append(f"--junitxml={junit}")
    if jobs > 1:
        args += ["-n", str(jobs)]
    if no_cache:
        args.append("--smoke-no-cache")
    args += extra or []
    code = pytest.main(args)
    return 0 if code == pytest.ExitCode.OK else 1
