"""Decisions -> Copier runs -> files in the destination, atomically and byte-for-byte reproducibly.

Every render goes into a staging folder beside the destination and is moved into place only when all
of it succeeded, so an error (or a kill) never leaves a half-written destination.
"""

from __future__ import annotations

import atexit
import copy
import ctypes
import multiprocessing
import os
import shutil
import signal
import tempfile
import warnings
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from unittest import mock

import jinja2
import jinja2.bccache
import yaml

from arxscaffold import __version__, catalog
from arxscaffold.decisions import Component, Decisions
from arxscaffold.errors import RenderError, UsageError
from arxscaffold.staging import scratch_beside

ANSWERS_FILE = ".copier-answers.yml"
# Recorded as `_src_path` instead of the machine path Copier saw, so answers files are identical on
# every machine; `copier update` run by hand resolves it, `arxscaffold update` passes its own copy.
TEMPLATE_URL = os.environ.get("ARXSCAFFOLD_TEMPLATE_URL", "gh:arxos/arxscaffold")
TEMPLATE_REF = f"v{__version__}"
CACHE_FOLDERS = (".ruff_cache", ".pytest_cache", ".mypy_cache", "__pycache__", "node_modules", ".venv")


def template_root() -> Path:
    """Where copier.yml and templates/ live: the package data of a wheel, or the source checkout."""
    packaged = Path(__file__).parent / "_template"
    if (packaged / "copier.yml").is_file():
        return packaged
    return Path(__file__).resolve().parents[2]


@cache
def _template_snapshot() -> Path:
    """A git-free copy of the template: Copier would otherwise clone the checkout's last commit and
    ignore uncommitted template edits (and record a throwaway commit hash)."""
    root = Path(tempfile.mkdtemp(prefix="arxscaffold-template-"))
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    source = template_root()
    shutil.copy2(source / "copier.yml", root / "copier.yml")
    # Tool caches a developer's run may leave in the template tree are never template content.
    caches = shutil.ignore_patterns(*CACHE_FOLDERS)
    shutil.copytree(source / "templates", root / "templates", symlinks=True, ignore=caches)
    return root


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
    import copier  # noqa: F401  (imported before forking: it costs most of a second per process)

    _template_snapshot()
    workers = min(len(targets), os.cpu_count() or 1)
    if workers < 2:
        for target in targets:
            _render_one(decisions, target, into)
        return
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_die_with_parent) as pool:
        for future in [pool.submit(_render_one, decisions, t, into) for t in targets]:
            future.result()  # re-raises a worker's RenderError here


def _die_with_parent() -> None:
    """A killed `new` must not leave workers writing into its scratch folder (Linux: PR_SET_PDEATHSIG)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass  # not Linux: a killed run's scratch folder is swept by the next run instead
    if os.getppid() == 1:
        os._exit(1)  # the parent died before the request above took effect


def _render_one(decisions: Decisions, target: Target, into: Path) -> None:
    from copier import run_copy
    from copier.errors import CopierError
    from jinja2 import TemplateError, TemplateSyntaxError

    dst = into / target.relpath
    try:
        with warnings.catch_warnings(), _fast_copier():
            warnings.simplefilter("ignore")
            run_copy(
                str(_template_snapshot()),
                dst,
                data=answers_for(decisions, target),
                defaults=True,
                overwrite=True,
                quiet=True,
                unsafe=False,
                user_defaults={},
                settings=_neutral_settings(),
            )
    except (CopierError, TemplateError) as exc:
        where = target.name or "system"
        origin = ""
        if isinstance(exc, TemplateSyntaxError):  # name the template file and line a maintainer must fix
            origin = f" at {exc.name or exc.filename}:{exc.lineno}"
        raise RenderError(f"rendering {where} ({target.kind}) failed{origin}: {exc}") from None
    normalise_answers(dst / ANSWERS_FILE)


@contextmanager
def _fast_copier(index_modes: bool = False) -> Iterator[None]:
    """Shortcuts for Copier, each measured to cost a large share of a render.

    - Copier spawns one `git config core.fileMode` per rendered file to mirror executable bits into the
      destination's git index, which it does only where `core.fileMode` is false; a staging folder has
      no index, so the probe never has anything to do. An update whose repository sets
      `core.fileMode=false` keeps it (``index_modes``).
    - Copier compiles every template file once per run, and every path segment and string anew
      (1,200 compiles for 225 distinct sources in one service). Files share a bytecode cache across
      the runs of a process, and a string's compiled template is memoised per Jinja environment.
      Both are safe: Jinja keys bytecode by the source's checksum, and rendering a compiled
      template does not change it.
    - Copier parses copier.yml with pure-Python YAML on every run; it is parsed once per process.

    A Copier whose internals changed gets no shortcut rather than an error.
    """
    import copier._jinja_ext as copier_jinja
    import copier._main as copier_main
    import copier._template as copier_template

    needed = (
        (copier_main, "is_git_available"),
        (copier_jinja, "SandboxedEnvironment"),
        (copier_jinja, "get_yield_context"),
    )
    if not all(hasattr(module, name) for module, name in needed):
        yield
        return
    environment = copier_jinja.SandboxedEnvironment
    compile_string = environment.from_string

    def memoised(self: Any, source: Any, globals: Any = None, template_class: Any = None) -> Any:
        uncached = globals is not None or template_class is not None or not isinstance(source, str)
        if uncached or "yield" in source:
            return compile_string(self, source, globals, template_class)
        cache = self.__dict__.setdefault("_arxscaffold_compiled", {})
        if source in cache:
            # Compiling resets Copier's `yield` state (its extension's preprocess step); a reused
            # template must do the same, or the next file looks as if it held a yield tag.
            state = copier_jinja.get_yield_context(self)
            state.yield_name = state.yield_iterable = None
        else:
            cache[source] = compile_string(self, source)
        return cache[source]

    original_init = environment.__init__

    def with_bytecode_cache(self: Any, *args: Any, **kwargs: Any) -> None:
        original_init(self, *args, **kwargs)
        self.bytecode_cache = _COMPILED_FILES

    load_config = copier_template.load_template_config

    def config_once(conf_path: Path, quiet: bool = False) -> Any:
        key = (str(conf_path), conf_path.stat().st_mtime_ns, quiet)
        if key not in _PARSED_CONFIGS:
            _PARSED_CONFIGS[key] = load_config(conf_path, quiet)
        return copy.deepcopy(_PARSED_CONFIGS[key])

    with (
        mock.patch.object(copier_template, "load_template_config", config_once),
        mock.patch.object(environment, "from_string", memoised),
        mock.patch.object(environment, "__init__", with_bytecode_cache),
    ):
        if index_modes:
            yield
            return
        with mock.patch.object(copier_main, "is_git_available", lambda: False):
            yield


class _MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled template files shared by every Copier run of this process (Jinja keys them by source
    checksum, so a changed file is compiled again)."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


_COMPILED_FILES = _MemoryBytecodeCache()
# copier.yml parsed once per process (pure-Python YAML, ~0.1 s a run), keyed by path and mtime.
_PARSED_CONFIGS: dict[tuple[str, int, bool], Any] = {}


def _neutral_settings() -> Any:
    """Copier settings that ignore the user's ~/.config/copier defaults (they would leak into output)."""
    from copier import Settings

    return Settings()


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
