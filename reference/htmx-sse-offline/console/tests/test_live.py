"""Live readings: parsing, reconnect delays, and a relay that survives a dropped upstream."""

from __future__ import annotations

import asyncio
import json

import httpx2

from console.live import parse_reading, reconnect_delay_s, relay

# The IoT service's live message: the readings export's item.
PUSHED = {
    "seq": 7,
    "device_id": "hq-sensor",
    "building_id": "hq",
    "metric": "temperature_c",
    "value": 21.5,
    "timestamp": "2024-01-01T12:00:00+00:00",
}
READING = json.dumps(PUSHED)


def test_parse_reading_rejects_what_is_not_a_reading() -> None:
    assert parse_reading(READING) == PUSHED
    assert parse_reading("not json") is None
    assert parse_reading('{"metric": "temperature_c"}') is None
    assert parse_reading(json.dumps({**PUSHED, "value": "21.5"})) is None
    unplaced = {k: v for k, v in PUSHED.items() if k != "building_id"}
    assert parse_reading(json.dumps(unplaced)) is None
    assert parse_reading("[1, 2]") is None


def test_reconnect_delay_grows_with_jitter_within_bounds() -> None:
    assert reconnect_delay_s(0, rand=lambda: 0.0) == 0.25
    assert reconnect_delay_s(0, rand=lambda: 1.0) == 0.5
    assert reconnect_delay_s(3, rand=lambda: 0.0) == 2.0
    assert reconnect_delay_s(30, rand=lambda: 1.0) == 15.0


def test_relay_reconnects_after_a_dropped_stream() -> None:
    # As the IoT service streams: named events.
    event = f"event: reading\ndata: {READING}\n\n"
    answers = iter([httpx2.Response(503), httpx2.Response(200, text=event)] * 3)
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    async def first_two() -> list[float]:
        http = httpx2.AsyncClient(transport=httpx2.MockTransport(lambda r: next(answers)))
        values = []
        async for reading in relay(http, "http://api.test/live", sleep=sleep, rand=lambda: 0.0):
            values.append(reading["value"])
            if len(values) == 2:
                break
        await http.aclose()
        return values

    assert asyncio.run(first_two()) == [21.5, 21.5]
    # A failure or an ended stream costs one backoff; a reading resets the backoff to its start.
    assert slept == [0.25, 0.25, 0.5]
