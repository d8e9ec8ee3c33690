"""The system's topology (templates/partials/topology.jinja) is the one source of every wire: the diagram's
arrows, each caller's peer URL (make up, compose.yaml, each Pulumi stack) and the NetworkPolicy edges all say
the same calls, and those calls are what the decisions imply. Checked on every committed reference profile."""

from __future__ import annotations

import ipaddress
import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from arxscaffold.decisions import load_text
from arxscaffold.render import NewRequest, new

ROOT = Path(__file__).resolve().parents[2]
PROFILES = sorted((ROOT / "reference" / "profiles").glob("*.yml"))
IDS = [p.stem for p in PROFILES]
# Services that read the IoT service's buildings and readings when the system has one.
IOT_CONSUMERS = {"analytics-service", "ai-service", "physics-service"}
ARROW = re.compile(r"^\s*(\w+) -->\|[^|]*\| (\w+)\s*$")


def _components(profile: Path) -> list[dict[str, str]]:
    return list(yaml.safe_load(profile.read_text())["components"])


def expected_edges(components: list[dict[str, str]]) -> set[tuple[str, str]]:
    """The calls the generated code makes: a web server routes to every service; IoT consumers call the
    first IoT service in decisions order."""
    services = [c["name"] for c in components if c["kind"].endswith("-service")]
    iot = next((c["name"] for c in components if c["kind"] == "iot-service"), None)
    edges: set[tuple[str, str]] = set()
    for c in components:
        if c["kind"] == "web":
            edges |= {(c["name"], s) for s in services}
        elif iot and c["kind"] in IOT_CONSUMERS:
            edges.add((c["name"], iot))
    return edges


def diagram_edges(system: Path, components: list[dict[str, str]]) -> set[tuple[str, str]]:
    """Arrows of docs/architecture.md between two components (not users, devices, ingress, Prometheus)."""
    nodes = {c["name"].replace("-", "_"): c["name"] for c in components}
    text = (system / "docs" / "architecture.md").read_text()
    found = set()
    for line in text.splitlines():
        match = ARROW.match(line)
        if match and match[1] in nodes and match[2] in nodes:
            found.add((nodes[match[1]], nodes[match[2]]))
    return found


def stacks(system: Path) -> list[tuple[str, str, dict[str, object]]]:
    """(component, environment, config) of every Pulumi stack file in the system."""
    out = []
    for path in sorted(system.glob("*/deploy/Pulumi.*.yaml")):
        env = path.name.split(".")[1]
        out.append((path.parts[-3], env, yaml.safe_load(path.read_text())["config"]))
    return out


@pytest.mark.parametrize("profile", PROFILES, ids=IDS)
def test_diagram_arrows_are_the_topology(profile: Path) -> None:
    components = _components(profile)
    system = ROOT / "reference" / profile.stem
    assert diagram_edges(system, components) == expected_edges(components)


@pytest.mark.parametrize("profile", PROFILES, ids=IDS)
def test_network_policy_edges_are_the_topology_one_way(profile: Path) -> None:
    components = _components(profile)
    expected = expected_edges(components)
    system = ROOT / "reference" / profile.stem
    for name, env, config in stacks(system):
        callees = {(name, callee) for callee in config[f"{name}:callees"]}  # type: ignore[attr-defined]
        callers = {(caller, name) for caller in config[f"{name}:callers"]}  # type: ignore[attr-defined]
        assert callees == {e for e in expected if e[0] == name}, (name, env)
        assert callers == {e for e in expected if e[1] == name}, (name, env)


@pytest.mark.parametrize("profile", PROFILES, ids=IDS)
def test_each_iot_consumer_gets_the_iot_url_everywhere_it_runs(profile: Path) -> None:
    components = _components(profile)
    system = ROOT / "reference" / profile.stem
    consumers = {a: b for a, b in expected_edges(components) if a not in _webs(components)}
    prefix = {c["name"]: c["name"].replace("-", "_").upper() + "_" for c in components}
    processes = json.loads((system / "scripts" / "processes.json").read_text())["processes"]
    for p in processes:
        urls = {k: v for k, v in p["env"].items() if k.endswith("IOT_URL")}
        iot = consumers.get(p["name"])
        want = {f"{prefix[p['name']]}IOT_URL": f"http://127.0.0.1:{{ports[{iot}]}}"} if iot else {}
        assert urls == want, p["name"]
    compose = yaml.safe_load((system / "compose.yaml").read_text())["services"]
    for name, service in compose.items():
        urls = {k: v for k, v in (service.get("environment") or {}).items() if k.endswith("IOT_URL")}
        if name in consumers:
            assert urls == {f"{prefix[name]}IOT_URL": f"http://{consumers[name]}:8102"}, name
            assert consumers[name] in service["depends_on"]
        else:
            assert not urls, name
    for name, env, config in stacks(system):
        settings = config[f"{name}:settings"]
        iot = consumers.get(name)
        want = f"http://{iot}.{iot}-{env}.svc.cluster.local" if iot else None
        assert settings.get("IOT_URL") == want, (name, env)  # type: ignore[attr-defined]


def _webs(components: list[dict[str, str]]) -> set[str]:
    return {c["name"] for c in components if c["kind"] == "web"}


def _placeholder(url: str) -> str | None:
    """Why a peer URL cannot reach a peer from a pod: loopback, or a documentation domain."""
    host = urlsplit(url).hostname or ""
    if host == "localhost" or host.endswith(".localhost"):
        return "loopback"
    try:
        if ipaddress.ip_address(host).is_loopback or ipaddress.ip_address(host).is_unspecified:
            return "loopback"
    except ValueError:
        pass
    if "example" in host.split("."):
        return "example domain"
    return None


@pytest.mark.parametrize("profile", PROFILES, ids=IDS)
def test_no_stack_config_holds_a_placeholder_upstream_for_a_peer(profile: Path) -> None:
    system = ROOT / "reference" / profile.stem
    for name, env, config in stacks(system):
        for key, value in (config.get(f"{name}:settings") or {}).items():  # type: ignore[attr-defined]
            if isinstance(value, str) and re.match(r"^https?://", value):
                assert _placeholder(value) is None, f"{name} {env}: {key}={value} ({_placeholder(value)})"
                assert value.endswith(f"-{env}.svc.cluster.local"), f"{name} {env}: {key}={value}"


def test_the_placeholder_check_knows_loopback_and_example_hosts() -> None:
    assert _placeholder("http://127.0.0.1:9") == "loopback"
    assert _placeholder("http://[::1]:8080") == "loopback"
    assert _placeholder("http://localhost") == "loopback"
    assert _placeholder("https://api.example.com") == "example domain"
    assert _placeholder("http://telemetry.telemetry-dev.svc.cluster.local") is None


def test_with_two_iot_services_consumers_call_the_first(tmp_path: Path) -> None:
    data = yaml.safe_load((ROOT / "reference" / "profiles" / "default.yml").read_text())
    data["components"] = [
        {"name": "kpis", "kind": "analytics-service"},
        {"name": "site-a", "kind": "iot-service"},
        {"name": "site-b", "kind": "iot-service"},
    ]
    out = tmp_path / "out"
    new(NewRequest(load_text(yaml.safe_dump(data)), out))
    assert diagram_edges(out, data["components"]) == {("kpis", "site-a")}
    [kpis] = [
        p
        for p in json.loads((out / "scripts" / "processes.json").read_text())["processes"]
        if p["name"] == "kpis"
    ]
    assert kpis["env"]["KPIS_IOT_URL"] == "http://127.0.0.1:{ports[site-a]}"
    routes = (out / "kpis" / "src" / "kpis" / "domain" / "analytics_routes.py").read_text()
    assert 'IOT_COMPONENT: str | None = "site-a"' in routes
