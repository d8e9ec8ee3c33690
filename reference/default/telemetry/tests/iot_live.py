"""Test helpers: the app served by a real uvicorn on loopback, and a client of its live feed
(WebSocket, as the decisions chose for the web app)."""

import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn
from fastapi import FastAPI
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

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
    """``/v1/buildings/{id}/live`` over WebSocket: one JSON reading per message."""

    def __init__(self, base_url: str, building_id: str) -> None:
        url = base_url.replace("http://", "ws://") + f"/v1/buildings/{building_id}/live"
        # connect() is meant for a with block; this object's close() is its exit.
        self.connecting = connect(url, open_timeout=10)
        self.connection: ClientConnection = self.connecting.__enter__()

    def next(self, timeout: float = 10.0) -> dict[str, Any] | None:
        """The next reading, or None when the server closed the feed."""
        try:
            return json.loads(self.connection.recv(timeout=timeout))
        except ConnectionClosed:
            return None

    @property
    def close_code(self) -> int | None:
        return self.connection.close_code

    def close(self) -> None:
        self.connecting.__exit__(None, None, None)
