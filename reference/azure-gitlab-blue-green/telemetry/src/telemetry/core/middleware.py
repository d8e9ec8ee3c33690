"""ASGI middleware: request id, access log line and Prometheus metrics for every request."""

import logging
import re
import time
import uuid

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .logging import request_id_var
from .metrics import Metrics

logger = logging.getLogger("access")

REQUEST_ID_HEADER = "x-request-id"
# Accept a caller's id only if it is short and harmless to echo into logs and headers.
_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,128}$")
# Unmatched paths share one label so scanners cannot blow up metric cardinality.
UNMATCHED_ROUTE = "unmatched"


# Callers name themselves (`<component>/<version>` between the system's services); kept up to here.
USER_AGENT_LIMIT = 200


def _user_agent(scope: Scope) -> str:
    for key, value in scope.get("headers", ()):
        if key == b"user-agent":
            return value.decode("latin-1")[:USER_AGENT_LIMIT]
    return ""


def _request_id(scope: Scope) -> str:
    for key, value in scope.get("headers", ()):
        if key.decode("latin-1") == REQUEST_ID_HEADER:
            candidate = value.decode("latin-1")
            if _VALID_REQUEST_ID.match(candidate):
                return candidate
    return uuid.uuid4().hex


class ObservabilityMiddleware:
    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        request_id = _request_id(scope)
        token = request_id_var.set(request_id)
        status = 500  # reported if the app raises before sending a response
        start = time.perf_counter()

        async def send_with_request_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableHeaders(scope=message).append(REQUEST_ID_HEADER, request_id)
            await send(message)

        try:
            await self.app(scope, receive, send_with_request_id)
        finally:
            elapsed = time.perf_counter() - start
            # The router stores the matched route in the shared scope; use its template
            # (e.g. /v1/devices/{device_id}/latest), never the raw path.
            route = getattr(scope.get("route"), "path", UNMATCHED_ROUTE)
            self.metrics.observe(scope["method"], route, status, elapsed)
            logger.info(
                "request",
                extra={
                    "method": scope["method"],
                    "path": scope["path"],
                    "route": route,
                    "status": status,
                    "duration_ms": round(elapsed * 1000, 3),
                    # Who called: the access log shows which component talks to which.
                    "user_agent": _user_agent(scope),
                },
            )
            request_id_var.reset(token)
