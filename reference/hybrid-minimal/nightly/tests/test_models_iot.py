"""Training on the IoT service's readings, against a fake IoT service (httpx2.MockTransport).
This system has no IoT component: the API offers only the synthetic source."""

from fastapi.testclient import TestClient

PREFIX = "NIGHTLY_"


def test_only_the_synthetic_source_is_offered(client: TestClient) -> None:
    assert client.post("/v1/models/energy:train", json={"source": "iot"}).status_code == 422
    trained = client.post("/v1/models/energy:train", json={"rows": 500, "seed": 3})
    assert trained.json()["source"] == "synthetic:rows=500,seed=3"
