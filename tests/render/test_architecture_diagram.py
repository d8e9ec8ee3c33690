"""The architecture diagram and table say what the generated code does with these decisions, not what the
component kinds could do. Its arrows between components are checked against the topology in test_topology."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
PROFILES = sorted((ROOT / "reference" / "profiles").glob("*.yml"))


def _lines(profile: Path) -> list[str]:
    return (ROOT / "reference" / profile.stem / "docs" / "architecture.md").read_text().splitlines()


@pytest.mark.parametrize("profile", PROFILES, ids=[p.stem for p in PROFILES])
def test_mqtt_and_web_realtime_are_drawn_only_where_the_decisions_turn_them_on(profile: Path) -> None:
    decisions = yaml.safe_load(profile.read_text())
    names = {c["kind"]: [] for c in decisions["components"]}
    for c in decisions["components"]:
        names[c["kind"]].append(c["name"].replace("-", "_"))
    lines = _lines(profile)
    for iot in names.get("iot-service", []):
        mqtt = decisions.get("iot", {}).get("ingestion") == "mqtt-and-http"
        [arrow] = [line for line in lines if line.strip().startswith("devices -->") and line.endswith(iot)]
        assert ("MQTT" in arrow) == mqtt, arrow
        [row] = [line for line in lines if line.startswith(f"| [`{iot.replace('_', '-')}`]")]
        assert ("MQTT" in row) == mqtt, row
    for web in names.get("web", []):
        realtime = decisions.get("web", {}).get("realtime", "none")
        [row] = [line for line in lines if line.startswith(f"| [`{web.replace('_', '-')}`]")]
        assert ("WebSocket" in row) == (realtime == "websocket"), row
        assert ("SSE" in row) == (realtime == "sse"), row
