"""pytest plugin behind `arxscaffold smoke`: one test per generated component, given as --smoke-path."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from arxscaffold import catalog
from arxscaffold.smoke.discover import GeneratedComponent, find_components


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("arxscaffold smoke")
    group.addoption("--smoke-path", action="append", default=[], help="generated system or component")
    group.addoption("--smoke-no-cache", action="store_true", help="run checks even on a cache hit")
    group.addoption("--smoke-workdir", default=None, help="where components are copied to be built")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "component" in metafunc.fixturenames:
        paths = [Path(p) for p in metafunc.config.getoption("--smoke-path")]
        # `component` is a Python service; web, mobile, deploy and pipeline checks parametrize their own.
        components = [c for c in find_components(paths) if _tree(c.kind) == "service"]
        metafunc.parametrize("component", components, ids=[c.id for c in components])


def _tree(kind: str) -> str | None:
    return catalog.kind(kind).tree if kind in catalog.kind_keys() else None


@pytest.fixture
def use_cache(request: pytest.FixtureRequest) -> bool:
    return not request.config.getoption("--smoke-no-cache")


@pytest.fixture
def workdir(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A private copy of the component: building never writes into reference/ or the user's tree."""
    base = request.config.getoption("--smoke-workdir")
    root = Path(base) if base else tmp_path_factory.mktemp("smoke")
    component: GeneratedComponent = request.getfixturevalue("component")
    target = root / component.id.replace("/", "--")
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(
        component.path,
        target,
        symlinks=True,
        ignore=shutil.ignore_patterns(".venv", "node_modules", "__pycache__"),
    )
    return target


# Options of individual checks live in their own plugin modules, loaded with this one.
pytest_plugins = ["arxscaffold.smoke.web_artifacts"]
