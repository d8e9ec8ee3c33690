"""Physics simulation service decisions: the `physics` section of the decisions file."""

from __future__ import annotations

from arxscaffold.catalog.model import Area, Option, choice
from arxscaffold.catalog.runtime import runtime

AREA = Area(
    "physics",
    "Physics simulation service",
    8,
    "The roadmap asks for building-physics simulation (thermal zones, HVAC control) in real time and "
    "in batch scenarios.",
    ("Numerical accuracy", "Vectorised performance", "Real-time stepping"),
    (
        runtime("physics"),
        choice(
            "physics.model",
            "Zone model",
            "1r1c",
            (
                Option(
                    "1r1c",
                    "1R1C: one lumped node per zone",
                    (
                        "Two parameters per zone (C, UA), easy to calibrate from a few days of data",
                        "Checked against the exact exponential solution",
                    ),
                    ("Cannot separate fast air response from slow structural mass",),
                ),
                Option(
                    "2r2c",
                    "2R2C: air node and thermal-mass node per zone",
                    (
                        "Captures pre-heating and night cooling of slabs",
                        "Still linear, so the same exact step applies",
                    ),
                    ("Four parameters per zone, harder to identify from data",),
                ),
                Option(
                    "modelica-fmu",
                    "Detailed model as a Modelica FMU",
                    ("Component-level physics (radiators, ducts, solar gains)",),
                    ("Needs a model per building and an FMI runtime", "Slow for wide sweeps"),
                    supported=False,
                ),
            ),
            "Thermal network generated for each zone; both solve by exact matrix-exponential steps.",
        ),
        choice(
            "physics.realtime",
            "Real-time stepping",
            "http",
            (
                Option(
                    "http",
                    "Runs advanced step by step over HTTP",
                    ("Works through any proxy; every step is a plain request",),
                    ("One round trip per call", "Run state is per process: needs affinity or one replica"),
                ),
                Option(
                    "websocket",
                    "HTTP stepping plus a WebSocket stream of states",
                    ("A state message per step without polling, for live dashboards",),
                    ("Long-lived connections through ingress and load balancers",),
                ),
                Option(
                    "none",
                    "Batch scenarios only",
                    ("Stateless service: any replica answers any request",),
                    ("No interactive runs (e.g. fed live outdoor readings)",),
                ),
            ),
            "How a run is advanced interactively; batch scenarios, what-if and charts are always there.",
        ),
    ),
    kinds=("physics-service",),
    confirmation="service smoke: own tests (analytic 1-zone solution, energy balance), start, "
    "/healthz answers 200, a batch simulation checked against the analytic steady state",
)
