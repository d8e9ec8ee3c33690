import io
import json
import logging

from fastapi.testclient import TestClient

from telemetry.core.logging import configure_logging, request_id_var


def test_log_lines_are_json_with_context() -> None:
    stream = io.StringIO()
    configure_logging("INFO", "telemetry", stream=stream)
    token = request_id_var.set("req-42")
    try:
        logging.getLogger("test").info("hello", extra={"zone": "north"})
        logging.getLogger("test").debug("below the configured level")
    finally:
        request_id_var.reset(token)
    lines = stream.getvalue().splitlines()
    assert len(lines) == 1
    record = json.loads(lines[0])
    assert record["message"] == "hello"
    assert record["level"] == "INFO"
    assert record["service"] == "telemetry"
    assert record["request_id"] == "req-42"
    assert record["zone"] == "north"
    assert record["ts"].endswith("+00:00")


def test_access_log_carries_the_response_request_id(client: TestClient) -> None:
    stream = io.StringIO()
    configure_logging("INFO", "telemetry", stream=stream)
    response = client.get("/healthz")
    access = [json.loads(line) for line in stream.getvalue().splitlines()]
    access = [r for r in access if r["logger"] == "access"]
    assert len(access) == 1
    assert access[0]["request_id"] == response.headers["x-request-id"]
    assert access[0]["route"] == "/healthz"
    assert access[0]["status"] == 200


def test_access_log_names_the_caller_by_its_user_agent(client: TestClient) -> None:
    stream = io.StringIO()
    configure_logging("INFO", "telemetry", stream=stream)
    client.get("/healthz", headers={"User-Agent": "portal/0.1.0"})
    client.get("/healthz", headers={"User-Agent": "x" * 500})
    access = [json.loads(line) for line in stream.getvalue().splitlines()]
    agents = [r["user_agent"] for r in access if r["logger"] == "access"]
    assert agents == ["portal/0.1.0", "x" * 200]
