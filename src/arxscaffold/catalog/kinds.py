"""Component kinds: what each is, where its template tree lives (None until one exists), its port.

A web app or mobile app has one tree per framework or platform: templates/web/react, templates/mobile/flutter.
"""

from __future__ import annotations

from arxscaffold.catalog.model import Kind

KINDS: tuple[Kind, ...] = (
    Kind(
        "web",
        "Web application",
        "web",
        "portal",
        8080,
        ("REST", "WebSocket"),
        "Browser app for operators and occupants.",
        subtree_by="web.framework",
    ),
    Kind(
        "mobile",
        "Mobile application",
        "mobile",
        "field",
        None,
        ("REST", "push"),
        "Field app for technicians, with AR and offline sync.",
        subtree_by="mobile.platform",
    ),
    Kind(
        "ai-service",
        "AI service",
        "service",
        "insight",
        8101,
        ("REST", "metrics"),
        "Model registry, training and inference for building energy models.",
    ),
    Kind(
        "iot-service",
        "IoT service",
        "service",
        "telemetry",
        8102,
        ("REST", "MQTT", "metrics"),
        "Device registry and telemetry ingestion from building systems.",
    ),
    Kind(
        "physics-service",
        "Physics simulation service",
        "service",
        "thermal",
        8103,
        ("REST", "WebSocket", "metrics"),
        "Thermal simulation of building zones.",
    ),
    Kind(
        "analytics-service",
        "Analytics service",
        "service",
        "kpis",
        8104,
        ("REST", "metrics"),
        "KPIs, rolling windows and anomaly detection over telemetry.",
    ),
)
