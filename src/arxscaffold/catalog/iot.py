"""IoT service decisions: the `iot` section of the decisions file."""

from __future__ import annotations

from arxscaffold.catalog.model import Area
from arxscaffold.catalog.runtime import runtime

AREA = Area(
    "iot",
    "IoT service",
    7,
    "Building systems and sensors send telemetry over MQTT and HTTP; devices must be registered and "
    "their readings validated.",
    ("Protocol support (MQTT, Modbus, BACnet)", "Throughput of ingestion", "Device security"),
    (runtime("iot"),),
    kinds=("iot-service",),
    confirmation="service smoke: own tests, start, /healthz answers 200",
)
