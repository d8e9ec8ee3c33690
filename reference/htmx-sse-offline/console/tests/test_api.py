"""The API client: retries idempotent calls with backoff, explains errors, caches by policy."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import httpx2
import pytest

from console.api import ApiClient, ApiError, CachePolicy, backoff_s


def make(
    handler: Callable[[httpx2.Request], httpx2.Response],
    *,
    retries: int = 2,
    clock: list[float] | None = None,
) -> tuple[ApiClient, list[float]]:
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    now = (lambda: clock[0]) if clock is not None else (lambda: 0.0)
    client = ApiClient(
        "http://api.test",
        timeout_s=1,
        retries=retries,
        transport=httpx2.MockTransport(handler),
        sleep=sleep,
        now=now,
    )
    return client, slept


def test_backoff_doubles_and_is_capped() -> None:
    assert [backoff_s(n) for n in range(3)] == [0.2, 0.4, 0.8]
    assert backoff_s(20) == 5.0


def test_get_is_retried_after_server_errors_with_backoff() -> None:
    answers = iter([503, 502, 200])
    client, slept = make(lambda r: httpx2.Response(next(answers), json=[{"id": "hq"}]))
    assert asyncio.run(client.request("/buildings")) == [{"id": "hq"}]
    assert slept == [0.2, 0.4]


def test_post_is_never_retried() -> None:
    calls: list[str] = []

    def handler(request: httpx2.Request) -> httpx2.Response:
        calls.append(request.method)
        return httpx2.Response(503)

    client, _ = make(handler)
    with pytest.raises(ApiError) as caught:
        asyncio.run(client.request("/buildings", method="POST", body={"name": "x"}))
    assert calls == ["POST"]
    assert caught.value.status == 503
    assert "try again" in caught.value.user_message


def test_client_errors_are_not_retried_and_explained() -> None:
    calls: list[int] = []

    def handler(request: httpx2.Request) -> httpx2.Response:
        calls.append(1)
        return httpx2.Response(404)

    client, _ = make(handler)
    with pytest.raises(ApiError) as caught:
        asyncio.run(client.request("/buildings/nope"))
    assert len(calls) == 1
    assert caught.value.user_message == "This item does not exist (any more)."


def test_timeouts_become_an_unreachable_message() -> None:
    def handler(request: httpx2.Request) -> httpx2.Response:
        raise httpx2.ReadTimeout("slow", request=request)

    client, slept = make(handler, retries=1)
    with pytest.raises(ApiError) as caught:
        asyncio.run(client.request("/buildings"))
    assert caught.value.status is None
    assert "could not be reached" in caught.value.user_message
    assert slept == [0.2]


def test_ttl_policy_serves_from_cache_until_expiry() -> None:
    calls: list[int] = []

    def handler(request: httpx2.Request) -> httpx2.Response:
        calls.append(1)
        return httpx2.Response(200, json=len(calls))

    clock = [0.0]
    client, _ = make(handler, clock=clock)
    policy = CachePolicy(ttl_s=10)
    assert asyncio.run(client.request("/x", cache=policy)) == 1
    assert asyncio.run(client.request("/x", cache=policy)) == 1
    clock[0] = 11.0
    assert asyncio.run(client.request("/x", cache=policy)) == 2
    # no-store (the default) always asks the server.
    assert asyncio.run(client.request("/x")) == 3
