"""Validation shared by every transport: what a telemetry message is, and what gets rejected.

A rejected message is never dropped silently: it goes to the dead-letter table with the
reason, so an operator can see which device sends what and replay it after a fix.

MQTT messages come in batches (``mqtt_batch``): parsed and validated without the database,
then every device of the batch authenticated with one query, and all readings and dead
letters committed in one transaction.
"""

import hmac
from collections.abc import Sequence
from datetime import UTC, timedelta
from typing import Annotated

from pydantic import BaseModel, Field, ValidationError

from ...core.values import Number, Timestamp
from .store import Rejection, Sample, TelemetryStore, digest

DEVICE_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$"
METRIC_PATTERN = r"^[a-z][a-z0-9_]{0,63}$"
MAX_BATCH = 500
# Readings stamped further ahead than this come from a device with a broken clock.
MAX_CLOCK_SKEW = timedelta(minutes=5)

Metric = Annotated[str, Field(pattern=METRIC_PATTERN)]


class SampleIn(BaseModel):
    metric: Metric
    value: Number = Field(allow_inf_nan=False)
    timestamp: Timestamp


class Batch(BaseModel):
    readings: list[SampleIn] = Field(min_length=1, max_length=MAX_BATCH)


class DeviceMessage(Batch):
    """An MQTT payload: the batch plus the device's token (brokers differ in how they
    authenticate clients, so the service checks the device itself)."""

    token: str = Field(min_length=1, max_length=200)


class RejectedError(Exception):
    """A message the service will not store; ``status`` is the HTTP status to answer."""

    def __init__(self, reason: str, status: int = 422) -> None:
        super().__init__(reason)
        self.reason, self.status = reason, status


class Ingestor:
    def __init__(self, store: TelemetryStore) -> None:
        self.store = store

    def accept(self, device_id: str, token: str, batch: Batch, source: str) -> int:
        """Authenticate, check timestamps, store; raise RejectedError otherwise."""
        if not self.store.authenticate(device_id, token):
            raise RejectedError("unknown device or wrong token", status=401)
        return self.store.store(device_id, self._samples(batch), source)

    def _samples(self, batch: Batch) -> list[Sample]:
        newest_allowed = self.store.clock() + MAX_CLOCK_SKEW
        future = [r for r in batch.readings if r.timestamp > newest_allowed]
        if future:
            raise RejectedError(f"{len(future)} reading(s) stamped in the future")
        # Stored in UTC, so one instant is one reading whatever offset the device sent.
        return [Sample(r.metric, r.value, r.timestamp.astimezone(UTC)) for r in batch.readings]

    def http(self, device_id: str, token: str, body: bytes) -> int:
        """HTTP body -> stored readings; failures are dead-lettered and re-raised."""
        topic = f"http:/v1/devices/{device_id}/telemetry"
        try:
            return self.accept(device_id, token, Batch.model_validate_json(body), "http")
        except ValidationError as exc:
            self.store.dead_letter("http", topic, _summary(exc), body)
            raise RejectedError(_summary(exc)) from exc
        except RejectedError as exc:
            self.store.dead_letter("http", topic, exc.reason, body)
            raise

    def mqtt(self, topic: str, payload: bytes) -> int:
        """MQTT message on ``<prefix>/<device_id>/telemetry``; returns readings stored
        (0 when the message was dead-lettered)."""
        return self.mqtt_batch([(topic, payload)])

    def mqtt_batch(self, messages: Sequence[tuple[str, bytes]]) -> int:
        """Store a batch of MQTT messages in one transaction; returns the readings accepted.

        Invalid messages become dead letters in the same transaction. A database error
        propagates and nothing of the batch is committed, so the caller may retry it whole.
        """
        parsed: list[tuple[str, str, bytes, DeviceMessage]] = []
        rejected: list[Rejection] = []
        for topic, payload in messages:
            parts = topic.split("/")
            try:
                if len(parts) != 3 or parts[2] != "telemetry":
                    raise RejectedError("topic is not <prefix>/<device_id>/telemetry")
                message = DeviceMessage.model_validate_json(payload)
                parsed.append((parts[1], topic, payload, message))
            except ValidationError as exc:
                rejected.append(Rejection("mqtt", topic, _summary(exc), payload))
            except RejectedError as exc:
                rejected.append(Rejection("mqtt", topic, exc.reason, payload))
        digests = self.store.token_digests(device for device, *_ in parsed) if parsed else {}
        accepted: dict[str, list[Sample]] = {}
        for device, topic, payload, message in parsed:
            known = digests.get(device)
            try:
                # compare_digest: no early exit, so timing does not leak a digest's prefix.
                if known is None or not hmac.compare_digest(known, digest(message.token)):
                    raise RejectedError("unknown device or wrong token", status=401)
                accepted.setdefault(device, []).extend(self._samples(message))
            except RejectedError as exc:
                rejected.append(Rejection("mqtt", topic, exc.reason, payload))
        return self.store.commit(accepted, "mqtt", rejected)


def _summary(exc: ValidationError) -> str:
    return "; ".join(
        f"{'.'.join(str(p) for p in e['loc']) or 'body'}: {e['msg']}" for e in exc.errors()
    )
