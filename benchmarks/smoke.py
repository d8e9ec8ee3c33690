"""Full smoke vs `smoke --changed-since` after a one-template change, timed in one run.

In a throwaway checkout (this working tree's code, templates and one reference profile, committed), one
analytics-service template file gets a new line and reference/ is regenerated, as a template change
would be. Then the same profile is smoked twice:

1. incremental: `arxscaffold smoke --changed-since HEAD` (renders HEAD and the working tree, then runs
   only what differs: the analytics component);
2. full: `arxscaffold smoke` of the whole profile.

Neither run can hit the smoke result cache (each gets its own empty ARXSCAFFOLD_SMOKE_CACHE), while
package caches (tool venvs, npm, uv) stay shared, as between components of one run. The incremental run
goes first, so anything cold is paid by it: the ratio is conservative.
Run: `python benchmarks/smoke.py [--profile NAME] [--jobs N] [--only incremental|full]` (minutes: it
builds real components; `--only` re-measures one side, e.g. after a selection change, on a busy machine).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

from arxscaffold.smoke.harness.cache import CACHE_DIR

ROOT = Path(__file__).resolve().parents[1]
EDIT = "# benchmarks/smoke.py: a one-line template change\n"


def _run(command: list[str], cwd: Path, env: dict[str, str], log: Path) -> tuple[int, float]:
    start = time.perf_counter()
    with log.open("w") as sink:
        code = subprocess.run(command, cwd=cwd, env=env, stdout=sink, stderr=subprocess.STDOUT, check=False)
    return code.returncode, time.perf_counter() - start


def _git(repo: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@localhost"}
    env |= {"GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@localhost"}
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env=env)


def checkout(profile: str, into: Path, env: dict[str, str]) -> Path:
    """A committed copy of this working tree holding one profile and its freshly rendered output."""
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info", "node_modules", ".venv")
    shutil.copy2(ROOT / "copier.yml", into / "copier.yml")
    shutil.copytree(ROOT / "templates", into / "templates", symlinks=True, ignore=ignore)
    shutil.copytree(ROOT / "src", into / "src", symlinks=True, ignore=ignore)
    (into / "reference" / "profiles").mkdir(parents=True)
    shutil.copy2(ROOT / "reference" / "profiles" / f"{profile}.yml", into / "reference" / "profiles")
    regenerate(into, env)
    _git(into, "init", "-q")
    _git(into, "add", "-A")
    _git(into, "commit", "-qm", "base")
    return into


def regenerate(repo: Path, env: dict[str, str]) -> None:
    command = [sys.executable, "-m", "arxscaffold.cli", "reference", "--dir", str(repo / "reference")]
    subprocess.run(command, cwd=repo, env=env, check=True, capture_output=True)


def edit_one_analytics_template(repo: Path) -> Path:
    """Append a comment to the first plain Python file only analytics-service components get."""
    candidates = sorted(
        p
        for p in (repo / "templates").rglob("*.py")
        if "kind == 'analytics-service'" in str(p.relative_to(repo)) and not p.is_symlink()
    )
    if not candidates:
        raise SystemExit("no analytics-service-only template file found to edit")
    candidates[0].write_text(candidates[0].read_text() + EDIT)
    return candidates[0]


def outcomes(junit: Path) -> dict[str, int]:
    counts = {"passed": 0, "skipped": 0, "failed": 0}
    for case in ET.parse(junit).getroot().iter("testcase"):
        tags = {child.tag for child in case}
        key = "failed" if tags & {"failure", "error"} else "skipped" if "skipped" in tags else "passed"
        counts[key] += 1
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", default="azure-gitlab-blue-green", help="reference profile to smoke")
    parser.add_argument("--jobs", type=int, default=2, help="smoke --jobs for both runs")
    parser.add_argument("--only", choices=("incremental", "full"), help="time one of the two runs")
    args = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="arxscaffold-bench-smoke-"))
    # Result caches beside the usual one: empty (no cache hits), but tool venvs and npm's cache shared.
    caches = {run: CACHE_DIR.parent / f"{scratch.name}-{run}" for run in ("incremental", "full")}
    try:
        repo = scratch / "checkout"
        repo.mkdir()
        env = {**os.environ, "PYTHONPATH": str(repo / "src")}
        checkout(args.profile, repo, env)
        edited = edit_one_analytics_template(repo)
        regenerate(repo, env)
        print(f"profile {args.profile}; edited {edited.relative_to(repo)}; --jobs {args.jobs}", flush=True)

        system = str(repo / "reference" / args.profile)
        smoke = [sys.executable, "-m", "arxscaffold.cli", "smoke", "--jobs", str(args.jobs)]
        commands = {
            "incremental": [*smoke, "--changed-since", "HEAD", system],
            "full": [*smoke, system],
        }
        if args.only:
            commands = {args.only: commands[args.only]}
        seconds: dict[str, float] = {}
        failed = False
        for run, command in commands.items():
            junit, log = scratch / f"{run}.xml", scratch / f"{run}.log"
            run_env = {**env, "ARXSCAFFOLD_SMOKE_CACHE": str(caches[run])}
            code, seconds[run] = _run([*command, "--junit", str(junit)], repo, run_env, log)
            counts = outcomes(junit) if junit.is_file() else {}
            print(f"{run:12} {seconds[run]:7.1f} s  exit {code}  {counts}", flush=True)
            selection = [
                line for line in log.read_text().splitlines() if line.startswith(("  run ", "  skip "))
            ]
            print("\n".join(f"{'':14}{line.strip()}" for line in selection))
            if code != 0:
                failed = True
                print(log.read_text()[-3000:], file=sys.stderr)
        if len(seconds) == 2:
            ratio = seconds["incremental"] / seconds["full"]
            print(f"incremental {seconds['incremental']:.1f} s / full {seconds['full']:.1f} s = {ratio:.2f}")
        return 1 if failed else 0
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
        for cache in caches.values():
            shutil.rmtree(cache, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
