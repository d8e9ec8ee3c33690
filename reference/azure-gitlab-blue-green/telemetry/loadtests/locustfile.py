"""Bounded load on the service's main API with locust; `make load` runs it (see run.py).

Every request must answer 2xx: a 5xx, a dropped connection or an unexpected 4xx is an error,
and any error makes the run fail. The summary line gives throughput, p50/p95 and errors.
"""

import os
from collections import Counter
from typing import Any

from locust import FastHttpUser, between, events, task
from locust.env import Environment

# Status classes of every answer, for the summary ("5xx" must stay at 0).
ANSWERS: Counter[str] = Counter()
# Writes carry the admin token when the service has one: the variable it reads itself.
_TOKEN = os.environ.get("TELEMETRY_ADMIN_TOKEN", "")
ADMIN = {"Authorization": f"Bearer {_TOKEN}"} if _TOKEN else {}


class ServiceUser(FastHttpUser):
    abstract = True  # the kind's user below holds the tasks
    # Each simulated client pauses briefly between requests: the load is bounded by the number
    # of users (`make load LOAD_USERS=...`), not by how fast this machine can loop.
    wait_time = between(0.005, 0.02)

    def call(self, method: str, path: str, name: str | None = None, **kwargs: Any) -> Any:
        with self.client.request(
            method, path, name=name or path, catch_response=True, **kwargs
        ) as response:
            code = response.status_code or 0
            ANSWERS["connection error" if code == 0 else f"{code // 100}xx"] += 1
            if not 200 <= code < 300:
                response.failure(f"HTTP {code}: {(response.text or '')[:200]}")
            return response


class IotUser(ServiceUser):
    def on_start(self) -> None:
        self.device = f"load-{id(self):x}"
        # Every device belongs to a building: one per user, named like its device.
        building = {"id": self.device, "name": "load test", "floor_area_m2": 1000.0}
        self.call("POST", "/v1/buildings", json=building, headers=ADMIN)
        body = {"id": self.device, "name": "load test", "building_id": self.device}
        token = self.call("POST", "/v1/devices", json=body, headers=ADMIN).json()["token"]
        self.auth = {"Authorization": f"Bearer {token}"}
        self.sent = 0

    @task(5)
    def ingest(self) -> None:
        # Ten readings a batch, each a new timestamp (a repeated one would store nothing new).
        readings = [
            {"metric": "power_kw", "value": 40.0 + i, "timestamp": _stamp(self.sent + i)}
            for i in range(10)
        ]
        self.sent += 10
        self.call(
            "POST",
            f"/v1/devices/{self.device}/telemetry",
            "/v1/devices/{id}/telemetry",
            json={"readings": readings},
            headers=self.auth,
        )

    @task(1)
    def latest(self) -> None:
        self.call("GET", f"/v1/devices/{self.device}/latest", "/v1/devices/{id}/latest")


def _stamp(n: int) -> str:
    """n seconds after 2024-03-01T00:00:00Z (wrapping after 28 days)."""
    day, hour, minute, second = n // 86400 % 28, n // 3600 % 24, n // 60 % 60, n % 60
    return f"2024-03-{1 + day:02d}T{hour:02d}:{minute:02d}:{second:02d}Z"


@events.quitting.add_listener
def summary(environment: Environment, **_: Any) -> None:
    total = environment.stats.total
    p50 = total.get_response_time_percentile(0.5) or 0
    p95 = total.get_response_time_percentile(0.95) or 0
    answers = ", ".join(f"{k} {v}" for k, v in sorted(ANSWERS.items()))
    print(
        f"load: {total.num_requests} requests, {total.total_rps:.0f} req/s, "
        f"p50 {p50:.0f} ms, p95 {p95:.0f} ms, errors {total.num_failures} ({answers})"
    )
    if total.num_failures or not total.num_requests:
        environment.process_exit_code = 1
