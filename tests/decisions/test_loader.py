"""The decisions loader: every bad file is refused with its file, line, field and what is allowed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import OWN_CORPUS, SHARED_CORPUS, corpus_cases

from arxscaffold import catalog
from arxscaffold.decisions import load_file, load_text
from arxscaffold.errors import DecisionsError

INVALID = corpus_cases(SHARED_CORPUS / "invalid") + corpus_cases(OWN_CORPUS / "invalid")


@pytest.mark.parametrize("path", sorted((SHARED_CORPUS / "valid").glob("*.yml")), ids=lambda p: p.name)
def test_valid_corpus_loads(path: Path) -> None:
    decisions = load_file(path)
    assert decisions.system_name
    assert decisions.components


@pytest.mark.parametrize(("path", "pattern"), INVALID, ids=[p.name for p, _ in INVALID])
def test_invalid_file_is_refused_naming_the_field(path: Path, pattern: str) -> None:
    with pytest.raises(DecisionsError) as caught:
        load_file(path)
    message = str(caught.value)
    assert re.search(pattern, message), message
    assert all(line.startswith(f"{path}:") for line in message.splitlines()), message


def test_every_corpus_file_has_an_expectation() -> None:
    for folder in (SHARED_CORPUS / "invalid", OWN_CORPUS / "invalid"):
        listed = {p.name for p, _ in corpus_cases(folder)}
        assert listed == {p.name for p in folder.glob("*.yml")}


def test_all_problems_are_reported_at_once() -> None:
    text = "version: 2\nsystem: {name: Bad Name}\ndeploy: {cloud: ibm, monitoring: grafana}\n"
    with pytest.raises(DecisionsError) as caught:
        load_text(text, "f.yml")
    paths = [p.path for p in caught.value.problems]
    assert paths == ["version", "system.name", "deploy.cloud", "deploy.monitoring"]
    assert "allowed: prometheus, none" in str(caught.value)


def test_minimal_file_gets_one_component_of_every_templated_kind() -> None:
    decisions = load_text("version: 1\nsystem: {name: arxos}\n")
    assert {c.kind for c in decisions.components} == {k.key for k in catalog.templated_kinds()}


@pytest.mark.parametrize(
    ("framework", "state", "routing"),
    [
        ("react", "zustand", "react-router"),
        ("vue", "pinia", "vue-router"),
        ("angular", "signals", "angular-router"),
        ("htmx", "none", "custom"),
    ],
)
def test_state_and_routing_defaults_follow_the_framework(framework: str, state: str, routing: str) -> None:
    decisions = load_text(f"version: 1\nsystem: {{name: a}}\nweb: {{framework: {framework}}}\n")
    assert decisions.values["web.state"] == state
    assert decisions.values["web.routing"] == routing


def test_custom_routing_fits_every_framework_but_angular() -> None:
    for framework in ("react", "vue", "htmx"):
        text = f"version: 1\nsystem: {{name: a}}\nweb: {{framework: {framework}, routing: custom}}\n"
        assert load_text(text).values["web.routing"] == "custom"


@pytest.mark.parametrize(("key", "value"), [("routing", "custom"), ("state", "none")])
def test_angular_keeps_its_own_router_and_reactivity(key: str, value: str) -> None:
    text = f"version: 1\nsystem: {{name: a}}\nweb: {{framework: angular, {key}: {value}}}\n"
    with pytest.raises(DecisionsError, match=rf"web\.{key} '{value}' needs web\.framework"):
        load_text(text)


def test_built_in_defaults_are_a_valid_decisions_file(default_text: str) -> None:
    decisions = load_text(default_text)
    assert decisions.values["deploy.cloud"] == "aws"
    assert decisions.rationale == {"deploy.cloud": "Existing AWS organisation and EKS clusters."}


def test_normalised_form_round_trips(default_text: str) -> None:
    import yaml

    decisions = load_text(default_text)
    again = load_text(yaml.safe_dump(decisions.as_file_data()))
    assert again == decisions
