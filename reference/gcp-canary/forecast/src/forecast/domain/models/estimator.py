"""The estimator: scikit-learn gradient-boosted trees over the engineered features, via joblib.

joblib artifacts are pickles: loading one runs code, so the registry verifies the SHA-256 of the
artifact before it calls ``load`` and only artifacts this service wrote are ever loaded.
"""

from pathlib import Path
from typing import Any

import joblib
import numpy as np
from sklearn.ensemble import HistGradientBoostingRegressor
from threadpoolctl import threadpool_limits

from .dataset import Matrix, features

FORMAT = "sklearn-joblib"
ARTIFACT = "model.joblib"
DEFAULT_PARAMS: dict[str, Any] = {"max_iter": 100, "learning_rate": 0.1, "max_leaf_nodes": 15}
# Deliberately under-fitted: what the evaluation gate must refuse to promote.
WEAK_PARAMS: dict[str, Any] = {"max_iter": 30, "learning_rate": 0.1, "max_leaf_nodes": 4}
# One thread: on thousands of rows OpenMP start-up and contention cost more than they save
# (measured 100x slower on a busy 2-core host).
THREADS = 1


class EnergyModel:
    def __init__(self, regressor: HistGradientBoostingRegressor) -> None:
        self._regressor = regressor

    @classmethod
    def fit(cls, raw: Matrix, target_kwh: Matrix, params: dict[str, Any]) -> "EnergyModel":
        regressor = HistGradientBoostingRegressor(
            max_iter=int(params["max_iter"]),
            learning_rate=float(params["learning_rate"]),
            max_leaf_nodes=int(params["max_leaf_nodes"]),
            early_stopping=False,
            random_state=0,
        )
        with threadpool_limits(limits=THREADS):
            regressor.fit(features(raw), target_kwh)
        return cls(regressor)

    def predict(self, raw: Matrix) -> Matrix:
        with threadpool_limits(limits=THREADS):
            return np.asarray(self._regressor.predict(features(raw)), dtype=np.float64)

    def save(self, path: Path) -> None:
        joblib.dump(self._regressor, path)

    @classmethod
    def load(cls, path: Path) -> "EnergyModel":
        regressor = joblib.load(path)
        if not isinstance(regressor, HistGradientBoostingRegressor):
            raise TypeError(f"{path} does not hold a HistGradientBoostingRegressor")
        return cls(regressor)
