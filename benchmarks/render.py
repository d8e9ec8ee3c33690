"""How fast is `arxscaffold new`? Ways to render the default system, timed in one run.

1. arxscaffold: the `arxscaffold new` CLI (one process, Copier's API once per target).
2. copier CLI: `copier copy` once per target (system + each component), as a team would script it.
3. floor: a plain Jinja render of the same files with the same context, no Copier at all.
4. speed-ups: `new` in process with every speed-up of `copier_runtime`, with none (plain Copier,
   the baseline), and with each one turned off in turn, taking turns within each repeat; wall clock
   and CPU (the process and its workers: the steadier figure on a shared machine).

Prints the medians and the ratios; the target is "faster than the copier CLI, within 3x of the floor",
and each speed-up is worth its ratio "without it / all on".
Run: `python benchmarks/render.py [--repeat N]`.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
import pathspec
import yaml

from arxscaffold import __version__, catalog, copier_runtime
from arxscaffold.copier_runtime import template_snapshot
from arxscaffold.decisions import Decisions, load_text
from arxscaffold.render import NewRequest, Target, answers_for, new, plan_targets
from arxscaffold.starter import default_text

YIELD = re.compile(r"\{% yield (\w+) from (.+?) %\}(.*?)\{% endyield %\}")


def median_seconds(action: Callable[[Path], None], repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as scratch:
            start = time.perf_counter()
            action(Path(scratch) / "out")
            samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def _cpu_seconds() -> float:
    """CPU time of this process and its reaped children (the render workers)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def speedup_rows(decisions: Decisions, repeat: int) -> dict[str, tuple[float, float]]:
    """Median (wall, CPU) seconds of `new` per setting of the plain-Copier switch, in turns."""
    render_speedups = [name for name in copier_runtime.SPEEDUPS if name != "shared-clones"]
    settings = {"all speed-ups": "0", "none: plain Copier": "1"}
    settings.update({f"without {name}": name for name in render_speedups})
    samples: dict[str, list[tuple[float, float]]] = {label: [] for label in settings}
    saved = os.environ.get(copier_runtime.PLAIN_SWITCH)
    try:
        for _ in range(repeat):
            for label, switch in settings.items():
                os.environ[copier_runtime.PLAIN_SWITCH] = switch
                with tempfile.TemporaryDirectory() as scratch:
                    cpu, start = _cpu_seconds(), time.perf_counter()
                    _api(decisions, Path(scratch) / "out")
                    samples[label].append((time.perf_counter() - start, _cpu_seconds() - cpu))
    finally:
        os.environ.pop(copier_runtime.PLAIN_SWITCH, None)
        if saved is not None:
            os.environ[copier_runtime.PLAIN_SWITCH] = saved
    return {
        label: (statistics.median(w for w, _ in runs), statistics.median(c for _, c in runs))
        for label, runs in samples.items()
    }


def _api(decisions: Decisions, dest: Path) -> None:
    new(NewRequest(decisions, dest))


def arxscaffold_cli(dest: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "arxscaffold.cli", "new", str(dest)], check=True, capture_output=True
    )


def copier_cli_per_target(decisions: Decisions, targets: list[Target]) -> Callable[[Path], None]:
    copier = shutil.which("copier") or "copier"
    source = str(template_snapshot())

    def run(dest: Path) -> None:
        for target in targets:
            data = dest.parent / f"{target.name or 'system'}.yml"
            data.write_text(yaml.safe_dump(answers_for(decisions, target)))
            subprocess.run(
                [
                    copier,
                    "copy",
                    "--quiet",
                    "--defaults",
                    "--overwrite",
                    "--data-file",
                    str(data),
                    source,
                    str(dest / target.relpath),
                ],
                check=True,
                capture_output=True,
            )

    return run


def _context(decisions: Decisions, target: Target) -> dict[str, Any]:
    """What Copier puts in front of the templates: answers plus the computed (when: false) values."""
    answers = answers_for(decisions, target)
    kind = target.kind
    present = {kind} if kind != "system" else decisions.kinds()
    spec = catalog.kind(kind) if kind != "system" else None
    context = dict(answers)
    context.update(
        catalog=catalog.as_template_data(),
        template_version=__version__,
        package=(target.name or "").replace("-", "_"),
        port=spec.port if spec else 0,
        kind_label=spec.label if spec else "System",
        adr_keys=[a.key for a in catalog.AREAS if catalog.area_applies(a, present)],
        _copier_answers={"_src_path": "x", **answers},
        _copier_conf={"answers_file": ".copier-answers.yml"},
    )
    return context


def plain_jinja(decisions: Decisions, targets: list[Target]) -> Callable[[Path], None]:
    root = template_snapshot()
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(root)),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2_ansible_filters.AnsibleCoreFiltersExtension"],  # Copier's filters
    )

    config = yaml.safe_load((root / "copier.yml").read_text())

    def run(dest: Path) -> None:
        for target in targets:
            context = _context(decisions, target)
            # The tree and the excluded paths, as Copier renders `_subdirectory` and `_exclude`.
            top = root / env.from_string(config["_subdirectory"]).render(**context)
            rules = "\n".join(env.from_string(rule).render(**context) for rule in config["_exclude"])
            excluded = pathspec.PathSpec.from_lines("gitignore", rules.splitlines()).match_file
            for src in _files(top):
                rel = str(src.relative_to(top))
                for rendered, extra in _expand(env, rel, context):
                    name = rendered.removesuffix(".jinja")
                    if any(part == "" for part in name.split("/")) or excluded(name):
                        continue  # a name that rendered empty or an excluded path: Copier skips it too
                    out = dest / target.relpath / name
                    out.parent.mkdir(parents=True, exist_ok=True)
                    if rel.endswith(".jinja"):
                        source = str(src.relative_to(root))
                        out.write_text(env.get_template(source).render(**context, **extra))
                    else:
                        shutil.copyfile(src, out)

    return run


def _files(top: Path) -> list[Path]:
    """Every file below ``top``, through symlinked folders too (as Copier walks a template)."""
    found = []
    for folder, _, names in os.walk(top, followlinks=True):
        found += [Path(folder) / name for name in names]
    return sorted(found)


def _expand(env: jinja2.Environment, rel: str, context: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    match = YIELD.search(rel)
    if not match:
        return [(env.from_string(rel).render(**context), {})]
    name, expression, body = match.groups()
    items = env.compile_expression(expression)(**context)
    results = []
    for item in items:
        extra = {name: item}
        path = rel[: match.start()] + env.from_string(body).render(**context, **extra) + rel[match.end() :]
        results.append((env.from_string(path).render(**context), extra))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    repeat = parser.parse_args().repeat
    decisions = load_text(default_text())
    targets = plan_targets(decisions)
    warm = tempfile.mkdtemp()
    new(NewRequest(decisions, Path(warm) / "warm"))  # imports Copier once, as a long-lived process would
    shutil.rmtree(warm)
    timings = {
        "arxscaffold new (API, in process)": median_seconds(lambda d: _api(decisions, d), repeat),
        "arxscaffold new (CLI)": median_seconds(arxscaffold_cli, repeat),
        "copier copy CLI per target": median_seconds(copier_cli_per_target(decisions, targets), repeat),
        "plain Jinja render (floor)": median_seconds(plain_jinja(decisions, targets), repeat),
    }
    for label, seconds in timings.items():
        print(f"{label:34} {seconds * 1000:8.0f} ms (median of {repeat})")
    with tempfile.TemporaryDirectory() as scratch:
        plain_jinja(decisions, targets)(Path(scratch) / "floor")
        arxscaffold_cli(Path(scratch) / "ours")
        counts = [sum(1 for p in (Path(scratch) / n).rglob("*") if p.is_file()) for n in ("ours", "floor")]
    print(f"files written: arxscaffold {counts[0]}, floor {counts[1]}")
    api, ours, cli, floor = timings.values()
    print(f"copier CLI / arxscaffold CLI      {cli / ours:8.2f}x  (target: > 1)")
    print(f"arxscaffold API / floor           {api / floor:8.2f}x  (target: < 3; both in process)")
    print(f"arxscaffold CLI / floor           {ours / floor:8.2f}x  (adds interpreter start and imports)")
    rows = speedup_rows(decisions, repeat)
    wall_on, cpu_on = rows["all speed-ups"]
    print(f"speed-ups of copier_runtime, `new` in process (median of {repeat}; ratio to all on):")
    for label, (wall, cpu) in rows.items():
        print(
            f"  {label:30} {wall * 1000:6.0f} ms wall {wall / wall_on:5.2f}x"
            f"  {cpu * 1000:6.0f} ms CPU {cpu / cpu_on:5.2f}x"
        )


if __name__ == "__main__":
    main()
