import os
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from kpis.core.config import Settings
from kpis.main import create_app


@pytest.fixture
def app(monkeypatch: pytest.MonkeyPatch) -> FastAPI:
    # Tests must not depend on whatever settings variables the shell exports.
    prefix = Settings.model_config["env_prefix"]
    for variable in [v for v in os.environ if v.startswith(prefix)]:
        monkeypatch.delenv(variable)
    # The generated sample, asked for explicitly: the service never falls back to it on its own.
    monkeypatch.setenv(f"{prefix}SAMPLE_DATA", "true")
    return create_app(Settings())


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    """A client with the lifespan running, i.e. a started, ready service."""
    with TestClient(app) as test_client:
        yield test_client
