"""Profiles -> reference/<profile>/ (the committed outputs), and the check that they are current."""

from __future__ import annotations

import filecmp
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from arxscaffold.decisions import Decisions, load_file
from arxscaffold.errors import UsageError
from arxscaffold.render import plan_targets, render_targets

PROFILES = "profiles"
SHOWN = 12  # paths listed per category in a drift summary


@dataclass
class Drift:
    profile: str
    missing: list[str] = field(default_factory=list)  # committed but no longer generated
    extra: list[str] = field(default_factory=list)  # generated but not committed
    changed: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.missing or self.extra or self.changed)

    def summary(self) -> str:
        lines = [
            f"reference/{self.profile}: {len(self.changed)} changed, {len(self.extra)} new, "
            f"{len(self.missing)} removed"
        ]
        for label, paths in (
            ("changed", self.changed),
            ("new", self.extra),
            ("removed", self.missing),
        ):
            lines += [f"  {label:8} {p}" for p in paths[:SHOWN]]
            if len(paths) > SHOWN:
                lines.append(f"  {label:8} ... and {len(paths) - SHOWN} more")
        return "\n".join(lines)


def profiles(root: Path, only: str | None = None) -> dict[str, Decisions]:
    folder = root / PROFILES
    files = sorted(folder.glob("*.yml"))
    if only is not None:
        files = [f for f in files if f.stem == only]
        if not files:
            raise UsageError(f"no profile {only!r} in {folder}")
    if not files:
        raise UsageError(f"no profiles in {folder}")
    return {f.stem: load_file(f) for f in files}


def _render(decisions: Decisions, into: Path) -> None:
    render_targets(decisions, plan_targets(decisions), into)


def _files(folder: Path) -> set[str]:
    if not folder.is_dir():
        return set()
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file() or p.is_symlink()}


def compare(expected: Path, actual: Path, profile: str) -> Drift:
    want, have = _files(expected), _files(actual)
    drift = Drift(profile, missing=sorted(have - want), extra=sorted(want - have))
    drift.changed = sorted(p for p in want & have if not filecmp.cmp(expected / p, actual / p, shallow=False))
    return drift


def check(root: Path, only: str | None = None) -> list[Drift]:
    """Render every profile into a scratch folder and compare with the committed tree; writes nothing."""
    drifts = []
    for name, decisions in profiles(root, only).items():
        with tempfile.TemporaryDirectory() as scratch:
            fresh = Path(scratch) / name
            _render(decisions, fresh)
            drifts.append(compare(fresh, root / name, name))
    return drifts


def regenerate(root: Path, only: str | None = None) -> list[Drift]:
    """Replace reference/<profile>/ wholesale (stale files go too); return what changed."""
    drifts = []
    for name, decisions in profiles(root, only).items():
        staging = Path(tempfile.mkdtemp(prefix=f".{name}.", dir=root))
        try:
            _render(decisions, staging)
            target = root / name
            drifts.append(compare(staging, target, name))
            if target.exists():
                old = target.with_name(f".{name}.old")
                target.rename(old)
                staging.rename(target)
                shutil.rmtree(old)
            else:
                staging.rename(target)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return drifts
