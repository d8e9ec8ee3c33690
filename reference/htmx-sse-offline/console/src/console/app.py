"""Routes on the server: pages render whole documents, /fragments/ the parts htmx fetches lazily.
No IoT service in this system: there are no buildings pages.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx2
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, PlainTextResponse, Response
from starlette.routing import BaseRoute, Mount, Route

from . import config, demo
from .assets import Assets
from .proxy import METHODS, problem, proxy_routes
from .security import SecurityHeaders

TEMPLATES = Path(__file__).parent / "templates"
SERVICE_WORKER = Path(__file__).parent / "service-worker.js"
IMMUTABLE = "public, max-age=31536000, immutable"
# HTML and the service worker are revalidated on every load, or users keep an old release.
REVALIDATE = {"Cache-Control": "no-cache"}


def create_app(
    settings: config.Settings | None = None, *, transport: httpx2.AsyncBaseTransport | None = None
) -> SecurityHeaders:
    """The ASGI app; `transport` replaces the network towards the services (tests)."""
    settings = settings or config.Settings.from_env()
    assets = Assets.scan()
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        asset=assets.url,
        site=config.SITE,
        offline=config.OFFLINE,
        live_script=config.LIVE_SCRIPT,
        buildings_page=config.IOT_SERVICE is not None,
    )
    # /api/<service>/ for clients (proxy.py); its own pool: long live feeds never starve the pages.
    proxy_http = httpx2.AsyncClient(transport=transport)
    upstreams = {name: url for name in config.SERVICES if (url := settings.upstream(name))}

    def render(name: str, status: int = 200, **context: Any) -> HTMLResponse:
        body = env.get_template(name).render(**context)
        return HTMLResponse(body, status_code=status, headers=REVALIDATE)

    async def home(request: Request) -> Response:
        return render("home.html", active="home")

    async def asset(request: Request) -> Response:
        path = assets.path(request.path_params["path"])
        if request.path_params["digest"] != assets.digest or path is None:
            return PlainTextResponse("not found", status_code=404)
        return FileResponse(path, headers={"Cache-Control": IMMUTABLE})

    async def root_file(request: Request) -> Response:
        path = assets.path(request.url.path.lstrip("/"))
        assert path is not None
        return FileResponse(path, headers=REVALIDATE)

    async def service_worker(request: Request) -> Response:
        # The shell to precache: the pages every visit starts from and the current release's assets.
        shell = ["/", "/icon.svg", "/manifest.webmanifest"]
        shell += [assets.url(name) for name in assets.files]
        source = SERVICE_WORKER.read_text()
        source = source.replace("self.__PRECACHE__", json.dumps(shell))
        source = source.replace("self.__VERSION__", json.dumps(assets.digest))
        return Response(source, media_type="text/javascript", headers=REVALIDATE)

    async def healthz(request: Request) -> Response:
        return PlainTextResponse("ok")

    async def no_such_service(request: Request) -> Response:
        return problem(404, "Not Found", "no such service")

    async def not_found(request: Request, exc: Exception) -> Response:
        return render("not_found.html", 404, active=None)

    async def server_error(request: Request, exc: Exception) -> Response:
        return render("error.html", 500, active=None)

    routes: list[BaseRoute] = [
        Route("/", home),
        Route("/assets/{digest}/{path:path}", asset),
        Route("/icon.svg", root_file),
        Route("/manifest.webmanifest", root_file),
        Route("/sw.js", service_worker),
        # Kubernetes probes (deploy/): the app has no dependency it must wait for to serve pages.
        Route("/healthz", healthz),
        Route("/readyz", healthz),
    ]
    # Before the demo's /api mount: a service with an upstream is proxied, even next to demo ones.
    routes += proxy_routes(upstreams, proxy_http, connect_timeout_s=settings.timeout_s)
    if settings.demo:
        routes.append(Mount("/api", demo.create_demo_api()))
    # Any other /api/ path is no service's: a JSON 404, never an HTML page.
    routes.append(Route("/api/{rest:path}", no_such_service, methods=METHODS))

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        await proxy_http.aclose()

    app = Starlette(
        routes=routes,
        lifespan=lifespan,
        exception_handlers={404: not_found, 500: server_error},
    )
    # Outermost, so the error pages of Starlette's own error middleware carry the headers too.
    return SecurityHeaders(app)
