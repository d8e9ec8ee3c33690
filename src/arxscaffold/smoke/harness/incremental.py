"""`arxscaffold smoke --changed-since REF`: smoke only what a change can have affected (JHipster-style).

Every reference profile is rendered twice: by REF's own code and templates (extracted with `git archive`
and run in a subprocess, since the renderer itself may have changed) and by the working tree. A
component, a system's `platform/` stack or a system's own files (its pipelines) is selected when its
rendered output differs; its lockfiles and requirements are part of that output, so a changed toolchain
pin selects it too, and an edit under one framework's tree (templates/web/react/) selects only the
components rendered from it. A change to one family of checks (`src/arxscaffold/smoke/<family>/`, or a family
whose checks import it) re-runs that family's tests on the units it checks: a service check change runs the
service checks of every service component, and nothing else. A change to the harness (`smoke/harness/`,
anything else under `smoke/`) or to the CI toolchain (`.ci/`, the Makefile) selects everything. The rest is
skipped, reported as SKIPPED, never as passed.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from arxscaffold import catalog
from arxscaffold.errors import RenderError, UsageError
from arxscaffold.render import ANSWERS_FILE
from arxscaffold.smoke.harness.cache import IGNORED_PARTS
from arxscaffold.smoke.harness.discover import find_components, find_systems

# Paths of the checkout that change what every check does (rather than what is rendered): run everything.
# Under SMOKE, only a family folder (below) narrows the selection; the harness and anything new run all.
SMOKE = "src/arxscaffold/smoke/"
RUN_ALL_PREFIXES = (SMOKE, ".ci/", "Makefile")
# The folders of smoke/ that each hold one family of checks, named like templates/ and catalog/ trees.
FAMILIES = ("service", "web", "mobile", "deploy", "pipelines", "system")
# What REF's renderer needs: its code, its Copier config, its templates and its profiles.
REF_PATHS = ("copier.yml", "templates", "src", "reference/profiles")
PLATFORM = "platform"
SHOWN = 3  # differing files named per unit in the report


@dataclass(frozen=True)
class Unit:
    """One folder whose checks run or skip together: a component, a system's platform/, a system root."""

    path: Path  # absolute; the plugin matches each test's folder to the longest unit path containing it
    id: str  # "<profile>/<component>", "<profile>/platform" or "<profile>/system"
    run: bool
    reason: str
    # When it runs: the families of checks to run (smoke/<family>/), or None for all of them.
    checks: tuple[str, ...] | None = None

    def runs(self, family: str | None) -> bool:
        """Whether a test of ``family`` (None: a test outside any family folder) runs for this unit."""
        return self.run and (self.checks is None or family in self.checks)


@dataclass(frozen=True)
class Selection:
    ref: str
    units: list[Unit]

    @property
    def selected(self) -> list[Unit]:
        return [u for u in self.units if u.run]

    @property
    def skipped(self) -> list[Unit]:
        return [u for u in self.units if not u.run]

    def report(self) -> str:
        lines = [
            f"smoke --changed-since {self.ref}: {len(self.selected)} selected, {len(self.skipped)} skipped"
        ]
        lines += [f"  run   {u.id}: {u.reason}" for u in self.selected]
        lines += [f"  skip  {u.id}: {u.reason}" for u in self.skipped]
        return "\n".join(lines)

    def write(self, file: Path) -> None:
        units = [
            {**asdict(u), "path": str(u.path), "checks": None if u.checks is None else list(u.checks)}
            for u in self.units
        ]
        data = {"ref": self.ref, "units": units}
        file.write_text(json.dumps(data, indent=2) + "\n")

    @classmethod
    def read(cls, file: Path) -> Selection:
        data = json.loads(file.read_text())
        units = [
            Unit(Path(u["path"]), u["id"], bool(u["run"]), u["reason"], _checks(u.get("checks")))
            for u in data["units"]
        ]
        return cls(str(data["ref"]), units)


def _checks(value: object) -> tuple[str, ...] | None:
    """A unit's families as written by `Selection.write` (a list, or null for all of them)."""
    return tuple(str(v) for v in value) if isinstance(value, list) else None


def skip_reason(ref: str) -> str:
    """The one reason every unchanged unit is skipped with (tests and CI logs grep for it)."""
    return f"unchanged since {ref}"


def _git(root: Path, *args: str) -> str:
    result = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise UsageError(f"git {' '.join(args)} failed in {root}: {result.stderr.strip()}")
    return result.stdout


def changed_paths(root: Path, ref: str) -> list[str]:
    """Files that differ between REF and the working tree, committed or not, plus untracked ones."""
    tracked = _git(root, "diff", "--name-only", ref, "--").splitlines()
    untracked = _git(root, "ls-files", "--others", "--exclude-standard").splitlines()
    return sorted(set(tracked) | set(untracked))


def family_of(path: str) -> str | None:
    """The family of checks a checkout path belongs to (smoke/<family>/...), None for anything else."""
    if not path.startswith(SMOKE):
        return None
    first, _, rest = path[len(SMOKE) :].partition("/")
    return first if rest and first in FAMILIES else None


def _shown(paths: list[str]) -> str:
    more = f" and {len(paths) - SHOWN} more" if len(paths) > SHOWN else ""
    return ", ".join(paths[:SHOWN]) + more


def run_all_reason(changed: list[str]) -> str | None:
    hits = [p for p in changed if p.startswith(RUN_ALL_PREFIXES) and family_of(p) is None]
    if not hits:
        return None
    return f"checks or CI toolchain changed ({_shown(hits)}): running everything"


def family_imports(smoke: Path) -> dict[str, set[str]]:
    """For each family, the other families its modules import (mobile imports web's npm helpers)."""
    found: dict[str, set[str]] = {}
    for family in FAMILIES:
        text = "".join(f.read_text() for f in sorted((smoke / family).glob("*.py")))
        named = re.findall(r"arxscaffold\.smoke\.(\w+)", text)
        found[family] = {n for n in named if n in FAMILIES and n != family}
    return found


def changed_families(changed: list[str], imports: dict[str, set[str]]) -> dict[str, list[str]]:
    """Family -> the changed check files it depends on: its own, and those of the families it imports."""
    own: dict[str, list[str]] = {}
    for path in changed:
        family = family_of(path)
        if family is not None:
            own.setdefault(family, []).append(path)
    result: dict[str, list[str]] = {}
    for family in FAMILIES:
        seen, todo = {family}, [family]
        while todo:  # imports are transitive: a family runs again when anything it loads changed
            for other in imports.get(todo.pop(), set()) - seen:
                seen.add(other)
                todo.append(other)
        files = sorted(p for f in seen for p in own.get(f, []))
        if files:
            result[family] = files
    return result


def _copy_profiles(source: Path, target: Path, only: set[str]) -> bool:
    """Copy the profiles named in ``only`` (those being smoked); False when REF or the tree has none."""
    chosen = [f for f in sorted(source.glob("*.yml")) if f.stem in only]
    target.mkdir(parents=True)
    for file in chosen:
        shutil.copy2(file, target / file.name)
    return bool(chosen)


def render_ref(root: Path, ref: str, into: Path, only: set[str]) -> Path:
    """Render the profiles in ``only`` as REF knew them, with REF's own arxscaffold.

    Returns the folder holding one rendered system per profile (a profile REF lacked is absent)."""
    tree = into / "tree"
    tree.mkdir(parents=True)
    present = [p for p in REF_PATHS if _git(root, "ls-tree", "--name-only", ref, "--", p).strip()]
    archive = subprocess.run(
        ["git", "-C", str(root), "archive", "--format=tar", ref, "--", *present],
        capture_output=True,
        check=False,
    )
    if archive.returncode != 0:
        raise UsageError(f"git archive {ref} failed: {archive.stderr.decode(errors='replace').strip()}")
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive.stdout, check=True)
    out = into / "reference"
    if _copy_profiles(tree / "reference" / "profiles", out / "profiles", only):
        _render_with(tree / "src", out)
    return out


def _render_with(src: Path, reference_dir: Path) -> None:
    """`arxscaffold reference --dir DIR` of the code under ``src``, in its own interpreter."""
    script = (
        "import sys, arxscaffold, pathlib\n"
        "here = pathlib.Path(arxscaffold.__file__).resolve()\n"
        "assert here.is_relative_to(pathlib.Path(sys.argv[1]).resolve()), f'imported {here}'\n"
        "from arxscaffold.cli import main\n"
        "sys.exit(main(['reference', '--dir', sys.argv[2]]))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(src), "PYTHONDONTWRITEBYTECODE": "1"}
    result = subprocess.run(
        [sys.executable, "-c", script, str(src), str(reference_dir)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError((result.stdout + result.stderr).strip()[-2000:])


def render_worktree(root: Path, into: Path, only: set[str]) -> Path:
    """Render the profiles in ``only`` with this checkout's code and templates (also in a subprocess,
    so a template that does not compile is reported as such rather than as a traceback)."""
    out = into / "reference"
    if not _copy_profiles(root / "reference" / "profiles", out / "profiles", only):
        return out
    try:
        _render_with(root / "src", out)
    except RuntimeError as exc:
        raise RenderError(f"the working tree does not render its reference profiles:\n{exc}") from None
    return out


def _files(folder: Path) -> dict[str, bytes]:
    """Relative path -> content (a symlink's target), without build leftovers."""
    found: dict[str, bytes] = {}
    if not folder.is_dir():
        return found
    for path in folder.rglob("*"):
        rel = path.relative_to(folder)
        if IGNORED_PARTS.intersection(rel.parts):
            continue
        if path.is_symlink():
            found[str(rel)] = b"->" + str(path.readlink()).encode()
        elif path.is_file():
            found[str(rel)] = path.read_bytes()
    return found


def _component_names(system: Path) -> set[str]:
    if not system.is_dir():
        return set()
    return {d.name for d in system.iterdir() if (d / ANSWERS_FILE).is_file()}


def _split(files: dict[str, bytes], components: set[str]) -> dict[str, dict[str, bytes]]:
    """Group a rendered system's files by unit key: a component name, 'platform' or 'system'."""
    groups: dict[str, dict[str, bytes]] = {}
    for rel, content in files.items():
        first = rel.split("/", 1)[0]
        key = first if "/" in rel and first in components | {PLATFORM} else "system"
        groups.setdefault(key, {})[rel] = content
    return groups


def _differ(old: dict[str, bytes], new: dict[str, bytes]) -> list[str]:
    return sorted(p for p in old.keys() | new.keys() if old.get(p) != new.get(p))


def _named(paths: list[str]) -> str:
    more = f", ... {len(paths) - SHOWN} more" if len(paths) > SHOWN else ""
    return f"{len(paths)} files ({', '.join(paths[:SHOWN])}{more})"


@dataclass(frozen=True)
class _Smoked:
    """A unit of a smoked folder, and where it sits in a rendered profile."""

    profile: str  # the folder name of its system, matched to reference/profiles/<profile>.yml
    key: str  # component name, "platform" or "system"
    folder: Path
    system: Path
    kind: str = ""  # a component's kind; "" for platform/ and the system root

    @property
    def families(self) -> tuple[str, ...]:
        """The families of checks with tests on this unit (the folder each test module sits in)."""
        if self.key == PLATFORM:
            return ("deploy",)
        if self.key == "system" and not self.kind:
            return ("pipelines", "system")
        tree = catalog.kind(self.kind).tree if self.kind in catalog.kind_keys() else None
        deploy = ("deploy",) if (self.folder / "deploy").is_dir() else ()
        return (*((tree,) if tree in FAMILIES else ()), *deploy, "pipelines")

    @property
    def id(self) -> str:
        return f"{self.profile}/{self.key}"

    def files(self) -> dict[str, bytes]:
        """Its files, named relative to the system root as in a rendered profile."""
        if self.key != "system":
            return {f"{self.key}/{rel}": content for rel, content in _files(self.folder).items()}
        return _split(_files(self.system), _component_names(self.system)).get("system", {})


def smoked_units(paths: list[Path]) -> list[_Smoked]:
    """The units of the given systems (components, platform/, the root), or of a component given alone."""
    units: list[_Smoked] = []
    for path in paths:
        systems = find_systems([path])
        if not systems:
            units += [
                _Smoked(c.path.parent.name, c.name, c.path, c.path.parent, c.kind)
                for c in find_components([path])
            ]
            continue
        root = systems[0].path
        units += [_Smoked(root.name, c.name, c.path, root, c.kind) for c in find_components([path])]
        if (root / PLATFORM).is_dir():
            units.append(_Smoked(root.name, PLATFORM, root / PLATFORM, root))
        units.append(_Smoked(root.name, "system", root, root))
    return units


def compare(
    paths: list[Path],
    ref: str,
    old: Path | None,
    new: Path,
    old_error: str | None = None,
    checks: dict[str, list[str]] | None = None,
) -> list[Unit]:
    """Decide per smoked unit: run (and why) or skip as unchanged since REF.

    ``old`` and ``new`` hold one rendered folder per profile (REF's and the working tree's); a smoked
    system is matched to the profile of its folder's name. ``checks`` (family -> changed check files, from
    `changed_families`) runs those families' tests on the units whose rendered output is unchanged.
    """
    units: list[Unit] = []
    outputs: set[Path] = set()  # units that run because their output changed (not only their checks)
    seen: dict[Path, dict[str, bytes]] = {}

    def read(folder: Path) -> dict[str, bytes]:  # each rendered profile is read once, not once per unit
        if folder not in seen:
            seen[folder] = _files(folder)
        return seen[folder]

    for unit in smoked_units(paths):
        rendered = new / unit.profile
        names = _component_names(rendered) | _component_names(unit.system)
        now = _split(read(rendered), names).get(unit.key, {})
        before = None
        if old is not None and (old / unit.profile).is_dir():
            names |= _component_names(old / unit.profile)
            before = _split(read(old / unit.profile), names)
        if not rendered.is_dir():
            reason = "not rendered from a reference profile"
        elif stale := _differ(unit.files(), now):
            reason = f"differs from the working tree's render: {_named(stale)}; run `arxscaffold reference`"
        elif old is None:
            reason = f"{ref} could not be rendered: {old_error}"
        elif before is None:
            reason = f"profile is new since {ref}"
        elif unit.key not in before:
            reason = f"new since {ref}"
        elif changed := _differ(before[unit.key], now):
            outputs.add(unit.folder)
            units.append(
                _but_unchanged_stack(
                    unit, f"rendered output differs from {ref}: {_named(changed)}", changed, checks or {}
                )
            )
            continue
        else:
            units.append(_checks_only(unit, ref, checks or {}))
            continue
        outputs.add(unit.folder)
        units.append(Unit(unit.folder, unit.id, True, reason))
    return _roots_follow_their_parts(units, outputs)


def _but_unchanged_stack(
    unit: _Smoked, reason: str, changed: list[str], checks: dict[str, list[str]]
) -> Unit:
    """A component whose output changed runs all its checks but the deploy one when its deploy/ stack is
    unchanged: that check reads the stack folder alone (its result cache hashes nothing else)."""
    if unit.key in (PLATFORM, "system") or "deploy" not in unit.families or "deploy" in checks:
        return Unit(unit.folder, unit.id, True, reason)
    if any(p.startswith(f"{unit.key}/deploy/") for p in changed):
        return Unit(unit.folder, unit.id, True, reason)
    families = tuple(f for f in unit.families if f != "deploy")
    return Unit(unit.folder, unit.id, True, f"{reason}; its deploy/ stack is unchanged", families)


def _checks_only(unit: _Smoked, ref: str, checks: dict[str, list[str]]) -> Unit:
    """A unit whose rendered output is unchanged: it runs only the families whose checks changed."""
    families = tuple(f for f in unit.families if f in checks)
    if not families:
        return Unit(unit.folder, unit.id, False, skip_reason(ref))
    files = sorted({p for f in families for p in checks[f]})
    reason = f"{' and '.join(families)} checks changed ({_shown(files)}): running those only"
    return Unit(unit.folder, unit.id, True, reason, families)


def _roots_follow_their_parts(units: list[Unit], outputs: set[Path]) -> list[Unit]:
    """A system root runs all its checks when any of its components' output changed: `make up` there starts
    every component (the platform stack is not part of it; a component running only changed checks has
    the output `make up` already proved)."""
    changed = {u.path for u in units if u.path in outputs and not u.id.endswith(f"/{PLATFORM}")}
    followed: list[Unit] = []
    for u in units:
        parts = sorted(c.name for c in changed if c != u.path and c.is_relative_to(u.path))
        if u.id.endswith("/system") and (not u.run or u.checks is not None) and parts:
            u = Unit(u.path, u.id, True, f"part of the system changed: {', '.join(parts)}")
        followed.append(u)
    return followed


def select(root: Path, ref: str, paths: list[Path]) -> Selection:
    """Render REF and the working tree, and decide what of ``paths`` to smoke."""
    if not (root / ".git").exists():
        raise UsageError(f"--changed-since needs a git checkout of arxscaffold; {root} is not one")
    try:
        _git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    except UsageError:
        raise UsageError(f"--changed-since {ref}: not a commit in {root}") from None
    changed = changed_paths(root, ref)
    everything = run_all_reason(changed)
    if everything is not None:
        return Selection(ref, [Unit(u.folder, u.id, True, everything) for u in smoked_units(paths)])
    profiles = {u.profile for u in smoked_units(paths)}
    with tempfile.TemporaryDirectory(prefix="arxscaffold-changed-since-") as scratch:
        new = render_worktree(root, Path(scratch) / "new", profiles)
        try:
            old: Path | None = render_ref(root, ref, Path(scratch) / "old", profiles)
            error = None
        except (RuntimeError, subprocess.CalledProcessError) as exc:
            old, error = None, str(exc).splitlines()[-1] if str(exc) else type(exc).__name__
        checks = changed_families(changed, family_imports(root / SMOKE))
        return Selection(ref, compare(paths, ref, old, new, error, checks))
