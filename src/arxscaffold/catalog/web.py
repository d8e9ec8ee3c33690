"""Web application decisions: the `web` section of the decisions file."""

from __future__ import annotations

from arxscaffold.catalog.model import Area, Option, choice, flag

REACT = {"web.framework": ("react",)}
VUE = {"web.framework": ("vue",)}
ANGULAR = {"web.framework": ("angular",)}
# Angular ships its router and its reactivity (signals) with the framework: a custom router or "no
# store" there would fight the framework, so those two options are for the others.
NOT_ANGULAR = {"web.framework": ("react", "vue", "htmx")}

AREA = Area(
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
        choice(
            "web.framework",
            "Framework",
            "react",
            (
                # Initial-route JavaScript (gzip) and smoke cycle times below were measured on the
                # generated apps on the 2-core reference machine; each app's budget sits just above it.
                Option(
                    "react",
                    "React + Vite + TypeScript",
                    (
                        "Largest ecosystem and hiring pool",
                        "Mature tooling (Vite, Vitest); install, lint, test, build and browser test in ~45 s",
                    ),
                    (
                        "Many choices left to the team (state, routing)",
                        "Heaviest first page here: ~100 kB gzip with React Router, ~70 kB without",
                    ),
                ),
                Option(
                    "vue",
                    "Vue 3 + Vite + TypeScript",
                    (
                        "Gentle learning curve; single-file components",
                        "Official state (Pinia) and router",
                        "Lightest bundled first page here: ~39 kB gzip with Pinia and Vue Router",
                    ),
                    (
                        "Smaller ecosystem and hiring pool than React",
                        "Type checking needs vue-tsc; fewer large-app conventions than Angular",
                    ),
                ),
                Option(
                    "angular",
                    "Angular (standalone components)",
                    (
                        "Batteries included: router, DI, forms, HTTP, test runner",
                        "Strong conventions for large teams; signals without zone.js",
                        "First page ~76 kB gzip with signals, ~84 kB with NgRx",
                    ),
                    (
                        "Steeper learning curve (DI, decorators, RxJS for NgRx)",
                        "Largest install (~320 MB node_modules) and slowest cycle here (~95 s smoke)",
                    ),
                ),
                Option(
                    "htmx",
                    "HTMX + server-rendered pages",
                    (
                        "Almost no client JavaScript: ~19 kB gzip first page",
                        "One language on the server; no Node toolchain",
                    ),
                    ("Less suited to rich offline client state",),
                ),
            ),
        ),
        choice(
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
                    NOT_ANGULAR,
                ),
            ),
            follows=(
                "web.framework",
                {"react": "zustand", "vue": "pinia", "angular": "signals", "htmx": "none"},
            ),
        ),
        choice(
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
                    ("No dependency, small and explicit",),
                    ("The team maintains it", "Not offered for Angular, whose router is built in"),
                    NOT_ANGULAR,
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
        flag(
            "web.offline",
            "Offline support",
            False,
            "Service worker and manifest that precache the app shell.",
        ),
        choice(
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
            # The IoT service serves its live feed this way; its consumers read it only to pick the
            # IoT service's OpenAPI document they check their client against (contracts/), the React
            # Native app to pick the generated API types of that document.
            read_by=("mobile", "iot-service", "ai-service", "analytics-service", "physics-service"),
        ),
    ),
    kinds=("web",),
    confirmation="web smoke: unit tests and a headless Chromium end-to-end test",
)
