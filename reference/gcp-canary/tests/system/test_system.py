"""twin as one system: every component answers where its clients reach it.

Run by `make system-test` (which starts the system with scripts/up.py, as `make up` does). Each test says which
components it proves connected.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, System

WEB = "twin-ui"


@pytest.mark.parametrize("service", ["forecast", "zone-sim"])
def test_every_service_is_ready_where_clients_reach_it(system: System, service: str) -> None:
    answer = system.call("GET", f"{system.api(service)}/readyz")
    assert answer.status == 200, answer.text


def test_the_web_app_serves_its_pages(system: System) -> None:
    answer = system.call("GET", f"{system.base(WEB)}/")
    assert answer.status == 200, answer.text
    assert "<html" in answer.text.lower()


def test_the_mobile_apps_api_module_reads_the_building() -> None:
    pytest.skip(
        "SKIPPED: the Flutter client's API module runs only on the Dart SDK (the generator's machine has none); "
        "not wired into this test yet"
    )


# schemathesis (pinned with this runner's other tools in scripts/requirements.txt) generates requests from
# every service's committed OpenAPI document and sends them where clients send theirs: no answer may be a 5xx,
# and every answer must be one the document describes (status, content type, body, headers). The checks of the
# generator's per-service smoke, with fewer examples so a whole system takes about a minute.
SCHEMATHESIS_SEED = "20261203"
# A schema cannot state the cross-field and referential rules a service rightly enforces with a 422 (a
# device's building must exist), so a schema-valid request may be refused.
# Every other check runs (schemathesis's default); these are switched off in the config file, where a route's
# own settings below can still refine them (the command line's --checks would override those).
EXCLUDED_CHECKS = ["positive_data_acceptance"]
EXAMPLES = 3  # per operation and phase
NOT_FUZZED = [
    # The /api/ routes never reach a service's /metrics: Prometheus scrapes it inside the cluster.
    "^/metrics$",
    # A live feed is an endless stream: a bounded run cannot wait for its end (the browser test reads it).
    "/live$",
]
SERVICES = ["forecast", "zone-sim"]
# This system has no IoT service: a physics service's building route answers every request with its documented
# 503 ("no IoT service configured"), by design a 5xx; only that check is off, and only for that route.
IOTLESS_PHYSICS = ["zone-sim"]
BUILDING_ROUTE = """
[[operations]]
include-name = "POST /v1/simulations/building"
checks.not_a_server_error.enabled = false
"""


@pytest.mark.parametrize("service", SERVICES)
def test_every_service_answers_as_its_openapi_says(system: System, service: str, tmp_path: Path) -> None:
    config = tmp_path / "schemathesis.toml"
    env = {**os.environ, "ADMIN_TOKEN": system.token(service)}
    lines = ['headers = { Authorization = "Bearer ${ADMIN_TOKEN}" }'] if env["ADMIN_TOKEN"] else []
    lines += ["[checks]", *(f"{check}.enabled = false" for check in EXCLUDED_CHECKS)]
    if service in IOTLESS_PHYSICS:
        lines.append(BUILDING_ROUTE)
    config.write_text("\n".join(lines) + "\n")
    command = [
        str(Path(sys.executable).with_name("st")),
        "--config-file",
        str(config),
        "run",
        str(ROOT / service / "openapi.json"),
        "--url",
        system.api(service),
        "--max-examples",
        str(EXAMPLES),
        "--seed",
        SCHEMATHESIS_SEED,
        "--exclude-path-regex",
        "|".join(NOT_FUZZED),
        "--no-color",
    ]
    # schemathesis keeps a crash cache in its working folder: a scratch one, never the system's.
    ran = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
    code, report = ran.returncode, ran.stdout + ran.stderr
    assert code == 0, f"schemathesis, {service} (seed {SCHEMATHESIS_SEED}):\n{report[-8000:]}"
