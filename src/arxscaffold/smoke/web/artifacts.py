"""The --smoke-artifacts option: where checks keep what people look at afterwards (screenshots)."""

from __future__ import annotations

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.getgroup("arxscaffold smoke").addoption(
        "--smoke-artifacts",
        default=None,
        help="folder for screenshots (default: smoke-artifacts/ beside the JUnit report)",
    )
