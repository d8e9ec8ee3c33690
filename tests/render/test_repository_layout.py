"""`repository.layout`: every component's pipeline is somewhere its CI provider runs it.

The 0.2.0 systems kept each component's workflow in `<component>/.github/workflows/`, which GitHub
never reads once the system is pushed as one repository. The layout check of the pipelines smoke
(`smoke/pipelines/layout.py`) finds that; these tests render both layouts on both providers.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from arxscaffold.decisions import load_text
from arxscaffold.render import NewRequest, new
from arxscaffold.smoke.pipelines import layout as pipelines_layout

REFERENCE = Path(__file__).resolve().parents[2] / "reference"
DECISIONS = """\
version: 1
system: {{name: campus, owner: facilities-platform}}
components:
  - {{name: sensors, kind: iot-service}}
  - {{name: site, kind: web}}
  - {{name: field, kind: mobile}}
deploy: {{environments: [dev, prod]}}
cicd: {{provider: {provider}, strategy: canary}}
repository: {{layout: {layout}}}
"""


def generate(tmp_path: Path, provider: str, layout: str, *components: str) -> Path:
    dest = tmp_path / f"{provider}-{layout}"
    decisions = load_text(DECISIONS.format(provider=provider, layout=layout))
    new(NewRequest(decisions, dest, components))
    return dest


@pytest.mark.parametrize("provider", ["github-actions", "gitlab-ci"])
@pytest.mark.parametrize("layout", ["monorepo", "polyrepo"])
def test_every_component_pipeline_is_reachable(tmp_path: Path, provider: str, layout: str) -> None:
    system = generate(tmp_path, provider, layout)
    assert pipelines_layout.check(system) == []


def test_monorepo_workflows_live_at_the_root_filtered_by_folder(tmp_path: Path) -> None:
    system = generate(tmp_path, "github-actions", "monorepo")
    assert not list(system.glob("*/.github"))
    root = system / ".github" / "workflows"
    assert sorted(p.name for p in root.iterdir()) == [
        "drift.yml",
        "field.yml",
        "platform.yml",
        "sensors-rollback.yml",
        "sensors.yml",
        "site-rollback.yml",
        "site.yml",
    ]
    sensors = yaml.safe_load((root / "sensors.yml").read_text())
    assert sensors[True]["push"]["paths"] == ["sensors/**", ".github/workflows/sensors.yml"]
    steps = [s for job in sensors["jobs"].values() for s in job["steps"]]
    # Actions resolve their inputs from the repository root, not from `working-directory`.
    builds = [s["with"] for s in steps if "build-push-action" in s.get("uses", "")]
    assert builds and all(b["context"] == "sensors" for b in builds)
    assert any(s.get("with", {}).get("cache-dependency-path") == "sensors/pyproject.toml" for s in steps)
    assert any(s.get("working-directory") == "sensors/deploy" for s in steps)


def test_the_monorepo_workflow_is_the_polyrepo_text_with_the_folder_added(tmp_path: Path) -> None:
    mono = generate(tmp_path, "github-actions", "monorepo") / ".github/workflows/sensors.yml"
    poly = generate(tmp_path, "github-actions", "polyrepo") / "sensors/.github/workflows/ci.yml"
    folded = mono.read_text().replace("sensors/", "").replace("context: sensors", "context: .")
    kept = set(poly.read_text().splitlines())
    added = [line for line in folded.splitlines() if line not in kept]
    assert all(
        any(word in line for word in ("name:", "paths:", "defaults:", "run:", "working-directory", "#"))
        or not line.strip()
        for line in added
    ), added


def test_gitlab_monorepo_root_triggers_each_child_on_its_changes(tmp_path: Path) -> None:
    system = generate(tmp_path, "gitlab-ci", "monorepo")
    root = yaml.safe_load((system / ".gitlab-ci.yml").read_text())
    job = root["sensors-pipeline"]
    assert job["trigger"] == {"include": "sensors/.gitlab-ci.yml", "strategy": "depend"}
    assert {"changes": ["sensors/**/*"]} in job["rules"]
    child = yaml.safe_load((system / "sensors/.gitlab-ci.yml").read_text())
    assert child["default"]["before_script"] == ["cd sensors || exit 1"]
    assert child["workflow"]["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "parent_pipeline"'}]
    assert not (system / "sensors" / ".gitlab").exists()


def test_the_0_2_0_shape_is_caught(tmp_path: Path) -> None:
    """A monorepo whose component keeps its workflow in its own folder: GitHub would never run it."""
    system = tmp_path / "default"
    shutil.copytree(REFERENCE / "default", system)
    own = system / "telemetry/.github/workflows"
    own.mkdir(parents=True)
    (system / ".github/workflows/telemetry.yml").rename(own / "ci.yml")
    findings = {(f.file, f.message) for f in pipelines_layout.check(system)}
    assert ("telemetry/.github/workflows", "monorepo: GitHub never runs a folder's workflows") in findings
    assert (".github/workflows/telemetry.yml", "monorepo: missing") in findings


def test_a_gitlab_child_without_a_trigger_is_caught(tmp_path: Path) -> None:
    system = tmp_path / "gitlab"
    shutil.copytree(REFERENCE / "azure-gitlab-blue-green", system)
    root = system / ".gitlab-ci.yml"
    document = yaml.safe_load(root.read_text())
    del document["telemetry-pipeline"]
    root.write_text(yaml.safe_dump(document))
    assert [f.message for f in pipelines_layout.check(system)] == [
        "monorepo: no job triggers telemetry/.gitlab-ci.yml"
    ]


def test_a_component_generated_alone_is_its_own_repository(tmp_path: Path) -> None:
    alone = generate(tmp_path, "github-actions", "monorepo", "sensors")
    assert (alone / ".github/workflows/ci.yml").is_file()
    answers = yaml.safe_load((alone / ".copier-answers.yml").read_text())
    assert answers["repository_layout"] == "polyrepo"


def test_the_reference_profiles_cover_both_layouts_on_both_providers() -> None:
    seen = set()
    for system in sorted(p for p in REFERENCE.iterdir() if (p / ".copier-answers.yml").is_file()):
        answers = yaml.safe_load((system / ".copier-answers.yml").read_text())
        seen.add((answers["cicd_provider"], answers["repository_layout"]))
        assert pipelines_layout.check(system) == [], system.name
    assert seen == {
        (p, layout) for p in ("github-actions", "gitlab-ci") for layout in ("monorepo", "polyrepo")
    }


@pytest.mark.parametrize("provider", ["github-actions", "gitlab-ci"])
def test_every_repository_of_its_own_checks_itself_for_drift_weekly(tmp_path: Path, provider: str) -> None:
    """The system's repository, and in a polyrepo each component's own one (services, web and mobile apps)."""

    def drift_command(repository: Path) -> list[str]:
        if provider == "gitlab-ci":
            pipeline = yaml.safe_load((repository / ".gitlab-ci.yml").read_text())
            job = pipeline.get("drift")
            assert job is None or job["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "schedule"'}]
            return list(job["script"]) if job else []
        workflow = repository / ".github/workflows/drift.yml"
        if not workflow.is_file():
            return []
        document = yaml.safe_load(workflow.read_text())
        assert "schedule" in document[True]
        return [s["run"] for job in document["jobs"].values() for s in job["steps"] if "run" in s]

    def checks_itself(repository: Path) -> bool:
        return any("arxscaffold check ." in command for command in drift_command(repository))

    poly = generate(tmp_path, provider, "polyrepo")
    assert checks_itself(poly)
    assert checks_itself(poly / "sensors") and checks_itself(poly / "site") and checks_itself(poly / "field")
    mono = generate(tmp_path, provider, "monorepo")
    assert checks_itself(mono)
    assert not any(checks_itself(mono / name) for name in ("sensors", "site", "field"))
