"""Metrics on the fixed holdout, and the gate that refuses to promote a worse model."""

from dataclasses import dataclass

import numpy as np

from .dataset import Matrix

# A candidate may be at most this much worse (relative MAE) than production and still replace it:
# retraining on fresh data should not be blocked by noise, a real regression should.
MAE_TOLERANCE = 0.02
MIN_R2 = 0.9


class GateRefusedError(Exception):
    """The candidate is worse than production (or below the absolute bar)."""


@dataclass(frozen=True)
class Verdict:
    promote: bool
    reason: str


def metrics(predicted: Matrix, actual: Matrix) -> dict[str, float]:
    error = predicted - actual
    total = float(((actual - actual.mean()) ** 2).sum())
    return {
        "mae_kwh": float(np.abs(error).mean()),
        "rmse_kwh": float(np.sqrt((error**2).mean())),
        "r2": 1.0 - float((error**2).sum()) / total if total > 0 else 0.0,
    }


def gate(candidate: dict[str, float], production: dict[str, float] | None) -> Verdict:
    if candidate["r2"] < MIN_R2:
        return Verdict(False, f"r2 {candidate['r2']:.4f} is below the bar {MIN_R2}")
    if production is None:
        return Verdict(True, "no production version yet")
    limit = production["mae_kwh"] * (1 + MAE_TOLERANCE)
    if candidate["mae_kwh"] > limit:
        return Verdict(
            False,
            f"MAE {candidate['mae_kwh']:.3f} kWh is worse than production's "
            f"{production['mae_kwh']:.3f} kWh (+{MAE_TOLERANCE:.0%} allowed)",
        )
    return Verdict(True, f"MAE {candidate['mae_kwh']:.3f} <= {limit:.3f} kWh")
