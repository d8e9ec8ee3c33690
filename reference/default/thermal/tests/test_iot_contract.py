"""The IoT client (core/peers.py) reads only what the IoT service's OpenAPI document promises.

contracts/telemetry.openapi.json is the document telemetry commits, as generated with this system
(regenerating the system refreshes it). A field the client reads that the provider renamed, removed
or made optional fails here, before any deployment meets it.
"""

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest

from thermal.core.peers import PAGE_SIZE, Building, Reading

DOCUMENT = Path(__file__).resolve().parents[1] / "contracts" / "telemetry.openapi.json"
# The query parameters IotClient.readings sends: keyset paging, and the filter its callers pass.
READINGS_PARAMETERS = {"after", "limit", "building_id"}

Schema = dict[str, Any]


@pytest.fixture(scope="module")
def document() -> Schema:
    return json.loads(DOCUMENT.read_text())


def resolve(document: Schema, schema: Schema) -> Schema:
    while "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rpartition("/")[2]]
    return schema


def answer(document: Schema, path: str) -> Schema:
    """The schema of a GET's 200 JSON body."""
    body = document["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]
    return resolve(document, body["schema"])


def assert_carries(document: Schema, schema: Schema, read: type) -> None:
    """Every field of the client's dataclass is a required property of the provider's object."""
    schema = resolve(document, schema)
    fields = {f.name for f in dataclasses.fields(read)}
    missing = sorted(fields - set(schema.get("properties", {})))
    assert not missing, f"{read.__name__} reads {missing}, absent from {schema.get('title')}"
    optional = sorted(fields - set(schema.get("required", [])))
    assert not optional, f"{read.__name__} needs {optional}, optional in {schema.get('title')}"


def test_buildings_list_carries_what_the_client_reads(document: Schema) -> None:
    listed = answer(document, "/v1/buildings")
    assert listed["type"] == "array"
    assert_carries(document, listed["items"], Building)


def test_building_lookup_answers_the_building_or_404(document: Schema) -> None:
    assert "404" in document["paths"]["/v1/buildings/{building_id}"]["get"]["responses"]
    assert_carries(document, answer(document, "/v1/buildings/{building_id}"), Building)


def test_readings_export_pages_as_the_client_follows_them(document: Schema) -> None:
    page = answer(document, "/v1/readings")
    assert {"items", "next_after"} <= set(page["required"])
    assert_carries(document, page["properties"]["items"]["items"], Reading)
    operation = document["paths"]["/v1/readings"]["get"]
    parameters = {p["name"]: p["schema"] for p in operation["parameters"] if p["in"] == "query"}
    assert set(parameters) >= READINGS_PARAMETERS
    assert parameters["limit"]["maximum"] >= PAGE_SIZE


def test_a_renamed_provider_field_fails_the_check(document: Schema) -> None:
    renamed = json.loads(json.dumps(document))
    building = resolve(renamed, answer(renamed, "/v1/buildings")["items"])
    building["properties"]["area_m2"] = building["properties"].pop("floor_area_m2")
    with pytest.raises(AssertionError, match="floor_area_m2"):
        assert_carries(renamed, answer(renamed, "/v1/buildings")["items"], Building)
