"""The web template ships one npm lockfile per dependency-changing combination; `npm ci` refuses a
lockfile that disagrees with package.json, so a pin edited without regenerating must fail here first."""

from __future__ import annotations

import json
import re

import pytest

from arxscaffold.maintenance import web_lockfiles

PIN = re.compile(r"^\d+\.\d+\.\d+$")


@pytest.mark.parametrize("combo", web_lockfiles.COMBOS, ids=lambda c: "-".join(c))
def test_lockfile_root_matches_package_json(combo: tuple[str, str, str]) -> None:
    package = json.loads(web_lockfiles.render_package_json(*combo))
    stored = (web_lockfiles.lockfile_dir() / web_lockfiles.lockfile_name(*combo)).read_text()
    lock = json.loads(stored.replace("{{ name }}", web_lockfiles.PLACEHOLDER))
    root = lock["packages"][""]
    assert root.get("dependencies", {}) == package["dependencies"]
    assert root.get("devDependencies", {}) == package["devDependencies"]
    assert lock["name"] == root["name"] == web_lockfiles.PLACEHOLDER


@pytest.mark.parametrize("combo", web_lockfiles.COMBOS, ids=lambda c: "-".join(c))
def test_package_json_pins_exact_versions(combo: tuple[str, str, str]) -> None:
    package = json.loads(web_lockfiles.render_package_json(*combo))
    loose = {
        name: spec
        for section in ("dependencies", "devDependencies")
        for name, spec in package[section].items()
        if not PIN.match(spec)
    }
    assert loose == {}


def test_lockfiles_carry_no_jinja_but_the_name() -> None:
    for path in web_lockfiles.lockfile_dir().iterdir():
        text = path.read_text().replace("{{ name }}", "")
        assert "{{" not in text and "{%" not in text and "{#" not in text, path.name


def test_every_combination_has_exactly_one_lockfile() -> None:
    expected = {web_lockfiles.lockfile_name(*c) for c in web_lockfiles.COMBOS}
    assert {p.name for p in web_lockfiles.lockfile_dir().iterdir()} == expected
