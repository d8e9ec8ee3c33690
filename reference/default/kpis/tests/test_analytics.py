"""KPI, rolling-window and anomaly numbers on a hand-computed fixture, then over HTTP."""

import math
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from kpis.domain.analytics import sample
from kpis.domain.analytics.engine import Engine
from kpis.domain.analytics.stream import RollingDetector

# Building a (100 m2): eight hours, the last one a spike. Building b (50 m2): two hours.
ENERGY_A = [10, 12, 10, 12, 10, 12, 10, 50]
INDOOR_A = [21, 21, 19, 22, 25, 21, 21, 21]
OCCUPIED_A = [True] * 5 + [False] * 3


@pytest.fixture
def engine(tmp_path: Path) -> Engine:
    lines = ["building_id,ts,energy_kwh,indoor_temp_c,occupied"]
    for hour, (kwh, temp, busy) in enumerate(zip(ENERGY_A, INDOOR_A, OCCUPIED_A, strict=True)):
        lines.append(f"a,2025-03-03T{hour:02d}:00:00+00:00,{kwh},{temp},{str(busy).lower()}")
    lines += ["b,2025-03-03T00:00:00+00:00,1,21,true", "b,2025-03-03T01:00:00+00:00,3,18,true"]
    (tmp_path / "t.csv").write_text("\n".join(lines) + "\n")
    (tmp_path / "b.csv").write_text("building_id,floor_area_m2\na,100\nb,50\n")
    return Engine.from_files(tmp_path / "t.csv", tmp_path / "b.csv")


def test_kpis_on_the_fixture(engine: Engine) -> None:
    a, b = engine.kpis()
    assert (a.building_id, a.hours, a.total_kwh) == ("a", 8, 126.0)
    assert a.eui_kwh_per_m2 == pytest.approx(1.26)
    assert a.peak_demand_kw == pytest.approx(50.0)
    assert a.mean_demand_kw == pytest.approx(15.75)
    assert a.load_factor == pytest.approx(0.315)
    # Occupied hours at 21, 21, 19, 22, 25 degC: three inside 20-24.
    assert (a.occupied_hours, a.comfort_hours) == (5, 3)
    assert (b.total_kwh, b.eui_kwh_per_m2, b.load_factor) == (4.0, 0.08, pytest.approx(2 / 3))
    assert (b.occupied_hours, b.comfort_hours) == (2, 1)


def test_quarter_hour_interval_scales_demand(tmp_path: Path, engine: Engine) -> None:
    quarter = Engine.from_files(tmp_path / "t.csv", tmp_path / "b.csv", interval_hours=0.25)
    assert quarter.kpis()[0].peak_demand_kw == pytest.approx(200.0)
    assert quarter.kpis()[0].load_factor == pytest.approx(engine.kpis()[0].load_factor)


def test_rolling_mean(engine: Engine) -> None:
    series = engine.series("a", window=2)
    assert [mean for _, _, mean in series] == [10, 11, 11, 11, 11, 11, 11, 30]
    assert series[0][0] == "2025-03-03T00:00:00Z"


def test_anomaly_uses_the_window_before_the_reading(engine: Engine) -> None:
    (spike,) = engine.anomalies(window=6, threshold=4.0)
    assert (spike.building_id, spike.ts, spike.energy_kwh) == ("a", "2025-03-03T07:00:00Z", 50.0)
    assert spike.baseline_kwh == pytest.approx(11.0)
    assert spike.z_score == pytest.approx(39 / math.sqrt(6 / 5))


def test_sample_fault_is_detected(tmp_path: Path) -> None:
    telemetry, buildings = sample.write(tmp_path)
    found = Engine.from_files(telemetry, buildings).anomalies(window=24, threshold=4.0)
    fault = sample.FAULT_AT.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert (sample.FAULT_BUILDING, fault) in {(a.building_id, a.ts) for a in found}
    assert len(found) <= 3


def test_stream_agrees_with_the_batch_engine(engine: Engine) -> None:
    detector = RollingDetector(window=6, threshold=4.0)
    results = [detector.add("a", kwh) for kwh in ENERGY_A]
    assert [r.anomaly for r in results] == [False] * 7 + [True]
    assert results[-1].z_score == pytest.approx(engine.anomalies(6, 4.0)[0].z_score)
    assert results[-1].rolling_mean_kwh == pytest.approx(sum(ENERGY_A[-6:]) / 6)
    assert results[-1].readings == 8


def test_kpis_endpoint_on_the_sample(client: TestClient) -> None:
    body = {k["building_id"]: k for k in client.get("/v1/kpis").json()}
    assert set(body) == set(sample.BUILDINGS)
    expected = sum(kwh for b, _, kwh, _, _ in sample.rows() if b == "hq")
    assert body["hq"]["total_kwh"] == pytest.approx(expected)
    assert body["hq"]["eui_kwh_per_m2"] == pytest.approx(expected / sample.BUILDINGS["hq"])
    assert body["hq"]["hours"] == sample.DAYS * 24


def test_rolling_and_anomaly_endpoints(client: TestClient) -> None:
    series = client.get("/v1/buildings/hq/rolling", params={"window": 3}).json()
    assert len(series) == sample.DAYS * 24
    first3 = [p["energy_kwh"] for p in series[:3]]
    assert series[2]["rolling_mean_kwh"] == pytest.approx(sum(first3) / 3, abs=1e-4)
    assert client.get("/v1/buildings/nowhere/rolling").status_code == 404
    assert client.get("/v1/buildings/hq/rolling", params={"window": 1}).status_code == 422
    fault = sample.FAULT_AT.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert fault in {a["ts"] for a in client.get("/v1/anomalies").json()}


def test_report_page_has_a_chart_per_building(client: TestClient) -> None:
    response = client.get("/v1/report")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    page = response.text
    assert page.count("<svg") == len(sample.BUILDINGS)
    assert page.count('fill="#c0392b"') >= 1  # the fault, marked
    assert client.get("/v1/report").text == page  # deterministic


def test_stream_endpoint_flags_a_spike(client: TestClient) -> None:
    for kwh in [10, 12] * 12:
        quiet = client.post("/v1/stream/readings", json={"building_id": "x", "energy_kwh": kwh})
        assert quiet.json()["anomaly"] is False
    spike = client.post("/v1/stream/readings", json={"building_id": "x", "energy_kwh": 40}).json()
    assert spike["anomaly"] is True and spike["readings"] == 25
    assert spike["z_score"] == pytest.approx(29 / math.sqrt(24 / 23))
    bad = client.post("/v1/stream/readings", json={"building_id": "x", "energy_kwh": -1})
    assert bad.status_code == 422
