"""Every test runs against every stack (Pulumi.<env>.yaml) unless it asks for one."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from kubemock import Declared, environments, run_stack


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "env" in metafunc.fixturenames:
        metafunc.parametrize("env", environments())


@pytest.fixture
def stack(env: str) -> list[Declared]:
    """The resources this stack declares, from a fresh mocked run (mocks and config per test)."""
    return run_stack(env)


@pytest.fixture
def run() -> Callable[..., list[Declared]]:
    """Run a stack with config overrides, e.g. run("dev", strategy="canary")."""

    def _run(env: str, **overrides: Any) -> list[Declared]:
        return run_stack(env, overrides)

    return _run
