"""The estimator: ridge regression over the engineered features, in plain NumPy, saved as ``.npz``.

An ``.npz`` of float arrays loads with ``allow_pickle=False``: reading an artifact never runs code.
Features are standardised before the closed-form solve so ``alpha`` means the same at any scale.
"""

from pathlib import Path
from typing import Any

import numpy as np

from .dataset import FEATURES, Matrix, features

FORMAT = "numpy-npz"
ARTIFACT = "model.npz"
DEFAULT_PARAMS: dict[str, Any] = {"alpha": 1.0}
# Deliberately over-regularised: what the evaluation gate must refuse to promote.
WEAK_PARAMS: dict[str, Any] = {"alpha": 1.0e3}


class EnergyModel:
    def __init__(self, coef: Matrix, intercept: float, mean: Matrix, scale: Matrix) -> None:
        self.coef, self.intercept, self.mean, self.scale = coef, intercept, mean, scale

    @classmethod
    def fit(cls, raw: Matrix, target_kwh: Matrix, params: dict[str, Any]) -> "EnergyModel":
        alpha = float(params["alpha"])
        if alpha < 0:
            raise ValueError("alpha must not be negative")
        x = features(raw)
        mean, scale = x.mean(axis=0), x.std(axis=0)
        scale[scale == 0] = 1.0
        z = (x - mean) / scale
        y_mean = float(target_kwh.mean())
        gram = z.T @ z + alpha * np.eye(len(FEATURES))
        coef = np.linalg.solve(gram, z.T @ (target_kwh - y_mean))
        return cls(coef, y_mean, mean, scale)

    def predict(self, raw: Matrix) -> Matrix:
        z = (features(raw) - self.mean) / self.scale
        return z @ self.coef + self.intercept

    def save(self, path: Path) -> None:
        with path.open("wb") as sink:
            np.savez(
                sink,
                coef=self.coef,
                intercept=np.array([self.intercept]),
                mean=self.mean,
                scale=self.scale,
            )

    @classmethod
    def load(cls, path: Path) -> "EnergyModel":
        with np.load(path, allow_pickle=False) as arrays:
            return cls(
                arrays["coef"], float(arrays["intercept"][0]), arrays["mean"], arrays["scale"]
            )
