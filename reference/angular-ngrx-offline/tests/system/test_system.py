"""back-office as one system: every component answers where its clients reach it.

Run by `make system-test` (which starts the system with scripts/up.py, as `make up` does). Each test says which
components it proves connected.
"""

from __future__ import annotations

from conftest import System

WEB = "admin"


def test_the_web_app_serves_its_pages(system: System) -> None:
    answer = system.call("GET", f"{system.base(WEB)}/")
    assert answer.status == 200, answer.text
    assert "<html" in answer.text.lower()
