import re

from fastapi.testclient import TestClient


def _sample(body: str, name: str, **labels: str) -> float:
    """Value of one Prometheus sample, or 0.0 if the series does not exist yet."""
    wanted = ",".join(f'{k}="{v}"' for k, v in sorted(labels.items()))
    for line in body.splitlines():
        match = re.fullmatch(rf"{name}\{{(.*)\}} (\S+)", line)
        if match and ",".join(sorted(match.group(1).split(","))) == wanted:
            return float(match.group(2))
    return 0.0


def test_metrics_exposed_in_prometheus_format(client: TestClient) -> None:
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    assert "# TYPE http_requests_total counter" in response.text
    assert "# TYPE http_request_duration_seconds histogram" in response.text


def test_request_increments_counter_and_histogram(client: TestClient) -> None:
    labels = {"method": "GET", "route": "/healthz", "status": "200"}
    before = client.get("/metrics").text
    for _ in range(3):
        client.get("/healthz")
    after = client.get("/metrics").text
    counter = "http_requests_total"
    assert _sample(after, counter, **labels) - _sample(before, counter, **labels) == 3
    count = "http_request_duration_seconds_count"
    assert _sample(after, count, **labels) - _sample(before, count, **labels) == 3


def test_unknown_paths_share_one_label(client: TestClient) -> None:
    client.get("/no/such/path")
    client.get("/another/missing/path")
    body = client.get("/metrics").text
    labels = {"method": "GET", "route": "unmatched", "status": "404"}
    assert _sample(body, "http_requests_total", **labels) == 2
    assert "/no/such/path" not in body
