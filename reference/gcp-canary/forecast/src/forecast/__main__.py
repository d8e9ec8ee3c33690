"""Entry point: ``python -m <package>`` serves the app with uvicorn using the env settings."""

import logging
import signal
from types import FrameType

import uvicorn
from fastapi import FastAPI
from pydantic import ValidationError

from .core.lifecycle import Lifecycle

# Named after the package: under ``python -m`` this module is plain "__main__".
logger = logging.getLogger(f"{__package__}.server")


class ReadinessAwareServer(uvicorn.Server):
    """Withdraw readiness the moment SIGTERM/SIGINT arrives, before uvicorn starts draining."""

    def __init__(self, config: uvicorn.Config, service_app: FastAPI) -> None:
        super().__init__(config)
        self.service_app = service_app

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        state = self.service_app.state
        if state.lifecycle is Lifecycle.READY:
            state.lifecycle = Lifecycle.STOPPING
            logger.info("shutdown signal received", extra={"signal": sig})
        super().handle_exit(sig, frame)


def _exit_cleanly(sig: int, frame: FrameType | None) -> None:
    # uvicorn re-raises the captured signal after it has drained and run the lifespan
    # shutdown; at that point (or before startup) stopping is the expected outcome.
    raise SystemExit(0)


def settings_error(exc: ValidationError) -> str:
    """One line naming every invalid setting: what an operator reads in a pod's last log."""
    return "; ".join(
        f"{'.'.join(map(str, e['loc'])) or 'settings'}: {e['msg'].removeprefix('Value error, ')}"
        for e in exc.errors()
    )


def main() -> None:
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, _exit_cleanly)
    try:
        # Importing the app reads the settings; an invalid one stops here, not in a traceback.
        from .main import app
    except ValidationError as exc:
        raise SystemExit(f"{__package__}: refusing to start: {settings_error(exc)}") from None
    settings = app.state.settings
    config = uvicorn.Config(
        app,
        host=settings.host,
        port=settings.port,
        # log_config=None keeps the JSON logging set up by create_app; access lines come
        # from our middleware (with request id), so uvicorn's own access log is off.
        log_config=None,
        access_log=False,
        timeout_graceful_shutdown=settings.graceful_shutdown_seconds,
    )
    ReadinessAwareServer(config, app).run()


if __name__ == "__main__":
    main()
