"""The contract check fails a service whose schema allows inputs it cannot handle, and passes one that can."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from arxscaffold.smoke.service import api_contract

SCHEMA = {
    "openapi": "3.1.0",
    "info": {"title": "probe", "version": "1"},
    "paths": {
        "/v1/square": {
            "get": {
                "parameters": [{"name": "x", "in": "query", "required": True, "schema": {"type": "integer"}}],
                "responses": {"200": {"description": "the square"}, "422": {"description": "bad x"}},
            }
        }
    },
}


@contextmanager
def service(breaks_on_odd: bool, hides_not_found: bool = False) -> Iterator[str]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path == "/openapi.json":
                return self._send(200, SCHEMA)
            raw = self.path.partition("x=")[2]
            try:
                x = int(raw)
            except ValueError:
                return self._send(422, {"detail": "x must be an integer"})
            if x < 0 and hides_not_found:
                return self._send(404, {"detail": "no square below zero"})  # not in the document
            if x % 2 and breaks_on_odd:
                return self._send(500, {"detail": "boom"})
            return self._send(200, {"square": x * x})

        def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
            # The stdlib answers 501 to a method it has no handler for; a real service says 405 and
            # lists what it allows.
            if code != 501:
                return super().send_error(code, message, explain)
            self.send_response(405)
            self.send_header("Allow", "GET")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None

        def _send(self, code: int, body: object) -> None:
            data = json.dumps(body).encode()
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


def test_a_service_that_handles_what_its_schema_allows_passes() -> None:
    with service(breaks_on_odd=False) as base:
        assert "no 5xx" in api_contract.check(base)


def test_a_server_error_on_a_schema_valid_input_fails_with_the_report() -> None:
    with service(breaks_on_odd=True) as base, pytest.raises(AssertionError, match="server errors"):
        api_contract.check(base)


def test_an_answer_the_schema_does_not_document_fails() -> None:
    with (
        service(breaks_on_odd=False, hides_not_found=True) as base,
        pytest.raises(AssertionError, match="Undocumented status code"),
    ):
        api_contract.check(base)


def test_every_system_test_runs_the_smokes_schemathesis_pin_and_choices() -> None:
    """One source: the smoke's per-service run and each system's `make system-test` read the same partials."""
    requirement, seed, excluded = api_contract.settings()
    reference = Path(__file__).resolve().parents[2] / "reference"
    pinned = sorted(reference.glob("*/scripts/requirements.txt"))
    assert pinned and all(requirement in f.read_text().splitlines() for f in pinned)
    test = (reference / "default" / "tests" / "system" / "test_system.py").read_text()
    assert f'SCHEMATHESIS_SEED = "{seed}"' in test
    assert f"EXCLUDED_CHECKS = {json.dumps(list(excluded))}" in test
