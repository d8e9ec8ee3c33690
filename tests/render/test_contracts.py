"""Every generated Python service commits its OpenAPI document, picked from the ones the service template
stores (one per variant key, written by `python -m arxscaffold.contracts`). A decision option added without
regenerating them must fail here, and the committed reference services must carry their variant's document.
Backstage gets an API entity per service and the topology's calls as consumesApis / dependsOn. The
hand-written native and Flutter clients read only fields the IoT service's document requires."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from arxscaffold import contracts
from arxscaffold.decisions import load_file

ROOT = Path(__file__).resolve().parents[2]
PROFILES = sorted((ROOT / "reference" / "profiles").glob("*.yml"))
PLACEHOLDERS = {placeholder for _, placeholder in contracts.PLACEHOLDERS}


def _reference_services() -> list[tuple[str, str, contracts.Variant, str]]:
    """(profile, component, its variant, the IoT component it reads or '') of every reference service."""
    found = []
    for profile in PROFILES:
        decisions = load_file(profile)
        iot = next((c.name for c in decisions.components if c.kind == "iot-service"), "")
        for component in decisions.components:
            if component.kind not in contracts.SERVICE_KINDS:
                continue
            answers = tuple(
                (spec.path, decisions.values[spec.path])
                for spec in contracts.schema_decisions(component.kind)
            )
            reads = iot if component.kind in contracts.IOT_CONSUMERS else ""
            variant = contracts.Variant(component.kind, answers, bool(reads))
            found.append((profile.stem, component.name, variant, reads))
    return found


REFERENCE_SERVICES = _reference_services()


def test_every_reachable_combination_has_a_stored_document() -> None:
    variants = contracts.all_variants()
    assert {v.kind for v in variants} == set(contracts.SERVICE_KINDS)
    missing = sorted({v.label for v in variants if not contracts.document_path(v).is_file()})
    assert missing == [], "run `python -m arxscaffold.contracts`: no stored OpenAPI document for these"


def test_every_stored_document_is_reachable() -> None:
    keys = {contracts.key(v) for v in contracts.all_variants()}
    assert {p.stem for p in contracts.document_dir().glob("*.json")} == keys


def test_the_key_tells_apart_what_changes_a_schema() -> None:
    """A consumer with an IoT peer gains the IoT training source; batch-only serving drops inference."""
    by_key = {contracts.key(v): v for v in contracts.all_variants()}
    assert "ai-service-online-iot" in by_key and "ai-service-batch-no-iot" in by_key
    online = json.loads((contracts.document_dir() / "ai-service-online-iot.json").read_text())
    batch = json.loads((contracts.document_dir() / "ai-service-batch-iot.json").read_text())
    assert set(batch["paths"]) < set(online["paths"])


@pytest.mark.parametrize("path", sorted(contracts.document_dir().glob("*.json")), ids=lambda p: p.stem)
def test_stored_documents_are_openapi_with_only_known_placeholders(path: Path) -> None:
    text = path.read_text()
    for placeholder in PLACEHOLDERS:
        text = text.replace(placeholder, "x")
    assert "{{" not in text and "{%" not in text and "{#" not in text
    document = json.loads(contracts.filled(path.read_text(), "probe", "system", "iot"))
    assert document["openapi"].startswith("3.")
    assert document["info"]["title"] == "probe"
    assert any(p.startswith("/v1/") for p in document["paths"])
    assert path.read_text() == json.dumps(json.loads(path.read_text()), indent=2, sort_keys=True) + "\n"


def test_templated_and_filled_are_inverse() -> None:
    exported = json.dumps({"info": {"title": contracts.NAME}, "x": f"{contracts.PACKAGE.upper()}_IOT_URL"})
    stored = contracts.templated(exported)
    assert contracts.NAME not in stored and "{{ name }}" in stored
    assert contracts.filled(stored, contracts.NAME, contracts.SYSTEM_NAME, contracts.IOT_NAME) == exported
    with pytest.raises(ValueError, match="Jinja"):
        contracts.templated('{"a": "{{ x }}"}')


@pytest.mark.parametrize(
    ("profile", "name", "variant", "iot"),
    REFERENCE_SERVICES,
    ids=[f"{p}-{n}" for p, n, *_ in REFERENCE_SERVICES],
)
def test_reference_service_commits_its_variants_document(
    profile: str, name: str, variant: contracts.Variant, iot: str
) -> None:
    system = load_file(ROOT / "reference" / "profiles" / f"{profile}.yml").values["system.name"]
    committed = (ROOT / "reference" / profile / name / "openapi.json").read_text()
    stored = contracts.document_path(variant).read_text()
    assert committed == contracts.filled(stored, name, system, iot)


def test_reference_profiles_cover_every_service_kind() -> None:
    assert {v.kind for _, _, v, _ in REFERENCE_SERVICES} == set(contracts.SERVICE_KINDS)


@pytest.mark.parametrize("profile", PROFILES, ids=lambda p: p.stem)
def test_backstage_apis_follow_the_topology(profile: Path) -> None:
    decisions = load_file(profile)
    root = ROOT / "reference" / profile.stem
    services = {c.name for c in decisions.components if c.kind in contracts.SERVICE_KINDS}
    iot = next((c.name for c in decisions.components if c.kind == "iot-service"), None)
    provided: set[str] = set()
    consumed: dict[str, list[str]] = {}
    for component in decisions.components:
        entities = list(yaml.safe_load_all((root / component.name / "catalog-info.yaml").read_text()))
        main, apis = entities[0], entities[1:]
        assert main["kind"] == "Component"
        spec = main["spec"]
        if component.name in services:
            assert spec["providesApis"] == [f"{component.name}-api"]
            assert [a["metadata"]["name"] for a in apis] == [f"{component.name}-api"]
            assert apis[0]["spec"]["type"] == "openapi"
            assert apis[0]["spec"]["definition"] == {"$text": "./openapi.json"}
            assert (root / component.name / "openapi.json").is_file()
            provided.add(f"{component.name}-api")
        else:
            assert "providesApis" not in spec and apis == []
        # A web app calls every service; an IoT consumer calls the first IoT service; nothing else calls.
        if component.kind == "web":
            expected = sorted(services, key=[c.name for c in decisions.components].index)
        elif component.kind in contracts.IOT_CONSUMERS and iot:
            expected = [iot]
        else:
            expected = []
        consumed[component.name] = spec.get("consumesApis", [])
        assert consumed[component.name] == [f"{c}-api" for c in expected]
        assert spec.get("dependsOn", []) == [f"component:{c}" for c in expected]
    assert {api for apis in consumed.values() for api in apis} <= provided


@pytest.mark.parametrize(
    ("profile", "name", "variant", "iot"),
    REFERENCE_SERVICES,
    ids=[f"{p}-{n}" for p, n, *_ in REFERENCE_SERVICES],
)
def test_consumer_carries_its_providers_committed_document(
    profile: str, name: str, variant: contracts.Variant, iot: str
) -> None:
    """What a consumer checks its IoT client against is exactly what the IoT service commits."""
    contracts_dir = ROOT / "reference" / profile / name / "contracts"
    if not iot:
        assert not contracts_dir.exists()
        return
    assert sorted(p.name for p in contracts_dir.iterdir()) == [f"{iot}.openapi.json"]
    provider = (ROOT / "reference" / profile / iot / "openapi.json").read_text()
    assert (contracts_dir / f"{iot}.openapi.json").read_text() == provider
    assert (ROOT / "reference" / profile / name / "tests" / "test_iot_contract.py").is_file()


# The native and Flutter clients' building type is written by hand (no maintained generator for these here):
# each field it reads is named in its source, and must stay a required property of what the IoT service
# answers, in every stored variant of its document. Renaming `floor_area_m2` at the provider fails this.
KOTLIN = "mobile/native/android/app/src/main/kotlin/io/arxos/fieldapp/HttpBuildingsApi.kt"
SWIFT = "mobile/native/ios/Sources/FieldCore/Buildings.swift"
DART = "mobile/flutter/lib/api/client.dart"


def _fields_read(client: str) -> set[str]:
    source = (ROOT / "templates" / client).read_text()
    if client == SWIFT:  # Codable: the CodingKeys cases, a raw value where the JSON name differs
        keys = source.split("enum CodingKeys")[1].split("}")[0]
        cases = re.findall(r"case (.+)", keys)
        return {
            m.group(2) or m.group(1)
            for c in cases
            for part in c.split(",")
            for m in [re.match(r'\s*(\w+)(?: = "(\w+)")?', part)]
            if m
        }
    pattern = r'json\.get\w+\("(\w+)"\)' if client == KOTLIN else r"json\['(\w+)'\]"
    return set(re.findall(pattern, source))


@pytest.mark.parametrize("client", [KOTLIN, SWIFT, DART])
def test_a_hand_written_mobile_client_reads_required_fields_of_the_iot_services_buildings(
    client: str,
) -> None:
    fields = _fields_read(client)
    assert fields == {"id", "name", "floor_area_m2"}, f"{client} reads {sorted(fields)}"
    documents = sorted((ROOT / "templates" / "partials" / "openapi").glob("iot-service-*.json"))
    assert documents
    for document in documents:
        building = json.loads(document.read_text())["components"]["schemas"]["BuildingOut"]
        missing = fields - set(building.get("required", []))
        assert not missing, f"{client} reads {sorted(missing)}, not required in {document.name}'s BuildingOut"
