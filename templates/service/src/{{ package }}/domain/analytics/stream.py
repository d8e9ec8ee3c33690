"""Real-time rolling windows: the batch engine's rolling mean and anomaly rule, per reading.

Per building it keeps the last ``window`` readings in memory (bounded), so state is lost on
restart and each replica sees only the readings sent to it; put a broker and a stream processor
in front when several replicas must agree.
"""

import statistics
from collections import deque
from dataclasses import dataclass


@dataclass(frozen=True)
class StreamResult:
    building_id: str
    readings: int
    rolling_mean_kwh: float
    anomaly: bool
    z_score: float | None


class RollingDetector:
    def __init__(self, window: int, threshold: float, max_buildings: int = 10_000) -> None:
        if window < 3:
            raise ValueError("window must be at least 3 readings")
        self.window, self.threshold, self.max_buildings = window, threshold, max_buildings
        self._recent: dict[str, deque[float]] = {}
        self._seen: dict[str, int] = {}

    def add(self, building_id: str, energy_kwh: float) -> StreamResult:
        recent = self._recent.get(building_id)
        if recent is None:
            if len(self._recent) >= self.max_buildings:
                raise OverflowError("building capacity reached")
            recent = self._recent[building_id] = deque(maxlen=self.window)
        z = None
        # Score against the window BEFORE this reading, exactly as the batch SQL does.
        if len(recent) == self.window:
            spread = statistics.stdev(recent)
            if spread > 0:
                z = (energy_kwh - statistics.fmean(recent)) / spread
        recent.append(energy_kwh)
        self._seen[building_id] = self._seen.get(building_id, 0) + 1
        return StreamResult(
            building_id=building_id,
            readings=self._seen[building_id],
            rolling_mean_kwh=statistics.fmean(recent),
            anomaly=z is not None and abs(z) > self.threshold,
            z_score=z,
        )
