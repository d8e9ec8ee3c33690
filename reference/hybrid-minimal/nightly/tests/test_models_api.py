"""The registry and inference over HTTP, and the start-up contract."""

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from nightly.core.config import Settings
from nightly.domain.models.estimator import WEAK_PARAMS
from nightly.domain.models.pipeline import train_and_register
from nightly.domain.models.registry import Registry
from nightly.domain.models.serving import NoProductionModelError
from nightly.main import create_app

PREFIX = "NIGHTLY_"
TOLERANCE = 0.02


@pytest.fixture(autouse=True)
def _clean_model_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for field in ("REGISTRY_DIR", "MODEL_NAME", "BOOTSTRAP"):
        monkeypatch.delenv(PREFIX + field, raising=False)


def test_bootstrap_trains_a_production_model(client: TestClient) -> None:
    assert client.get("/v1/models").json() == ["energy"]
    body = client.get("/v1/models/energy").json()
    assert (body["production"], body["staging"]) == (1, 1)
    assert body["versions"][0]["metrics"]["r2"] > 0.95
    assert client.get("/v1/models/nothing").status_code == 404


def test_start_without_bootstrap_fails_on_an_empty_registry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(PREFIX + "REGISTRY_DIR", str(tmp_path))
    monkeypatch.setenv(PREFIX + "BOOTSTRAP", "false")
    app = create_app(Settings())
    with (
        pytest.raises(NoProductionModelError, match="no production version of model 'energy'"),
        TestClient(app),
    ):
        pass


def test_start_loads_an_existing_registry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    registry = Registry(tmp_path)
    train_and_register(registry, rows=500)
    train_and_register(registry, rows=500, seed=8)
    registry.promote("energy", 2, "production", force=True)
    monkeypatch.setenv(PREFIX + "REGISTRY_DIR", str(tmp_path))
    monkeypatch.setenv(PREFIX + "BOOTSTRAP", "false")
    with TestClient(create_app(Settings())) as client:
        assert client.get("/v1/models/energy").json()["production"] == 2
        rolled = client.post("/v1/models/energy:rollback")
        assert rolled.status_code == 200 and rolled.json()["production"] == 1
        assert client.post("/v1/models/energy:rollback").status_code == 409


def test_train_endpoint_and_gate_refusal(client: TestClient) -> None:
    weak = client.post("/v1/models/energy:train", json={"params": WEAK_PARAMS})
    assert weak.status_code == 201
    assert weak.json()["version"] == 2 and weak.json()["promoted"] is False
    refused = client.post("/v1/models/energy/versions/2:promote", json={"stage": "production"})
    assert refused.status_code == 409 and "worse than production" in refused.json()["detail"]
    assert client.get("/v1/models/energy").json()["production"] == 1
