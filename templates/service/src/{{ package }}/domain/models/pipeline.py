"""The training pipeline: data (generated, or given: e.g. from the IoT service), features, train,
evaluate, register with its lineage, gate, promote."""

from dataclasses import dataclass
from typing import Any

from .dataset import Dataset, evaluation_set, generate
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
    data: Dataset | None = None,
    source: str = "",
) -> TrainResult:
    """Train a candidate, register it in staging, promote it to production if the gate allows.

    Without ``data`` it trains on the generated dataset (``rows``, ``seed``). Every candidate is
    scored on the same generated holdout, so the metrics of all versions stay comparable and the
    gate keeps a model fitted on a little real data out of production until it predicts as well.
    """
    params = {**DEFAULT_PARAMS, **(params or {})}
    if data is None:
        data, source = generate(rows, seed), f"synthetic:rows={rows},seed={seed}"
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
        source=source or "unrecorded",
    )
    registry.promote(name, entry.version, "staging")
    try:
        reason = registry.promote(name, entry.version, "production")
    except GateRefusedError as refused:
        return TrainResult(entry, promoted=False, reason=str(refused))
    return TrainResult(entry, promoted=True, reason=reason)
