"""Decisions -> Copier runs -> files in the destination, atomically and byte-for-byte reproducibly.

Every render goes into a staging folder beside the destination and is moved into place only when all
of it succeeded, so an error (or a kill) never leaves a half-written destination.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from arxscaffold import __version__, catalog, copier_runtime
from arxscaffold.copier_runtime import template_root as template_root  # smoke/ reads it from here
from arxscaffold.decisions import Component, Decisions
from arxscaffold.errors import UsageError
from arxscaffold.staging import die_with_parent, scratch_beside

ANSWERS_FILE = ".copier-answers.yml"
# Recorded as `_src_path` instead of the machine path Copier saw, so answers files are identical on
# every machine; `copier update` run by hand resolves it, `arxscaffold update` passes its own copy.
TEMPLATE_URL = os.environ.get("ARXSCAFFOLD_TEMPLATE_URL", "gh:arxos/arxscaffold")
TEMPLATE_REF = f"v{__version__}"


@dataclass(frozen=True)
class Target:
    """One Copier run: a template tree rendered at a folder of the destination."""

    kind: str  # "system" or a component kind
    name: str | None
    relpath: str  # "." for the destination itself


@dataclass(frozen=True)
class NewRequest:
    """Everything `arxscaffold new` needs, in one place."""

    decisions: Decisions
    dest: Path
    components: tuple[str, ...] = ()
    overwrite: bool = False


@dataclass
class Result:
    dest: Path
    targets: list[Target]
    files: list[str] = field(default_factory=list)


def plan_targets(decisions: Decisions, selection: Sequence[str] = ()) -> list[Target]:
    """Which trees go where: the whole system, one component at the root, or several side by side."""
    if not selection:
        chosen = list(decisions.components)
        _refuse_untemplated(decisions, chosen)
        return [Target("system", None, ".")] + [Target(c.kind, c.name, c.name) for c in chosen]
    picked: list[Component] = []
    for name in selection:
        component = decisions.component(name)
        if component is None:
            names = ", ".join(c.name for c in decisions.components)
            raise UsageError(f"--component {name!r} is not in the decisions file (components: {names})")
        if component not in picked:
            picked.append(component)
    _refuse_untemplated(decisions, picked)
    if len(picked) == 1:
        return [Target(picked[0].kind, picked[0].name, ".")]
    return [Target(c.kind, c.name, c.name) for c in picked]


def _refuse_untemplated(decisions: Decisions, components: Sequence[Component]) -> None:
    """Valid decisions this template version cannot generate yet are refused before anything is written."""
    missing = [c for c in components if not catalog.kind(c.kind).templated]
    if missing:
        ready = ", ".join(k.key for k in catalog.templated_kinds())
        listed = ", ".join(f"{c.name} ({c.kind})" for c in missing)
        raise UsageError(
            f"no template yet for: {listed}. Kinds with templates: {ready}. Remove these components "
            f"from the decisions file or pick others with --component."
        )
    kinds = {c.kind for c in components}
    for area in catalog.AREAS:
        if not area.kinds or not kinds.intersection(area.kinds):
            continue
        for spec in area.decisions:
            value = decisions.values[spec.path]
            if spec.type == "choice" and not catalog.generated(spec, value):
                generated = ", ".join(catalog.generated_values(spec))
                raise UsageError(
                    f"{spec.path} {value!r} is a valid decision but this template version does not "
                    f"generate it yet (generated: {generated})"
                )


def answers_for(decisions: Decisions, target: Target) -> dict[str, Any]:
    """The flat Copier answers for one target: only the decisions that concern it."""
    data: dict[str, Any] = {"kind": target.kind}
    if target.name is not None:
        data["name"] = target.name
    for spec in catalog.SYSTEM_DECISIONS:
        data[spec.answer_key] = decisions.values[spec.path]
    # Every tree knows the whole system: components are wired to their peers from this list.
    data["components"] = [{"name": c.name, "kind": c.kind} for c in decisions.components]
    relevant: set[str] = set()
    for area in catalog.AREAS:
        if target.kind == "system" or not area.kinds or target.kind in area.kinds:
            for spec in area.decisions:
                data[spec.answer_key] = decisions.values[spec.path]
                relevant.add(spec.path)
        else:
            # Read across areas (e.g. web.realtime by the IoT service); the ADR stays the area's.
            for spec in area.decisions:
                if target.kind in spec.read_by:
                    data[spec.answer_key] = decisions.values[spec.path]
    data["rationale"] = {k: v for k, v in sorted(decisions.rationale.items()) if k in relevant}
    if target.kind != "system" and target.relpath == ".":
        # A component at the root of its own destination (`new --component`) is its own repository:
        # its pipelines live in it, whatever the system's layout.
        data["repository_layout"] = "polyrepo"
    return data


def render_targets(decisions: Decisions, targets: Sequence[Target], into: Path) -> None:
    """Run Copier once per target into ``into`` (a fresh staging folder).

    Copier renders in pure Python, so targets run in forked worker processes, one per core: the
    children inherit the imported Copier and the template snapshot, and each writes its own folder.
    """
    copier_runtime.preload()
    workers = min(len(targets), os.cpu_count() or 1)
    if workers < 2:
        for target in targets:
            _render_one(decisions, target, into)
        return
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=die_with_parent) as pool:
        for future in [pool.submit(_render_one, decisions, t, into) for t in targets]:
            future.result()  # re-raises a worker's RenderError here


def _render_one(decisions: Decisions, target: Target, into: Path) -> None:
    dst = into / target.relpath
    what = f"{target.name or 'system'} ({target.kind})"
    copier_runtime.copy_template(dst, answers_for(decisions, target), what)
    normalise_answers(dst / ANSWERS_FILE)


def read_answers(folder: Path) -> dict[str, Any] | None:
    """The Copier answers recorded in ``folder``, or None where nothing was generated."""
    file = folder / ANSWERS_FILE
    if not file.is_file():
        return None
    data = yaml.safe_load(file.read_text())
    return data if isinstance(data, dict) else None


def normalise_answers(path: Path) -> None:
    """Replace the machine path Copier recorded with the template's URL and version tag."""
    lines = path.read_text().splitlines()
    out = [line for line in lines if not line.startswith(("_src_path:", "_commit:"))]
    header = [line for line in out if line.startswith("#")]
    body = [line for line in out if not line.startswith("#")]
    path.write_text(
        "\n".join([*header, f"_commit: {TEMPLATE_REF}", f"_src_path: {TEMPLATE_URL}", *body]) + "\n"
    )


def new(request: NewRequest) -> Result:
    """Render into staging, then publish; the destination is untouched unless everything succeeded."""
    targets = plan_targets(request.decisions, request.components)
    dest = request.dest
    if dest.exists() and not dest.is_dir():
        raise UsageError(f"{dest} exists and is not a folder")
    if dest.is_dir() and any(dest.iterdir()) and not request.overwrite:
        raise UsageError(
            f"{dest} is not empty; choose an empty folder or pass --overwrite (files not generated are kept)"
        )
    staging = scratch_beside(dest, "new")
    try:
        render_targets(request.decisions, targets, staging)
        files = sorted(str(p.relative_to(staging)) for p in staging.rglob("*") if p.is_file())
        _publish(staging, dest)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return Result(dest, targets, files)


def _publish(staging: Path, dest: Path) -> None:
    if dest.is_dir() and not any(dest.iterdir()):
        dest.rmdir()
    if not dest.exists():
        staging.rename(dest)  # atomic on one filesystem: all or nothing
        return
    # --overwrite into a non-empty folder: replace file by file, each write atomic, others kept.
    for src in sorted(staging.rglob("*")):
        if src.is_dir():
            continue
        target = dest / src.relative_to(staging)
        target.parent.mkdir(parents=True, exist_ok=True)
        src.replace(target)
