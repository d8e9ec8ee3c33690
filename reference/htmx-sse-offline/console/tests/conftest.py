from __future__ import annotations

from collections.abc import Iterator

import httpx2
import pytest
from starlette.testclient import TestClient

from console.app import create_app
from console.config import Settings
from console.demo import create_demo_api

API = "http://api.test"


def client_for(transport: httpx2.AsyncBaseTransport) -> TestClient:
    """The app with every service at API/<name>/ (like the web server's /api/<name>/ routes)."""
    app = create_app(Settings(api_base_url=API, retries=0), transport=transport)
    return TestClient(app, raise_server_exceptions=False)


@pytest.fixture
def client() -> Iterator[TestClient]:
    """The app in front of the demo services, called in process instead of over the network."""
    with client_for(httpx2.ASGITransport(app=create_demo_api())) as test_client:
        yield test_client
