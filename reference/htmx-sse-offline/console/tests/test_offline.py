"""Offline: the manifest and a service worker that precaches this release's shell."""

from __future__ import annotations

import json
import re

from starlette.testclient import TestClient


def test_pages_link_the_manifest(client: TestClient) -> None:
    assert '<link rel="manifest" href="/manifest.webmanifest">' in client.get("/").text
    manifest = client.get("/manifest.webmanifest")
    assert manifest.status_code == 200
    assert json.loads(manifest.text)["start_url"] == "/"


def test_service_worker_precaches_the_current_assets(client: TestClient) -> None:
    worker = client.get("/sw.js")
    assert worker.status_code == 200
    assert worker.headers["cache-control"] == "no-cache"
    precache = json.loads(re.search(r"const PRECACHE = (\[.*?\]);", worker.text).group(1))
    htmx = re.search(r'src="(/assets/[0-9a-f]+/vendor/htmx\.min\.js)"', client.get("/").text)
    assert htmx is not None and htmx.group(1) in precache
    assert {"/"} <= set(precache)
