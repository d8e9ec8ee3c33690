"""Typed settings read from environment variables and, in a pod, from its Secret's files.

Each field is set by its upper-cased name behind ``env_prefix``, e.g. ``<prefix>PORT``: as an
environment variable, or as a file of that name in ``SECRETS_DIR`` (where the deployment mounts the
component's Secret, so tokens and database URLs never sit in a ConfigMap). Variables win over files.
"""

from pathlib import Path
from typing import Literal, Self

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]
ENV_PREFIX = "FORECAST_"
SECRETS_DIR = Path("/run/secrets/app")


def settings_config() -> SettingsConfigDict:
    """What every settings class here reads: one prefix, and the Secret's files if mounted."""
    secrets = SECRETS_DIR if SECRETS_DIR.is_dir() else None  # pydantic warns about a missing folder
    return SettingsConfigDict(env_prefix=ENV_PREFIX, extra="ignore", secrets_dir=secrets)


class Settings(BaseSettings):
    model_config = settings_config()

    service_name: str = "forecast"
    # Loopback by default; the container image overrides it with 0.0.0.0.
    host: str = "127.0.0.1"
    port: int = Field(default=8101, ge=1, le=65535)
    log_level: LogLevel = "INFO"
    graceful_shutdown_seconds: int = Field(default=10, ge=0, le=300)
    # Bearer token of every write (see core/auth.py); from the pod's Secret, never a ConfigMap.
    admin_token: SecretStr = SecretStr("")
    # Deployed environments set it (their ConfigMap): no token there is a refusal to start, as
    # an empty one would leave every write open to whoever reaches the service.
    require_admin_token: bool = False

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper_log_level(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @model_validator(mode="after")
    def _token_when_required(self) -> Self:
        if self.require_admin_token and not self.admin_token.get_secret_value():
            raise ValueError(
                f"{ENV_PREFIX}REQUIRE_ADMIN_TOKEN is true but {ENV_PREFIX}ADMIN_TOKEN is empty: "
                f"set the variable, or that key in the Secret mounted at {SECRETS_DIR}"
            )
        return self
