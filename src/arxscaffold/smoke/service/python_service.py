"""Smoke check of a Python service: install, lint and test as its README says, then serve and probe."""

from __future__ import annotations

import secrets
import subprocess
from contextlib import ExitStack
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from arxscaffold.smoke.harness import process
from arxscaffold.smoke.harness.discover import GeneratedComponent
from arxscaffold.smoke.harness.toolchain import missing, python_toolchain
from arxscaffold.smoke.service import (
    api_contract,
    domain_ai,
    domain_analytics,
    domain_iot,
    domain_physics,
    fake_iot,
    pod_runtime,
)

STEPS = ("install", "lint", "test")
# `make load`, briefly: the generated locust run on loopback must end with no error and no 5xx.
LOAD = ("load", "LOAD_USERS=5", "LOAD_SECONDS=5")
# Kinds that read the IoT service: served alone, they get a stand-in IoT service (fake_iot).
IOT_CONSUMERS = ("ai-service", "analytics-service", "physics-service")
# One real domain request per kind, asserting on numbers, against the running service.
DOMAIN_PROBES: dict[str, ModuleType] = {
    "ai-service": domain_ai,
    "analytics-service": domain_analytics,
    "iot-service": domain_iot,
    "physics-service": domain_physics,
}


def toolchain() -> str:
    return python_toolchain()


def required_tools() -> list[str]:
    return missing("make", "python3")


def run_step(project: Path, step: str, *variables: str, timeout: float = 600) -> str:
    result = subprocess.run(
        ["make", step, *variables], cwd=project, capture_output=True, text=True, timeout=timeout, check=False
    )
    if result.returncode != 0:
        tail = (result.stdout + result.stderr)[-3000:]
        pytest.fail(f"`make {step}` failed in {project.name} (exit {result.returncode}):\n{tail}")
    return result.stdout


def _load(project: Path) -> str:
    """`make load` briefly; its summary line (requests, req/s, p50/p95, errors by status class)."""
    out = run_step(project, *LOAD)
    return next((line for line in out.splitlines() if line.startswith("load: ")), "load: no summary")


def _uses_mqtt(component: GeneratedComponent) -> bool:
    return component.kind == "iot-service" and "mqtt" in str(component.answers.get("iot_ingestion", ""))


def required_tools_for(component: GeneratedComponent) -> list[str]:
    """The base tools, plus the MQTT broker and client an IoT service that ingests MQTT is proven with."""
    tools = required_tools()
    if _uses_mqtt(component) and domain_iot.binary("mosquitto") is None:
        tools.append("mosquitto (apt-get install mosquitto)")
    if _uses_mqtt(component) and domain_iot.binary("mosquitto_pub") is None:
        tools.append("mosquitto_pub (apt-get install mosquitto-clients)")
    if _uses_postgres(component) and domain_iot.postgres_binaries() is None:
        tools.append("PostgreSQL server binaries (apt-get install postgresql)")
    return tools + pod_runtime.missing_tools()


def _serve_settings(component: GeneratedComponent) -> dict[str, str]:
    """What a kind's probe needs the service started with when it runs alone (e.g. its input)."""
    package = str(component.answers.get("name", component.name)).replace("-", "_")
    settings = getattr(DOMAIN_PROBES[component.kind], "serve_settings", None)
    return dict(settings(package)) if settings else {}


def _uses_postgres(component: GeneratedComponent) -> bool:
    return component.kind == "iot-service" and component.answers.get("iot_storage") == "postgresql"


def _package(component: GeneratedComponent) -> str:
    return str(component.answers.get("name", component.name)).replace("-", "_")


def check(component: GeneratedComponent, project: Path, host: Any) -> str:
    """Raise (pytest.fail) on the first broken step; return a one-line summary when all passed."""
    for step in STEPS:
        run_step(project, step)
    with ExitStack() as stack:
        # Every write needs the service's admin token: the probes and schemathesis send this one.
        env = {
            "HOST": "127.0.0.1",
            "PORT": str(process.free_port()),
            f"{_package(component).upper()}_ADMIN_TOKEN": secrets.token_hex(16),
            **_serve_settings(component),
        }
        if component.kind in IOT_CONSUMERS:
            env[f"{_package(component).upper()}_IOT_URL"] = stack.enter_context(fake_iot.running())
        broker = None
        if _uses_mqtt(component):
            settings = domain_iot.broker_settings(project)
            broker = stack.enter_context(domain_iot.mosquitto_broker(project, settings))
            env.update(domain_iot.mqtt_env(_package(component), broker))
        served = _serve_and_probe(component, project, host, env, broker)
    loaded = _load(project)
    pod = _as_pod(component, project)
    steps = " ".join(STEPS)
    return f"{component.id}: make {steps}, {served}; make {' '.join(LOAD)}: {loaded}; as its pod: {pod}"


def _as_pod(component: GeneratedComponent, project: Path) -> str:
    """The service under its pod's constraints becomes ready and does its main job there too."""
    package = _package(component)
    with ExitStack() as stack:
        # The stack's settings require the admin token: it arrives as the pod's Secret file, as do the
        # smoke's serve settings; its ConfigMap (the prod stack's settings) stays as deployed.
        token = secrets.token_hex(16)
        files = {f"{package.upper()}_ADMIN_TOKEN": token, **_serve_settings(component)}
        database = "its SQLite file on the stack's volume"
        if _uses_postgres(component):
            # The URL arrives the way the stack delivers it: a file of the pod's Secret.
            url = stack.enter_context(domain_iot.postgres_server(project))
            files[f"{package.upper()}_DATABASE_URL"] = url
            database = "a real PostgreSQL, URL from the Secret's file"
        base, server = stack.enter_context(pod_runtime.running_as_pod(project, package, files))
        domain = DOMAIN_PROBES[component.kind].probe(base, token)
        code = server.stop()
        assert code is not None, f"{component.name} ignored SIGTERM for 20 s:\n{server.output()}"
    where = f" ({database})" if component.kind == "iot-service" else ""
    return f"uid {pod_runtime.UID}, read-only root, cwd /, ready; {domain}{where}"


def _serve_and_probe(
    component: GeneratedComponent, project: Path, host: Any, env: dict[str, str], broker: int | None
) -> str:
    port = int(env["PORT"])
    base = f"http://127.0.0.1:{port}"
    token = next(v for k, v in env.items() if k.endswith("_ADMIN_TOKEN"))
    with process.running(["make", "run"], project, env, project / "smoke-server.log") as server:
        listening = process.wait_until(
            lambda: host.socket(f"tcp://127.0.0.1:{port}").is_listening, timeout=60
        )
        assert listening, f"{component.name} never listened on 127.0.0.1:{port}:\n{server.output()}"
        status, body = process.http_get(f"{base}/healthz")
        assert status == 200, f"/healthz answered {status}: {body}"
        ready = process.wait_until(lambda: process.http_get(f"{base}/readyz")[0] == 200, timeout=60)
        assert ready, f"/readyz never answered 200:\n{server.output()}"
        status, metrics = process.http_get(f"{base}/metrics")
        assert status == 200 and "# TYPE" in metrics, f"/metrics is not Prometheus text: {status}"
        domain = DOMAIN_PROBES[component.kind].probe(base, token)
        if broker is not None:
            domain += "; " + domain_iot.probe_mqtt(base, broker, token)
        # With the token, schemathesis reaches the writes' handlers, not only their 401s.
        domain += "; " + api_contract.check(base, {"Authorization": f"Bearer {token}"})
        code = server.stop()
        assert code is not None, f"{component.name} ignored SIGTERM for 20 s:\n{server.output()}"
    assert not host.socket(f"tcp://127.0.0.1:{port}").is_listening, "port still open after stop"
    return f"served on :{port}, /healthz 200, /readyz 200, domain: {domain}"
