"""`make up` at a system's root: what it starts follows the decisions, and its runner supervises honestly.

The runner (scripts/up.py) is exercised with small stand-in processes, so each behaviour is checked in
seconds; the smoke (`arxscaffold smoke` on a system) runs the real components with `make up`.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from arxscaffold.decisions import load_text
from arxscaffold.render import NewRequest, new
from arxscaffold.smoke.system import run as system_run

ROOT = Path(__file__).resolve().parents[2]
PROFILES = sorted((ROOT / "reference" / "profiles").glob("*.yml"))


@pytest.fixture(scope="module")
def system(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default reference system's root files (its components are not needed by the runner tests)."""
    dest = tmp_path_factory.mktemp("system") / "arxos"
    dest.mkdir()
    for name in ("scripts", ".env.example", "Makefile", ".gitignore"):
        source = ROOT / "reference" / "default" / name
        if source.is_dir():
            shutil.copytree(source, dest / name)
        else:
            shutil.copy2(source, dest / name)
    return dest


@pytest.fixture(scope="module")
def runner_python(system: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A venv with the runner's own pinned requirements (scripts/requirements.txt), as `make up` builds."""
    venv = tmp_path_factory.mktemp("runner") / "venv"
    uv = shutil.which("uv")
    if uv is None:
        pytest.skip("SKIPPED: uv is missing (pip install uv) to build the runner's venv quickly")
    subprocess.run([uv, "venv", "-q", "--python", sys.executable, str(venv)], check=True)
    requirements = system / "scripts" / "requirements.txt"
    subprocess.run(
        [uv, "pip", "install", "-q", "--python", str(venv / "bin" / "python"), "-r", str(requirements)],
        check=True,
    )
    return venv / "bin" / "python"


def free_port_range(count: int) -> int:
    """A base port with ``count`` free ports after it."""
    for base in range(31000, 40000, 50):
        if all(_bindable(base + i) for i in range(count)):
            return base
    raise AssertionError("no free ports")


def _bindable(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def answers(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except OSError:
        return False
    return True


def http_server(ready_file: str | None) -> str:
    """A stand-in component: a static server whose folder holds the readiness file (or not)."""
    make = "rm -rf www && mkdir www && " + (f"touch www/{ready_file} && " if ready_file else "")
    return make + f"exec {sys.executable} -m http.server {{port}} --bind 127.0.0.1 --directory www"


def write_processes(system: Path, processes: list[dict[str, object]]) -> None:
    for p in processes:
        (system / str(p["cwd"])).mkdir(exist_ok=True)
    (system / "scripts" / "processes.json").write_text(json.dumps({"processes": processes}))


@pytest.fixture
def run_up(system: Path, runner_python: Path) -> Iterator[object]:
    started: list[subprocess.Popen[str]] = []

    def run(*args: str) -> subprocess.Popen[str]:
        shutil.rmtree(system / ".run", ignore_errors=True)
        proc = subprocess.Popen(
            [str(runner_python), "scripts/up.py", *args],
            cwd=system,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        started.append(proc)
        return proc

    yield run
    for proc in started:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def wait_for_line(proc: subprocess.Popen[str], text: str, timeout: float = 60) -> list[str]:
    assert proc.stdout is not None
    seen: list[str] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line and proc.poll() is not None:
            break
        seen.append(line)
        if text in line:
            return seen
    raise AssertionError(f"never printed {text!r}:\n{''.join(seen)}")


def process(name: str, port: int, ready: str, command: str, **env: str) -> dict[str, object]:
    """One entry of scripts/processes.json, run in the folder of its name."""
    return {"name": name, "cwd": name, "port": port, "ready": ready, "env": env, "command": command}


def web_process(port: int) -> dict[str, object]:
    return process("web", port, "/", http_server(None))


def peer_of_web(port: int) -> dict[str, object]:
    """An API that prints the web's URL it was given, then serves /readyz."""
    command = "echo peer=$PEER && " + http_server("readyz")
    return process("api", port, "/readyz", command, PEER="http://127.0.0.1:{ports[web]}")


def test_every_process_ready_then_sigterm_stops_all_and_exits_0(system: Path, run_up: object) -> None:
    base = free_port_range(2)
    write_processes(
        system,
        [
            web_process(base),
            peer_of_web(base + 1),
        ],
    )
    (system / ".env").unlink(missing_ok=True)
    proc = run_up()  # type: ignore[operator]
    printed = "".join(wait_for_line(proc, "processes ready"))
    printed += "".join(wait_for_line(proc, f"api            http://127.0.0.1:{base + 1}/"))
    assert f"web            http://127.0.0.1:{base}/" in printed
    assert (system / ".env").read_text() == (system / ".env.example").read_text()
    assert f"peer=http://127.0.0.1:{base}" in (system / ".run" / "logs" / "api.log").read_text()
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=30) == 0
    assert not answers(base) and not answers(base + 1)


def test_a_component_that_dies_stops_the_others_and_is_named_with_its_log(
    system: Path, run_up: object
) -> None:
    base = free_port_range(2)
    write_processes(
        system,
        [
            web_process(base),
            process("api", base + 1, "/readyz", "sleep 1; echo 'boom: no such database'; exit 3"),
        ],
    )
    proc = run_up()  # type: ignore[operator]
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 1
    assert "api stopped unexpectedly" in stderr
    assert "boom: no such database" in stderr
    assert not answers(base), "the healthy component was left running"


def test_a_component_never_ready_stops_the_system_after_the_timeout(system: Path, run_up: object) -> None:
    base = free_port_range(1)
    write_processes(
        system,
        [
            process("api", base, "/readyz", http_server(None)),
        ],
    )
    proc = run_up("--ready-timeout", "3")  # type: ignore[operator]
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 1
    assert "api not ready after 3 s" in stdout
    assert "api never became ready" in stderr
    assert not answers(base)


def test_port_offset_moves_every_port_and_every_peer_url(system: Path, run_up: object) -> None:
    base = free_port_range(2)
    write_processes(
        system,
        [
            web_process(10),
            peer_of_web(11),
        ],
    )
    proc = run_up("--port-offset", str(base - 10))  # type: ignore[operator]
    wait_for_line(proc, "processes ready")
    assert answers(base) and answers(base + 1)
    assert f"peer=http://127.0.0.1:{base}" in (system / ".run" / "logs" / "api.log").read_text()
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=30) == 0


@pytest.mark.parametrize("profile", PROFILES, ids=[p.stem for p in PROFILES])
def test_make_up_starts_each_runnable_component_and_the_brokers_its_decisions_need(profile: Path) -> None:
    decisions = yaml.safe_load(profile.read_text())
    listed = json.loads((ROOT / "reference" / profile.stem / "scripts" / "processes.json").read_text())
    names = [p["name"] for p in listed["processes"]]
    kinds = {c["kind"] for c in decisions["components"]}
    iot = decisions.get("iot", {})
    expected = [c["name"] for c in decisions["components"] if c["kind"] != "mobile"]
    assert [n for n in names if n not in ("mosquitto", "postgresql")] == expected
    assert ("mosquitto" in names) == ("iot-service" in kinds and iot.get("ingestion") == "mqtt-and-http")
    assert ("postgresql" in names) == ("iot-service" in kinds and iot.get("storage") == "postgresql")
    ports = [p["port"] for p in listed["processes"]]
    assert len(set(ports)) == len(ports)


def test_two_components_of_one_kind_get_distinct_ports_in_the_diagram_and_make_up(tmp_path: Path) -> None:
    text = (ROOT / "reference" / "profiles" / "hybrid-minimal.yml").read_text()
    data = yaml.safe_load(text)
    data["components"] = [
        {"name": "forecast", "kind": "ai-service"},
        {"name": "nightly", "kind": "ai-service"},
    ]
    new(NewRequest(load_text(yaml.safe_dump(data)), tmp_path / "out"))
    listed = json.loads((tmp_path / "out" / "scripts" / "processes.json").read_text())["processes"]
    # Without a web app, make up's API gateway takes the web port.
    assert [(p["name"], p["port"]) for p in listed] == [
        ("forecast", 8101),
        ("nightly", 8111),
        ("api-gateway", 8080),
    ]
    table = (tmp_path / "out" / "docs" / "architecture.md").read_text()
    assert "| AI service | 8111 |" in table


def test_a_system_without_a_web_app_gets_an_api_gateway_routing_every_service_on_the_web_port(
    tmp_path: Path,
) -> None:
    data = yaml.safe_load((ROOT / "reference" / "profiles" / "hybrid-minimal.yml").read_text())
    data["components"] = [c for c in data["components"] if c["kind"] != "web"]
    new(NewRequest(load_text(yaml.safe_dump(data)), tmp_path / "out"))
    scripts = tmp_path / "out" / "scripts"
    listed = json.loads((scripts / "processes.json").read_text())["processes"]
    gateway = next(p for p in listed if p["kind"] == "gateway")
    services = [c["name"] for c in data["components"] if c["kind"].endswith("-service")]
    assert gateway["port"] == 8080 and gateway["ready"] == "/healthz"
    assert system_run._routes(gateway) == services
    assert "starlette==" in (scripts / "requirements.txt").read_text()
    # The routing is the htmx app's own proxy module, one file rendered into both.
    proxy = ROOT / "templates" / "partials" / "api-proxy" / "proxy.py"
    assert (scripts / "proxy.py").read_text() == proxy.read_text()
    with_web = ROOT / "reference" / "hybrid-minimal" / "scripts"
    assert not (with_web / "gateway.py").exists() and not (with_web / "proxy.py").exists()
    assert "starlette" not in (with_web / "requirements.txt").read_text()

    # compose.yaml serves the same routes with the web apps' own nginx locations.
    compose = yaml.safe_load((tmp_path / "out" / "compose.yaml").read_text())
    assert compose["services"]["api-gateway"]["ports"] == ["127.0.0.1:8080:8080"]
    assert compose["services"]["api-gateway"]["depends_on"] == services
    nginx = compose["configs"]["api-gateway"]["content"]
    for name in services:
        port = next(p["port"] for p in listed if p["name"] == name)
        assert f"location /api/{name}/ {{\n        proxy_pass http://{name}:{port}/;" in nginx
    assert "location ~ ^/api/[^/]+/metrics(/|$)" in nginx
    assert "api-gateway" not in yaml.safe_load((with_web.parent / "compose.yaml").read_text())["services"]


@pytest.mark.smoke
def test_the_smoke_validates_compose_yaml_against_the_compose_specification(tmp_path: Path) -> None:
    from arxscaffold.smoke.pipelines import checks as pipelines

    system = tmp_path / "default"
    shutil.copytree(ROOT / "reference" / "default", system, symlinks=True)
    assert not pipelines.check_jsonschema(system)
    compose = system / "compose.yaml"
    compose.write_text(compose.read_text().replace("read_only: true", "readonly: true"))
    findings = pipelines.check_jsonschema(system)
    assert findings and all(f.file == "compose.yaml" and "readonly" in f.message for f in findings)


NATIVE_SKIP = (
    "SKIPPED [1] tests/system/test_system.py:162: SKIPPED: the iOS client's API module needs the Swift "
    "toolchain; not wired into this test yet"
)


def test_the_smoke_names_declared_skips_and_refuses_any_other() -> None:
    green = "==== 11 passed in 19.39s ===="
    assert system_run.judged(green, 0) == "make system-test: 11 passed in 19 s"
    declared = f"{NATIVE_SKIP}\n==== 11 passed, 1 skipped in 19.39s ===="
    assert system_run.judged(declared, 0).endswith("not wired into this test yet")
    chromium = "SKIPPED [1] tests/system/test_system.py:9: no chromium\n=== 11 passed, 1 skipped in 9.0s ==="
    with pytest.raises(AssertionError, match="skipped tests"):
        system_run.judged(chromium, 0)
    with pytest.raises(AssertionError, match="skipped tests"):  # a skip whose reason was not printed
        system_run.judged("==== 11 passed, 1 skipped in 9.0s ====", 0)
    with pytest.raises(AssertionError, match="exit 2"):
        system_run.judged(f"{NATIVE_SKIP}\n==== 1 failed, 10 passed, 1 skipped in 9.0s ====", 2)


def test_a_native_app_beside_a_web_app_runs_its_kotlin_client_in_the_system_test_and_skips_swift() -> None:
    test = (ROOT / "reference" / "azure-gitlab-blue-green" / "tests/system/test_system.py").read_text()
    assert "def test_the_kotlin_clients_api_module_reads_the_building(system: System" in test
    assert '"io.arxos.fieldapp.SystemCheckKt"' in test
    skips = [line for line in test.splitlines() if "not wired into this test yet" in line]
    assert len(skips) == 1 and "Swift" in test.split("def test_the_swift_clients")[1]


def test_the_smoke_names_the_kotlin_clients_toolchain_when_it_is_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    system = tmp_path / "native"
    shutil.copytree(ROOT / "reference" / "azure-gitlab-blue-green" / "scripts", system / "scripts")
    check = system / "technician" / system_run.KOTLIN_SYSTEM_CHECK
    check.parent.mkdir(parents=True)
    check.write_text("fun main() {}\n")
    monkeypatch.setattr(system_run, "ORG_JSON_JAR", tmp_path / "absent.jar")
    assert any("absent.jar (libandroid-json-java)" in tool for tool in system_run.required_tools(system))
    check.unlink()
    assert not any("libandroid-json-java" in tool for tool in system_run.required_tools(system))
