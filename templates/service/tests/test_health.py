from fastapi import FastAPI
from fastapi.testclient import TestClient


def test_healthz_is_ok(client: TestClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_is_503_before_startup(app: FastAPI) -> None:
    # No ``with`` block: the lifespan has not run, so startup is not finished.
    response = TestClient(app).get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"status": "starting"}


def test_readyz_follows_lifecycle(app: FastAPI) -> None:
    with TestClient(app) as client:
        ready = client.get("/readyz")
        assert ready.status_code == 200
        assert ready.json()["status"] == "ready"
    # After lifespan shutdown the service must report itself unavailable again.
    stopping = TestClient(app).get("/readyz")
    assert stopping.status_code == 503
    assert stopping.json()["status"] == "stopping"


def test_request_id_is_echoed_or_generated(client: TestClient) -> None:
    echoed = client.get("/healthz", headers={"X-Request-ID": "abc-123"})
    assert echoed.headers["x-request-id"] == "abc-123"
    generated = client.get("/healthz", headers={"X-Request-ID": "bad id\twith spaces"})
    assert len(generated.headers["x-request-id"]) == 32
    assert generated.headers["x-request-id"] != "bad id\twith spaces"
