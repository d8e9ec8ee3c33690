import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from telemetry.core.config import Settings
from telemetry.main import create_app


@pytest.fixture
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> FastAPI:
    # Tests must not depend on whatever settings variables the shell exports.
    prefix = Settings.model_config["env_prefix"]
    for variable in [v for v in os.environ if v.startswith(prefix)]:
        monkeypatch.delenv(variable)
    # A database of the test's own: nothing one test stores is seen by the next.
    monkeypatch.setenv(f"{prefix}DATABASE_URL", f"sqlite:///{tmp_path}/service.sqlite3")
    return create_app(Settings())


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    """A client with the lifespan running, i.e. a started, ready service."""
    with TestClient(app) as test_client:
        yield test_client
