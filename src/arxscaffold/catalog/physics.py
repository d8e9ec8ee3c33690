"""Physics simulation service decisions: the `physics` section of the decisions file."""

from __future__ import annotations

from arxscaffold.catalog.model import Area
from arxscaffold.catalog.runtime import runtime

AREA = Area(
    "physics",
    "Physics simulation service",
    8,
    "The roadmap asks for building-physics simulation (thermal zones, HVAC control) in real time and "
    "in batch scenarios.",
    ("Numerical accuracy", "Vectorised performance", "Real-time stepping"),
    (runtime("physics"),),
    kinds=("physics-service",),
    confirmation="service smoke: own tests, start, /healthz answers 200",
)
