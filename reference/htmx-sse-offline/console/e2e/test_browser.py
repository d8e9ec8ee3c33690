"""End to end: the app served by uvicorn on 127.0.0.1 (with the demo services at their contract
paths), in headless Chromium under its own CSP.
No IoT service: checks that no buildings page is linked.
Reloads the home page offline.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

ARTIFACTS = Path(__file__).parent / "artifacts"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    port = free_port()
    # The demo services in the app's own process, not whatever the shell points at.
    inherited = {
        k: v for k, v in os.environ.items() if k != "API_BASE_URL" and not k.startswith("UPSTREAM_")
    }
    env = {**inherited, "HOST": "127.0.0.1", "PORT": str(port)}
    process = subprocess.Popen([sys.executable, "-m", "console"], env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                urllib.request.urlopen(f"{url}/healthz", timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    args = [
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--disable-sync",
    ]
    # Chromium refuses to run as root with its sandbox (containers, CI); elsewhere keep the sandbox.
    if os.getuid() == 0:
        args.append("--no-sandbox")
    with sync_playwright() as playwright:
        executable = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
        launched = playwright.chromium.launch(executable_path=executable, headless=True, args=args)
        yield launched
        launched.close()


def watch(page: Page) -> tuple[list[str], list[str]]:
    """Errors the page logs (CSP violations show up here) and the URLs it requests."""
    problems: list[str] = []
    requests: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("request", lambda r: requests.append(r.url))
    return problems, requests


def test_no_buildings_page_without_an_iot_service(server: str, browser: Browser) -> None:
    page = browser.new_page()
    problems, _ = watch(page)
    page.goto(server)
    page.get_by_role("link", name="Home").wait_for()
    assert page.get_by_role("link", name="Buildings", exact=True).count() == 0
    page.goto(f"{server}/buildings")
    page.get_by_role("heading", name="Page not found").wait_for()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "home.png", full_page=True)
    assert problems == [] or all("404" in p for p in problems), problems
    page.close()


def test_unknown_paths_show_the_not_found_page(server: str, browser: Browser) -> None:
    page = browser.new_page()
    page.goto(f"{server}/no/such/page")
    page.get_by_role("heading", name="Page not found").wait_for()
    page.close()


def test_the_shell_and_the_last_data_work_offline(server: str, browser: Browser) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto(server)
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()
    context.set_offline(True)
    page.reload()
    page.get_by_role("heading", name="ops-desk").wait_for()
    context.close()
