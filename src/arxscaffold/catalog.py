"""Every decision arxscaffold knows: allowed values, labels, pros and cons, compatibility rules.

This module is the one source of truth. The decisions loader validates against it, the JSON Schema and
Copier's questions are generated from it, and the ADR templates render its options (through the
`catalog` value that `copier.yml` carries).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

SCHEMA_VERSION = 1
DNS_LABEL_PATTERN = r"^[a-z]([-a-z0-9]*[a-z0-9])?$"
SYSTEM_NAME_MAX = 40
COMPONENT_NAME_MAX = 40

ValueType = Literal["choice", "bool", "int", "str", "labels"]


@dataclass(frozen=True)
class Option:
    """One value a choice decision can take."""

    value: str
    label: str
    pros: tuple[str, ...]
    cons: tuple[str, ...]
    # Other decisions this option needs, e.g. {"web.framework": ("react",)}.
    requires: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # Considered in the roadmap but not generated: refused with the supported list, shown in ADRs.
    supported: bool = True


@dataclass(frozen=True)
class Decision:
    """One key of the decisions file, addressed by its dotted path (``deploy.autoscaling.min_replicas``)."""

    path: str
    title: str
    type: ValueType
    default: Any
    help: str = ""
    options: tuple[Option, ...] = ()
    # A default that follows another decision: (other path, {other value: default}).
    default_follows: tuple[str, Mapping[str, Any]] | None = None
    minimum: int | None = None
    maximum: int | None = None

    @property
    def answer_key(self) -> str:
        """The flat name Copier uses for this decision (``deploy_autoscaling_min_replicas``)."""
        return self.path.replace(".", "_")

    @property
    def allowed(self) -> tuple[str, ...]:
        return tuple(o.value for o in self.options if o.supported)

    def option(self, value: Any) -> Option | None:
        return next((o for o in self.options if o.value == value), None)

    def default_for(self, values: Mapping[str, Any]) -> Any:
        if self.default_follows is not None:
            other, table = self.default_follows
            if values.get(other) in table:
                return table[values[other]]
        return self.default


@dataclass(frozen=True)
class Area:
    """A section of the decisions file; each area present in a system gets one ADR."""

    key: str
    title: str
    adr_number: int
    context: str
    drivers: tuple[str, ...]
    decisions: tuple[Decision, ...]
    # The component kinds this area concerns; empty means every deployable system has it.
    kinds: tuple[str, ...] = ()
    # Which smoke check proves the decision (the ADR's confirmation line).
    confirmation: str = ""

    @property
    def adr_file(self) -> str:
        return f"{self.adr_number:04d}-{self.key}.md"


@dataclass(frozen=True)
class Kind:
    """A component kind: what it is, whether a template exists for it yet, how it is reached."""

    key: str
    label: str
    tree: str | None  # folder under templates/, None while no template exists
    default_name: str
    port: int | None
    protocols: tuple[str, ...]
    summary: str

    @property
    def templated(self) -> bool:
        return self.tree is not None


def _choice(
    path: str,
    title: str,
    default: str,
    options: tuple[Option, ...],
    help: str = "",
    follows: tuple[str, Mapping[str, Any]] | None = None,
) -> Decision:
    return Decision(path, title, "choice", default, help, options, default_follows=follows)


def _flag(path: str, title: str, default: bool, help: str) -> Decision:
    return Decision(path, title, "bool", default, help)


REACT = {"web.framework": ("react",)}
VUE = {"web.framework": ("vue",)}
ANGULAR = {"web.framework": ("angular",)}

KINDS: tuple[Kind, ...] = (
    Kind(
        "web",
        "Web application",
        None,
        "portal",
        8080,
        ("REST", "WebSocket"),
        "Browser app for operators and occupants.",
    ),
    Kind(
        "mobile",
        "Mobile application",
        None,
        "field",
        None,
        ("REST", "push"),
        "Field app for technicians, with AR and offline sync.",
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


def _runtime(area: str) -> Decision:
    return _choice(
        f"{area}.runtime",
        "Service runtime",
        "python-fastapi",
        SERVICE_RUNTIME_OPTIONS,
        "Language and framework of the service base.",
    )


AREAS: tuple[Area, ...] = (
    Area(
        "web",
        "Web application architecture",
        2,
        "The roadmap asks for a browser application for operators and occupants: framework, state "
        "management, routing, code splitting and lazy loading, API integration, real-time updates and "
        "offline support.",
        (
            "Team skills and hiring pool",
            "Bundle size and time to interactive",
            "Real-time building data on screen",
            "Works on a flaky site network",
        ),
        (
            _choice(
                "web.framework",
                "Framework",
                "react",
                (
                    Option(
                        "react",
                        "React + Vite + TypeScript",
                        ("Largest ecosystem and hiring pool", "Mature tooling (Vite, Vitest)"),
                        ("Many choices left to the team (state, routing)",),
                    ),
                    Option(
                        "vue",
                        "Vue 3 + Vite + TypeScript",
                        ("Gentle learning curve", "Official state (Pinia) and router"),
                        ("Smaller ecosystem than React",),
                    ),
                    Option(
                        "angular",
                        "Angular (standalone components)",
                        (
                            "Batteries included: router, forms, DI, testing",
                            "Strong conventions for large teams",
                        ),
                        ("Heavier bundles and steeper learning curve",),
                    ),
                    Option(
                        "htmx",
                        "HTMX + server-rendered pages",
                        ("Almost no client JavaScript", "One language on the server"),
                        ("Less suited to rich offline client state",),
                    ),
                ),
            ),
            _choice(
                "web.state",
                "State management",
                "zustand",
                (
                    Option(
                        "redux",
                        "Redux Toolkit",
                        ("Predictable, devtools, middleware",),
                        ("More boilerplate",),
                        REACT,
                    ),
                    Option(
                        "zustand",
                        "Zustand",
                        ("Tiny, hook-based, little boilerplate",),
                        ("Fewer conventions for large apps",),
                        REACT,
                    ),
                    Option(
                        "context",
                        "React context",
                        ("No dependency",),
                        ("Re-renders whole subtrees on change",),
                        REACT,
                    ),
                    Option("pinia", "Pinia", ("Vue's official store, typed",), ("Vue only",), VUE),
                    Option("ngrx", "NgRx", ("Redux pattern with RxJS effects",), ("Verbose",), ANGULAR),
                    Option(
                        "signals",
                        "Angular signals",
                        ("Built in, fine-grained reactivity",),
                        ("Newer, fewer patterns for large stores",),
                        ANGULAR,
                    ),
                    Option(
                        "none",
                        "No client store",
                        ("Nothing to learn",),
                        ("State lives on the server or in components",),
                    ),
                ),
                follows=(
                    "web.framework",
                    {"react": "zustand", "vue": "pinia", "angular": "signals", "htmx": "none"},
                ),
            ),
            _choice(
                "web.routing",
                "Routing",
                "react-router",
                (
                    Option(
                        "react-router",
                        "React Router",
                        ("De facto standard, lazy routes",),
                        ("React only",),
                        REACT,
                    ),
                    Option("vue-router", "Vue Router", ("Official, lazy routes",), ("Vue only",), VUE),
                    Option(
                        "angular-router",
                        "Angular Router",
                        ("Built in, lazy standalone routes",),
                        ("Angular only",),
                        ANGULAR,
                    ),
                    Option(
                        "custom",
                        "A small custom router",
                        ("No dependency, fits any framework",),
                        ("The team maintains it",),
                    ),
                ),
                follows=(
                    "web.framework",
                    {
                        "react": "react-router",
                        "vue": "vue-router",
                        "angular": "angular-router",
                        "htmx": "custom",
                    },
                ),
            ),
            _flag(
                "web.offline",
                "Offline support",
                False,
                "Service worker and manifest that precache the app shell.",
            ),
            _choice(
                "web.realtime",
                "Real-time updates",
                "websocket",
                (
                    Option("none", "None (polling on demand)", ("Simplest",), ("Stale data on screen",)),
                    Option(
                        "websocket",
                        "WebSocket",
                        ("Bidirectional, low latency",),
                        ("Needs sticky-free reconnect logic and proxy support",),
                    ),
                    Option(
                        "sse",
                        "Server-sent events",
                        ("Plain HTTP, automatic reconnect",),
                        ("Server to client only",),
                    ),
                ),
            ),
        ),
        kinds=("web",),
        confirmation="web smoke: unit tests and a headless Chromium end-to-end test",
    ),
    Area(
        "mobile",
        "Mobile application architecture",
        3,
        "Technicians work on site with AR overlays, poor connectivity and push notifications for alarms; "
        "the roadmap weighs a cross-platform strategy against native apps.",
        (
            "Native performance, memory and battery",
            "AR capability",
            "Offline work on site",
            "One codebase vs platform fidelity",
        ),
        (
            _choice(
                "mobile.platform",
                "Platform",
                "react-native",
                (
                    Option(
                        "react-native",
                        "React Native (bare, TypeScript)",
                        ("Shares TypeScript and API client with the web app", "Large ecosystem"),
                        ("Bridge overhead for heavy AR work",),
                    ),
                    Option(
                        "flutter",
                        "Flutter (Dart)",
                        ("Consistent UI, fast rendering",),
                        ("Dart is a new language for the team",),
                    ),
                    Option(
                        "native",
                        "Native (Kotlin + Swift)",
                        ("Best AR (ARKit/ARCore) and performance",),
                        ("Two codebases",),
                    ),
                ),
            ),
            _flag(
                "mobile.ar",
                "Augmented reality",
                False,
                "AR capability module with a non-AR fallback.",
            ),
            _flag(
                "mobile.offline_sync",
                "Offline sync",
                True,
                "Persisted outbox replayed on reconnect.",
            ),
            _flag("mobile.push", "Push notifications", True, "FCM/APNs registration and routing."),
        ),
        kinds=("mobile",),
        confirmation="mobile smoke: type check and unit tests of the shell",
    ),
    Area(
        "deploy",
        "Production deployment architecture",
        4,
        "Every component runs on a managed Kubernetes platform with autoscaling, load balancing, "
        "monitoring and network, application and data security, in several environments.",
        (
            "Operational maturity of the platform",
            "Existing cloud contracts",
            "Security by default",
            "Cost under variable load",
        ),
        (
            _choice(
                "deploy.orchestration",
                "Orchestration",
                "kubernetes",
                (
                    Option(
                        "kubernetes",
                        "Kubernetes",
                        ("Portable across clouds", "Rich autoscaling and policy"),
                        ("Operational complexity",),
                    ),
                    Option(
                        "docker-swarm",
                        "Docker Swarm",
                        ("Simple",),
                        ("Small ecosystem, little autoscaling",),
                        supported=False,
                    ),
                    Option(
                        "ecs",
                        "Amazon ECS",
                        ("Managed, simple on AWS",),
                        ("AWS only",),
                        supported=False,
                    ),
                ),
            ),
            _choice(
                "deploy.cloud",
                "Cloud",
                "aws",
                (
                    Option(
                        "aws",
                        "AWS (EKS, ALB ingress)",
                        ("Broadest managed services",),
                        ("Egress costs",),
                    ),
                    Option(
                        "azure",
                        "Azure (AKS, Application Gateway)",
                        ("Enterprise identity integration",),
                        ("Fewer regions with every service",),
                    ),
                    Option(
                        "gcp",
                        "Google Cloud (GKE, GCE ingress)",
                        ("Most mature managed Kubernetes",),
                        ("Smaller enterprise footprint",),
                    ),
                    Option(
                        "hybrid",
                        "Hybrid (any conformant cluster, ingress-nginx)",
                        ("Runs on premises beside building systems",),
                        ("The team runs more itself",),
                    ),
                ),
            ),
            Decision(
                "deploy.environments",
                "Environments",
                "labels",
                ["dev", "staging", "prod"],
                "Deployment environments, in promotion order.",
            ),
            Decision(
                "deploy.autoscaling.min_replicas",
                "Minimum replicas",
                "int",
                2,
                "Lower bound of the HorizontalPodAutoscaler.",
                minimum=1,
            ),
            Decision(
                "deploy.autoscaling.max_replicas",
                "Maximum replicas",
                "int",
                10,
                "Upper bound of the HorizontalPodAutoscaler.",
                minimum=1,
            ),
            Decision(
                "deploy.autoscaling.cpu_target_percent",
                "CPU target (%)",
                "int",
                70,
                "Average CPU utilisation the autoscaler aims for.",
                minimum=1,
                maximum=100,
            ),
            _choice(
                "deploy.monitoring",
                "Monitoring",
                "prometheus",
                (
                    Option(
                        "prometheus",
                        "Prometheus (kube-prometheus-stack)",
                        ("Standard metrics, alerting and dashboards",),
                        ("Another stack to run",),
                    ),
                    Option("none", "None", ("Nothing to run",), ("Blind in production",)),
                ),
            ),
        ),
        confirmation="deploy smoke: Pulumi mock tests, strict manifest validation and a policy scan",
    ),
    Area(
        "cicd",
        "CI/CD pipeline architecture",
        5,
        "Every component is built, tested, scanned and deployed through environments with quality gates "
        "and a rollback path.",
        ("Where the code is hosted", "Safe, observable rollouts", "Fast feedback on pull requests"),
        (
            _choice(
                "cicd.provider",
                "CI provider",
                "github-actions",
                (
                    Option(
                        "github-actions",
                        "GitHub Actions",
                        ("Native to GitHub, environments with approvals",),
                        ("Minutes billed per job",),
                    ),
                    Option(
                        "gitlab-ci",
                        "GitLab CI",
                        ("Integrated with GitLab, protected environments",),
                        ("Needs GitLab hosting",),
                    ),
                    Option(
                        "jenkins",
                        "Jenkins",
                        ("Self-hosted, flexible",),
                        ("Plugins to maintain",),
                        supported=False,
                    ),
                ),
            ),
            _choice(
                "cicd.strategy",
                "Deployment strategy",
                "rolling",
                (
                    Option(
                        "rolling",
                        "Rolling update",
                        ("No extra capacity",),
                        ("Mixed versions during rollout",),
                    ),
                    Option(
                        "blue-green",
                        "Blue-green",
                        ("Instant switch and rollback",),
                        ("Double capacity",),
                    ),
                    Option(
                        "canary",
                        "Canary",
                        ("Limits the blast radius",),
                        ("Needs good health signals",),
                    ),
                ),
            ),
            Decision(
                "cicd.quality_gates.coverage_min",
                "Coverage gate (%)",
                "int",
                80,
                "Line coverage below this fails the pipeline.",
                minimum=0,
                maximum=100,
            ),
        ),
        confirmation="cicd smoke: generated pipelines linted offline",
    ),
    Area(
        "ai",
        "AI service",
        6,
        "The roadmap asks for AI-assisted insight: energy models trained on building data, served online.",
        (
            "Model lifecycle (versions, promotion, rollback)",
            "Numeric ecosystem",
            "Latency of inference",
        ),
        (_runtime("ai"),),
        kinds=("ai-service",),
        confirmation="service smoke: own tests, start, /healthz answers 200",
    ),
    Area(
        "iot",
        "IoT service",
        7,
        "Building systems and sensors send telemetry over MQTT and HTTP; devices must be registered and "
        "their readings validated.",
        ("Protocol support (MQTT, Modbus, BACnet)", "Throughput of ingestion", "Device security"),
        (_runtime("iot"),),
        kinds=("iot-service",),
        confirmation="service smoke: own tests, start, /healthz answers 200",
    ),
    Area(
        "physics",
        "Physics simulation service",
        8,
        "The roadmap asks for building-physics simulation (thermal zones, HVAC control) in real time and "
        "in batch scenarios.",
        ("Numerical accuracy", "Vectorised performance", "Real-time stepping"),
        (_runtime("physics"),),
        kinds=("physics-service",),
        confirmation="service smoke: own tests, start, /healthz answers 200",
    ),
    Area(
        "analytics",
        "Analytics service",
        9,
        "Operators need KPIs (energy per m2, peak demand, comfort hours) and anomaly detection over "
        "telemetry, in batch and in rolling windows.",
        ("Correct KPI numbers", "Embedded engine now, distributed later", "Real-time windows"),
        (_runtime("analytics"),),
        kinds=("analytics-service",),
        confirmation="service smoke: own tests, start, /healthz answers 200",
    ),
)

SYSTEM_DECISIONS: tuple[Decision, ...] = (
    Decision(
        "system.name",
        "System name",
        "str",
        None,
        f"DNS-1123 label, at most {SYSTEM_NAME_MAX} characters.",
    ),
    Decision("system.owner", "Owner", "str", "platform-team", "Team that owns the architecture."),
    Decision("system.description", "Description", "str", "", "One line about the system."),
)

# Top-level folders and files of a generated system: a component may not take these names.
RESERVED_NAMES = frozenset({"docs", "platform", "pipelines", "reference", "templates", "scripts", "tests"})
TOP_LEVEL_KEYS = ("version", "system", "components", *(a.key for a in AREAS), "rationale")


def kind(key: str) -> Kind:
    return next(k for k in KINDS if k.key == key)


def kind_keys() -> tuple[str, ...]:
    return tuple(k.key for k in KINDS)


def templated_kinds() -> tuple[Kind, ...]:
    return tuple(k for k in KINDS if k.templated)


def area(key: str) -> Area:
    return next(a for a in AREAS if a.key == key)


def all_decisions() -> Iterator[Decision]:
    yield from SYSTEM_DECISIONS
    for a in AREAS:
        yield from a.decisions


def decision(path: str) -> Decision | None:
    return next((d for d in all_decisions() if d.path == path), None)


def area_applies(a: Area, kinds_present: set[str]) -> bool:
    """An area with no kinds (deploy, cicd) concerns every system; others only when their kind is there."""
    return not a.kinds or bool(kinds_present.intersection(a.kinds))


def default_components() -> list[dict[str, str]]:
    """One component of every kind that has a template."""
    return [{"name": k.default_name, "kind": k.key} for k in templated_kinds()]


def as_template_data() -> dict[str, Any]:
    """The catalog as plain data for templates (ADRs, docs): carried into copier.yml."""
    return {
        "kinds": {
            k.key: {
                "label": k.label,
                "tree": k.tree,
                "default_name": k.default_name,
                "port": k.port,
                "protocols": list(k.protocols),
                "summary": k.summary,
            }
            for k in KINDS
        },
        "areas": [
            {
                "key": a.key,
                "title": a.title,
                "adr_file": a.adr_file,
                "context": a.context,
                "drivers": list(a.drivers),
                "kinds": list(a.kinds),
                "confirmation": a.confirmation,
                "decisions": [
                    {
                        "path": d.path,
                        "answer": d.answer_key,
                        "title": d.title,
                        "type": d.type,
                        "help": d.help,
                        "options": [
                            {
                                "value": o.value,
                                "label": o.label,
                                "pros": list(o.pros),
                                "cons": list(o.cons),
                                "supported": o.supported,
                            }
                            for o in d.options
                        ],
                    }
                    for d in a.decisions
                ],
            }
            for a in AREAS
        ],
    }
