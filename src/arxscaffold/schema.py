"""JSON Schema of the decisions file, generated from the catalog so editors can complete and check it."""

from __future__ import annotations

from typing import Any

from arxscaffold import catalog
from arxscaffold.catalog import Decision, identifiers

SCHEMA_ID = "https://arxos.dev/schemas/arxscaffold/decisions-v1.json"


def _property(spec: Decision) -> dict[str, Any]:
    prop: dict[str, Any] = {"title": spec.title, "description": spec.help}
    if spec.type == "choice":
        prop["enum"] = list(spec.allowed)
    elif spec.type == "bool":
        prop["type"] = "boolean"
    elif spec.type == "int":
        prop["type"] = "integer"
        if spec.minimum is not None:
            prop["minimum"] = spec.minimum
        if spec.maximum is not None:
            prop["maximum"] = spec.maximum
    elif spec.type == "labels":
        prop.update(
            type="array",
            minItems=1,
            uniqueItems=True,
            items={"type": "string", "pattern": catalog.DNS_LABEL_PATTERN, "maxLength": 63},
        )
    else:
        prop["type"] = "string"
        prop.update(_identifier(spec.path))
    if spec.default is not None and spec.default_follows is None:
        prop["default"] = spec.default
    return prop


def _identifier(path: str) -> dict[str, Any]:
    """The grammar of an identifier decision (those that depend on the CI provider: either form)."""
    if path == "cicd.codeowners":
        grammars = (identifiers.CODEOWNERS_GITHUB, identifiers.CODEOWNERS_GITLAB)
        return {"anyOf": [{"pattern": g.pattern, "maxLength": g.max_length} for g in grammars]}
    if path not in identifiers.FORMAT_OF:
        return {}
    grammar = identifiers.FORMATS[identifiers.FORMAT_OF[path]]
    rule = {"pattern": grammar.pattern, "maxLength": grammar.max_length}
    if path == "cicd.image_namespace":
        return {"anyOf": [rule, {"const": identifiers.GITLAB_PROJECT_IMAGE}]}
    return rule


def _object(properties: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    result: dict[str, Any] = {
        "type": "object",
        "additionalProperties": False,
        "properties": properties,
    }
    if required:
        result["required"] = required
    return result


def _nest(specs: tuple[Decision, ...], depth: int) -> dict[str, Any]:
    """Group decisions by the path part at ``depth`` (deploy.autoscaling.* becomes a nested object)."""
    grouped: dict[str, Any] = {}
    for spec in specs:
        parts = spec.path.split(".")
        if len(parts) == depth + 1:
            grouped[parts[depth]] = _property(spec)
    for part in dict.fromkeys(s.path.split(".")[depth] for s in specs if len(s.path.split(".")) > depth + 1):
        inner = tuple(s for s in specs if s.path.split(".")[depth] == part)
        grouped[part] = _nest(inner, depth + 1)
    return _object(grouped)


def build() -> dict[str, Any]:
    system = _nest(catalog.SYSTEM_DECISIONS, 1)
    system["required"] = ["name"]
    system["properties"]["name"].update(pattern=catalog.DNS_LABEL_PATTERN, maxLength=catalog.SYSTEM_NAME_MAX)
    component = _object(
        {
            "name": {
                "type": "string",
                "pattern": catalog.DNS_LABEL_PATTERN,
                "maxLength": catalog.COMPONENT_NAME_MAX,
                "not": {"enum": sorted(catalog.RESERVED_NAMES)},
            },
            "kind": {"enum": list(catalog.kind_keys())},
        },
        ["name", "kind"],
    )
    properties: dict[str, Any] = {
        "version": {"const": catalog.SCHEMA_VERSION},
        "system": system,
        "components": {"type": "array", "minItems": 1, "items": component},
    }
    for area in catalog.AREAS:
        section = _nest(area.decisions, 1)
        section["title"] = area.title
        properties[area.key] = section
    properties["rationale"] = {
        "type": "object",
        "description": "Why a decision was taken, by dotted decision path.",
        "propertyNames": {"enum": [d.path for d in catalog.all_decisions()]},
        "additionalProperties": {"type": "string"},
    }
    schema = _object(properties, ["version", "system"])
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "arxscaffold decisions file",
        **schema,
    }
