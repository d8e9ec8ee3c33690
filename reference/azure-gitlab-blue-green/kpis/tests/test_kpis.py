import pytest
from fastapi.testclient import TestClient

from kpis.domain.kpis import compute_kpis


def test_hourly_kpis() -> None:
    result = compute_kpis([10.0, 20.0, 30.0, 40.0], floor_area_m2=500.0, interval_minutes=60)
    assert result.total_kwh == pytest.approx(100.0)
    assert result.eui_kwh_per_m2 == pytest.approx(0.2)
    assert result.peak_demand_kw == pytest.approx(40.0)
    assert result.mean_demand_kw == pytest.approx(25.0)
    assert result.load_factor == pytest.approx(0.625)


def test_quarter_hour_interval_scales_demand() -> None:
    result = compute_kpis([10.0, 20.0, 30.0, 40.0], floor_area_m2=500.0, interval_minutes=15)
    assert result.peak_demand_kw == pytest.approx(160.0)
    assert result.mean_demand_kw == pytest.approx(100.0)


def test_zero_consumption_has_zero_load_factor() -> None:
    assert compute_kpis([0.0, 0.0], 100.0, 60).load_factor == 0.0


def test_rejects_empty_or_negative_readings() -> None:
    with pytest.raises(ValueError, match="at least one"):
        compute_kpis([], 100.0, 60)
    with pytest.raises(ValueError, match="negative"):
        compute_kpis([1.0, -1.0], 100.0, 60)


def test_kpis_endpoint(client: TestClient) -> None:
    response = client.post(
        "/v1/kpis",
        json={"floor_area_m2": 250, "interval_minutes": 30, "readings_kwh": [5, 15, 10]},
    )
    assert response.status_code == 200
    assert response.json() == {
        "readings": 3,
        "total_kwh": 30.0,
        "eui_kwh_per_m2": 0.12,
        "peak_demand_kw": 30.0,
        "mean_demand_kw": 20.0,
        "load_factor": 0.6667,
    }


@pytest.mark.parametrize(
    "body",
    [
        {"floor_area_m2": 100, "readings_kwh": []},
        {"floor_area_m2": 100, "readings_kwh": [1, -2]},
        {"floor_area_m2": 0, "readings_kwh": [1]},
        {"floor_area_m2": 100, "interval_minutes": 0, "readings_kwh": [1]},
        {"floor_area_m2": 100, "readings_kwh": ["lots"]},
        {"readings_kwh": [1]},
    ],
)
def test_kpis_rejects_invalid_input(client: TestClient, body: dict[str, object]) -> None:
    assert client.post("/v1/kpis", json=body).status_code == 422
