"""The one HTTP layer towards the services: timeouts, retries with backoff (idempotent calls), a
message fit for users, and a per-request cache policy. Pages never call httpx2 directly. The types
are written by hand to match the IoT and analytics services' contracts exactly (field names too)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypedDict
from urllib.parse import quote

import httpx2

IDEMPOTENT = frozenset({"GET", "HEAD", "PUT", "DELETE"})


class Building(TypedDict):
    id: str
    name: str
    floor_area_m2: float


class LatestReading(TypedDict):
    """GET /v1/buildings/{id}/readings/latest: the newest reading per device and metric."""

    device_id: str
    metric: str
    value: float
    timestamp: str


class Reading(LatestReading):
    """A reading as the live feed pushes it (the readings export's item)."""

    seq: int
    building_id: str


class Kpi(TypedDict):
    building_id: str
    total_kwh: float
    eui_kwh_per_m2: float


@dataclass(frozen=True)
class CachePolicy:
    """`ttl_s=None` means no-store."""

    ttl_s: float | None = None


NO_STORE = CachePolicy()


class ApiError(Exception):
    def __init__(self, status: int | None, user_message: str, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.user_message = user_message


def backoff_s(attempt: int, base_s: float = 0.2, cap_s: float = 5.0) -> float:
    """Exponential backoff: 0.2 s, 0.4 s, 0.8 s ... capped at 5 s."""
    return min(cap_s, base_s * 2**attempt)


def user_message_for(status: int | None) -> str:
    if status is None:
        return "The server could not be reached. Check your connection and try again."
    if status == 404:
        return "This item does not exist (any more)."
    if status >= 500:
        return "The server had a problem. Please try again in a moment."
    return f"The request was refused (HTTP {status})."


class ApiClient:
    def __init__(
        self,
        base_url: str,
        *,
        timeout_s: float,
        retries: int,
        transport: httpx2.AsyncBaseTransport | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        now: Callable[[], float] = time.monotonic,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout_s = timeout_s
        self.retries = retries
        self._http = httpx2.AsyncClient(transport=transport)
        self._sleep = sleep
        self._now = now
        self._cache: dict[str, tuple[float, Any]] = {}

    async def request(
        self,
        path: str,
        *,
        method: str = "GET",
        body: Any = None,
        cache: CachePolicy = NO_STORE,
        timeout_s: float | None = None,
        retries: int | None = None,
    ) -> Any:
        url = f"{self.base_url}{path}"
        cacheable = method == "GET" and cache.ttl_s is not None
        if cacheable:
            hit = self._cache.get(url)
            if hit and hit[0] > self._now():
                return hit[1]
        # Only idempotent calls are retried: repeating a POST could create a second resource.
        retries = self.retries if retries is None else retries
        attempts = 1 + (retries if method in IDEMPOTENT else 0)
        last: ApiError | None = None
        for attempt in range(attempts):
            if attempt > 0:
                await self._sleep(backoff_s(attempt - 1))
            try:
                value = await self._once(url, method, body, timeout_s or self.timeout_s)
            except ApiError as error:
                last = error
                # 4xx answers will not change on retry.
                if error.status is not None and error.status < 500:
                    break
                continue
            if cacheable and cache.ttl_s is not None:
                self._cache[url] = (self._now() + cache.ttl_s, value)
            return value
        assert last is not None
        raise last

    def invalidate(self, prefix: str = "") -> None:
        for key in [k for k in self._cache if k.startswith(f"{self.base_url}{prefix}")]:
            del self._cache[key]

    async def aclose(self) -> None:
        await self._http.aclose()

    async def _once(self, url: str, method: str, body: Any, timeout_s: float) -> Any:
        try:
            response = await self._http.request(
                method,
                url,
                json=body,
                headers={"Accept": "application/json"},
                timeout=timeout_s,
            )
        except httpx2.TimeoutException as error:
            raise ApiError(None, user_message_for(None), f"{method} {url}: timed out") from error
        except httpx2.TransportError as error:
            raise ApiError(None, user_message_for(None), f"{method} {url}: {error}") from error
        if response.status_code >= 400:
            detail = f"{method} {url}: HTTP {response.status_code}"
            raise ApiError(response.status_code, user_message_for(response.status_code), detail)
        return None if response.status_code == 204 else response.json()


# The list changes rarely: a short TTL saves round trips when moving between pages.
async def list_buildings(client: ApiClient) -> list[Building]:
    result: list[Building] = await client.request("/buildings", cache=CachePolicy(ttl_s=30))
    return result


async def get_building(client: ApiClient, building_id: str) -> Building:
    path = f"/buildings/{quote(building_id, safe='')}"
    result: Building = await client.request(path, cache=CachePolicy(ttl_s=10))
    return result


async def latest_readings(client: ApiClient, building_id: str) -> list[LatestReading]:
    path = f"/buildings/{quote(building_id, safe='')}/readings/latest"
    result: list[LatestReading] = await client.request(path)
    return result


async def building_kpi(client: ApiClient, building_id: str) -> Kpi | None:
    """The analytics service's KPIs of one building, or None when it has none for it yet."""
    kpis: list[Kpi] = await client.request("/kpis", cache=CachePolicy(ttl_s=10))
    return next((kpi for kpi in kpis if kpi["building_id"] == building_id), None)
