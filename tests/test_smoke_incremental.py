"""`smoke --changed-since REF` selects exactly what a change can affect (selection only: nothing is built)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT

from arxscaffold.smoke.harness import incremental
from arxscaffold.smoke.harness.incremental import Selection, Unit, compare, select
from arxscaffold.smoke.harness.runner import pytest_args

PROFILE = "mini"
# Two service kinds that share templates/service/, so a kind-specific edit must not touch the other.
PROFILE_TEXT = """\
version: 1
system: {name: mini-plant}
components:
  - {name: kpis, kind: analytics-service}
  - {name: thermal, kind: physics-service}
deploy: {cloud: aws, environments: [prod], monitoring: prometheus}
cicd: {provider: github-actions, strategy: rolling}
"""


def _git(repo: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t"}
    env["GIT_COMMITTER_EMAIL"] = "t@t"
    done = subprocess.run(
        ["git", "-C", str(repo), *args], check=True, capture_output=True, text=True, env=env
    )
    return done.stdout


def _render_reference(repo: Path) -> None:
    """What the lead does after a template change: regenerate reference/ with the checkout's code."""
    env = {**os.environ, "PYTHONPATH": str(repo / "src")}
    subprocess.run(
        [sys.executable, "-m", "arxscaffold.cli", "reference", "--dir", str(repo / "reference")],
        check=True,
        capture_output=True,
        env=env,
    )


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A throwaway checkout (this code and templates, one small profile) with reference/ committed."""
    repo = tmp_path_factory.mktemp("checkout")
    shutil.copy2(ROOT / "copier.yml", repo / "copier.yml")
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info")
    shutil.copytree(ROOT / "templates", repo / "templates", symlinks=True, ignore=ignore)
    shutil.copytree(ROOT / "src", repo / "src", symlinks=True, ignore=ignore)
    (repo / "reference" / "profiles").mkdir(parents=True)
    (repo / "reference" / "profiles" / f"{PROFILE}.yml").write_text(PROFILE_TEXT)
    _render_reference(repo)
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "base")
    return repo


@pytest.fixture
def clean(repo: Path) -> Iterator[Path]:
    """The checkout as committed, restored after each test that edits it."""
    yield repo
    _git(repo, "checkout", "-q", "--", ".")
    _git(repo, "clean", "-qfd")


def _analytics_only_template(repo: Path) -> Path:
    """A plain (untemplated) source file that only analytics-service components get."""
    found = sorted(
        p
        for p in (repo / "templates" / "service").rglob("*.py")
        if "kind == 'analytics-service'" in str(p.relative_to(repo)) and not p.is_symlink()
    )
    assert found, "no analytics-only template file: update this test with the template layout"
    return found[0]


def _by_id(selection: Selection) -> dict[str, Unit]:
    return {u.id: u for u in selection.units}


def test_one_analytics_template_edit_selects_the_analytics_component_and_its_system_root(clean: Path) -> None:
    template = _analytics_only_template(clean)
    template.write_text(template.read_text() + "# one more line, as in a template change\n")
    _render_reference(clean)

    selection = select(clean, "HEAD", [clean / "reference" / PROFILE])

    units = _by_id(selection)
    assert set(units) == {f"{PROFILE}/{k}" for k in ("kpis", "thermal", "platform", "system")}
    assert [u.id for u in selection.selected] == [f"{PROFILE}/kpis", f"{PROFILE}/system"]
    assert "rendered output differs from HEAD" in units[f"{PROFILE}/kpis"].reason
    assert template.name in units[f"{PROFILE}/kpis"].reason
    # `make up` at the root starts kpis too, so the system's own check runs again.
    assert units[f"{PROFILE}/system"].reason == "part of the system changed: kpis"
    assert all(u.reason == "unchanged since HEAD" for u in selection.skipped)


def test_a_change_to_the_checks_runs_everything_without_rendering(clean: Path) -> None:
    (clean / "src" / "arxscaffold" / "smoke" / "test_new_check.py").write_text("")

    selection = select(clean, "HEAD", [clean / "reference" / PROFILE])

    assert not selection.skipped
    assert all("src/arxscaffold/smoke/test_new_check.py" in u.reason for u in selection.selected)


def test_unknown_ref_is_a_usage_error(repo: Path) -> None:
    from arxscaffold.errors import UsageError

    with pytest.raises(UsageError, match="not a commit"):
        select(repo, "no-such-ref", [repo / "reference" / PROFILE])


def _rendered_copies(repo: Path, tmp_path: Path) -> tuple[Path, Path]:
    """Two copies of the committed render, standing for REF's and the working tree's renders."""
    old, new = tmp_path / "old", tmp_path / "new"
    for copy in (old, new):
        shutil.copytree(repo / "reference" / PROFILE, copy / PROFILE, symlinks=True)
    return old, new


def test_identical_renders_skip_every_unit(repo: Path, tmp_path: Path) -> None:
    old, new = _rendered_copies(repo, tmp_path)

    units = compare([repo / "reference" / PROFILE], "v1", old, new)

    assert units and all(not u.run and u.reason == "unchanged since v1" for u in units)


def test_a_changed_pin_in_the_platform_stack_selects_only_the_platform(repo: Path, tmp_path: Path) -> None:
    old, new = _rendered_copies(repo, tmp_path)
    requirements = old / PROFILE / "platform" / "requirements.txt"
    requirements.write_text(requirements.read_text().replace("==", "==0", 1))

    units = {u.id: u for u in compare([repo / "reference" / PROFILE], "v1", old, new)}

    assert [k for k, u in units.items() if u.run] == [f"{PROFILE}/platform"]
    assert "platform/requirements.txt" in units[f"{PROFILE}/platform"].reason


def test_stale_smoked_output_is_selected_even_when_ref_renders_the_same(repo: Path, tmp_path: Path) -> None:
    """The smoked folder is compared with the working tree's render too: outdated output is never skipped."""
    old, new = _rendered_copies(repo, tmp_path)
    smoked = tmp_path / "smoked" / PROFILE
    shutil.copytree(repo / "reference" / PROFILE, smoked, symlinks=True)
    readme = smoked / "kpis" / "README.md"
    readme.write_text(readme.read_text() + "edited by hand, or rendered by an older template\n")

    units = compare([smoked], "v1", old, new)

    assert [u.id for u in units if u.run] == [f"{PROFILE}/kpis", f"{PROFILE}/system"]
    assert "run `arxscaffold reference`" in next(u.reason for u in units if u.run)


def test_a_component_missing_at_ref_is_selected_as_new(repo: Path, tmp_path: Path) -> None:
    old, new = _rendered_copies(repo, tmp_path)
    shutil.rmtree(old / PROFILE / "thermal")

    units = {u.id: u for u in compare([repo / "reference" / PROFILE], "v1", old, new)}

    assert units[f"{PROFILE}/thermal"].run and units[f"{PROFILE}/thermal"].reason == "new since v1"
    assert not units[f"{PROFILE}/kpis"].run


def test_skipped_units_are_reported_skipped_with_the_reason_never_passed(repo: Path, tmp_path: Path) -> None:
    """Through the real pytest plugin: every test of an unchanged unit is SKIPPED before anything is built."""
    system = repo / "reference" / PROFILE
    selection = Selection("HEAD", compare([system], "HEAD", *_rendered_copies(repo, tmp_path / "r")))
    file, junit = tmp_path / "selection.json", tmp_path / "junit.xml"
    selection.write(file)

    result = subprocess.run(
        [sys.executable, "-m", "pytest", *pytest_args([system], junit), f"--smoke-selection={file}"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 0, result.stdout[-3000:]
    cases = [c for c in ET.parse(junit).getroot().iter("testcase") if "[NOTSET]" not in str(c.get("name"))]
    assert cases, result.stdout[-3000:]
    # (NOTSET: a kind this profile lacks, mobile, leaves pytest's own empty-parameter-set skip.)
    for case in cases:
        skipped = [x.get("message") for x in case if x.tag == "skipped"]
        assert skipped == ["unchanged since HEAD"], f"{case.get('name')}: {[x.tag for x in case]}"
    assert "time per component" in result.stdout
    assert f"{PROFILE}/kpis  (" in result.stdout and f"{PROFILE}/platform  (" in result.stdout


def test_uv_cache_is_shared_not_redirected_per_workdir(repo: Path) -> None:
    """Generated Makefiles and smoke checks leave uv on its one cache (UV_CACHE_DIR or ~/.cache/uv)."""
    makefiles = [*(repo / "reference" / PROFILE).rglob("Makefile")]
    sources = [*Path(incremental.__file__).parent.glob("*.py")]
    assert makefiles
    for file in makefiles + sources:
        text = file.read_text()
        for redirect in ("UV_CACHE_DIR", "--cache-dir", "UV_NO_CACHE", "uv pip install --no-cache"):
            assert redirect not in text, f"{file} redirects uv's cache ({redirect})"
