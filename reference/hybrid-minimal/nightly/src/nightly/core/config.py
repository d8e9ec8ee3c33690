"""Typed settings read from environment variables.

Each field is set by its upper-cased name behind ``env_prefix``, e.g. ``<prefix>PORT``.
"""

from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="NIGHTLY_",
        extra="ignore",
    )

    service_name: str = "nightly"
    # Loopback by default; the container image overrides it with 0.0.0.0.
    host: str = "127.0.0.1"
    port: int = Field(default=8101, ge=1, le=65535)
    log_level: LogLevel = "INFO"
    graceful_shutdown_seconds: int = Field(default=10, ge=0, le=300)

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper_log_level(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value
