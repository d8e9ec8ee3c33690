"""The service base every service kind shares, and the runtimes that were weighed against it."""

from __future__ import annotations

from arxscaffold.catalog.model import Decision, Option, choice

SERVICE_RUNTIME_OPTIONS = (
    Option(
        "python-fastapi",
        "Python 3.11 + FastAPI",
        (
            "Typed request models and OpenAPI for free",
            "NumPy/SciPy/ML ecosystem in-process",
            "Async I/O for MQTT and WebSocket streams",
        ),
        ("Slower per request than Go or Rust", "GIL limits CPU-bound work to processes"),
    ),
    Option(
        "go-stdlib",
        "Go + net/http",
        ("Small static binaries, fast start", "Cheap concurrency"),
        ("No scientific or ML ecosystem", "A second language for a Python-heavy team"),
        supported=False,
    ),
    Option(
        "node-express",
        "Node.js + Express",
        ("Shares a language with the web app",),
        ("Weak numeric ecosystem", "Single-threaded CPU work blocks the event loop"),
        supported=False,
    ),
)


def runtime(area: str) -> Decision:
    return choice(
        f"{area}.runtime",
        "Service runtime",
        "python-fastapi",
        SERVICE_RUNTIME_OPTIONS,
        "Language and framework of the service base.",
    )
