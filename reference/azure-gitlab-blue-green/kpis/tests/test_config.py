from pathlib import Path

import pytest
from pydantic import ValidationError

from kpis.core import config
from kpis.core.config import Settings

PREFIX = Settings.model_config["env_prefix"]


def test_prefix_is_derived_from_the_package_name() -> None:
    assert PREFIX == "KPIS_"


def test_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    for field in Settings.model_fields:
        monkeypatch.delenv(f"{PREFIX}{field.upper()}", raising=False)
    settings = Settings()
    assert settings.service_name == "kpis"
    assert settings.host == "127.0.0.1"
    assert settings.port == 8104
    assert settings.log_level == "INFO"
    assert settings.graceful_shutdown_seconds == 10


def test_reads_prefixed_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PREFIX + "HOST", "0.0.0.0")
    monkeypatch.setenv(PREFIX + "PORT", "9000")
    monkeypatch.setenv(PREFIX + "LOG_LEVEL", "debug")
    monkeypatch.setenv(PREFIX + "GRACEFUL_SHUTDOWN_SECONDS", "3")
    monkeypatch.setenv("PORT", "1")  # unprefixed variables must be ignored
    settings = Settings()
    assert (settings.host, settings.port) == ("0.0.0.0", 9000)
    assert settings.log_level == "DEBUG"
    assert settings.graceful_shutdown_seconds == 3


@pytest.mark.parametrize(
    ("variable", "value"),
    [("PORT", "0"), ("PORT", "70000"), ("PORT", "http"), ("LOG_LEVEL", "chatty")],
)
def test_rejects_invalid_values(monkeypatch: pytest.MonkeyPatch, variable: str, value: str) -> None:
    monkeypatch.setenv(PREFIX + variable, value)
    with pytest.raises(ValidationError):
        Settings()


def test_reads_the_pods_secret_files_and_variables_win(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # The pod mounts the component's Secret here: one file per setting, named like its variable.
    (tmp_path / f"{PREFIX}LOG_LEVEL").write_text("warning")
    (tmp_path / f"{PREFIX}SERVICE_NAME").write_text("from-secret")
    monkeypatch.setattr(config, "SECRETS_DIR", tmp_path)
    monkeypatch.delenv(PREFIX + "LOG_LEVEL", raising=False)
    monkeypatch.setenv(PREFIX + "SERVICE_NAME", "from-env")

    class Reloaded(Settings):
        model_config = config.settings_config()

    settings = Reloaded()
    assert settings.log_level == "WARNING"
    assert settings.service_name == "from-env"


def test_a_missing_secrets_folder_is_not_an_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(config, "SECRETS_DIR", tmp_path / "absent")
    assert config.settings_config().get("secrets_dir") is None
