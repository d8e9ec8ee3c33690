import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import uvicorn
from fastapi import FastAPI

from kpis.__main__ import ReadinessAwareServer
from kpis.core.config import Settings
from kpis.core.lifecycle import Lifecycle


def test_signal_withdraws_readiness_before_draining(app: FastAPI) -> None:
    app.state.lifecycle = Lifecycle.READY
    server = ReadinessAwareServer(uvicorn.Config(app), app)
    server.handle_exit(signal.SIGTERM, None)
    assert app.state.lifecycle is Lifecycle.STOPPING
    assert server.should_exit


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=1) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


def test_sigterm_shuts_down_gracefully() -> None:
    port = _free_port()
    prefix = Settings.model_config["env_prefix"]
    env = {**os.environ, f"{prefix}HOST": "127.0.0.1", f"{prefix}PORT": str(port)}
    # Ready needs a data source: the generated sample, asked for explicitly.
    env.update({f"{prefix}SAMPLE_DATA": "true", f"{prefix}IOT_URL": ""})
    proc = subprocess.Popen(
        [sys.executable, "-m", "kpis"],
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        # A guard against a hang, not a speed limit: start-up work (e.g. bootstrap training) on a
        # loaded CI machine can take tens of seconds.
        deadline = time.monotonic() + 90
        while True:
            try:
                if _get(f"http://127.0.0.1:{port}/readyz") == 200:
                    break
            except OSError:
                pass
            assert proc.poll() is None, "service exited during startup"
            assert time.monotonic() < deadline, "service did not become ready"
            time.sleep(0.05)
        proc.send_signal(signal.SIGTERM)
        stdout, _ = proc.communicate(timeout=15)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0
    messages = [json.loads(line)["message"] for line in stdout.splitlines()]
    assert "shutdown signal received" in messages
    assert messages.index("shutdown signal received") < messages.index("shutdown complete")
