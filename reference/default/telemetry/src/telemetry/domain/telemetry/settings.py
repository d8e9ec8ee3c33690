"""Settings of the IoT core, read from the same ``TELEMETRY_*`` variables as the service."""

from pydantic import Field
from pydantic_settings import BaseSettings

from ...core.config import settings_config


class TelemetrySettings(BaseSettings):
    model_config = settings_config()

    # SQLite beside the process; outgrowing one file means a PostgreSQL URL plus psycopg.
    database_url: str = "sqlite:///data/telemetry.sqlite3"
    # When set, provisioning devices needs "Authorization: Bearer <admin_token>".
    admin_token: str = ""
    # A device is offline when its last accepted reading is older than this.
    offline_after_seconds: int = Field(default=300, ge=1)
    # Empty: no MQTT subscription (HTTP ingestion still works), e.g. mqtt://127.0.0.1:1883.
    mqtt_url: str = ""
    mqtt_topic_prefix: str = Field(default="buildings", pattern=r"^[A-Za-z0-9_-]+$")
    # Empty: no Modbus polling. Otherwise host:port of a Modbus TCP gateway or controller.
    modbus_address: str = ""
    modbus_poll_seconds: float = Field(default=10.0, gt=0)
    modbus_unit_id: int = Field(default=1, ge=0, le=247)
    modbus_device_id: str = "modbus-gateway"
    # JSON list of points: [{"metric": "supply_temp_c", "address": 0, "scale": 0.1}, ...]
    modbus_points: str = "[]"
