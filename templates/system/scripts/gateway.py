"""make up's API gateway, in a system without a web app: /api/<service>/ on one local port, routed as the
deployed API host (the ingress) routes it, so a client written against <api>/<service>/v1/... (the mobile
apps, the system test) reaches the local system the way it reaches a deployed one. With a web app, its server
routes these paths and make up does not start this.

The routing itself is proxy.py, the same file the htmx app serves its /api/ routes with.

Usage: python scripts/gateway.py --port PORT NAME=URL [NAME=URL ...]   (make up passes every service)
"""

from __future__ import annotations

import argparse
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx2
import uvicorn
from proxy import METHODS, problem, proxy_routes
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

# A service that does not accept a connection within this is down: a 502 problem, not a hung client.
CONNECT_TIMEOUT_S = 5.0
# Open live feeds are cut after this on Ctrl-C, as the services drain theirs.
GRACEFUL_SHUTDOWN_S = 5


def create_app(upstreams: dict[str, str]) -> Starlette:
    http = httpx2.AsyncClient()

    async def healthz(request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    async def no_such_service(request: Request) -> Response:
        return problem(404, "Not Found", f"no such service; this gateway routes {', '.join(sorted(upstreams))}")

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        await http.aclose()

    routes = [
        Route("/healthz", healthz),
        *proxy_routes(upstreams, http, connect_timeout_s=CONNECT_TIMEOUT_S),
        # Any other /api/ path is no service's, as on the API host.
        Route("/api/{rest:path}", no_such_service, methods=METHODS),
    ]
    return Starlette(routes=routes, lifespan=lifespan)


def route(text: str) -> tuple[str, str]:
    name, _, url = text.partition("=")
    if not name or not url.startswith(("http://", "https://")):
        raise argparse.ArgumentTypeError(f"{text!r}: expected NAME=http://HOST:PORT")
    return name, url


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("routes", nargs="+", type=route, metavar="NAME=URL")
    args = parser.parse_args(argv)
    app = create_app(dict(args.routes))
    uvicorn.run(app, host="127.0.0.1", port=args.port, timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_S)


if __name__ == "__main__":
    main()
