"""/api/<service>/ for the browser and other clients: a streaming reverse proxy to each service,
as nginx routes it for the bundled web apps: clients only talk to this origin (connect-src 'self').
One file, two users: the htmx app serves these routes itself, and in a system without a web app
`make up`'s API gateway (scripts/gateway.py) serves them as the deployed API host does.

The prefix is stripped; method, query, body and the headers a service reads are forwarded; the
answer streams back as it arrives (a server-sent events feed is never buffered). HTTP only: a
WebSocket upgrade is not proxied (the htmx live page relays the IoT feed server-side instead).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import httpx2
from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
# What a service reads from a request; cookies and the rest of the browser's headers stay here.
FORWARDED = frozenset(
    {"accept", "accept-encoding", "authorization", "content-type", "last-event-id", "user-agent"}
)
# Hop-by-hop headers (RFC 9110 section 7.6.1) describe one connection, never the answer.
HOP_BY_HOP = frozenset(
    {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer"}
    | {"transfer-encoding", "upgrade"}
)
# A live feed stays open: as nginx's proxy_read_timeout, an hour of silence before giving up.
READ_TIMEOUT_S = 3600.0


def problem(status: int, title: str, detail: str) -> JSONResponse:
    """An RFC 9457 problem document, so clients handle proxy errors like the services' own."""
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    return JSONResponse(body, status_code=status, media_type="application/problem+json")


def proxy_routes(
    upstreams: dict[str, str], http: httpx2.AsyncClient, *, connect_timeout_s: float
) -> list[Route]:
    """One route per service, /api/<name>/{path} to <upstream>/{path}."""
    timeout = httpx2.Timeout(connect_timeout_s, read=READ_TIMEOUT_S)
    rest = "{path:path}"  # Starlette's path parameter, kept out of the f-string
    return [
        Route(f"/api/{name}/{rest}", _endpoint(name, base, http, timeout), methods=METHODS)
        for name, base in sorted(upstreams.items())
    ]


def _endpoint(
    name: str, base: str, http: httpx2.AsyncClient, timeout: httpx2.Timeout
) -> Callable[[Request], Awaitable[Response]]:
    prefix = f"/api/{name}"
    base = base.rstrip("/")

    async def forward(request: Request) -> Response:
        # The raw path keeps the client's percent-encoding (an encoded slash stays in its segment).
        raw = request.scope.get("raw_path", request.url.path.encode()).decode("latin-1")
        rest = raw[len(prefix) :]
        if rest == "/metrics" or rest.startswith("/metrics/"):
            # Prometheus scrapes /metrics in the cluster; it is never public (as in nginx).
            return problem(404, "Not Found", "not found")
        url = base + rest + (f"?{request.url.query}" if request.url.query else "")
        headers = {key: value for key, value in request.headers.items() if key in FORWARDED}
        # Without the client's own, ask for the body as is: it is streamed through untouched.
        headers.setdefault("accept-encoding", "identity")
        client_ip = request.client.host if request.client else ""
        earlier = request.headers.get("x-forwarded-for")
        headers["x-forwarded-for"] = f"{earlier}, {client_ip}" if earlier else client_ip
        headers["x-forwarded-proto"] = request.url.scheme
        # Request bodies are small JSON documents: read whole; only answers are streamed.
        body = await request.body()
        outgoing = http.build_request(
            request.method, url, headers=headers, content=body or None, timeout=timeout
        )
        try:
            upstream = await http.send(outgoing, stream=True)
        except httpx2.TransportError:
            return problem(502, "Bad Gateway", f"The service {name} could not be reached.")
        kept = [(k, v) for k, v in upstream.headers.multi_items() if k.lower() not in HOP_BY_HOP]
        response = StreamingResponse(
            upstream.aiter_raw(),
            status_code=upstream.status_code,
            background=BackgroundTask(upstream.aclose),
        )
        # Replace Starlette's defaults with the service's own headers, repeated ones included.
        response.raw_headers = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in kept]
        response.raw_headers.append((b"x-accel-buffering", b"no"))
        return response

    return forward
