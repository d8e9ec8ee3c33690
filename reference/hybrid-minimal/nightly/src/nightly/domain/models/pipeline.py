"""The training pipeline: generate data, features, train, evaluate, register, gate, promote."""

from dataclasses import dataclass
from typing import Any

from .dataset import evaluation_set, generate
from .estimator import ARTIFACT, DEFAULT_PARAMS, FORMAT, EnergyModel
from .evaluation import GateRefusedError, metrics
from .registry import ModelVersion, Registry

DEFAULT_MODEL = "energy"


@dataclass(frozen=True)
class TrainResult:
    version: ModelVersion
    promoted: bool
    reason: str


def train_and_register(
    registry: Registry,
    name: str = DEFAULT_MODEL,
    params: dict[str, Any] | None = None,
    rows: int = 2000,
    seed: int = 7,
) -> TrainResult:
    """Train a candidate, register it in staging, promote it to production if the gate allows."""
    params = {**DEFAULT_PARAMS, **(params or {})}
    data = generate(rows, seed)
    model = EnergyModel.fit(data.raw, data.target_kwh, params)
    holdout = evaluation_set()
    scores = metrics(model.predict(holdout.raw), holdout.target_kwh)
    entry = registry.register(
        name,
        model.save,
        format=FORMAT,
        artifact=ARTIFACT,
        data_fingerprint=data.fingerprint,
        params=params,
        metrics=scores,
    )
    registry.promote(name, entry.version, "staging")
    try:
        reason = registry.promote(name, entry.version, "production")
    except GateRefusedError as refused:
        return TrainResult(entry, promoted=False, reason=str(refused))
    return TrainResult(entry, promoted=True, reason=reason)
