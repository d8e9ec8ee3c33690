"""Test helpers: the app served by a real uvicorn on loopback, and a client of its live feed
(server-sent events, as the decisions chose for the web app)."""

import http.client
import json
import queue
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn
from fastapi import FastAPI

from telemetry.core.lifecycle import Lifecycle


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Served:
    def __init__(self, app: FastAPI, port: int) -> None:
        self.app, self.port = app, port
        self.server = uvicorn.Server(
            uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None, access_log=False)
        )
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self, timeout: float = 10.0) -> bool:
        """Stop as a SIGTERM does (readiness withdrawn, then uvicorn drains); True when the
        server finished within ``timeout``, i.e. no request handler kept it waiting."""
        self.app.state.lifecycle = Lifecycle.STOPPING
        self.server.should_exit = True
        self.thread.join(timeout)
        return not self.thread.is_alive()


@contextmanager
def serve(app: FastAPI) -> Iterator[Served]:
    served = Served(app, free_port())
    served.thread.start()
    deadline = time.monotonic() + 30
    while not served.server.started:
        assert served.thread.is_alive(), "uvicorn exited during start-up"
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    try:
        yield served
    finally:
        if served.thread.is_alive():
            served.server.force_exit = True
            served.stop()


class LiveFeed:
    """``/v1/buildings/{id}/live`` as server-sent events: ``event: reading``, ``data: <JSON>``."""

    def __init__(self, base_url: str, building_id: str) -> None:
        host, _, port = base_url.removeprefix("http://").partition(":")
        self.connection = http.client.HTTPConnection(host, int(port), timeout=30)
        self.connection.connect()
        # Kept to shut the stream from the test's thread while the reader blocks on it.
        self.socket = self.connection.sock
        path = f"/v1/buildings/{building_id}/live"
        self.connection.request("GET", path, headers={"Accept": "text/event-stream"})
        self.response = self.connection.getresponse()
        self.status = self.response.status
        self.content_type = self.response.getheader("content-type", "")
        # A reader thread: urllib has no read timeout per event, the queue gives one.
        self.events: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self.reader = threading.Thread(target=self._read, daemon=True)
        if self.status == 200:
            self.reader.start()

    def _read(self) -> None:
        event: dict[str, str] = {}
        try:
            for raw in self.response:
                line = raw.decode().rstrip("\n")
                if line.startswith(":"):
                    continue
                if line:
                    field, _, value = line.partition(": ")
                    event[field] = value
                    continue
                if event.get("event") == "reading":
                    reading = json.loads(event["data"])
                    assert event["id"] == str(reading["seq"])
                    self.events.put(reading)
                event = {}
        except (OSError, ValueError):
            pass  # closed by close()
        self.events.put(None)

    def next(self, timeout: float = 10.0) -> dict[str, Any] | None:
        """The next reading, or None when the server ended the stream."""
        return self.events.get(timeout=timeout)

    def close(self) -> None:
        self.socket.shutdown(socket.SHUT_RDWR)
        if self.reader.ident is not None:
            self.reader.join(5)
        self.response.close()
        self.connection.close()
