import pytest
from fastapi.testclient import TestClient

from thermal.domain.thermal import steady_state


def test_heat_balance() -> None:
    # UA 250 W/K, 0 degC outside, 2 kW gains + 3 kW heating: T_in = 0 + 5000 / 250 = 20 degC.
    result = steady_state(250.0, 0.0, internal_gains_w=2000.0, hvac_w=3000.0)
    assert result.zone_temp_c == pytest.approx(20.0)
    assert result.heat_flow_w == pytest.approx(5000.0)
    assert result.time_constant_h is None


def test_cooling_below_outdoor_and_time_constant() -> None:
    result = steady_state(
        500.0, 30.0, internal_gains_w=1000.0, hvac_w=-6000.0, capacitance_j_per_k=9.0e6
    )
    assert result.zone_temp_c == pytest.approx(20.0)
    assert result.time_constant_h == pytest.approx(5.0)  # 9e6 / 500 / 3600


def test_rejects_non_positive_conductance() -> None:
    with pytest.raises(ValueError, match="ua_w_per_k"):
        steady_state(0.0, 10.0)


def test_steady_state_endpoint(client: TestClient) -> None:
    response = client.post(
        "/v1/steady-state",
        json={
            "ua_w_per_k": 250,
            "outdoor_temp_c": -5,
            "internal_gains_w": 1500,
            "hvac_w": 5000,
            "capacitance_j_per_k": 27_000_000,
        },
    )
    assert response.status_code == 200
    assert response.json() == {
        "zone_temp_c": 21.0,
        "heat_flow_w": 6500.0,
        "time_constant_h": 30.0,
    }


@pytest.mark.parametrize(
    "body",
    [
        {"ua_w_per_k": 0, "outdoor_temp_c": 0},
        {"ua_w_per_k": -10, "outdoor_temp_c": 0},
        {"ua_w_per_k": 100, "outdoor_temp_c": 200},
        {"ua_w_per_k": 100, "outdoor_temp_c": 0, "internal_gains_w": -1},
        {"ua_w_per_k": 100, "outdoor_temp_c": 0, "capacitance_j_per_k": 0},
        {"outdoor_temp_c": 0},
    ],
)
def test_steady_state_rejects_invalid_input(client: TestClient, body: dict[str, object]) -> None:
    assert client.post("/v1/steady-state", json=body).status_code == 422
