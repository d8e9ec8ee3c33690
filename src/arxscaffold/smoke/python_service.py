"""Smoke check of a Python service: install, lint and test as its README says, then serve and probe."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

from arxscaffold.smoke import process
from arxscaffold.smoke.discover import GeneratedComponent
from arxscaffold.smoke.toolchain import missing, python_toolchain

STEPS = ("install", "lint", "test")


def toolchain() -> str:
    return python_toolchain()


def required_tools() -> list[str]:
    return missing("make", "python3")


def run_step(project: Path, step: str, timeout: float = 600) -> None:
    result = subprocess.run(
        ["make", step], cwd=project, capture_output=True, text=True, timeout=timeout, check=False
    )
    if result.returncode != 0:
        tail = (result.stdout + result.stderr)[-3000:]
        pytest.fail(f"`make {step}` failed in {project.name} (exit {result.returncode}):\n{tail}")


def check(component: GeneratedComponent, project: Path, host: Any) -> str:
    """Raise (pytest.fail) on the first broken step; return a one-line summary when all passed."""
    for step in STEPS:
        run_step(project, step)
    port = process.free_port()
    log = project / "smoke-server.log"
    with process.running(["make", "run"], project, {"HOST": "127.0.0.1", "PORT": str(port)}, log) as server:
        listening = process.wait_until(
            lambda: host.socket(f"tcp://127.0.0.1:{port}").is_listening, timeout=30
        )
        assert listening, f"{component.name} never listened on 127.0.0.1:{port}:\n{server.output()}"
        status, body = process.http_get(f"http://127.0.0.1:{port}/healthz")
        assert status == 200, f"/healthz answered {status}: {body}"
        ready = process.wait_until(
            lambda: process.http_get(f"http://127.0.0.1:{port}/readyz")[0] == 200, timeout=10
        )
        assert ready, f"/readyz never answered 200:\n{server.output()}"
        status, metrics = process.http_get(f"http://127.0.0.1:{port}/metrics")
        assert status == 200 and "# TYPE" in metrics, f"/metrics is not Prometheus text: {status}"
        code = server.stop()
        assert code is not None, f"{component.name} ignored SIGTERM for 20 s:\n{server.output()}"
    assert not host.socket(f"tcp://127.0.0.1:{port}").is_listening, "port still open after stop"
    return f"{component.id}: make {' '.join(STEPS)}, served on :{port}, /healthz 200, /readyz 200"
