"""The running system the cross-service test talks to: started here with scripts/up.py (what `make up` runs),
or, with SYSTEM_TEST_ATTACH=1, the one already running at $UP_PORT_OFFSET (how arxscaffold's smoke uses it).

Every call goes where a user's would: through the /api/<service>/ routes, served by the web app's server or,
in a system without a web app, by make up's API gateway (scripts/gateway.py), as the deployed API host does.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from honcho.environ import parse as parse_env_file

ROOT = Path(__file__).resolve().parents[2]
LOGS = ROOT / ".run" / "logs"
READY = re.compile(r"all \d+ processes ready in [0-9.]+ s")
START_TIMEOUT = float(os.environ.get("UP_READY_TIMEOUT", "900"))
# Callers name themselves, as the services do between each other.
USER_AGENT = "system-test/1"


@dataclass
class Answer:
    status: int
    body: Any
    text: str


@dataclass
class System:
    ports: dict[str, int]
    router: str | None  # the process serving /api/<service>/: the web app, or make up's API gateway
    settings: dict[str, str] = field(default_factory=dict)

    def base(self, component: str) -> str:
        return f"http://127.0.0.1:{self.ports[component]}"

    def api_base(self) -> str:
        """What a client is configured with: <api>, under which <api>/<service>/ reaches each service."""
        assert self.router, "this system routes no /api/<service>/ (it has no service)"
        return f"{self.base(self.router)}/api"

    def api(self, service: str) -> str:
        """Where a client reaches a service: its /api/<service> route."""
        return f"{self.api_base()}/{service}"

    def token(self, service: str) -> str:
        """The service's admin token from .env (`<NAME>_ADMIN_TOKEN`), empty if it has none."""
        return self.settings.get(service.replace("-", "_").upper() + "_ADMIN_TOKEN", "")

    def call(self, method: str, url: str, body: object = None, token: str = "") -> Answer:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(url, data=data, method=method)
        request.add_header("User-Agent", USER_AGENT)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        if token:
            request.add_header("Authorization", f"Bearer {token}")
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                status, raw = response.status, response.read()
        except urllib.error.HTTPError as exc:
            status, raw = exc.code, exc.read()
        text = raw.decode(errors="replace")
        try:
            parsed = json.loads(text) if text else None
        except json.JSONDecodeError:
            parsed = None
        return Answer(status, parsed, text)

    def access_log(self, component: str) -> list[dict[str, Any]]:
        """The component's JSON access-log lines (one per request) from .run/logs/<component>.log."""
        lines = []
        for line in (LOGS / f"{component}.log").read_text(errors="replace").splitlines():
            start = line.find("{")
            if start < 0:
                continue
            try:
                record = json.loads(line[start:])
            except json.JSONDecodeError:
                continue
            if isinstance(record, dict) and record.get("message") == "request":
                lines.append(record)
        return lines


def _settings() -> dict[str, str]:
    """Local credentials: make up creates .env from .env.example on its first run."""
    env = ROOT / ".env"
    return dict(parse_env_file(env.read_text())) if env.exists() else {}


@pytest.fixture(scope="session")
def system() -> Iterator[System]:
    listed = json.loads((ROOT / "scripts" / "processes.json").read_text())["processes"]
    offset = int(os.environ.get("UP_PORT_OFFSET", "0"))
    ports = {p["name"]: p["port"] + offset for p in listed}
    router = next((p["name"] for p in listed if p["kind"] in ("web", "gateway")), None)
    if os.environ.get("SYSTEM_TEST_ATTACH") == "1":
        yield System(ports, router, _settings())
        return
    log = ROOT / ".run" / "system-test-up.log"
    log.parent.mkdir(exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix="system-test-", dir=log.parent))
    with log.open("w") as out:
        up = subprocess.Popen(
            [sys.executable, str(ROOT / "scripts" / "up.py")],
            cwd=ROOT,
            env={**os.environ, **scratch_databases(listed, scratch)},
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while not READY.search(log.read_text(errors="replace")):
            assert up.poll() is None, f"make up stopped before every component was ready:\n{log.read_text()}"
            assert time.monotonic() < deadline, f"not ready after {START_TIMEOUT:.0f} s:\n{log.read_text()}"
            time.sleep(1)
        yield System(ports, router, _settings())
    finally:
        os.killpg(up.pid, signal.SIGTERM)
        try:
            up.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(up.pid, signal.SIGKILL)
            up.wait()
        shutil.rmtree(scratch, ignore_errors=True)


def scratch_databases(listed: list[dict[str, Any]], scratch: Path) -> dict[str, str]:
    """A system the test starts itself keeps its data in a scratch folder, deleted afterwards: its buildings,
    devices and readings never show up in the team's own `make up` (an IoT service's SQLite file otherwise
    outlives it). Where make up runs a throwaway PostgreSQL, processes.json sets the URL and wins."""
    return {
        f"{p['name'].replace('-', '_').upper()}_DATABASE_URL": f"sqlite:///{scratch / p['name']}.sqlite3"
        for p in listed
        if p["kind"] == "iot-service"
    }


def poll(check: Any, timeout: float, interval: float = 1.0) -> Any:
    """Call check() until it returns something truthy; its last result either way."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result or time.monotonic() > deadline:
            return result
        time.sleep(interval)
