"""Run a generated `ci/release.sh` for real, against a recorded release state and a loopback service.

`pulumi` and `kubectl` are stand-ins on PATH that record every call. The stand-in `pulumi` keeps what
a Pulumi backend keeps (stack outputs and stack tags, one file that outlives every job) apart from
what a CI job's checkout holds (its stack config, reset to the committed Pulumi.yaml and
Pulumi.<env>.yaml at the start of each job). Its `up` runs the component's own deploy/settings.py,
so the outputs are the release state the real program exports. `kubectl rollout status` succeeds;
`kubectl port-forward` just stays up while the script's check asks FORWARD_PORT, where a real HTTP
server listens on 127.0.0.1, as does the public `url` output. The health checks' requests therefore
go over real sockets to a server that answers like the generated services: 200 on exactly
`/healthz` and `/readyz`, 404 on every other path (`//healthz` included), 503 while unhealthy.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import yaml

PROBES = ("/healthz", "/readyz")

FAKE_PULUMI = r'''#!{python}
"""Stand-in `pulumi`: config in the job's checkout, outputs and tags in the backend."""
import json, os, sys, types
from pathlib import Path

state = Path(os.environ["FAKE_STATE"])
with (state / "calls.jsonl").open("a") as log:
    log.write(json.dumps(["pulumi", *sys.argv[1:]]) + "\n")

def read(name):
    return json.loads((state / name).read_text())

def write(name, data):
    (state / name).write_text(json.dumps(data, indent=1, sort_keys=True))

args, stack, i = [], None, 1
while i < len(sys.argv):
    a = sys.argv[i]
    if a == "--stack":
        stack = sys.argv[i + 1]
        i += 2
        continue
    if not a.startswith("--"):
        args.append(a)
    i += 1
if stack is None:
    sys.exit("fake pulumi: every call must name --stack")
backend = read("backend.json")
outputs = backend["outputs"].setdefault(stack, {})
tags = backend["tags"].setdefault(stack, {})
config = read("checkout.json")

def lookup(path):
    node = config
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node

class Config:
    def get(self, key):
        value = config.get(key)
        return None if value is None else value if isinstance(value, str) else json.dumps(value)
    def require(self, key):
        value = self.get(key)
        if value is None:
            raise KeyError(key)
        return value
    def get_object(self, key):
        value = config.get(key)
        return json.loads(value) if isinstance(value, str) else value
    def require_object(self, key):
        value = self.get_object(key)
        if value is None:
            raise KeyError(key)
        return value
    def require_int(self, key):
        return int(self.require(key))
    def get_bool(self, key):
        value = config.get(key)
        return None if value is None else str(value).lower() == "true"

def program():
    sys.path.insert(0, os.getcwd())
    sys.modules.setdefault("pulumi", types.ModuleType("pulumi"))
    import settings
    return settings.WorkloadArgs.from_config(Config(), stack)

match args:
    case ["config", "set", path, value]:
        node = config
        *parents, last = path.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[last] = value
        write("checkout.json", config)
    case ["config", "get", path]:
        value = lookup(path)
        if value is None:
            sys.exit(f"error: configuration key '{path}' not found for stack '{stack}'")
        print(value if isinstance(value, str) else json.dumps(value))
    case ["stack", "output", *_] if os.environ.get("FAKE_BACKEND_DOWN"):
        sys.exit("error: failed to read the stack: the backend cannot be reached")
    case ["stack", "output"]:
        print(json.dumps(outputs))
    case ["stack", "output", name]:
        if name not in outputs:
            sys.exit(f"error: current stack does not have output property '{name}'")
        print(outputs[name])
    case ["stack", "tag", "get", name]:
        if name not in tags:
            sys.exit(f"error: stack tag '{name}' not found")
        print(tags[name])
    case ["stack", "tag", "set", name, value]:
        tags[name] = value
        write("backend.json", backend)
    case ["up"]:
        workload = program()
        outputs.clear()
        outputs.update(
            namespace=workload.namespace,
            url=os.environ["FAKE_URL"],
            image=workload.image,
            **workload.release_state(),
            deployments=json.dumps(workload.deployments(), sort_keys=True),
        )
        write("backend.json", backend)
    case ["preview"]:
        program()
    case _:
        sys.exit(f"fake pulumi: unexpected call {args}")
'''

FAKE_KUBECTL = r'''#!{python}
"""Stand-in `kubectl`: rollouts are complete; a port-forward stays up until it is stopped."""
import json, os, sys, time
from pathlib import Path

with (Path(os.environ["FAKE_STATE"]) / "calls.jsonl").open("a") as log:
    log.write(json.dumps(["kubectl", *sys.argv[1:]]) + "\n")
if "rollout" in sys.argv:
    print("deployment successfully rolled out")
elif "port-forward" in sys.argv:
    port = sys.argv[-1].split(":")[0]
    print(f"Forwarding from 127.0.0.1:{port} -> http (the loopback service listens there)", flush=True)
    time.sleep(600)
'''


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:
        # The path as sent: http.server folds a leading "//" into "/" in self.path, Starlette does not.
        path = self.requestline.split(" ")[1]
        self.server.paths.append(path)
        if path not in PROBES:
            status, body = 404, b'{"detail":"Not Found"}'
        elif self.server.healthy:
            status, body = 200, b'{"status":"ok"}'
        else:
            status, body = 503, b'{"status":"unavailable"}'
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        return


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    paths: list[str]
    healthy: bool


@contextmanager
def health_server() -> Iterator[_Server]:
    """A real HTTP server on a free loopback port, answering like a generated service's probes."""
    server = _Server(("127.0.0.1", 0), _Handler)
    server.paths = []
    server.healthy = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def committed_config(deploy: Path, stack: str) -> dict[str, Any]:
    """The stack config a fresh checkout holds: Pulumi.yaml defaults under Pulumi.<stack>.yaml."""
    project = yaml.safe_load((deploy / "Pulumi.yaml").read_text())
    prefix = f"{project['name']}:"
    values = {
        key: spec.get("default") if isinstance(spec, dict) else spec
        for key, spec in (project.get("config") or {}).items()
    }
    stack_file = yaml.safe_load((deploy / f"Pulumi.{stack}.yaml").read_text())
    for key, value in (stack_file.get("config") or {}).items():
        values[key.removeprefix(prefix)] = value
    return values


@dataclass
class Bench:
    """One component's release script with stand-in tools, a backend that persists and a service."""

    component: Path
    work: Path
    server: _Server
    env: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.state = self.work / "state"
        self.bin = self.work / "bin"
        for folder in (self.state, self.bin):
            folder.mkdir(parents=True, exist_ok=True)
        for name, text in (("pulumi", FAKE_PULUMI), ("kubectl", FAKE_KUBECTL)):
            tool = self.bin / name
            tool.write_text(text.replace("{python}", sys.executable, 1))
            tool.chmod(0o755)
        (self.state / "backend.json").write_text(json.dumps({"outputs": {}, "tags": {}}))
        (self.state / "calls.jsonl").write_text("")
        self.checkout(stacks(self.component)[0])

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}/"

    def checkout(self, stack: str) -> None:
        """A CI job starts: its checkout holds the committed stack config, nothing of earlier jobs."""
        config = committed_config(self.component / "deploy", stack)
        (self.state / "checkout.json").write_text(json.dumps(config))

    def run(self, stack: str, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
        """`STACK=<stack> bash ci/release.sh <args>` with the stand-ins first on PATH."""
        clean = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
        full = {
            **clean,
            "PATH": f"{self.bin}{os.pathsep}{os.environ.get('PATH', '')}",
            "FAKE_STATE": str(self.state),
            "FAKE_URL": self.url,
            "FORWARD_PORT": str(self.server.server_address[1]),
            "HEALTH_RETRIES": "2",
            "HEALTH_RETRY_DELAY": "1",
            "STACK": stack,
            **self.env,
            **env,
        }
        return subprocess.run(
            ["bash", str(self.component / "ci" / "release.sh"), *args],
            env=full,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    def step(self, stack: str, *args: str, **env: str) -> str:
        """One release step that must succeed; returns its output."""
        result = self.run(stack, *args, **env)
        assert result.returncode == 0, (
            f"release.sh {' '.join(args)} exited {result.returncode}\n{result.stdout}\n{result.stderr}"
        )
        return result.stdout

    def outputs(self, stack: str) -> dict[str, str]:
        backend = json.loads((self.state / "backend.json").read_text())
        return dict(backend["outputs"].get(stack, {}))

    def tags(self, stack: str) -> dict[str, str]:
        backend = json.loads((self.state / "backend.json").read_text())
        return dict(backend["tags"].get(stack, {}))

    def calls(self, tool: str | None = None) -> list[list[str]]:
        lines = (self.state / "calls.jsonl").read_text().splitlines()
        calls = [json.loads(line) for line in lines if line]
        return [c[1:] for c in calls if tool is None or c[0] == tool]

    def forget_calls(self) -> None:
        (self.state / "calls.jsonl").write_text("")


def stacks(component: Path) -> list[str]:
    """The component's stacks (environments), from its deploy/Pulumi.<env>.yaml files."""
    return sorted(p.name.split(".")[1] for p in (component / "deploy").glob("Pulumi.*.yaml"))


def strategy(component: Path) -> str:
    """The component's release strategy, as its Pulumi project declares it."""
    project = yaml.safe_load((component / "deploy" / "Pulumi.yaml").read_text())
    return str(project["config"]["strategy"]["default"])


def release_steps(component: Path) -> list[list[str]]:
    """The release steps the component's pipeline runs, in order (from docs/pipelines.md)."""
    steps: list[list[str]] = []
    for line in (component / "docs" / "pipelines.md").read_text().splitlines():
        marker = ": `ci/release.sh "
        if marker in line and line[:1].isdigit():
            steps.append(line.split(marker, 1)[1].rstrip("`").split())
    return steps


def release_twice_and_roll_back(bench: Bench, repository: str) -> str:
    """The pipeline's steps for two builds, then a rollback to the first: what every stack lives."""
    stack = stacks(bench.component)[0]
    for sha in ("build-1", "build-2"):
        bench.checkout(stack)
        for step in release_steps(bench.component):
            bench.step(stack, *step, IMAGE_TAG=sha)
        image = bench.outputs(stack)["image"]
        assert image == f"{repository}:{sha}", f"after releasing {sha}, the stack runs {image}"
    bench.checkout(stack)
    bench.step(stack, "rollback", "")
    image = bench.outputs(stack)["image"]
    assert image == f"{repository}:build-1", f"after the rollback, the stack runs {image}"
    assert bench.server.paths and set(bench.server.paths) == {"/healthz"}, bench.server.paths
    return f"{stack}: released build-1, build-2, rolled back to build-1 ({len(bench.calls())} tool calls)"
