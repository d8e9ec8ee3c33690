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
_TOKEN = os.environ.get("KPIS_ADMIN_TOKEN", "")
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


class AnalyticsUser(ServiceUser):
    @task(1)
    def kpis(self) -> None:
        self.call("GET", "/v1/kpis")


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
