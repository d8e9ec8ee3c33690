"""Calls to the IoT service of the system: its buildings and its readings export.

The base URL is ``<PREFIX>IOT_URL`` (no trailing slash, no ``/v1``): ``make up`` sets it to the
IoT service's loopback port, each Pulumi stack to its Service in the cluster (the system's
topology). Every call sends ``User-Agent: <component name>/<version>`` so the IoT service's access
log names the caller, and has a timeout: a stuck provider becomes a clear 503 here, never a hung
request.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx2
from pydantic import Field
from pydantic_settings import BaseSettings

from .. import __version__
from .config import settings_config

USER_AGENT = f"forecast/{__version__}"
# Connecting is quick or broken; a page of 5000 readings may take a while to serialise.
TIMEOUT = httpx2.Timeout(10.0, connect=3.0)
PAGE_SIZE = 5000  # the export's maximum
# Tests put a fake IoT service here (httpx2.MockTransport); None is the network.
transport: httpx2.BaseTransport | None = None


class IotSettings(BaseSettings):
    model_config = settings_config()

    # The IoT service's base URL: no trailing slash, no /v1 (empty means unset).
    iot_url: str | None = Field(default=None, pattern=r"^$|^https?://[^/?#]+(/[^?#]*[^/?#])?$")


class PeerError(Exception):
    """The IoT service could not be used: ``status`` is what to answer our own caller.

    503 when it cannot be reached (down, refused, timed out), 502 when it answered something the
    contract does not allow (a 5xx, or a body of the wrong shape).
    """

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


class UnknownBuildingError(LookupError):
    """The IoT service has no building of that id (its 404)."""


@dataclass(frozen=True)
class Building:
    id: str
    name: str
    floor_area_m2: float


@dataclass(frozen=True)
class Reading:
    seq: int
    device_id: str
    building_id: str
    metric: str
    value: float
    timestamp: str


class IotClient:
    """A synchronous client of the IoT service's contract (run off the event loop)."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url.rstrip("/")
        self._http = httpx2.Client(
            base_url=self.base_url,
            headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
            timeout=TIMEOUT,
            transport=transport,
        )

    def close(self) -> None:
        self._http.close()

    def _get(self, path: str, params: dict[str, Any] | None = None, lookup: bool = False) -> Any:
        """The JSON body of a 200; a 404 is UnknownBuildingError in a ``lookup``, else PeerError."""
        try:
            response = self._http.get(path, params=params)
        except httpx2.HTTPError as exc:
            raise PeerError(503, f"IoT service at {self.base_url} unreachable: {exc}") from exc
        if response.status_code == 404 and lookup:
            raise UnknownBuildingError(path)
        if response.status_code != 200:
            raise PeerError(
                502, f"IoT service at {self.base_url} answered {response.status_code} to GET {path}"
            )
        try:
            return response.json()
        except ValueError as exc:
            raise PeerError(502, f"IoT service at {self.base_url}: GET {path} is not JSON") from exc

    def buildings(self) -> list[Building]:
        body = self._get("/v1/buildings")
        try:
            return [Building(str(b["id"]), str(b["name"]), float(b["floor_area_m2"])) for b in body]
        except (KeyError, TypeError, ValueError) as exc:
            raise PeerError(502, f"IoT service: unexpected buildings body ({exc!r})") from exc

    def building(self, building_id: str) -> Building:
        """The building, or UnknownBuildingError when the IoT service answers 404."""
        b = self._get(f"/v1/buildings/{building_id}", lookup=True)
        try:
            return Building(str(b["id"]), str(b["name"]), float(b["floor_area_m2"]))
        except (KeyError, TypeError, ValueError) as exc:
            raise PeerError(502, f"IoT service: unexpected building body ({exc!r})") from exc

    def readings(self, after: int | None = None, **filters: str) -> Iterator[list[Reading]]:
        """Pages of the readings export after seq ``after``, following ``next_after`` to the end.

        Keyset paging on ``seq`` is stable under concurrent inserts: a caller that remembers the
        last seq it saw asks only for what is new next time.
        """
        while True:
            params: dict[str, Any] = {"limit": PAGE_SIZE, **filters}
            if after is not None:
                params["after"] = after
            body = self._get("/v1/readings", params)
            try:
                page = [
                    Reading(
                        int(r["seq"]),
                        str(r["device_id"]),
                        str(r["building_id"]),
                        str(r["metric"]),
                        float(r["value"]),
                        str(r["timestamp"]),
                    )
                    for r in body["items"]
                ]
                next_after = body["next_after"]
            except (KeyError, TypeError, ValueError) as exc:
                raise PeerError(502, f"IoT service: unexpected readings page ({exc!r})") from exc
            yield page
            if next_after is None:
                return
            if after is not None and int(next_after) <= after:
                raise PeerError(502, "IoT service: readings cursor did not advance")
            after = int(next_after)
