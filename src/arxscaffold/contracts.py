"""Regenerate the OpenAPI documents the service template ships, one per variant that changes a schema.

A generated service commits its OpenAPI document (`openapi.json`) and its own tests fail while the app's
schema differs from it. The schema is derived from the code, which Copier renders but never runs, so this
maintenance command does what the npm lockfile generators do for package-lock.json: for every combination
of the decisions a service kind reads (and whether the system has an IoT component for it to read), render
the service, export `app.openapi()` with the rendered `<package>.openapi` module (the one canonical format)
in a uv venv holding the service's dependencies, and store it under `templates/partials/openapi/` named by
the key that `templates/partials/openapi.jinja` computes. The names that vary per component are stored as
Jinja placeholders the template fills in. Combinations sharing a key must export the same document; the
command fails otherwise (the key would miss a decision that changes the schema).

Run: `python -m arxscaffold.contracts` (all kinds) or `python -m arxscaffold.contracts iot-service`;
`--check` exports one variant per key and exits 1 when a stored document is stale (writes nothing).
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import multiprocessing
import os
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import yaml

from arxscaffold import catalog
from arxscaffold.decisions import Decisions, load_text
from arxscaffold.maintenance import openapi_types
from arxscaffold.render import template_root

SERVICE_KINDS = ("ai-service", "analytics-service", "iot-service", "physics-service")
# Kinds that read the IoT service when the system has one (the topology's edges with a `setting`).
IOT_CONSUMERS = ("ai-service", "analytics-service", "physics-service")
# Component names while rendering: unlike any text of a schema, so each is found and replaced exactly.
NAME = "zq-svc"
PACKAGE = NAME.replace("-", "_")
IOT_NAME = "zq-iot"
SYSTEM_NAME = "zq-system"
# Literal -> placeholder; no literal contains another, so the order of replacement changes nothing.
PLACEHOLDERS = (
    (PACKAGE.upper(), "{{ package | upper }}"),
    (IOT_NAME, "{{ iot_peer }}"),
    (NAME, "{{ name }}"),
    (PACKAGE, "{{ package }}"),
    (SYSTEM_NAME, "{{ system_name }}"),
)
VENV_ROOT = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "arxscaffold" / "contract-venvs"


@dataclass(frozen=True)
class Variant:
    """One combination of what a service kind's template reads."""

    kind: str
    answers: tuple[tuple[str, Any], ...]  # (decision path, value), in catalog order
    with_iot: bool  # the system has an IoT component this service reads

    @property
    def label(self) -> str:
        values = [f"{path.rpartition('.')[2]}={value}" for path, value in self.answers]
        if self.kind in IOT_CONSUMERS:
            values.append("iot" if self.with_iot else "no-iot")
        return f"{self.kind}[{', '.join(values)}]"


# Decisions a consumer of the IoT service reads only to pick that service's document (its contracts/
# copy), never for its own routes: left out of the consumer's variants.
PROVIDER_ONLY = frozenset({"web.realtime"})


def schema_decisions(kind: str) -> tuple[catalog.Decision, ...]:
    """The decisions a service kind's template receives: its areas' and those it reads across areas."""
    own = [d for a in catalog.AREAS if kind in a.kinds for d in a.decisions]
    across = [
        d
        for d in catalog.all_decisions()
        if kind in d.read_by and d not in own and not (kind in IOT_CONSUMERS and d.path in PROVIDER_ONLY)
    ]
    return (*own, *across)


def _values(spec: catalog.Decision) -> tuple[Any, ...]:
    if spec.type == "bool":
        return (False, True)
    if spec.type == "choice":
        return catalog.generated_values(spec)
    raise ValueError(f"{spec.path}: a {spec.type} decision a service reads needs its values listed here")


def variants(kind: str) -> tuple[Variant, ...]:
    """Every combination this template version generates for ``kind`` (the catalog's rules applied)."""
    specs = schema_decisions(kind)
    iot = (False, True) if kind in IOT_CONSUMERS else (False,)
    out: list[Variant] = []
    for combo in itertools.product(*(_values(s) for s in specs)):
        answers = tuple(zip((s.path for s in specs), combo, strict=True))
        if all(_fits(s, v, dict(answers)) for s, v in zip(specs, combo, strict=True)):
            out.extend(Variant(kind, answers, with_iot) for with_iot in iot)
    return tuple(out)


def _fits(spec: catalog.Decision, value: Any, chosen: dict[str, Any]) -> bool:
    option = spec.option(value) if spec.type == "choice" else None
    if option is None:
        return True
    return all(chosen.get(path, needed[0]) in needed for path, needed in option.requires.items())


def all_variants() -> tuple[Variant, ...]:
    return tuple(v for kind in SERVICE_KINDS for v in variants(kind))


def components(variant: Variant) -> list[dict[str, str]]:
    service = {"name": NAME, "kind": variant.kind}
    return [service, {"name": IOT_NAME, "kind": "iot-service"}] if variant.with_iot else [service]


def answers(variant: Variant) -> dict[str, Any]:
    """What the service template sees, as render.answers_for gives it (enough for the key and the doc)."""
    data: dict[str, Any] = {
        "kind": variant.kind,
        "name": NAME,
        "package": PACKAGE,
        "system_name": SYSTEM_NAME,
        "components": components(variant),
        "catalog": catalog.as_template_data(),
    }
    # The topology partial reads these whatever the kind; their defaults change no service's schema.
    for spec in catalog.all_decisions():
        if spec.answer_key and spec.default is not None:
            data.setdefault(spec.answer_key, spec.default)
    for path, value in variant.answers:
        chosen = catalog.decision(path)
        assert chosen is not None
        data[chosen.answer_key] = value
    return data


@functools.cache
def _key_template() -> jinja2.Template:
    # Rooted where Copier roots its loader, so `{% import "templates/partials/..." %}` resolves; lenient
    # undefined as in Copier (the topology takes `first` of a possibly empty list).
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(template_root()),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    ).from_string('{% from "templates/partials/openapi.jinja" import key with context %}{{ key() }}')


@functools.cache
def key(variant: Variant) -> str:
    """The stored document's name for ``variant``, from the partial the service template uses."""
    return _key_template().render(**answers(variant)).strip()


def document_dir() -> Path:
    return template_root() / "templates" / "partials" / "openapi"


def document_path(variant: Variant) -> Path:
    return document_dir() / f"{key(variant)}.json"


def decisions_text(variant: Variant) -> str:
    tree: dict[str, Any] = {
        "version": catalog.SCHEMA_VERSION,
        "system": {"name": SYSTEM_NAME},
        "components": components(variant),
    }
    for path, value in variant.answers:
        area, _, leaf = path.partition(".")
        tree.setdefault(area, {})[leaf] = value
    return yaml.safe_dump(tree, sort_keys=False)


def decisions(variant: Variant) -> Decisions:
    return load_text(decisions_text(variant), variant.label)


def render_service(variant: Variant, dest: Path) -> Path:
    """The service alone at ``dest`` (Copier, as `arxscaffold new --component` renders it)."""
    from arxscaffold.render import NewRequest, new

    new(NewRequest(decisions(variant), dest, components=(NAME,)))
    return dest


def dependencies(service: Path) -> list[str]:
    project = tomllib.loads((service / "pyproject.toml").read_text())["project"]
    return sorted(project["dependencies"])


def service_venv(requirements: Sequence[str]) -> Path:
    """A venv holding exactly ``requirements`` (the service runs from its source folder, not installed)."""
    digest = hashlib.sha256("\n".join(requirements).encode()).hexdigest()[:16]
    venv = VENV_ROOT / digest
    if (venv / ".complete").is_file():
        return venv
    uv = shutil.which("uv")
    if uv is None:
        raise SystemExit("uv is needed (pip install uv): it builds the services' venvs")
    shutil.rmtree(venv, ignore_errors=True)
    subprocess.run([uv, "venv", "-q", "--python", "python3", str(venv)], check=True)
    subprocess.run(
        [uv, "pip", "install", "-q", "--python", str(venv / "bin" / "python"), *requirements], check=True
    )
    (venv / ".complete").write_text("ok\n")
    return venv


def export(service: Path, venv: Path) -> str:
    """The rendered service's document, written by its own `<package>.openapi` module."""
    target = service / "openapi.export.json"
    env = {k: v for k, v in os.environ.items() if not k.startswith(f"{PACKAGE.upper()}_")}
    env["PYTHONPATH"] = str(service / "src")
    subprocess.run(
        [str(venv / "bin" / "python"), "-m", f"{PACKAGE}.openapi", str(target)],
        cwd=service,  # anything the app writes on creation lands in the scratch copy
        env=env,
        check=True,
        capture_output=True,
    )
    return target.read_text()


def templated(document: str) -> str:
    """The exported document with every per-component name as the placeholder the template fills in."""
    for marker in ("{{", "{%", "{#"):
        if marker in document:
            raise ValueError(f"the document holds {marker!r}: Jinja would read it; escape it first")
    for literal, placeholder in PLACEHOLDERS:
        document = document.replace(literal, placeholder)
    return document


def filled(stored: str, name: str, system_name: str, iot_peer: str) -> str:
    """What the template renders from a stored document for one component (the inverse of templated)."""
    package = name.replace("-", "_")
    values = {
        "{{ package | upper }}": package.upper(),
        "{{ iot_peer }}": iot_peer,
        "{{ name }}": name,
        "{{ package }}": package,
        "{{ system_name }}": system_name,
    }
    for placeholder, value in values.items():
        stored = stored.replace(placeholder, value)
    return stored


def _groups(kinds: Sequence[str]) -> dict[str, list[Variant]]:
    groups: dict[str, list[Variant]] = {}
    for variant in all_variants():
        if variant.kind in kinds:
            groups.setdefault(key(variant), []).append(variant)
    return groups


def _render_one(job: tuple[Variant, Path]) -> Path:
    return render_service(*job)


def export_all(chosen: Sequence[Variant], jobs: int = 2) -> dict[Variant, str]:
    """Each variant's exported document, placeholders in (every one's stored document must exist)."""
    with tempfile.TemporaryDirectory(prefix="arxscaffold-contracts-") as tmp:
        # Copier renders in forked workers; then one venv per distinct dependency set, built in turn;
        # then the exports (a Python process each) side by side.
        fork = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=jobs, mp_context=fork) as workers:
            work = [(v, Path(tmp) / f"s{i}") for i, v in enumerate(chosen)]
            services = dict(zip(chosen, workers.map(_render_one, work), strict=True))
        venvs = {v: service_venv(dependencies(s)) for v, s in services.items()}
        with ThreadPoolExecutor(max_workers=jobs) as threads:
            exports = threads.map(lambda v: templated(export(services[v], venvs[v])), chosen)
            return dict(zip(chosen, exports, strict=True))


def regenerate(kinds: Sequence[str], jobs: int = 2) -> dict[str, list[Variant]]:
    """Export every variant of ``kinds``; write one document per key; fail when a key's variants differ."""
    groups = _groups(kinds)
    for name in groups:
        # The service template includes its document: a new key renders against a stand-in first.
        target = document_dir() / f"{name}.json"
        if not target.is_file():
            target.parent.mkdir(exist_ok=True)
            target.write_text("{}\n")
    documents = export_all([v for members in groups.values() for v in members], jobs)
    for name, members in sorted(groups.items()):
        texts = {documents[v] for v in members}
        if len(texts) > 1:
            labels = ", ".join(v.label for v in members)
            raise SystemExit(
                f"{name}: these combinations export different documents, so the key in "
                f"templates/partials/openapi.jinja misses a decision that changes the schema: {labels}"
            )
        (document_dir() / f"{name}.json").write_text(texts.pop())
    stale = {p for p in document_dir().glob("*.json") if p.stem.split("-service-")[0] + "-service" in kinds}
    for path in stale - {document_dir() / f"{name}.json" for name in groups}:
        path.unlink()  # a variant no combination reaches any more
    return groups


def stale_documents(kinds: Sequence[str] = SERVICE_KINDS, jobs: int = 2) -> list[str]:
    """Keys whose stored document is missing or differs from what one of its variants exports now.

    One variant per key (the cheap check; `regenerate` proves the key against all of them).
    """
    groups = _groups(kinds)
    missing = sorted(name for name in groups if not (document_dir() / f"{name}.json").is_file())
    chosen = {name: members[0] for name, members in groups.items() if name not in missing}
    documents = export_all(list(chosen.values()), jobs)
    changed = [n for n, v in chosen.items() if documents[v] != (document_dir() / f"{n}.json").read_text()]
    return sorted(missing + changed)


def _duplicates(groups: dict[str, list[Variant]]) -> Iterator[str]:
    """Keys whose documents are equal: the key could be coarser (fewer stored files)."""
    seen: dict[str, str] = {}
    for name in sorted(groups):
        text = (document_dir() / f"{name}.json").read_text()
        if text in seen:
            yield f"{name} == {seen[text]}"
        seen.setdefault(text, name)


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    check = "--check" in args
    kinds = [a for a in args if a in SERVICE_KINDS] or list(SERVICE_KINDS)
    unknown = [a for a in args if a not in (*SERVICE_KINDS, "--check")]
    if unknown:
        print(f"unknown arguments {unknown}; kinds: {', '.join(SERVICE_KINDS)}; --check", file=sys.stderr)
        return 2
    started = time.monotonic()
    if check:
        stale = stale_documents(kinds)
        for name in stale:
            print(f"stale: {document_dir() / name}.json (run `python -m arxscaffold.contracts`)")
        print(f"{len(stale)} stale documents, checked in {time.monotonic() - started:.0f} s")
        return 1 if stale else 0
    groups = regenerate(kinds)
    combos = sum(len(m) for m in groups.values())
    for name in sorted(groups):
        print(f"{document_dir() / name}.json  ({len(groups[name])} combinations)")
    for line in _duplicates(groups):
        print(f"note: equal documents, the key could merge them: {line}")
    print(f"{len(groups)} documents from {combos} combinations in {time.monotonic() - started:.0f} s")
    # The web and React Native clients' types follow the documents (openapi-typescript, pinned there).
    print(f"regenerated API types: {', '.join(openapi_types.regenerate()) or 'none changed'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
