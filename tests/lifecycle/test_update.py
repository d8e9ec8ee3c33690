"""plan, update and check on generated repositories: merges keep the team's edits, nothing is lost."""

from __future__ import annotations

from pathlib import Path

import pytest
from lifecycle_support import (
    NEW_DECISIONS,
    OLD_DECISIONS,
    commit_all,
    generate_component_repo,
    git,
    run_cli,
    tree,
)

from arxscaffold.decisions import load_text
from arxscaffold.errors import UsageError
from arxscaffold.lifecycle import UpdateRequest, check, plan, update
from arxscaffold.render import NewRequest, new


def _system(at: Path, decisions: str = OLD_DECISIONS) -> Path:
    new(NewRequest(load_text(decisions), at))
    git(at, "init", "-q", "-b", "main")
    commit_all(at, "generated")
    return at


def test_changed_decision_is_merged_keeping_a_local_edit_and_superseding_the_adr(tmp_path: Path) -> None:
    repo = _system(tmp_path / "sys")
    readme = repo / "sensors" / "README.md"
    readme.write_text(readme.read_text() + "\nOur on-call rota lives in the wiki.\n")
    (repo / "decisions.yml").write_text((repo / "decisions.yml").read_text().replace('"rolling"', '"canary"'))
    commit_all(repo, "edit and decide")

    result = update(UpdateRequest(repo))

    assert "Our on-call rota lives in the wiki." in readme.read_text()
    assert "canary" in (repo / "sensors" / "deploy" / "Pulumi.yaml").read_text()
    assert result.conflicts == []
    old_record = repo / "docs" / "adr" / "0005-cicd.superseded-1.md"
    assert "status: superseded by 0005-cicd.md" in old_record.read_text()
    assert "`cicd.strategy` 'rolling' -> 'canary'" in old_record.read_text()
    assert 'chosen option "Canary"' in (repo / "docs" / "adr" / "0005-cicd.md").read_text()


def test_conflicting_edit_is_reported_and_exits_1(tmp_path: Path) -> None:
    repo = generate_component_repo(tmp_path / "sensors")
    pulumi = repo / "deploy" / "Pulumi.yaml"
    pulumi.write_text(pulumi.read_text().replace("rolling", "our-own-strategy"))
    commit_all(repo, "edit the line the decision changes")
    decisions = tmp_path / "decisions.yml"
    decisions.write_text(NEW_DECISIONS)

    result = run_cli("update", str(repo), "--decisions", str(decisions))

    assert result.returncode == 1, result.stdout + result.stderr
    assert "conflict deploy/Pulumi.yaml" in result.stdout
    text = pulumi.read_text()
    assert "<<<<<<< before updating" in text and ">>>>>>> after updating" in text
    assert "our-own-strategy" in text


def test_update_refuses_uncommitted_changes_and_touches_nothing(tmp_path: Path) -> None:
    repo = generate_component_repo(tmp_path / "sensors")
    (repo / "scratch.txt").write_text("work in progress")
    before = tree(repo)
    with pytest.raises(UsageError, match="uncommitted changes"):
        update(UpdateRequest(repo))
    assert tree(repo) == before


def test_removing_a_component_is_refused_without_prune(tmp_path: Path) -> None:
    two = OLD_DECISIONS.replace(
        "components: [{name: sensors, kind: iot-service}]",
        "components: [{name: sensors, kind: iot-service}, {name: kpis, kind: analytics-service}]",
    )
    repo = _system(tmp_path / "sys", two)
    (repo / "decisions.yml").write_text(OLD_DECISIONS)
    commit_all(repo, "drop kpis")
    with pytest.raises(UsageError, match="no longer list: kpis; pass --prune"):
        update(UpdateRequest(repo))
    assert (repo / "kpis").is_dir()
    result = update(UpdateRequest(repo, prune=True))
    assert result.removed == ["kpis"]
    assert not (repo / "kpis").exists()


def test_adding_a_component_adds_its_folder(tmp_path: Path) -> None:
    repo = _system(tmp_path / "sys")
    (repo / "decisions.yml").write_text(
        (repo / "decisions.yml")
        .read_text()
        .replace(
            "  - {name: sensors, kind: iot-service}\n",
            "  - {name: sensors, kind: iot-service}\n  - {name: kpis, kind: analytics-service}\n",
        )
    )
    commit_all(repo, "add kpis")
    result = update(UpdateRequest(repo))
    assert result.added == ["kpis"]
    assert (repo / "kpis" / "pyproject.toml").is_file()


def test_check_is_clean_after_generation_and_names_what_is_behind(tmp_path: Path) -> None:
    repo = _system(tmp_path / "sys")
    assert check(repo)
    (repo / "sensors" / "README.md").write_text("local edits are the team's own code, not drift\n")
    assert check(repo)
    changed = tmp_path / "decisions.yml"
    changed.write_text(NEW_DECISIONS)
    report = check(repo, changed)
    assert not report
    assert any("cicd_strategy" in line for line in report.behind)
    assert run_cli("check", str(repo), "--decisions", str(changed)).returncode == 1
    assert run_cli("check", str(repo)).returncode == 0


def test_a_polyrepo_systems_repository_is_current_without_its_components(tmp_path: Path) -> None:
    """Each component is pushed as its own repository: the system's drift check must not miss them."""
    import shutil

    for layout, current in (("polyrepo", True), ("monorepo", False)):
        repo = _system(tmp_path / layout, OLD_DECISIONS + f"repository: {{layout: {layout}}}\n")
        shutil.rmtree(repo / "sensors")
        commit_all(repo, "the system's own repository keeps no component")
        report = check(repo)
        assert bool(report) is current, report.behind
        if not current:
            assert report.behind == ["sensors: in the decisions but not generated yet"]


def test_plan_lists_changes_and_writes_nothing(tmp_path: Path) -> None:
    repo = generate_component_repo(tmp_path / "sensors")
    decisions = tmp_path / "decisions.yml"
    decisions.write_text(NEW_DECISIONS)
    before = tree(repo)
    result = plan(UpdateRequest(repo, decisions))
    assert {c.path: c.action for c in result.changes}["deploy/Pulumi.yaml"] == "change"
    assert tree(repo) == before
    assert git(repo, "status", "--porcelain") == ""


def test_plan_for_an_empty_destination_lists_what_new_would_create(tmp_path: Path) -> None:
    decisions = tmp_path / "decisions.yml"
    decisions.write_text(OLD_DECISIONS)
    result = run_cli("plan", str(tmp_path / "fresh"), "--decisions", str(decisions))
    assert result.returncode == 0, result.stderr
    assert "create   sensors/pyproject.toml" in result.stdout
    assert not (tmp_path / "fresh").exists()


def test_update_with_a_decisions_file_records_it_so_check_is_current_afterwards(tmp_path: Path) -> None:
    repo = _system(tmp_path / "sys")
    changed = tmp_path / "decisions.yml"
    changed.write_text(NEW_DECISIONS)

    result = update(UpdateRequest(repo, changed))

    assert "decisions.yml" in [c.path for c in result.changes if c.action == "change"]
    assert (repo / "decisions.yml").read_text() == NEW_DECISIONS
    commit_all(repo, "reviewed update")
    assert check(repo), check(repo).behind
    assert run_cli("check", str(repo)).returncode == 0


def test_copier_writes_file_modes_to_the_index_only_where_git_ignores_them(tmp_path: Path) -> None:
    import copier._main as copier_main

    from arxscaffold.copier_runtime import speedups
    from arxscaffold.lifecycle import _index_keeps_modes

    repo = generate_component_repo(tmp_path / "sensors")
    assert not _index_keeps_modes(repo)
    with speedups(index_modes=False):
        assert not copier_main.is_git_available()  # the per-file probe would find nothing to do
    git(repo, "config", "core.fileMode", "false")
    assert _index_keeps_modes(repo)
    with speedups(index_modes=True):
        assert copier_main.is_git_available()  # Copier syncs executable bits into the index
