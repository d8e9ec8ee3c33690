"""The committed reference outputs and the generated copier.yml stay true to the catalog."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT

from arxscaffold import catalog, copier_config
from arxscaffold.reference import Drift, compare, profiles

REFERENCE = ROOT / "reference"


def _templated_areas() -> list[catalog.Area]:
    templated = {k.key for k in catalog.templated_kinds()}
    return [a for a in catalog.AREAS if not a.kinds or templated.intersection(a.kinds)]


def test_profiles_together_use_every_allowed_value_of_every_decision() -> None:
    loaded = profiles(REFERENCE).values()
    missing = []
    for area in _templated_areas():
        for spec in area.decisions:
            if spec.type == "choice":
                wanted: set[object] = set(catalog.generated_values(spec))
            elif spec.type == "bool":
                wanted = {True, False}
            else:
                continue
            used = {d.values[spec.path] for d in loaded}
            missing += [f"{spec.path}={v}" for v in sorted(wanted - used, key=str)]
    assert not missing, f"no reference profile uses: {', '.join(missing)}"


def test_profiles_use_every_templated_kind() -> None:
    used = {c.kind for d in profiles(REFERENCE).values() for c in d.components}
    assert {k.key for k in catalog.templated_kinds()} <= used


def test_every_profile_has_a_committed_reference_folder() -> None:
    for name in profiles(REFERENCE):
        assert (REFERENCE / name / "decisions.yml").is_file(), f"run `arxscaffold reference` for {name}"


@pytest.mark.parametrize("relpath", ["copier.yml", copier_config.CATALOG_JSON])
def test_copier_files_are_generated_from_the_catalog(relpath: str) -> None:
    committed = (ROOT / relpath).read_text()
    assert committed == copier_config.outputs()[relpath], "run `python -m arxscaffold.copier_config`"


def test_drift_check_names_changed_new_and_removed_files(tmp_path: Path) -> None:
    expected, actual = tmp_path / "expected", tmp_path / "actual"
    for folder in (expected, actual):
        folder.mkdir()
        (folder / "same.txt").write_text("same")
    (expected / "changed.txt").write_text("new text")
    (actual / "changed.txt").write_text("old text")
    (expected / "added.txt").write_text("x")
    (actual / "stale.txt").write_text("x")
    drift = compare(expected, actual, "p")
    assert drift == Drift("p", missing=["stale.txt"], extra=["added.txt"], changed=["changed.txt"])
    assert "changed  changed.txt" in drift.summary()


@pytest.mark.parametrize("kind", [k.key for k in catalog.templated_kinds()])
def test_every_templated_kind_has_a_port_and_a_tree(kind: str) -> None:
    spec = catalog.kind(kind)
    assert (ROOT / "templates" / str(spec.tree)).is_dir()
