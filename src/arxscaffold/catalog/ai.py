"""AI service decisions: the `ai` section of the decisions file."""

from __future__ import annotations

from arxscaffold.catalog.model import Area
from arxscaffold.catalog.runtime import runtime

AREA = Area(
    "ai",
    "AI service",
    6,
    "The roadmap asks for AI-assisted insight: energy models trained on building data, served online.",
    (
        "Model lifecycle (versions, promotion, rollback)",
        "Numeric ecosystem",
        "Latency of inference",
    ),
    (runtime("ai"),),
    kinds=("ai-service",),
    confirmation="service smoke: own tests, start, /healthz answers 200",
)
