"""AI service decisions: the `ai` section of the decisions file."""

from __future__ import annotations

from arxscaffold.catalog.model import Area, Option, choice
from arxscaffold.catalog.runtime import runtime

AREA = Area(
    "ai",
    "AI service",
    6,
    "The roadmap asks for AI-assisted insight: energy models trained on building data, served online. "
    "Models need versions, an evaluation gate before production, rollback, and scoring both per request "
    "and over whole files.",
    (
        "Model lifecycle (versions, promotion, rollback)",
        "Numeric ecosystem",
        "Latency of inference",
        "Safe loading of artifacts",
    ),
    (
        runtime("ai"),
        choice(
            "ai.model_format",
            "Model format",
            "numpy-npz",
            (
                Option(
                    "numpy-npz",
                    "Ridge regression in NumPy, saved as .npz",
                    (
                        "Loads with allow_pickle=False: an artifact never runs code",
                        "One dependency (NumPy); installs in seconds",
                        "Coefficients are readable and explainable",
                    ),
                    ("Linear in the engineered features: misses interactions nobody engineered",),
                ),
                Option(
                    "sklearn-joblib",
                    "scikit-learn gradient-boosted trees, saved with joblib",
                    (
                        "Learns non-linear effects and interactions",
                        "The whole scikit-learn toolbox for the next model",
                    ),
                    (
                        "joblib files are pickles: the registry must verify the SHA-256 before loading",
                        "Pulls in SciPy: a larger image and slower install",
                        "Artifacts tied to the scikit-learn version that wrote them",
                    ),
                ),
                Option(
                    "onnx",
                    "ONNX model served by onnxruntime",
                    ("Framework-neutral, fast runtime", "Same artifact on edge devices"),
                    ("Export step per framework", "Large runtime wheel"),
                    supported=False,
                ),
            ),
            "How models are trained and what the registry stores.",
        ),
        choice(
            "ai.serving",
            "Serving modes",
            "realtime-and-batch",
            (
                Option(
                    "realtime-and-batch",
                    "Online inference and batch scoring",
                    ("Dashboards ask per request; nightly jobs score whole portfolios",),
                    ("Two paths to test and operate",),
                ),
                Option(
                    "realtime",
                    "Online inference only (POST /v1/models/{name}:predict)",
                    ("One path: low-latency answers with version pinning",),
                    ("Scoring a large file means many requests",),
                ),
                Option(
                    "batch",
                    "Batch scoring only (CSV in, CSV out; a Kubernetes Job)",
                    ("No inference traffic to scale; runs where the data is",),
                    ("No per-request answers: consumers read the scored files",),
                ),
            ),
            "Which scoring paths the service generates; the registry API is always there.",
        ),
    ),
    kinds=("ai-service",),
    confirmation="service smoke: own tests (registry, gate, inference numbers), start, one domain request",
)
