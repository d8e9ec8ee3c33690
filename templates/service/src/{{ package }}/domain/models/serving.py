"""Resolve and load models for scoring: a pinned version or the production stage, cached."""

from .dataset import RAW_COLUMNS, Matrix
from .estimator import FORMAT, EnergyModel
from .registry import ModelVersion, Registry, RegistryError


class NoProductionModelError(RegistryError):
    """The registry holds no production version of the requested model."""


class ModelStore:
    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self._loaded: dict[tuple[str, int], EnergyModel] = {}

    def resolve(self, name: str, version: int | None = None) -> ModelVersion:
        if version is not None:
            return self.registry.get(name, version)
        # Read the stage on every call: a promotion by a replica or the CLI applies at once.
        entry = self.registry.at_stage(name, "production")
        if entry is None:
            raise NoProductionModelError(
                f"the registry at {self.registry.root} has no production version of model "
                f"{name!r}: run `make train` against it, or start with bootstrap training enabled"
            )
        return entry

    def model(self, entry: ModelVersion) -> EnergyModel:
        key = (entry.name, entry.version)
        if key not in self._loaded:
            if entry.format != FORMAT:
                raise RegistryError(
                    f"{entry.name} v{entry.version} is a {entry.format} model; "
                    f"this service loads {FORMAT}"
                )
            self._loaded[key] = EnergyModel.load(self.registry.artifact_path(entry))
        return self._loaded[key]

    def predict(
        self, name: str, raw: Matrix, version: int | None = None
    ) -> tuple[ModelVersion, Matrix]:
        if raw.ndim != 2 or raw.shape[1] != len(RAW_COLUMNS):
            raise ValueError(f"rows must have the columns {', '.join(RAW_COLUMNS)}")
        entry = self.resolve(name, version)
        return entry, self.model(entry).predict(raw)
