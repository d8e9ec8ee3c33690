"""The one place arxscaffold touches Copier: the template it reads, the settings it runs with, the
speed-ups over Copier's private modules, and the calls to `run_copy` and `run_update`.

Other modules call `copy_template`, `update_project` and `shared_clones` and never import Copier.
`ARXSCAFFOLD_PLAIN_COPIER=1` runs plain Copier with no speed-up (a comma-separated list of
`SPEEDUPS` names turns off only those); `tests/render/test_copier_runtime.py` proves both ways render
every reference profile byte for byte alike, and `benchmarks/render.py` measures what each is worth.
"""

from __future__ import annotations

import atexit
import copy
import os
import shutil
import tempfile
import warnings
from collections.abc import Iterator, Mapping
from contextlib import ExitStack, contextmanager
from functools import cache
from pathlib import Path
from typing import Any
from unittest import mock

import jinja2
import jinja2.bccache
import jinja2.lexer

from arxscaffold.errors import RenderError, UsageError

PLAIN_SWITCH = "ARXSCAFFOLD_PLAIN_COPIER"
CACHE_FOLDERS = (".ruff_cache", ".pytest_cache", ".mypy_cache", "__pycache__", "node_modules", ".venv")

# Each speed-up with its worth: CPU of `new` / `update` of the default system with it turned off,
# against all on (`benchmarks/render.py`, `benchmarks/update.py --speedups`, 2 loaded cores, medians of
# 5 and 3; plain Copier: 1.99x / 2.94x). All five kept: each saves at least 6% of a run, none
# changes what `new` writes (tests/render/test_copier_runtime.py), and a Copier whose internals moved
# gets none of them.
# - no-mode-probe (1.26x / 1.41x): Copier spawns `git config core.fileMode` once per rendered file, to
#   mirror executable bits into a git index only where that setting is false; a staging folder has none.
# - compiled-strings (1.60x / 1.64x): Copier compiles every path segment and string anew (1,200 compiles
#   for 225 distinct sources in one service); a string's template is memoised per Jinja environment, and
#   its compiled code per process (each run has its own environment; `_exclude` alone is 15 ms to compile).
# - bytecode-cache (1.26x / 1.47x): Copier compiles every template file once per run; the runs of a
#   process share the bytecode (Jinja keys it by the source's checksum: an edited file is compiled again).
# - config-once (1.06x / 1.17x): Copier parses copier.yml with pure-Python YAML on every run, five times
#   per subproject in an update; parsed once per process.
# - shared-clones (updates only, 2.03x): see `shared_clones`.
SPEEDUPS = ("no-mode-probe", "compiled-strings", "bytecode-cache", "config-once", "shared-clones")


def template_root() -> Path:
    """Where copier.yml and templates/ live: the package data of a wheel, or the source checkout."""
    packaged = Path(__file__).parent / "_template"
    if (packaged / "copier.yml").is_file():
        return packaged
    return Path(__file__).resolve().parents[2]


@cache
def template_snapshot() -> Path:
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


def preload() -> None:
    """Import Copier and take the snapshot before forking workers: the children inherit both (the
    import alone costs most of a second per process)."""
    import copier  # noqa: F401

    template_snapshot()


def neutral_settings() -> Any:
    """Copier settings that ignore the user's ~/.config/copier defaults (they would leak into output)."""
    from copier import Settings

    return Settings()


def speedups_off() -> frozenset[str]:
    """The speed-ups `ARXSCAFFOLD_PLAIN_COPIER` turns off: "1" all, a list of names those, else none."""
    value = os.environ.get(PLAIN_SWITCH, "").strip()
    if value in ("", "0"):
        return frozenset()
    if value == "1":
        return frozenset(SPEEDUPS)
    names = frozenset(name.strip() for name in value.split(",") if name.strip())
    if unknown := sorted(names - set(SPEEDUPS)):
        known = ", ".join(SPEEDUPS)
        raise UsageError(f"{PLAIN_SWITCH}: unknown speed-up {', '.join(unknown)} (known: {known})")
    return names


def copy_template(dst: Path, data: Mapping[str, Any], what: str) -> None:
    """`copier copy` of the snapshot into ``dst`` with ``data`` as the answers; ``what`` names the
    target in the error a failed render raises."""
    from copier import run_copy
    from copier.errors import CopierError
    from jinja2 import TemplateError, TemplateSyntaxError

    try:
        with warnings.catch_warnings(), speedups():
            warnings.simplefilter("ignore")
            run_copy(
                str(template_snapshot()),
                dst,
                data=dict(data),
                defaults=True,
                overwrite=True,
                quiet=True,
                unsafe=False,
                user_defaults={},
                settings=neutral_settings(),
            )
    except (CopierError, TemplateError) as exc:
        origin = ""
        if isinstance(exc, TemplateSyntaxError):  # name the template file and line a maintainer must fix
            origin = f" at {exc.name or exc.filename}:{exc.lineno}"
        raise RenderError(f"rendering {what} failed{origin}: {exc}") from None


def update_project(folder: Path, data: Mapping[str, Any], ref: str, index_modes: bool) -> None:
    """`copier update` of the subproject at ``folder`` to template ``ref``, conflicts inline.

    ``index_modes``: the repository sets `core.fileMode=false`, so Copier must write executable bits
    into its index (the no-mode-probe speed-up stays off).
    """
    from copier import run_update
    from copier.errors import CopierError

    try:
        with warnings.catch_warnings(), speedups(index_modes=index_modes):
            warnings.simplefilter("ignore")
            run_update(
                folder,
                data=dict(data),
                defaults=True,
                overwrite=True,
                quiet=True,
                unsafe=False,
                vcs_ref=ref,
                conflict="inline",
                settings=neutral_settings(),
                user_defaults={},
            )
    except (CopierError, ValueError) as exc:
        # ValueError: an answer failed a question's check (Copier raises it as is with --defaults).
        raise UsageError(f"copier update of {folder.name} failed: {exc}") from None


@contextmanager
def speedups(index_modes: bool = False) -> Iterator[None]:
    """The render speed-ups of `SPEEDUPS` that are on, patched into Copier's private modules.

    A Copier whose internals changed gets no speed-up rather than an error.
    """
    off = speedups_off()
    import copier._jinja_ext as copier_jinja
    import copier._main as copier_main
    import copier._template as copier_template

    needed = (
        (copier_main, "is_git_available"),
        (copier_template, "load_template_config"),
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
            _reset_yield(self)
            return cache[source]
        # Each run has its own environment; the code a string compiles to is shared by every run of
        # the process (as the bytecode cache shares files'), bound to this run's environment here.
        key = (_compile_settings(self), source)
        if key in _COMPILED_STRINGS:
            _reset_yield(self)
        else:
            _COMPILED_STRINGS[key] = self.compile(source)  # what from_string compiles, yield reset too
        code = _COMPILED_STRINGS[key]
        cache[source] = self.template_class.from_code(self, code, self.make_globals(None), None)
        return cache[source]

    def _reset_yield(self: Any) -> None:
        # Compiling resets Copier's `yield` state (its extension's preprocess step); a reused
        # template must do the same, or the next file looks as if it held a yield tag.
        state = copier_jinja.get_yield_context(self)
        state.yield_name = state.yield_iterable = None

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

    patches = {
        "config-once": (copier_template, "load_template_config", config_once),
        "compiled-strings": (environment, "from_string", memoised),
        "bytecode-cache": (environment, "__init__", with_bytecode_cache),
        "no-mode-probe": (copier_main, "is_git_available", lambda: False),
    }
    with ExitStack() as stack:
        for name, (owner, attribute, replacement) in patches.items():
            if name not in off and not (name == "no-mode-probe" and index_modes):
                stack.enter_context(mock.patch.object(owner, attribute, replacement))
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
# Strings' compiled code (path names, defaults, `_exclude`), keyed by the settings compiling reads.
_COMPILED_STRINGS: dict[tuple[Any, str], Any] = {}


def _compile_settings(env: Any) -> tuple[Any, ...]:
    """What, besides the source, decides the code Jinja compiles a string to: syntax, whitespace
    control, extensions and the environment class (a sandbox compiles its checks in)."""
    return (
        type(env),
        jinja2.lexer.get_lexer(env),
        tuple(sorted(env.extensions)),
        env.optimized,
        env.finalize is None,
        env.autoescape if isinstance(env.autoescape, bool) else id(env.autoescape),
        env.is_async,
    )


# copier.yml parsed once per process (pure-Python YAML, ~0.1 s a run), keyed by path and mtime.
_PARSED_CONFIGS: dict[tuple[str, int, bool], Any] = {}


@contextmanager
def shared_clones(url: str, checkouts: Mapping[str, Path]) -> Iterator[None]:
    """Copier's clones of ``url`` at a ref of ``checkouts``: that checkout, made once and shared.

    Copier clones the template anew for every render (five times per subproject update), through a
    mirror and a `git worktree add` each time, and deletes the clone afterwards: a third of an update's
    time went to cloning and deleting, and every render compiled and parsed the template again because
    its files sat at a new path. Copier only reads a clone (its files, `git describe`, `git ls-files`),
    so every render of a version reads the same checkout; the empty folder Copier made for the clone
    is what it deletes. A Copier without this internal, or another URL or ref, takes Copier's way.
    """
    import copier._template as copier_template

    original = getattr(copier_template, "clone", None)
    if original is None or "shared-clones" in speedups_off():
        yield
        return

    def clone(source: str, ref: str = "HEAD", location: str | None = None) -> str:
        if source != url or ref not in checkouts:
            return str(original(source, ref, location))
        return str(checkouts[ref])

    with mock.patch.object(copier_template, "clone", clone):
        yield
