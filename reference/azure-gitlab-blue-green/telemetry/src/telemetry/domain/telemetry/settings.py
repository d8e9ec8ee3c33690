"""Settings of the IoT core, read from the same ``TELEMETRY_*`` variables as the service."""

from pydantic import Field
from pydantic_settings import BaseSettings

from ...core.config import settings_config


class TelemetrySettings(BaseSettings):
    model_config = settings_config()

    # SQLite for local runs and tests; deployments set
    # postgresql+psycopg://host:5432/db, with PGUSER/PGPASSWORD in the environment
    # (libpq reads them, so no password sits in a URL; the psycopg driver is installed).
    database_url: str = "sqlite:///data/telemetry.sqlite3"
    # A device is offline when its last accepted reading is older than this.
    offline_after_seconds: int = Field(default=300, ge=1)
