"""Server-rendered routes: pages, the lazy fragment, errors, headers and cache rules."""

from __future__ import annotations

import re

import httpx2
from starlette.testclient import TestClient

from conftest import client_for


def test_home_links_to_buildings_and_loads_no_live_script(client: TestClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert 'href="/buildings"' in response.text
    assert "sse.min.js" not in response.text and "ws.min.js" not in response.text


def test_buildings_lists_the_api_answer(client: TestClient) -> None:
    response = client.get("/buildings")
    assert response.status_code == 200
    assert '<a href="/buildings/hq">Headquarters</a>' in response.text
    assert "18,400 m²" in response.text


def test_building_page_fetches_its_detail_lazily(client: TestClient) -> None:
    page = client.get("/buildings/hq")
    assert page.status_code == 200
    assert 'hx-get="/fragments/buildings/hq"' in page.text
    assert "Headquarters" not in page.text
    fragment = client.get("/fragments/buildings/hq")
    assert fragment.status_code == 200
    assert "<html" not in fragment.text
    assert "Headquarters" in fragment.text


def test_unknown_building_fragment_explains_and_offers_retry(client: TestClient) -> None:
    fragment = client.get("/fragments/buildings/nope")
    assert fragment.status_code == 404
    assert "does not exist" in fragment.text
    assert 'hx-get="/fragments/buildings/nope"' in fragment.text


def test_unknown_paths_render_the_not_found_page(client: TestClient) -> None:
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "Page not found" in response.text


def test_api_outage_shows_an_error_instead_of_failing() -> None:
    with client_for(httpx2.MockTransport(lambda r: httpx2.Response(503))) as client:
        response = client.get("/buildings")
    assert response.status_code == 502
    assert 'role="alert"' in response.text
    assert "try again" in response.text


def test_unexpected_errors_render_the_error_page_with_headers() -> None:
    def boom(request: httpx2.Request) -> httpx2.Response:
        raise RuntimeError("bug")

    with client_for(httpx2.MockTransport(boom)) as client:
        response = client.get("/buildings")
    assert response.status_code == 500
    assert "Something went wrong" in response.text
    assert "script-src 'self'" in response.headers["content-security-policy"]


def test_every_answer_carries_the_csp_and_no_inline_script(client: TestClient) -> None:
    for path in ("/", "/buildings", "/buildings/hq", "/no/such/page"):
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
