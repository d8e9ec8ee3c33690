import pytest
from fastapi.testclient import TestClient

from forecast.domain.energy import estimate_daily_energy


def test_heating_day() -> None:
    # 1000 m2, 50 people, 5.5 degC: 100 base + 1000*0.012*10 heating + 50*1.5 occupancy.
    result = estimate_daily_energy(1000, 50, 5.5)
    assert result.base_kwh == pytest.approx(100.0)
    assert result.heating_kwh == pytest.approx(120.0)
    assert result.cooling_kwh == 0.0
    assert result.occupancy_kwh == pytest.approx(75.0)
    assert result.total_kwh == pytest.approx(295.0)


def test_mild_day_has_no_weather_load() -> None:
    result = estimate_daily_energy(200, 0, 18.0)
    assert (result.heating_kwh, result.cooling_kwh) == (0.0, 0.0)
    assert result.total_kwh == pytest.approx(20.0)


def test_rejects_non_physical_inputs() -> None:
    with pytest.raises(ValueError, match="floor_area_m2"):
        estimate_daily_energy(0, 1, 10.0)
    with pytest.raises(ValueError, match="occupancy"):
        estimate_daily_energy(10, -1, 10.0)


def test_estimate_endpoint(client: TestClient) -> None:
    response = client.post(
        "/v1/estimate", json={"floor_area_m2": 1000, "occupancy": 50, "outdoor_temp_c": 27}
    )
    assert response.status_code == 200
    assert response.json() == {
        "model": "linear-baseline-v1",
        "daily_kwh": 250.0,
        "breakdown_kwh": {"base": 100.0, "heating": 0.0, "cooling": 75.0, "occupancy": 75.0},
    }


@pytest.mark.parametrize(
    "body",
    [
        {"floor_area_m2": 0, "occupancy": 5, "outdoor_temp_c": 10},
        {"floor_area_m2": 100, "occupancy": -1, "outdoor_temp_c": 10},
        {"floor_area_m2": 100, "occupancy": 5, "outdoor_temp_c": 99},
        {"floor_area_m2": 100, "occupancy": 5},
        {"floor_area_m2": "big", "occupancy": 5, "outdoor_temp_c": 10},
    ],
)
def test_estimate_rejects_invalid_input(client: TestClient, body: dict[str, object]) -> None:
    assert client.post("/v1/estimate", json=body).status_code == 422
