"""Server-rendered routes: pages, the lazy fragment, errors, headers and cache rules."""

from __future__ import annotations

import re

from starlette.testclient import TestClient


def test_no_iot_service_means_no_buildings_pages(client: TestClient) -> None:
    home = client.get("/")
    assert home.status_code == 200
    assert 'href="/buildings"' not in home.text
    assert client.get("/buildings").status_code == 404
    assert client.get("/fragments/buildings/hq").status_code == 404


def test_unknown_paths_render_the_not_found_page(client: TestClient) -> None:
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "Page not found" in response.text


def test_every_answer_carries_the_csp_and_no_inline_script(client: TestClient) -> None:
    for path in ("/", "/no/such/page"):
        response = client.get(path)
        csp = response.headers["content-security-policy"]
        assert "script-src 'self';" in csp and "unsafe" not in csp
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["x-frame-options"] == "DENY"
        assert not re.search(r"<script(?![^>]*\bsrc=)", response.text), path
        assert not re.search(r"<style|\sstyle=", response.text), path


def test_assets_are_immutable_and_html_is_revalidated(client: TestClient) -> None:
    page = client.get("/")
    assert page.headers["cache-control"] == "no-cache"
    url = re.search(r'src="(/assets/[0-9a-f]{12}/vendor/htmx\.min\.js)"', page.text)
    assert url is not None
    asset = client.get(url.group(1))
    assert asset.status_code == 200
    assert asset.headers["cache-control"] == "public, max-age=31536000, immutable"
    stale = client.get("/assets/000000000000/vendor/htmx.min.js")
    assert stale.status_code == 404


def test_probes_answer(client: TestClient) -> None:
    assert client.get("/healthz").text == "ok"
    assert client.get("/readyz").status_code == 200
