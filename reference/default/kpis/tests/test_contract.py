"""The answers the OpenAPI document promises (core/errors.py, core/values.py): what schemathesis
checks against the running service, pinned here without it."""

from typing import Annotated

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import BaseModel, Field, ValidationError

from kpis.core import errors
from kpis.core.values import NOT_A_FLAG, Flag, Number, Timestamp


class Body(BaseModel):
    amount: Number = Field(ge=0, le=10)
    enabled: Flag = False
    count: Annotated[int, Field(ge=1, le=5), NOT_A_FLAG] = 1
    at: Timestamp | None = None


@pytest.fixture
def probe() -> TestClient:
    app = FastAPI()
    errors.install(app)

    @app.get("/things")
    def things() -> list[str]:
        return []

    @app.post("/things")
    def add(body: Body) -> Body:
        return body

    @app.get("/things/{name}", responses={404: errors.problem("Unknown thing")})
    def thing(name: str) -> str:
        return name

    return TestClient(app)


def test_a_405_lists_every_method_the_path_serves(probe: TestClient) -> None:
    # Starlette alone would list only the first route's methods (GET).
    answer = probe.delete("/things")
    assert answer.status_code == 405
    assert answer.headers["allow"] == "GET, POST"
    assert probe.put("/things/x").headers["allow"] == "GET"


def test_a_body_that_is_not_utf8_is_the_documented_422(probe: TestClient) -> None:
    answer = probe.post(
        "/things", content=b"\xff\xfe{", headers={"Content-Type": "application/json"}
    )
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["type"] == "json_invalid"


def test_problem_answers_are_documented_as_json(probe: TestClient) -> None:
    content = probe.get("/openapi.json").json()["paths"]["/things/{name}"]["get"]["responses"]
    schema = content["404"]["content"]["application/json"]["schema"]
    assert schema["properties"]["detail"]["type"] == "string"


@pytest.mark.parametrize(
    "wrong",
    [
        {"amount": False},
        {"amount": "1.5"},
        {"amount": 1, "enabled": 1},
        {"amount": 1, "enabled": "yes"},
        {"amount": 1, "count": True},
        {"amount": 1, "count": 6},
        {"amount": 1, "at": "0.5"},
        {"amount": 1, "at": 1700000000},
        {"amount": 1, "at": "2026-01-01T00:00:00"},
    ],
)
def test_values_outside_their_schema_are_refused(wrong: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        Body.model_validate(wrong)


def test_values_inside_their_schema_are_taken() -> None:
    body = Body.model_validate(
        {"amount": 2, "enabled": True, "count": 3.0, "at": "2026-01-01T00:00:00Z"}
    )
    assert (body.amount, body.enabled, body.count, body.at.year if body.at else None) == (
        2.0,
        True,
        3,
        2026,
    )


def test_integer_bounds_stay_in_the_schema() -> None:
    count = Body.model_json_schema()["properties"]["count"]
    assert (count["type"], count["minimum"], count["maximum"]) == ("integer", 1, 5)
