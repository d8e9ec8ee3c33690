"""Rendering: deterministic, machine-independent, atomic, and the same as plain Copier."""

from __future__ import annotations

import filecmp
import warnings
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from arxscaffold import catalog
from arxscaffold.copier_runtime import template_snapshot
from arxscaffold.decisions import load_text
from arxscaffold.errors import RenderError, UsageError
from arxscaffold.render import (
    TEMPLATE_REF,
    TEMPLATE_URL,
    NewRequest,
    Target,
    answers_for,
    new,
    plan_targets,
)

SOLO = "version: 1\nsystem: {name: solo}\ncomponents: [{name: sensors, kind: iot-service}]\n"


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_same_decisions_give_byte_identical_files(tmp_path: Path, default_text: str) -> None:
    decisions = load_text(default_text)
    new(NewRequest(decisions, tmp_path / "one"))
    new(NewRequest(decisions, tmp_path / "elsewhere" / "two"))
    assert _tree(tmp_path / "one") == _tree(tmp_path / "elsewhere" / "two")


def test_output_names_no_machine_path_or_host(tmp_path: Path) -> None:
    import socket

    new(NewRequest(load_text(SOLO), tmp_path / "out"))
    for name, content in _tree(tmp_path / "out").items():
        assert str(tmp_path).encode() not in content, name
        assert b"/tmp/" not in content, name
        assert socket.gethostname().encode() not in content, name


def test_answers_file_records_template_url_and_version_tag(tmp_path: Path) -> None:
    new(NewRequest(load_text(SOLO), tmp_path / "out"))
    answers = yaml.safe_load((tmp_path / "out" / "sensors" / ".copier-answers.yml").read_text())
    assert answers["_src_path"] == TEMPLATE_URL
    assert answers["_commit"] == TEMPLATE_REF
    assert answers["kind"] == "iot-service"
    assert "web_framework" not in answers  # a service records only the decisions that concern it


def test_whole_system_has_docs_decisions_and_one_folder_per_component(tmp_path: Path) -> None:
    new(NewRequest(load_text(SOLO), tmp_path / "out"))
    out = tmp_path / "out"
    assert (out / "decisions.yml").is_file()
    assert (out / "docs" / "architecture.md").is_file()
    assert sorted(p.name for p in (out / "docs" / "adr").iterdir()) == [
        "0001-record-architecture-decisions.md",
        "0004-deploy.md",
        "0005-cicd.md",
        "0007-iot.md",
        "0010-repository.md",
    ]
    assert (out / "sensors" / "Dockerfile").is_file()


def test_generated_decisions_file_reloads_to_the_same_decisions(tmp_path: Path, default_text: str) -> None:
    decisions = load_text(default_text)
    new(NewRequest(decisions, tmp_path / "out"))
    assert load_text((tmp_path / "out" / "decisions.yml").read_text()) == decisions


def test_one_component_goes_at_the_root_as_its_own_repo(tmp_path: Path, default_text: str) -> None:
    new(NewRequest(load_text(default_text), tmp_path / "out", components=("thermal",)))
    out = tmp_path / "out"
    assert (out / "pyproject.toml").is_file()
    assert (out / "docs" / "adr" / "0008-physics.md").is_file()
    assert not (out / "decisions.yml").exists()


def test_several_components_go_side_by_side(tmp_path: Path, default_text: str) -> None:
    targets = plan_targets(load_text(default_text), ("thermal", "kpis"))
    assert [(t.name, t.relpath) for t in targets] == [("thermal", "thermal"), ("kpis", "kpis")]


def test_unknown_component_is_refused_with_the_listed_names(default_text: str) -> None:
    with pytest.raises(UsageError, match=r"'nope' is not in the decisions file .*insight"):
        plan_targets(load_text(default_text), ("nope",))


def test_kind_without_template_is_refused_before_anything_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every kind has a template today; a kind added to the catalog before its template must still be refused.
    real_kind = catalog.kind
    monkeypatch.setattr(
        catalog, "kind", lambda key: replace(real_kind(key), tree=None) if key == "web" else real_kind(key)
    )
    monkeypatch.setattr(catalog, "KINDS", tuple(catalog.kind(k.key) for k in catalog.KINDS))
    text = "version: 1\nsystem: {name: a}\ncomponents: [{name: portal, kind: web}]\n"
    refused = r"no template yet for: portal \(web\)\. Kinds with templates: (?!.*web)"
    with pytest.raises(UsageError, match=refused):
        new(NewRequest(load_text(text), tmp_path / "out"))
    assert not (tmp_path / "out").exists()


def test_valid_but_not_yet_generated_option_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Options are valid in a decisions file before a template version generates them (as Vue once was).
    real_generated = catalog.generated

    def without_vue(spec: catalog.Decision, value: object) -> bool:
        return not (spec.path == "web.framework" and value == "vue") and real_generated(spec, value)

    monkeypatch.setattr(catalog, "generated", without_vue)
    text = "version: 1\nsystem: {name: a}\ncomponents: [{name: portal, kind: web}]\nweb: {framework: vue}\n"
    refused = r"web.framework 'vue' is a valid decision .* \(generated: react, angular, htmx\)"
    with pytest.raises(UsageError, match=refused):
        new(NewRequest(load_text(text), tmp_path / "out"))
    assert not (tmp_path / "out").exists()


def test_non_empty_destination_is_refused_and_left_alone(tmp_path: Path) -> None:
    dest = tmp_path / "out"
    dest.mkdir()
    (dest / "mine.txt").write_text("keep me")
    with pytest.raises(UsageError, match="not empty"):
        new(NewRequest(load_text(SOLO), dest))
    assert [p.name for p in dest.iterdir()] == ["mine.txt"]


def test_overwrite_keeps_files_that_are_not_generated(tmp_path: Path) -> None:
    dest = tmp_path / "out"
    dest.mkdir()
    (dest / "mine.txt").write_text("keep me")
    new(NewRequest(load_text(SOLO), dest, overwrite=True))
    assert (dest / "mine.txt").read_text() == "keep me"
    assert (dest / "decisions.yml").is_file()


def test_render_failure_leaves_destination_as_it_was(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import arxscaffold.render as render

    def explode_on_second(source: str, dst: Path, **kwargs: object) -> None:
        if Path(dst).name == "sensors":
            raise RenderError("boom")
        Path(dst).mkdir(parents=True, exist_ok=True)
        (Path(dst) / ".copier-answers.yml").write_text("_src_path: x\n")

    monkeypatch.setattr("copier.run_copy", explode_on_second)
    with pytest.raises(RenderError):
        render.new(NewRequest(load_text(SOLO), tmp_path / "out"))
    assert not (tmp_path / "out").exists()
    assert list(tmp_path.iterdir()) == []  # no staging folder left behind either


def test_plain_copier_copy_gives_the_same_component_as_arxscaffold(tmp_path: Path) -> None:
    """copier copy <this template> with the same answers: identical files but for _src_path/_commit."""
    from copier import run_copy

    decisions = load_text(SOLO)
    new(NewRequest(decisions, tmp_path / "ours", components=("sensors",)))
    data = answers_for(decisions, Target("iot-service", "sensors", "."))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        run_copy(str(template_snapshot()), tmp_path / "theirs", data=data, defaults=True, quiet=True)
    comparison = filecmp.dircmp(tmp_path / "ours", tmp_path / "theirs")
    assert comparison.left_only == [] and comparison.right_only == []
    differing = _differing(comparison)
    assert differing == [".copier-answers.yml"]


def _differing(comparison: filecmp.dircmp[str], prefix: str = "") -> list[str]:
    found = [prefix + name for name in comparison.diff_files]
    for name, sub in comparison.subdirs.items():
        found += _differing(sub, f"{prefix}{name}/")
    return found


def test_a_decision_read_across_areas_reaches_only_the_kinds_that_read_it() -> None:
    """The IoT service serves the live feed over the transport `web.realtime` chose, so its answers carry
    that decision (and Copier asks it), while the web area's other decisions stay out of them."""
    decisions = load_text(SOLO)
    iot = answers_for(decisions, Target("iot-service", "sensors", "."))
    assert iot["web_realtime"] == decisions.values["web.realtime"]
    assert "web_framework" not in iot and "web.realtime" not in iot["rationale"]
    config = yaml.safe_load((Path(__file__).parents[2] / "copier.yml").read_text())
    assert "'iot-service'" in config["web_realtime"]["when"]
    assert "'iot-service'" not in config["web_framework"]["when"]
