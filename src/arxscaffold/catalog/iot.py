"""IoT service decisions: the `iot` section of the decisions file."""

from __future__ import annotations

from arxscaffold.catalog.model import Area, Option, choice
from arxscaffold.catalog.runtime import runtime

AREA = Area(
    "iot",
    "IoT service",
    7,
    "Building systems and sensors send telemetry over MQTT and HTTP; devices must be registered and "
    "their readings validated.",
    ("Protocol support (MQTT, Modbus, BACnet)", "Throughput of ingestion", "Device security"),
    (
        runtime("iot"),
        choice(
            "iot.ingestion",
            "Telemetry transports",
            "mqtt-and-http",
            (
                Option(
                    "mqtt-and-http",
                    "MQTT subscriber and HTTP endpoint",
                    (
                        "MQTT is what gateways and sensors speak; QoS 1 and reconnects built in",
                        "HTTP for devices and scripts that cannot hold a connection",
                    ),
                    ("Needs an MQTT broker (mosquitto, EMQX, a cloud IoT hub) to receive MQTT",),
                ),
                Option(
                    "http",
                    "HTTP endpoint only",
                    ("Nothing to run beside the service", "Works through any HTTP proxy"),
                    ("One request per batch; no push from constrained devices",),
                ),
            ),
            "How devices send readings; both authenticate each device with its own token.",
        ),
        choice(
            "iot.field_protocol",
            "Building-protocol adapter",
            "modbus-tcp",
            (
                Option(
                    "modbus-tcp",
                    "Modbus TCP poller (pymodbus)",
                    ("Most meters, chillers and AHU controllers speak it", "Tested against a real server"),
                    ("Polling only; register maps differ per device",),
                ),
                Option(
                    "none",
                    "No field adapter",
                    ("Smaller service when devices publish themselves",),
                    ("Legacy BMS equipment needs a separate gateway",),
                ),
                Option(
                    "bacnet-ip",
                    "BACnet/IP adapter",
                    ("The native protocol of building automation systems",),
                    ("Needs a BACnet stack and broadcast-capable networking; not generated yet",),
                    supported=False,
                ),
            ),
            "Adapter that polls field devices and stores their points as readings.",
        ),
        choice(
            "iot.storage",
            "Device and reading storage",
            "sqlite",
            (
                Option(
                    "sqlite",
                    "SQLite file (SQLAlchemy + Alembic)",
                    ("Nothing to run; one file to back up", "Same migrations as PostgreSQL"),
                    ("One writer at a time; one replica only",),
                ),
                Option(
                    "postgresql",
                    "PostgreSQL by URL (psycopg driver installed)",
                    ("Many replicas, concurrent writers, managed backups",),
                    ("A database server to run; SQLite still used for local runs and tests",),
                ),
            ),
            "Where buildings, devices, readings and dead letters live; Alembic migrates either.",
        ),
    ),
    kinds=("iot-service",),
    confirmation="service smoke: own tests (pymodbus server on loopback), start, /healthz answers 200, "
    "a building created, a device provisioned in it and a reading published through mosquitto read back",
)
