"""A model registry on a file system: versions with metadata, stages, promotion and rollback.

Layout under ``root`` (a local directory by default; a PersistentVolume or a synced bucket when
several replicas share it):

    <model>/v0001/model.npz     the artifact
    <model>/v0001/meta.json     format, metrics, parameters, data fingerprint, source, SHA-256
    <model>/stages.json         {"production": 3, "staging": 4, "history": [1, 3]}

``history`` is the stack of versions that were in production, newest last: rollback pops it.
Every write goes to a temporary file first and is renamed, so readers never see half a file.
"""

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Literal

from .evaluation import GateRefusedError, gate

Stage = Literal["staging", "production"]
STAGES: tuple[Stage, ...] = ("staging", "production")
NAME_PATTERN = r"^[a-z][a-z0-9-]{0,63}$"


class RegistryError(Exception):
    """A lookup or transition the registry cannot perform."""


class IntegrityError(RegistryError):
    """An artifact's bytes no longer match the SHA-256 recorded when it was registered."""


@dataclass(frozen=True)
class ModelVersion:
    name: str
    version: int
    format: str
    artifact: str
    sha256: str
    data_fingerprint: str
    params: dict[str, Any]
    metrics: dict[str, float]
    # Lineage: where the training data came from, e.g. "synthetic:rows=2000,seed=7" or
    # "iot:telemetry" (versions registered before lineage was recorded read "unrecorded").
    source: str = "unrecorded"


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as source:
        for block in iter(lambda: source.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def _write_json(path: Path, data: object) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n")
    tmp.replace(path)


class Registry:
    def __init__(self, root: Path) -> None:
        self.root = root

    def _model_dir(self, name: str) -> Path:
        if not re.match(NAME_PATTERN, name):
            raise RegistryError(f"invalid model name {name!r}")
        return self.root / name

    def models(self) -> list[str]:
        if not self.root.is_dir():
            return []
        return sorted(p.name for p in self.root.iterdir() if (p / "stages.json").is_file())

    def versions(self, name: str) -> list[ModelVersion]:
        folder = self._model_dir(name)
        metas = sorted(folder.glob("v*/meta.json")) if folder.is_dir() else []
        return [ModelVersion(**json.loads(m.read_text())) for m in metas]

    def get(self, name: str, version: int) -> ModelVersion:
        meta = self._model_dir(name) / f"v{version:04d}" / "meta.json"
        if not meta.is_file():
            raise RegistryError(f"model {name!r} has no version {version}")
        return ModelVersion(**json.loads(meta.read_text()))

    def stages(self, name: str) -> dict[str, Any]:
        path = self._model_dir(name) / "stages.json"
        if not path.is_file():
            return {"production": None, "staging": None, "history": []}
        return dict(json.loads(path.read_text()))

    def at_stage(self, name: str, stage: Stage) -> ModelVersion | None:
        version = self.stages(name).get(stage)
        return None if version is None else self.get(name, version)

    def register(
        self,
        name: str,
        save: Callable[[Path], None],
        *,
        format: str,
        artifact: str,
        data_fingerprint: str,
        params: dict[str, Any],
        metrics: dict[str, float],
        source: str = "unrecorded",
    ) -> ModelVersion:
        """Write a new version (numbered after the highest one) and record its artifact's hash."""
        folder = self._model_dir(name)
        folder.mkdir(parents=True, exist_ok=True)
        existing = [int(p.name[1:]) for p in folder.glob("v[0-9]*") if p.name[1:].isdigit()]
        version = max(existing, default=0) + 1
        target = folder / f"v{version:04d}"
        target.mkdir()
        save(target / artifact)
        entry = ModelVersion(
            name=name,
            version=version,
            format=format,
            artifact=artifact,
            sha256=sha256_file(target / artifact),
            data_fingerprint=data_fingerprint,
            params=params,
            metrics=metrics,
            source=source,
        )
        _write_json(target / "meta.json", asdict(entry))
        if not (folder / "stages.json").is_file():
            _write_json(folder / "stages.json", self.stages(name))
        return entry

    def promote(self, name: str, version: int, stage: Stage, *, force: bool = False) -> str:
        """Move ``version`` to ``stage``; production passes the evaluation gate unless forced."""
        candidate = self.get(name, version)
        state = self.stages(name)
        reason = "staging takes any version"
        if stage == "production":
            current = state["production"]
            if current == version:
                return "already in production"
            incumbent = None if current is None else self.get(name, current).metrics
            verdict = gate(candidate.metrics, incumbent)
            if not verdict.promote and not force:
                raise GateRefusedError(verdict.reason)
            reason = verdict.reason if verdict.promote else f"forced: {verdict.reason}"
            state["history"] = [*state["history"], version]
        state[stage] = version
        _write_json(self._model_dir(name) / "stages.json", state)
        return reason

    def rollback(self, name: str) -> ModelVersion:
        """Put the previous production version back; the rolled-back one stays registered."""
        state = self.stages(name)
        if len(state["history"]) < 2:
            raise RegistryError(f"model {name!r} has no earlier production version")
        state["history"] = state["history"][:-1]
        state["production"] = state["history"][-1]
        _write_json(self._model_dir(name) / "stages.json", state)
        return self.get(name, state["production"])

    def artifact_path(self, entry: ModelVersion) -> Path:
        """The artifact, after checking its bytes against the recorded SHA-256."""
        path = self._model_dir(entry.name) / f"v{entry.version:04d}" / entry.artifact
        if not path.is_file():
            raise IntegrityError(f"artifact of {entry.name} v{entry.version} is missing: {path}")
        actual = sha256_file(path)
        if actual != entry.sha256:
            raise IntegrityError(
                f"artifact of {entry.name} v{entry.version} changed since registration "
                f"(sha256 {actual[:12]}, recorded {entry.sha256[:12]})"
            )
        return path
