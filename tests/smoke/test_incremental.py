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

from arxscaffold.catalog import paths
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
    """A plain (untemplated) source file that only analytics-service components get: one in a folder
    the analytics-service row of catalog/paths.py brings."""
    row = next(r for r in paths.ROWS if r.when == "kind == 'analytics-service'")
    service = repo / "templates" / "service"
    found = sorted(
        p
        for folder in row.paths
        if not folder.endswith(".py")
        for p in service.glob(folder.lstrip("/") + "/*.py")
        if not p.is_symlink()
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
    # Its deploy/ stack rendered the same, so of its checks only the deploy one is left out.
    assert units[f"{PROFILE}/kpis"].checks == ("service", "pipelines")
    # `make up` at the root starts kpis too, so the system's own check runs again.
    assert units[f"{PROFILE}/system"].reason == "part of the system changed: kpis"
    assert all(u.reason == "unchanged since HEAD" for u in selection.skipped)


@pytest.mark.parametrize("check", ["harness/cache.py", "test_new_check.py"])
def test_a_change_to_the_harness_runs_everything_without_rendering(clean: Path, check: str) -> None:
    """The harness (and anything under smoke/ outside a family folder) can change every check."""
    file = clean / "src" / "arxscaffold" / "smoke" / check
    file.write_text((file.read_text() if file.exists() else "") + "# a change to the harness\n")

    selection = select(clean, "HEAD", [clean / "reference" / PROFILE])

    assert not selection.skipped
    assert all(f"src/arxscaffold/smoke/{check}" in u.reason for u in selection.selected)
    assert all(u.checks is None for u in selection.units)


def _edit_check(repo: Path, module: str) -> None:
    file = repo / "src" / "arxscaffold" / "smoke" / module
    file.write_text(file.read_text() + "# a change to one family of checks\n")


def test_a_change_to_the_service_checks_selects_only_the_service_components(clean: Path) -> None:
    _edit_check(clean, "service/python_service.py")

    selection = select(clean, "HEAD", [clean / "reference" / PROFILE])

    units = _by_id(selection)
    assert [u.id for u in selection.selected] == [f"{PROFILE}/kpis", f"{PROFILE}/thermal"]
    for name in ("kpis", "thermal"):
        assert units[f"{PROFILE}/{name}"].checks == ("service",)
        assert "service/python_service.py" in units[f"{PROFILE}/{name}"].reason
    # The rendered output is the same, so `make up` of the system proves nothing new.
    assert all(u.reason == "unchanged since HEAD" for u in selection.skipped)


def test_a_change_to_the_pipeline_checks_runs_only_pipeline_checks_on_components_and_root(
    clean: Path,
) -> None:
    _edit_check(clean, "pipelines/shell.py")

    selection = select(clean, "HEAD", [clean / "reference" / PROFILE])

    selected = {u.id: u.checks for u in selection.selected}
    assert selected == {f"{PROFILE}/{k}": ("pipelines",) for k in ("kpis", "thermal", "system")}
    assert [u.id for u in selection.skipped] == [f"{PROFILE}/platform"]


def test_a_change_to_the_deploy_checks_selects_every_stack_and_no_other_family(clean: Path) -> None:
    _edit_check(clean, "deploy/kubernetes_stacks.py")

    selection = select(clean, "HEAD", [clean / "reference" / PROFILE])

    stacks = {f"{PROFILE}/platform"} | {
        f"{PROFILE}/{k}"
        for k in ("kpis", "thermal")
        if (clean / "reference" / PROFILE / k / "deploy").is_dir()
    }
    assert {u.id for u in selection.selected} == stacks
    assert all(u.checks == ("deploy",) for u in selection.selected)


def test_a_family_runs_again_when_a_family_it_imports_changes() -> None:
    """The mobile checks build the React Native app with the web checks' npm helpers."""
    imports = incremental.family_imports(ROOT / "src" / "arxscaffold" / "smoke")
    web = "src/arxscaffold/smoke/web/app.py"

    families = incremental.changed_families([web, "README.md"], imports)

    assert families == {"web": [web], "mobile": [web]}
    assert incremental.changed_families(["src/arxscaffold/smoke/mobile/app.py"], imports).keys() == {"mobile"}


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


def test_a_component_runs_its_deploy_check_only_when_its_deploy_stack_changed(
    repo: Path, tmp_path: Path
) -> None:
    old, new = _rendered_copies(repo, tmp_path)
    readme, stack = old / PROFILE / "kpis" / "README.md", old / PROFILE / "thermal" / "deploy" / "Pulumi.yaml"
    readme.write_text(readme.read_text() + "an older README\n")
    stack.write_text(stack.read_text() + "# an older stack\n")

    units = {u.id: u for u in compare([repo / "reference" / PROFILE], "v1", old, new)}

    assert units[f"{PROFILE}/kpis"].checks == ("service", "pipelines")
    assert "its deploy/ stack is unchanged" in units[f"{PROFILE}/kpis"].reason
    assert units[f"{PROFILE}/thermal"].run and units[f"{PROFILE}/thermal"].checks is None
    assert units[f"{PROFILE}/system"].reason == "part of the system changed: kpis, thermal"


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


def test_a_unit_running_one_family_skips_the_tests_of_the_others(repo: Path, tmp_path: Path) -> None:
    """Through the real pytest plugin: kpis runs only its pipeline checks (here its release script); its
    service check is SKIPPED as unchanged, before anything is installed."""
    system = repo / "reference" / PROFILE
    units = compare([system], "HEAD", *_rendered_copies(repo, tmp_path / "r"))
    kpis = next(u for u in units if u.id == f"{PROFILE}/kpis")
    chosen = [
        u if u is not kpis else Unit(u.path, u.id, True, "pipelines checks changed", ("pipelines",))
        for u in units
    ]
    file, junit = tmp_path / "selection.json", tmp_path / "junit.xml"
    Selection("HEAD", chosen).write(file)
    assert Selection.read(file).units == chosen

    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            *pytest_args([system / "kpis"], junit),
            f"--smoke-selection={file}",
            "-k",
            "release or service",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )

    assert result.returncode == 0, result.stdout[-3000:]
    cases = {c.get("classname", "").rsplit(".", 1)[-1]: c for c in ET.parse(junit).getroot().iter("testcase")}
    assert set(cases) == {"test_release", "test_service"}, result.stdout[-3000:]
    skipped = {name: [x.get("message") for x in case if x.tag == "skipped"] for name, case in cases.items()}
    assert skipped["test_service"] == ["unchanged since HEAD"]
    assert "unchanged since HEAD" not in skipped["test_release"]


def test_uv_cache_is_shared_not_redirected_per_workdir(repo: Path) -> None:
    """Generated Makefiles and smoke checks leave uv on its one cache (UV_CACHE_DIR or ~/.cache/uv)."""
    makefiles = [*(repo / "reference" / PROFILE).rglob("Makefile")]
    sources = [*Path(incremental.__file__).parents[1].rglob("*.py")]
    assert makefiles
    for file in makefiles + sources:
        text = file.read_text()
        for redirect in ("UV_CACHE_DIR", "--cache-dir", "UV_NO_CACHE", "uv pip install --no-cache"):
            assert redirect not in text, f"{file} redirects uv's cache ({redirect})"


def test_every_folder_of_smoke_is_the_harness_or_a_family_with_its_pytest_modules() -> None:
    """Selection narrows by folder: a check module outside a family folder would make every change to it
    re-run everything, and a family without a test module would be selected for nothing."""
    smoke = Path(incremental.__file__).parents[1]
    folders = {p.name for p in smoke.iterdir() if p.is_dir() and p.name != "__pycache__"}
    assert folders == {"harness", *incremental.FAMILIES}
    tests = sorted(p.relative_to(smoke) for p in smoke.rglob("test_*.py"))
    assert {p.parts[0] for p in tests} == set(incremental.FAMILIES)
    assert all(len(p.parts) == 2 for p in tests), tests
