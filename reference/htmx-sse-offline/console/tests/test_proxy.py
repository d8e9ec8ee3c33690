"""/api/<service>/: the proxy strips the prefix, forwards the request, streams the answer."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx2
from starlette.applications import Starlette
from starlette.testclient import TestClient
from starlette.types import Message

from console.app import create_app
from console.config import Settings
from console.proxy import proxy_routes


def answer(status: int, body: bytes, **headers: str) -> httpx2.Response:
    """An answer streamed off the network, as a service's is (in-memory bodies count as read)."""

    async def chunks() -> AsyncIterator[bytes]:
        yield body

    headers = {"Content-Type": "application/json", **headers}
    return httpx2.Response(status, headers=headers, content=chunks())


def proxied(handler: httpx2.MockTransport) -> Starlette:
    """A fake service `svc` at http://svc.test/base behind the proxy."""
    http = httpx2.AsyncClient(transport=handler)
    routes = proxy_routes({"svc": "http://svc.test/base/"}, http, connect_timeout_s=1)
    return Starlette(routes=routes)


def test_prefix_is_stripped_and_method_query_body_headers_forwarded() -> None:
    seen: list[httpx2.Request] = []

    def service(request: httpx2.Request) -> httpx2.Response:
        seen.append(request)
        return answer(201, b'{"ok": true}', **{"X-Request-Id": "r1"})

    with TestClient(proxied(httpx2.MockTransport(service))) as client:
        response = client.post(
            "/api/svc/v1/things/a%2Fb?limit=2&q=x%20y",
            content=b'{"name": "pump"}',
            headers={
                "Authorization": "Bearer t0ken",
                "Content-Type": "application/json",
                "Last-Event-ID": "41",
                "User-Agent": "field/1",
                "Cookie": "session=secret",
            },
        )
    assert response.status_code == 201
    assert response.json() == {"ok": True}
    assert response.headers["x-request-id"] == "r1"
    [sent] = seen
    assert sent.method == "POST"
    assert str(sent.url) == "http://svc.test/base/v1/things/a%2Fb?limit=2&q=x%20y"
    assert sent.content == b'{"name": "pump"}'
    assert sent.headers["authorization"] == "Bearer t0ken"
    assert sent.headers["content-type"] == "application/json"
    assert sent.headers["last-event-id"] == "41"
    assert sent.headers["user-agent"] == "field/1"
    assert sent.headers["x-forwarded-for"]
    assert "cookie" not in sent.headers


def test_errors_of_the_service_pass_through_unchanged() -> None:
    def service(request: httpx2.Request) -> httpx2.Response:
        return answer(404, b'{"detail": "no building hq"}')

    with TestClient(proxied(httpx2.MockTransport(service))) as client:
        response = client.get("/api/svc/v1/buildings/hq")
    assert response.status_code == 404
    assert response.json() == {"detail": "no building hq"}


def test_an_unreachable_service_is_a_502_problem() -> None:
    def down(request: httpx2.Request) -> httpx2.Response:
        raise httpx2.ConnectError("connection refused", request=request)

    with TestClient(proxied(httpx2.MockTransport(down))) as client:
        response = client.get("/api/svc/v1/buildings")
    assert response.status_code == 502
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["status"] == 502
    assert "svc" in response.json()["detail"]


def test_metrics_are_never_proxied() -> None:
    calls: list[str] = []

    def service(request: httpx2.Request) -> httpx2.Response:
        calls.append(request.url.path)
        return httpx2.Response(200, text="secret_total 1")

    with TestClient(proxied(httpx2.MockTransport(service))) as client:
        assert client.get("/api/svc/metrics").status_code == 404
    assert calls == []


def test_server_sent_events_stream_before_the_service_finishes() -> None:
    """The first event reaches the client while the service still holds the stream open."""

    async def scenario() -> list[bytes]:
        first_sent = asyncio.Event()

        async def feed() -> AsyncIterator[bytes]:
            yield b"data: 1\n\n"
            # Buffering proxies wait for the end: this never comes until the client saw event 1.
            await asyncio.wait_for(first_sent.wait(), timeout=5)
            yield b"data: 2\n\n"

        def service(request: httpx2.Request) -> httpx2.Response:
            headers = {"Content-Type": "text/event-stream"}
            return httpx2.Response(200, headers=headers, content=feed())

        app = proxied(httpx2.MockTransport(service))
        chunks: list[bytes] = []
        start: list[Message] = []
        requested: list[bool] = []

        async def receive() -> Message:
            if not requested:
                requested.append(True)
                return {"type": "http.request", "body": b"", "more_body": False}
            await asyncio.Event().wait()  # the client stays connected until the stream ends
            return {"type": "http.disconnect"}

        async def send(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.append(message)
            elif message["type"] == "http.response.body" and message.get("body"):
                chunks.append(message["body"])
                first_sent.set()

        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": "GET",
            "scheme": "http",
            "path": "/api/svc/v1/live",
            "raw_path": b"/api/svc/v1/live",
            "query_string": b"",
            "root_path": "",
            "headers": [(b"accept", b"text/event-stream")],
            "client": ("127.0.0.1", 50000),
            "server": ("testserver", 80),
        }
        await asyncio.wait_for(app(scope, receive, send), timeout=10)
        assert start[0]["status"] == 200
        assert (b"content-type", b"text/event-stream") in start[0]["headers"]
        return chunks

    assert asyncio.run(scenario()) == [b"data: 1\n\n", b"data: 2\n\n"]


def test_no_other_api_path_reaches_a_page() -> None:
    app = create_app(Settings(api_base_url="http://api.test", retries=0))
    with TestClient(app) as client:
        response = client.get("/api/no-such-service/v1/x")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
