"""The registry and inference over HTTP, and the start-up contract."""

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from insight.core.config import Settings
from insight.domain.models.estimator import WEAK_PARAMS
from insight.domain.models.pipeline import train_and_register
from insight.domain.models.registry import Registry
from insight.domain.models.serving import NoProductionModelError
from insight.main import create_app

PREFIX = "INSIGHT_"
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


def test_predict_answers_in_kwh_and_pins_versions(client: TestClient) -> None:
    rows = [
        {"floor_area_m2": 1000, "occupancy": 50, "outdoor_temp_c": 5.5},
        {"floor_area_m2": 1000, "occupancy": 5, "outdoor_temp_c": 5.5, "weekend": True},
    ]
    response = client.post("/v1/models/energy:predict", json={"rows": rows})
    assert response.status_code == 200
    body = response.json()
    assert (body["model"], body["version"]) == ("energy", 1)
    weekday, weekend = body["predictions_kwh"]
    # Truth: 315 kWh on the weekday; the weekend drops 20 kWh of weekday load, 67.5 of people.
    assert weekday == pytest.approx(315.0, rel=TOLERANCE)
    assert weekend < weekday - 50
    client.post("/v1/models/energy:train", json={"rows": 500, "seed": 3})
    pinned = client.post("/v1/models/energy:predict", json={"rows": rows, "version": 1}).json()
    assert pinned["version"] == 1 and pinned["predictions_kwh"] == body["predictions_kwh"]
    missing = client.post("/v1/models/energy:predict", json={"rows": rows, "version": 9})
    assert missing.status_code == 404
    unknown = client.post("/v1/models/nothing:predict", json={"rows": rows})
    assert unknown.status_code == 404, "an unknown model is the client's error, not a 5xx"


def test_predict_without_a_production_version_is_a_conflict(client: TestClient) -> None:
    registry: Registry = client.app.state.model_store.registry  # type: ignore[attr-defined]
    registry.register(
        "draft",
        lambda path: path.write_bytes(b"not loaded"),
        format="none",
        artifact="model.bin",
        data_fingerprint="none",
        params={},
        metrics={},
    )
    rows = [{"floor_area_m2": 1000, "occupancy": 50, "outdoor_temp_c": 5.5}]
    answer = client.post("/v1/models/draft:predict", json={"rows": rows})
    assert answer.status_code == 409, "a model with no production version is the client's conflict"
    assert "no production version" in answer.json()["detail"]


@pytest.mark.parametrize(
    "body",
    [
        {"rows": []},
        {"rows": [{"floor_area_m2": 0, "occupancy": 5, "outdoor_temp_c": 10}]},
        {"rows": [{"floor_area_m2": 100, "occupancy": -1, "outdoor_temp_c": 10}]},
        {"rows": [{"floor_area_m2": 100, "occupancy": 5, "outdoor_temp_c": 99}]},
        {"rows": [{"floor_area_m2": 100, "occupancy": 5}]},
        {"rows": [{"floor_area_m2": 100, "occupancy": 5, "outdoor_temp_c": 10}], "version": 0},
    ],
)
def test_predict_rejects_invalid_input(client: TestClient, body: dict[str, object]) -> None:
    assert client.post("/v1/models/energy:predict", json=body).status_code == 422
