"""Live readings from the IoT service's feed (server-sent events upstream), reconnecting with
exponential backoff and jitter, so a restarted backend is not hit by every server at once."""

from __future__ import annotations

import asyncio
import json
import random
from collections.abc import AsyncIterator, Awaitable, Callable

import httpx2

from .api import Reading


def reconnect_delay_s(
    attempt: int,
    base_s: float = 0.5,
    max_s: float = 15.0,
    rand: Callable[[], float] = random.random,
) -> float:
    """Half the exponential ceiling plus a random half: spreads reconnects, never zero."""
    ceiling = min(max_s, base_s * 2**attempt)
    return ceiling / 2 + rand() * ceiling / 2


def parse_reading(data: str) -> Reading | None:
    """A pushed reading, or None for anything without the contract's fields."""
    try:
        value = json.loads(data)
    except ValueError:
        return None
    if not isinstance(value, dict):
        return None
    texts = ("building_id", "device_id", "metric", "timestamp")
    if not all(isinstance(value.get(key), str) for key in texts):
        return None
    if isinstance(value.get("value"), bool) or not isinstance(value.get("value"), int | float):
        return None
    return value  # type: ignore[return-value]


async def relay(
    http: httpx2.AsyncClient,
    url: str,
    *,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    rand: Callable[[], float] = random.random,
) -> AsyncIterator[Reading]:
    """Yield readings from `url` for as long as the caller iterates, reconnecting on any failure."""
    attempt = 0
    while True:
        try:
            # A silent upstream for a minute counts as a failure: reconnect.
            timeout = httpx2.Timeout(5.0, read=60.0)
            headers = {"Accept": "text/event-stream"}
            async with http.stream("GET", url, headers=headers, timeout=timeout) as response:
                response.raise_for_status()
                async for line in response.aiter_lines():
                    if not line.startswith("data:"):
                        continue
                    found = parse_reading(line[5:].strip())
                    if found is not None:
                        attempt = 0
                        yield found
        except httpx2.HTTPError:
            pass
        await sleep(reconnect_delay_s(attempt, rand=rand))
        attempt += 1
