"""Settings from the environment; the defaults suit `make run` (demo services served in-process)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

# What the pages show about themselves; set by the generator from the system's decisions.
SITE = {
    "name": "console",
    "system": "ops-desk",
    "kind": "Web application",
    "summary": "Browser app for operators and occupants.",
}
OFFLINE = True
# The services the pages read, by provider kind: the first component of that kind in decisions.yml.
# None when the system has none: the pages that would read it are neither routed nor linked.
IOT_SERVICE: str | None = None
ANALYTICS_SERVICE: str | None = None
PROVIDERS = tuple(name for name in (IOT_SERVICE, ANALYTICS_SERVICE) if name is not None)
# Every service of the system, proxied at /api/<name>/ (proxy.py) as nginx does for the other apps.
SERVICES: tuple[str, ...] = ()


def upstream_var(service: str) -> str:
    """The variable naming a service's base URL (set by `make up`; nginx reads the same ones)."""
    return "UPSTREAM_" + service.replace("-", "_").upper()


# The htmx extension only the detail page loads; the budget check keeps it off the first page.
LIVE_SCRIPT: str | None = "vendor/sse.min.js"


@dataclass(frozen=True)
class Settings:
    host: str = "127.0.0.1"
    port: int = 8080
    # Where each service answers at /<name>/ (like /api/<name>/ in the other web templates).
    # Empty: demo services at /api in this process, called over loopback.
    api_base_url: str = ""
    # A service's own base URL (UPSTREAM_<NAME>, set by `make up`) wins over api_base_url.
    upstreams: Mapping[str, str] = field(default_factory=dict)
    timeout_s: float = 5.0
    retries: int = 2

    @property
    def demo(self) -> bool:
        return not self.api_base_url

    @property
    def resolved_api_base_url(self) -> str:
        return self.api_base_url or f"http://127.0.0.1:{self.port}/api"

    def upstream(self, service: str) -> str | None:
        """Where /api/<service>/ forwards to; None in the demo, whose /api serves it in process."""
        if self.upstreams.get(service):
            return self.upstreams[service].rstrip("/")
        return f"{self.api_base_url}/{service}" if self.api_base_url else None

    def service_url(self, service: str) -> str:
        """The v1 API of one service, without a trailing slash."""
        upstream = self.upstreams.get(service)
        if upstream:
            return f"{upstream.rstrip('/')}/v1"
        return f"{self.resolved_api_base_url}/{service}/v1"

    @classmethod
    def from_env(cls, env: Mapping[str, str] = os.environ) -> Settings:
        return cls(
            host=env.get("HOST", cls.host),
            port=int(env.get("PORT", cls.port)),
            api_base_url=env.get("API_BASE_URL", cls.api_base_url).rstrip("/"),
            timeout_s=int(env.get("API_TIMEOUT_MS", int(cls.timeout_s * 1000))) / 1000,
            retries=int(env.get("API_RETRIES", cls.retries)),
            upstreams={s: env[upstream_var(s)] for s in SERVICES if env.get(upstream_var(s))},
        )
