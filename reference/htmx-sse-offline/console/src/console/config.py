"""Settings from the environment; the defaults suit `make run` (the demo API served in-process)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

# What the pages show about themselves; set by the generator from the system's decisions.
SITE = {
    "name": "console",
    "system": "ops-desk",
    "kind": "Web application",
    "summary": "Browser app for operators and occupants.",
}
OFFLINE = True
# The htmx extension only the detail page loads; the budget check keeps it off the first page.
LIVE_SCRIPT: str | None = "vendor/sse.min.js"


@dataclass(frozen=True)
class Settings:
    host: str = "127.0.0.1"
    port: int = 8080
    # Empty: serve the demo buildings API at /api in this process and call it over loopback.
    api_base_url: str = ""
    timeout_s: float = 5.0
    retries: int = 2

    @property
    def demo(self) -> bool:
        return not self.api_base_url

    @property
    def resolved_api_base_url(self) -> str:
        return self.api_base_url or f"http://127.0.0.1:{self.port}/api"

    @classmethod
    def from_env(cls, env: Mapping[str, str] = os.environ) -> Settings:
        return cls(
            host=env.get("HOST", cls.host),
            port=int(env.get("PORT", cls.port)),
            api_base_url=env.get("API_BASE_URL", cls.api_base_url).rstrip("/"),
            timeout_s=int(env.get("API_TIMEOUT_MS", int(cls.timeout_s * 1000))) / 1000,
            retries=int(env.get("API_RETRIES", cls.retries)),
        )
