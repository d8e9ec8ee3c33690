"""Run this Pulumi program without an engine or a cluster, and turn what it declares into manifests.

Pulumi's mocks stand in for the engine: every resource the program registers is recorded with the
inputs it would send. Those inputs are what `pulumi up` would apply, so the tests assert on them and
`python kubemock.py` writes them out as plain YAML for schema validation and policy scanning.
Nothing here talks to a cluster; only `pulumi up` does (see README.md).
"""

from __future__ import annotations

import asyncio
import json
import runpy
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pulumi
import yaml

HERE = Path(__file__).resolve().parent
HELM_RELEASE = "kubernetes:helm.sh/v3:Release"


@dataclass(frozen=True)
class Declared:
    """One resource as the program declared it: Pulumi type, logical name and plain inputs."""

    type: str
    name: str
    inputs: dict[str, Any]

    @property
    def kind(self) -> str:
        return str(self.inputs.get("kind", ""))

    @property
    def object_name(self) -> str:
        return str(self.inputs.get("metadata", {}).get("name", self.name))


class RecordingMocks(pulumi.runtime.Mocks):
    """Mocks that echo inputs back as outputs and remember every resource."""

    def __init__(self) -> None:
        self.declared: list[Declared] = []

    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str, dict[str, Any]]:
        self.declared.append(Declared(args.typ, args.name, plain(args.inputs)))
        return f"{args.name}-id", dict(args.inputs)

    def call(self, args: pulumi.runtime.MockCallArgs) -> dict[str, Any]:
        return {}


def plain(value: Any) -> Any:
    """Wire-format values back to what a manifest holds: integral floats become ints again."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def project_name(project: Path = HERE) -> str:
    return str(yaml.safe_load((project / "Pulumi.yaml").read_text())["name"])


def environments(project: Path = HERE) -> list[str]:
    """The stacks this project has: one Pulumi.<env>.yaml each."""
    return sorted(p.name.split(".")[1] for p in project.glob("Pulumi.*.yaml"))


def stack_config(env: str, project: Path = HERE) -> dict[str, Any]:
    """Defaults from Pulumi.yaml overlaid with Pulumi.<env>.yaml, keys without namespace."""
    name = project_name(project)
    declared = yaml.safe_load((project / "Pulumi.yaml").read_text()).get("config") or {}
    values = {
        k: (v.get("default") if isinstance(v, dict) and "default" in v else v)
        for k, v in declared.items()
    }
    stack = yaml.safe_load((project / f"Pulumi.{env}.yaml").read_text()).get("config") or {}
    for key, value in stack.items():
        values[key.removeprefix(f"{name}:")] = value
    return values


def install(
    env: str, overrides: dict[str, Any] | None = None, project: Path = HERE
) -> RecordingMocks:
    """Give this process the stack's config and fresh mocks, as `pulumi up --stack <env>` would."""
    name = project_name(project)
    config = {**stack_config(env, project), **(overrides or {})}
    # set_mocks and config are process-global: reset both (and the loop) for every run.
    asyncio.set_event_loop(asyncio.new_event_loop())
    pulumi.runtime.set_all_config(
        {f"{name}:{k}": v if isinstance(v, str) else json.dumps(v) for k, v in config.items()}
    )
    mocks = RecordingMocks()
    pulumi.runtime.set_mocks(mocks, project=name, stack=env, preview=False)
    if str(project) not in sys.path:
        sys.path.insert(0, str(project))
    return mocks


def run_stack(
    env: str, overrides: dict[str, Any] | None = None, project: Path = HERE
) -> list[Declared]:
    """Run __main__.py under mocks and return what it declared."""
    mocks = install(env, overrides, project)

    @pulumi.runtime.test
    def program() -> None:
        runpy.run_path(str(project / "__main__.py"), run_name="__main__")

    program()
    return mocks.declared


def objects(declared: list[Declared], kind: str) -> list[dict[str, Any]]:
    """The inputs of every declared object of one kind (e.g. "Deployment")."""
    return [d.inputs for d in declared if d.kind == kind]


def one(declared: list[Declared], kind: str, name: str) -> dict[str, Any]:
    found = [o for o in objects(declared, kind) if o["metadata"]["name"] == name]
    assert len(found) == 1, f"expected one {kind} {name!r}, found {len(found)}"
    return found[0]


def manifests(declared: list[Declared]) -> dict[str, str]:
    """File name -> YAML: one object per file ([namespace.]kind-name), Helm releases in helm/."""
    files: dict[str, str] = {}
    for item in declared:
        if item.type == HELM_RELEASE:
            files[f"helm/{item.name}.yaml"] = _dump(item.inputs)
        elif item.type.startswith("kubernetes:") and item.kind:
            namespace = item.inputs.get("metadata", {}).get("namespace")
            prefix = f"{namespace}." if namespace else ""
            rel = f"{prefix}{item.kind.lower()}-{item.object_name}.yaml"
            if rel in files:
                raise ValueError(f"two objects would be written to {rel}")
            files[rel] = _dump(item.inputs)
    return dict(sorted(files.items()))


def _dump(document: dict[str, Any]) -> str:
    return yaml.safe_dump(document, sort_keys=True, default_flow_style=False, width=100)


def export(target: Path, project: Path = HERE) -> list[Path]:
    """Write manifests/<env>/ for every stack, replacing the folder so no stale file survives."""
    written: list[Path] = []
    for env in environments(project):
        folder = target / env
        shutil.rmtree(folder, ignore_errors=True)
        for rel, text in manifests(run_stack(env, project=project)).items():
            path = folder / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
            written.append(path)
    return written


if __name__ == "__main__":
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "manifests"
    files = export(out)
    print(f"wrote {len(files)} manifests under {out}")
