"""A building energy dataset the service generates: daily energy use vs weather and occupancy.

Rows are building-days. The ground truth is a degree-day model with noise, so a good model is
learnable and a bad one is measurably worse:

    kWh = A * (0.10 + 0.012 * HDD + 0.015 * CDD + 0.02 * weekday) + 1.5 * n + noise

A: floor area (m2), HDD/CDD: heating degrees below 15.5 degC / cooling degrees above 22 degC,
n: occupants. Same seed, same bytes, same fingerprint: training is reproducible.
"""

import hashlib
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

# Raw input columns, in the order every matrix of raw rows uses.
RAW_COLUMNS = ("floor_area_m2", "occupancy", "outdoor_temp_c", "weekend")
FEATURES = ("floor_area_m2", "area_x_hdd", "area_x_cdd", "occupancy", "area_x_weekday")
HEATING_BALANCE_C = 15.5
COOLING_BALANCE_C = 22.0
TRAIN_SEED = 7
# A fixed holdout, never trained on, so every version's metrics are comparable.
EVALUATION_SEED = 1009
EVALUATION_ROWS = 500

Matrix = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Dataset:
    raw: Matrix  # (rows, len(RAW_COLUMNS))
    target_kwh: Matrix  # (rows,)

    @property
    def fingerprint(self) -> str:
        """SHA-256 of the exact float64 bytes: names the data a model was trained on."""
        digest = hashlib.sha256()
        digest.update(np.ascontiguousarray(self.raw, dtype="<f8").tobytes())
        digest.update(np.ascontiguousarray(self.target_kwh, dtype="<f8").tobytes())
        return digest.hexdigest()


def generate(rows: int = 2000, seed: int = TRAIN_SEED) -> Dataset:
    if rows < 10:
        raise ValueError("rows must be at least 10")
    rng = np.random.default_rng(seed)
    area = rng.uniform(200.0, 20_000.0, rows)
    temp = np.clip(rng.normal(12.0, 9.0, rows), -25.0, 40.0)
    weekend = (rng.random(rows) < 2 / 7).astype(np.float64)
    occupancy = np.round(area / 20.0 * rng.uniform(0.3, 1.0, rows) * (1.0 - 0.9 * weekend))
    raw = np.column_stack([area, occupancy, temp, weekend])
    heating = 0.012 * np.maximum(0.0, HEATING_BALANCE_C - temp)
    cooling = 0.015 * np.maximum(0.0, temp - COOLING_BALANCE_C)
    truth = area * (0.10 + heating + cooling + 0.02 * (1.0 - weekend)) + 1.5 * occupancy
    noise = rng.normal(0.0, 0.04, rows) * truth
    return Dataset(raw=raw, target_kwh=np.maximum(truth + noise, 0.0))


def evaluation_set() -> Dataset:
    return generate(EVALUATION_ROWS, EVALUATION_SEED)


def features(raw: Matrix) -> Matrix:
    """Feature engineering: degree terms scale with floor area, as heat loss does."""
    raw = np.atleast_2d(np.asarray(raw, dtype=np.float64))
    area, occupancy, temp, weekend = raw.T
    hdd = np.maximum(0.0, HEATING_BALANCE_C - temp)
    cdd = np.maximum(0.0, temp - COOLING_BALANCE_C)
    return np.column_stack([area, area * hdd, area * cdd, occupancy, area * (1.0 - weekend)])
