"""Settings of the IoT core, read from the same ``TELEMETRY_*`` variables as the service."""

from pydantic import Field
from pydantic_settings import BaseSettings

from ...core.config import settings_config


class TelemetrySettings(BaseSettings):
    model_config = settings_config()

    # SQLite beside the process; outgrowing one file means a PostgreSQL URL plus psycopg.
    database_url: str = "sqlite:///data/telemetry.sqlite3"
    # A device is offline when its last accepted reading is older than this.
    offline_after_seconds: int = Field(default=300, ge=1)
    # Empty: no MQTT subscription (HTTP ingestion still works), e.g. mqtt://127.0.0.1:1883.
    mqtt_url: str = ""
    mqtt_topic_prefix: str = Field(default="buildings", pattern=r"^[A-Za-z0-9_-]+$")
    # Stable per replica, so a restarted replica resumes its broker session and receives what
    # was queued for it. Empty: "<service name>-<host name>" (a pod's name survives a restart
    # of its container, not a reschedule: see the README).
    mqtt_client_id: str = Field(default="", pattern=r"^[A-Za-z0-9_.:-]{0,128}$")
    # Replicas with the same group share the subscription ($share/<group>/...), each message
    # going to one of them. Empty: a plain subscription (every client receives everything).
    mqtt_share_group: str = Field(default="telemetry", pattern=r"^[A-Za-z0-9_-]{0,64}$")
    # Messages committed per transaction at most.
    mqtt_max_batch: int = Field(default=500, ge=1, le=10000)
    # Empty: no Modbus polling. Otherwise host:port of a Modbus TCP gateway or controller.
    modbus_address: str = ""
    modbus_poll_seconds: float = Field(default=10.0, gt=0)
    modbus_unit_id: int = Field(default=1, ge=0, le=247)
    modbus_device_id: str = "modbus-gateway"
    # JSON list of points: [{"metric": "supply_temp_c", "address": 0, "scale": 0.1}, ...]
    modbus_points: str = "[]"
