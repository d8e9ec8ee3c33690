"""Smoke check of a whole generated system: `make up` starts every component together and stops them all.

Run the way a team runs it: a private copy of the system, `make up` (which installs what is missing), then
every process listed in the system's scripts/processes.json must answer on its port, each component must
write its own log under .run/logs/, and SIGTERM to the group (what Ctrl-C does) must stop everything.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import yaml

from arxscaffold.decisions import load_file
from arxscaffold.render import NewRequest, new
from arxscaffold.smoke.harness import process
from arxscaffold.smoke.harness.kotlin_compiler import kotlin_home
from arxscaffold.smoke.harness.toolchain import missing, python_toolchain, version

READY_LINE = re.compile(r"all (\d+) processes ready in ([0-9.]+) s")
# First runs install every component (uv venvs, npm ci) and build the web apps before anything is ready.
START_TIMEOUT = 900.0
OFFSET_STEP = 10000
# How long a check waits for a port range another check (or a stopping system) still holds.
CLAIM_TIMEOUT = 300.0
# The cross-service test: KPIs may take 30 s to show a reading, the browser check up to a minute.
TEST_TIMEOUT = 600.0


def processes(system: Path) -> list[dict[str, object]]:
    document = json.loads((system / "scripts" / "processes.json").read_text())
    listed: list[dict[str, object]] = document["processes"]
    return listed


def toolchain() -> str:
    return f"{python_toolchain()}; {version('node')}; {version('mosquitto', '-h')}"


def required_tools(system: Path) -> list[str]:
    """The tools `make up` needs for this system; each missing one is named in an honest SKIPPED."""
    listed = processes(system)
    names = {str(p["name"]) for p in listed}
    needed = missing("make", "python3")
    if any((system / str(p["cwd"]) / "package.json").is_file() for p in listed):
        needed += missing("node", "npm")
    if "mosquitto" in names:
        needed += missing("mosquitto")
    if "postgresql" in names and not list(Path("/usr/lib/postgresql").glob("*/bin/postgres")):
        needed += missing("postgres")
    if any(system.glob(f"*/{KOTLIN_SYSTEM_CHECK}")):
        needed += missing("java", "npm")  # the compiler comes from npm
        if not ORG_JSON_JAR.is_file():
            needed.append(f"{ORG_JSON_JAR} (libandroid-json-java)")
    return needed


@contextlib.contextmanager
def port_offset(listed: list[dict[str, object]]) -> Iterator[int]:
    """Claim an offset that puts every port of the system on a free one, so systems smoke side by side.

    A free-port probe only sees ports bound *now*, and `make up` binds minutes later (after installing), so
    two concurrent checks could pick the same range and one system's readiness would be answered by the
    other's server. Each offset is therefore claimed with an advisory lock held for the whole check (the
    kernel drops it if the process dies), and offsets are 10000 apart: more than any system's port span.
    """
    span = max(int(str(p["port"])) for p in listed) - min(int(str(p["port"])) for p in listed)
    assert span < OFFSET_STEP, f"the system's ports span {span}, more than {OFFSET_STEP}"
    locks = Path(tempfile.gettempdir()) / "arxscaffold-make-up-ports"
    locks.mkdir(exist_ok=True)
    deadline = time.monotonic() + CLAIM_TIMEOUT
    while True:
        for offset in range(20000, 60000, OFFSET_STEP):
            with (locks / f"{offset}.lock").open("w") as lock:
                try:
                    fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    continue
                if all(_free(int(str(p["port"])) + offset) for p in listed):
                    yield offset
                    return
        # Every range is claimed or still has a listener (a system stopping): wait for one to clear.
        assert time.monotonic() < deadline, "no free port range for make up between 20000 and 60000"
        time.sleep(2)


def _free(port: int) -> bool:
    """Nothing listens on the port. SO_REUSEADDR as the servers set it: a stopped system's connections in
    TIME_WAIT (for a minute after it stops) do not keep its servers from binding again."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _answers(port: int) -> bool:
    """Something accepts connections on the port (a bind test would also fail on TIME_WAIT leftovers)."""
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except OSError:
        return False
    return True


PEER = re.compile(r"\{ports\[([a-z0-9-]+)\]\}")


def _routes(process: dict[str, object]) -> list[str]:
    """The services a process routes /api/<service>/ to: a web app's UPSTREAM_* variables name their ports,
    make up's API gateway (in a system without a web app) takes them as NAME=URL arguments."""
    if process.get("kind") == "gateway":
        return PEER.findall(str(process["command"]))
    env = process.get("env") or {}
    assert isinstance(env, dict)
    return [
        m.group(1) for k, v in env.items() if k.startswith("UPSTREAM_") for m in [PEER.search(str(v))] if m
    ]


def _through_the_web(web: dict[str, object], offset: int) -> str:
    """Each service answers its /readyz through the web server's (or API gateway's) /api/<service>/ route."""
    port = int(str(web["port"])) + offset
    for service in _routes(web):
        status, body = process.http_get(f"http://127.0.0.1:{port}/api/{service}/readyz")
        assert status == 200, f"{web['name']} /api/{service}/readyz answered {status}: {body[:300]}"
    return f"{web['name']} routes /api/<{'|'.join(_routes(web))}>/"


def check(system: Path) -> str:
    listed = processes(system)
    with port_offset(listed) as offset:
        return _check(system, listed, offset)


def _check(system: Path, listed: list[dict[str, object]], offset: int) -> str:
    env = {"UP_PORT_OFFSET": str(offset), "UP_READY_TIMEOUT": str(START_TIMEOUT)}
    started = time.monotonic()
    with process.running(["make", "up"], system, env, system / "make-up.log") as run:
        ready = process.wait_until(
            lambda: READY_LINE.search(run.output()) is not None or run.process.poll() is not None,
            timeout=START_TIMEOUT + 60,
            interval=1.0,
        )
        found = READY_LINE.search(run.output())
        assert ready and found, f"`make up` never reported every process ready:\n{run.output()}"
        took = time.monotonic() - started
        for p in listed:
            port = int(str(p["port"])) + offset
            if p["ready"] == "tcp":
                assert _answers(port), f"{p['name']} is not listening on {port}"
            else:
                status, body = process.http_get(f"http://127.0.0.1:{port}{p['ready']}")
                assert status == 200, f"{p['name']} {p['ready']} answered {status}: {body[:300]}"
            log = system / ".run" / "logs" / f"{p['name']}.log"
            assert log.is_file() and log.stat().st_size > 0, f"{p['name']} wrote nothing to {log}"
        routes = [_through_the_web(p, offset) for p in listed if _routes(p)]
        tested = _system_test(system, offset)
        code = run.stop()
        assert code is not None, f"`make up` ignored SIGTERM:\n{run.output()}"

    # make exits on the signal at once; the components get honcho's SIGTERM and drain for a moment.
    def listening() -> list[str]:
        return [str(p["name"]) for p in listed if _answers(int(str(p["port"])) + offset)]

    process.wait_until(lambda: not listening(), timeout=30)
    still = listening()
    assert not still, f"still listening after `make up` stopped: {', '.join(still)}"
    assert "stopped unexpectedly" not in run.output(), run.output()
    return (
        f"{system.name}: make up (install + start) took {took:.0f} s; {found.group(1)} processes ready "
        f"{found.group(2)} s after start; {'; '.join(routes) or 'no web routes'}; {tested}; "
        "all stopped on SIGTERM"
    )


PASSED_LINE = re.compile(r"=+ (\d+) passed(?:, .*?)? in ([0-9.]+)s")
# pytest -rs: one line per skipped test with its reason.
SKIP_REASON = re.compile(r"^SKIPPED \[\d+\] \S+: (.*)$", re.MULTILINE)
NOT_WIRED = "not wired into this test yet"
KOTLIN_SYSTEM_CHECK = "android/app/src/systemTest/kotlin/io/arxos/fieldapp/SystemCheck.kt"
# Where the generated system test looks for Android's org.json by default (Debian's libandroid-json-java).
ORG_JSON_JAR = Path("/usr/share/java/com.android.json.jar")


def _system_test(system: Path, offset: int) -> str:
    """`make system-test` against the system `make up` started (attached, not a second start)."""
    if not (system / "tests" / "system").is_dir():
        return "no system test (generated before make system-test existed)"
    env = {**os.environ, "SYSTEM_TEST_ATTACH": "1", "UP_PORT_OFFSET": str(offset)}
    if any(system.glob(f"*/{KOTLIN_SYSTEM_CHECK}")):
        # The native app's Kotlin API module runs in the system test; the compiler the mobile smoke uses.
        env["KOTLIN_HOME"] = str(kotlin_home())
    result = subprocess.run(
        ["make", "system-test"], cwd=system, env=env, capture_output=True, text=True, timeout=TEST_TIMEOUT
    )
    return judged(result.stdout + result.stderr, result.returncode)


def judged(output: str, code: int) -> str:
    """The result of a `make system-test` run: its count and time, and the reason of each declared skip."""
    passed = PASSED_LINE.search(output)
    assert code == 0 and passed, f"make system-test failed (exit {code}):\n{output[-6000:]}"
    # Only what the generated test itself declares not wired yet may be skipped (a missing Chromium or a
    # test that skipped on its own would hide a gap); each such skip is named in the result.
    skips = SKIP_REASON.findall(output)
    counted = re.search(r"(\d+) skipped", passed.group(0))
    unexpected = [reason for reason in skips if NOT_WIRED not in reason]
    if len(skips) != int(counted.group(1) if counted else 0):
        unexpected.append("a skip without its reason")
    assert not unexpected, f"`make system-test` skipped tests:\n{output[-3000:]}"
    declared = "".join(f"; {reason}" for reason in skips)
    return f"make system-test: {passed.group(1)} passed in {float(passed.group(2)):.0f} s{declared}"


# A provider route that consumers and the browser depend on, renamed in a scratch copy: the system
# test must go red there (one that stays green proves nothing).
EXPORT_ROUTE = '@router.get("/readings")'
RENAMED_ROUTE = '@router.get("/readings-renamed")'
FAILED_TEST = re.compile(r"FAILED tests/system/test_system\.py::(\w+)")
FUZZ_TEST = "test_every_service_answers_as_its_openapi_says"


def breakable(system: Path) -> bool:
    """The system has an IoT service whose readings export other components consume."""
    return any(EXPORT_ROUTE in f.read_text() for f in system.glob("*/src/*/domain/telemetry_routes.py"))


def check_goes_red_without_the_export(system: Path) -> str:
    """Rename the IoT readings export in ``system`` (a scratch copy), then expect `make system-test` red."""
    routes = [f for f in system.glob("*/src/*/domain/telemetry_routes.py") if EXPORT_ROUTE in f.read_text()]
    assert routes, f"{system.name} has no IoT readings export to break"
    for f in routes:
        f.write_text(f.read_text().replace(EXPORT_ROUTE, RENAMED_ROUTE))
    try:
        check(system)
    except AssertionError as exc:
        output = str(exc)
    else:
        raise AssertionError("make system-test stayed green with the IoT readings export renamed")
    failed = sorted(set(FAILED_TEST.findall(output)))
    # Red in the system test itself, not a start-up failure that would hide what the test sees.
    assert failed, f"the system did not reach its system test:\n{output[-3000:]}"
    # schemathesis runs in the system test: GET /v1/readings now answers a status its document does not list.
    assert FUZZ_TEST in failed, f"schemathesis stayed green without the export:\n{output[-3000:]}"
    return f"{system.name} with IoT's /v1/readings renamed: make system-test red in {', '.join(failed)}"


def has_web_and_services(system: Path) -> bool:
    """A system whose services are reached through a web app: the one to rerun without it."""
    decisions = system / "decisions.yml"
    if not decisions.is_file():
        return False
    kinds = {c.kind for c in load_file(decisions).components}
    return "web" in kinds and any(k.endswith("-service") for k in kinds)


def check_without_a_web_app(system: Path, into: Path) -> str:
    """Generate ``system``'s decisions minus its web apps into ``into``, then run `make up` and its system
    test there: without a web server the test reaches every service on its own port."""
    document = yaml.safe_load((system / "decisions.yml").read_text())
    document["components"] = [c for c in document["components"] if c.get("kind") != "web"]
    decisions = into.parent / f"{into.name}.decisions.yml"
    decisions.write_text(yaml.safe_dump(document, sort_keys=False))
    new(NewRequest(load_file(decisions), into))
    return check(into).replace(f"{into.name}:", f"{system.name} without its web app:", 1)


def skip_reason(system: Path) -> str | None:
    if not (system / "scripts" / "processes.json").is_file():
        return "SKIPPED: this system has no scripts/processes.json (generated before make up existed)"
    absent = required_tools(system)
    return f"SKIPPED: toolchain missing: {', '.join(absent)}" if absent else None
