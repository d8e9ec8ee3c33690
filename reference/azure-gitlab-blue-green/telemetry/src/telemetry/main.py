"""Application factory: wires settings, logging, metrics, health probes and the domain router."""

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from . import __version__
from .api import health
from .core import errors
from .core.auth import document_admin
from .core.config import Settings
from .core.lifecycle import Lifecycle
from .core.logging import configure_logging
from .core.metrics import Metrics
from .core.middleware import ObservabilityMiddleware
from .domain import router as domain_router

logger = logging.getLogger(__name__)


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    app.state.lifecycle = Lifecycle.READY
    logger.info("startup complete", extra={"version": __version__})
    try:
        yield
    finally:
        # Readiness goes to 503 first so load balancers stop routing here while we stop.
        app.state.lifecycle = Lifecycle.STOPPING
        logger.info("shutdown complete")


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    configure_logging(settings.log_level, settings.service_name)
    app = FastAPI(title=settings.service_name, version=__version__, lifespan=lifespan)
    app.state.settings = settings
    app.state.lifecycle = Lifecycle.STARTING
    # Domain code adds callables answering "can I serve?"; /readyz is 503 while one says no.
    app.state.readiness_checks = []
    # What /readyz says besides its status, e.g. where the data comes from: {topic: sentence}.
    app.state.readiness_detail = {}
    # One registry per app keeps test apps (and their counters) independent of each other.
    app.state.metrics = Metrics()
    app.add_middleware(ObservabilityMiddleware, metrics=app.state.metrics)
    errors.install(app)
    app.include_router(health.router)
    document_admin(domain_router)
    app.include_router(domain_router)
    return app


app = create_app()
