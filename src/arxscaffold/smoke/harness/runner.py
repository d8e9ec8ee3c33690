"""Run the smoke checks through pytest, so results, skips and JUnit XML come from one well-known tool."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from arxscaffold.errors import UsageError
from arxscaffold.render import template_root
from arxscaffold.smoke.harness.discover import find_components
from arxscaffold.smoke.harness.incremental import Selection, select

# Every test_*.py module under smoke/ is a smoke check, in the folder of its family (service, web, ...).
TESTS = Path(__file__).parents[1]


def reference_outputs(root: Path) -> list[Path]:
    """reference/<profile>/ for every profile: what `--changed-since` smokes when no PATH is given."""
    profiles = sorted((root / "reference" / "profiles").glob("*.yml"))
    return [root / "reference" / p.stem for p in profiles if (root / "reference" / p.stem).is_dir()]


def run(
    paths: list[Path],
    junit: Path | None = None,
    jobs: int = 1,
    no_cache: bool = False,
    extra: list[str] | None = None,
    changed_since: str | None = None,
) -> int:
    """0 when every check passed or was honestly skipped, 1 when one failed.

    With ``changed_since``, only the units whose rendered output differs from that git ref run (see
    smoke/harness/incremental.py); the others are reported SKIPPED "unchanged since REF".
    """
    if changed_since is not None and not paths:
        paths = reference_outputs(template_root())
    if not paths:
        raise UsageError("give at least one generated system or component (or --changed-since REF)")
    for path in paths:
        if not path.is_dir():
            raise UsageError(f"{path}: no such folder")
    if not find_components(paths):
        raise UsageError("no generated components under " + ", ".join(map(str, paths)))
    args = pytest_args(paths, junit, jobs, no_cache) + (extra or [])
    if changed_since is None:
        return _pytest(args)
    with tempfile.TemporaryDirectory(prefix="arxscaffold-selection-") as scratch:
        file = Path(scratch) / "selection.json"
        _select(paths, changed_since).write(file)
        return _pytest([*args, f"--smoke-selection={file}"])


def pytest_args(
    paths: list[Path], junit: Path | None = None, jobs: int = 1, no_cache: bool = False
) -> list[str]:
    """The pytest command line of a smoke run (also used by tests that run it in a subprocess)."""
    args = [
        str(TESTS),
        "-p",
        "arxscaffold.smoke.harness.plugin",
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
    return args


def _select(paths: list[Path], ref: str) -> Selection:
    selection = select(template_root(), ref, paths)
    print(selection.report(), flush=True)
    return selection


def _pytest(args: list[str]) -> int:
    code = pytest.main(args)
    return 0 if code == pytest.ExitCode.OK else 1
