"""Placeholder domain core: an in-memory store of the latest telemetry reading per metric.

It keeps, for each device, the newest reading of every metric by reading timestamp, so
late or replayed messages never overwrite fresher data. State lives in process memory and
is lost on restart; a later template version replaces this with the IoT service's
ingestion pipeline and time-series storage.
"""

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class Reading:
    device_id: str
    metric: str
    value: float
    timestamp: datetime


class ReadingStore:
    """Latest reading per (device, metric). Used from one event loop, so no locking."""

    def __init__(self, max_devices: int = 10_000) -> None:
        self._latest: dict[str, dict[str, Reading]] = {}
        self._max_devices = max_devices

    def add(self, reading: Reading) -> bool:
        """Store ``reading``; return False if a newer one for the same metric is kept."""
        metrics = self._latest.get(reading.device_id)
        if metrics is None:
            # Bound memory: an unbounded device set would let any client exhaust RAM.
            if len(self._latest) >= self._max_devices:
                raise OverflowError("device capacity reached")
            metrics = self._latest[reading.device_id] = {}
        current = metrics.get(reading.metric)
        if current is not None and current.timestamp > reading.timestamp:
            return False
        metrics[reading.metric] = reading
        return True

    def latest(self, device_id: str) -> dict[str, Reading] | None:
        metrics = self._latest.get(device_id)
        return dict(metrics) if metrics is not None else None
