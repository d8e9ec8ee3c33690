"""Which decision brings which template paths: the table copier.yml's `_exclude` is generated from.

Template file and folder names stay plain (no `{% if %}` in a name): a path generated only under some
condition is written here once, with the trees that hold it. `copier_config` renders each row as one
`_exclude` rule: its paths are left out while one of its trees renders and its condition is false.
Which framework or platform a web or mobile app uses is not a row: each has its own tree (see
`Kind.subtree_by`). A name still holds a condition only where two files share it (one per option) or
a `yield` repeats it; tests/render/test_template_paths.py keeps those few.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Brings:
    """Paths of some template trees generated only while ``when`` holds."""

    what: str  # the rule in words: the comment above it in copier.yml
    trees: tuple[str, ...]  # "system", "service", "web" (every web tree), "web/htmx" (one of them)
    when: str  # a Jinja expression over the answers
    paths: tuple[str, ...]  # gitignore patterns from the rendered root ("/src/*/domain/models")


# Where a tree holds the shared CI folders of partials/ci (mobile has its own .github and no Renovate file).
CI_TREES = ("system", "service", "web", "mobile")
COMPONENT_TREES = ("service", "web", "mobile")
NPM_WEB = ("web/react", "web/vue", "web/angular")
PKG = "/src/*"  # a Python component's package folder (`{{ package }}`)

ROWS: tuple[Brings, ...] = (
    # cicd.provider and repository.layout: which pipeline files a folder holds
    Brings(
        "cicd.provider github-actions: the system's workflows",
        ("system",),
        "cicd_provider == 'github-actions'",
        ("/.github",),
    ),
    Brings(
        "GitHub polyrepo: a component's own workflows",
        COMPONENT_TREES,
        "cicd_provider == 'github-actions' and repository_layout == 'polyrepo'",
        ("/.github",),
    ),
    Brings(
        "cicd.provider gitlab-ci: the pipeline",
        CI_TREES,
        "cicd_provider == 'gitlab-ci'",
        ("/.gitlab-ci.yml",),
    ),
    Brings(
        "cicd.provider gitlab-ci: merge request templates and Renovate",
        ("system",),
        "cicd_provider == 'gitlab-ci'",
        ("/.gitlab", "/renovate.json"),
    ),
    Brings(
        "GitLab polyrepo: a component's merge request templates and Renovate",
        COMPONENT_TREES,
        "cicd_provider == 'gitlab-ci' and repository_layout == 'polyrepo'",
        ("/.gitlab", "/renovate.json"),
    ),
    Brings(
        "partials/ci/github: a component's build and rollback workflows",
        ("system", "service", "web"),
        "kind != 'system'",
        ("/.github/workflows/ci.yml", "/.github/workflows/rollback.yml"),
    ),
    Brings(
        "partials/ci/github: the system's platform workflow (drift: every repository of its own)",
        ("system", "service", "web"),
        "kind == 'system'",
        ("/.github/workflows/platform.yml",),
    ),
    # web
    Brings(
        "web.offline: service worker and manifest",
        NPM_WEB,
        "web_offline",
        ("/public/manifest.webmanifest", "/src/offline.ts", "/sw"),
    ),
    Brings(
        "web.offline: service worker and manifest",
        ("web/htmx",),
        "web_offline",
        (f"{PKG}/service-worker.js", f"{PKG}/static/manifest.webmanifest", "/tests/test_offline.py"),
    ),
    Brings(
        "web.realtime: the live feed",
        NPM_WEB,
        "web_realtime != 'none'",
        ("/src/realtime", "/tests/live.test.ts"),
    ),
    Brings(
        "web.realtime: the live feed",
        ("web/htmx",),
        "web_realtime != 'none'",
        (f"{PKG}/live.py", "/tests/test_live.py"),
    ),
    Brings(
        "web.realtime none: readings fetched on demand",
        ("web/htmx",),
        "web_realtime == 'none'",
        (f"{PKG}/templates/_readings.html",),
    ),
    Brings(
        "web.realtime sse: htmx's SSE extension",
        ("web/htmx",),
        "web_realtime == 'sse'",
        (f"{PKG}/static/vendor/sse.min.js",),
    ),
    Brings(
        "web.realtime websocket: htmx's WebSocket extension",
        ("web/htmx",),
        "web_realtime == 'websocket'",
        (f"{PKG}/static/vendor/ws.min.js",),
    ),
    Brings(
        "web.routing custom: the small router's route table",
        ("web/react", "web/vue"),
        "web_routing == 'custom'",
        ("/src/routing/routes.ts", "/tests/routes.test.ts"),
    ),
    # mobile: each platform's paths (React Native, Flutter, native Android and iOS)
    Brings(
        "mobile.ar: the AR capability module",
        ("mobile",),
        "mobile_ar",
        (
            "/src/ar",
            "/__tests__/ar.test.tsx",
            "/lib/ar",
            "/android/app/src/main/kotlin/io/arxos/fieldapp/ar",
            "/android/core/src/main/kotlin/io/arxos/fieldcore/ar",
            "/android/core/src/test/kotlin/io/arxos/fieldcore/ArRoutingTest.kt",
            "/ios/Sources/FieldCore/ArCapability.swift",
            "/ios/Tests/FieldCoreTests/ArRoutingTests.swift",
        ),
    ),
    Brings(
        "mobile.offline_sync: the outbox replayed on reconnect",
        ("mobile",),
        "mobile_offline_sync",
        (
            "/src/sync",
            "/__tests__/outbox.test.ts",
            "/lib/sync",
            "/test/outbox_test.dart",
            "/android/app/src/main/kotlin/io/arxos/fieldapp/sync",
            "/android/core/src/main/kotlin/io/arxos/fieldcore/sync",
            "/android/core/src/test/kotlin/io/arxos/fieldcore/OutboxTest.kt",
            "/ios/Sources/FieldCore/Outbox.swift",
            "/ios/Tests/FieldCoreTests/OutboxTests.swift",
        ),
    ),
    Brings(
        "mobile.push: push registration and routing",
        ("mobile",),
        "mobile_push",
        (
            "/src/push",
            "/__tests__/notifications.test.ts",
            "/lib/push",
            "/test/notifications_test.dart",
            "/android/app/src/main/kotlin/io/arxos/fieldapp/push",
            "/android/core/src/main/kotlin/io/arxos/fieldcore/push",
            "/android/core/src/test/kotlin/io/arxos/fieldcore/NotificationsTest.kt",
            "/ios/Sources/FieldCore/Notifications.swift",
            "/ios/Tests/FieldCoreTests/NotificationTests.swift",
        ),
    ),
    # service: what each kind adds to the shared FastAPI base, and the options within a kind
    Brings(
        "ai-service: model registry, training and scoring",
        ("service",),
        "kind == 'ai-service'",
        (
            f"{PKG}/domain/models",
            f"{PKG}/domain/models_routes.py",
            "/tests/test_models_api.py",
            "/tests/test_models_core.py",
            "/tests/test_models_iot.py",
        ),
    ),
    Brings(
        "ai.serving: batch scoring",
        ("service",),
        "ai_serving != 'realtime'",
        (f"{PKG}/domain/models/batch.py",),
    ),
    Brings(
        "analytics-service: KPIs and anomaly scans",
        ("service",),
        "kind == 'analytics-service'",
        (
            f"{PKG}/domain/analytics",
            f"{PKG}/domain/analytics_routes.py",
            "/tests/test_analytics.py",
            "/tests/test_analytics_iot.py",
        ),
    ),
    Brings(
        "analytics.realtime: rolling windows over a stream",
        ("service",),
        "analytics_realtime",
        (f"{PKG}/domain/analytics/stream.py",),
    ),
    Brings(
        "iot-service: device registry, telemetry and migrations",
        ("service",),
        "kind == 'iot-service'",
        (
            "/alembic.ini",
            f"{PKG}/domain/telemetry",
            f"{PKG}/domain/telemetry_routes.py",
            "/tests/iot_live.py",
            "/tests/test_iot_api.py",
            "/tests/test_iot_core.py",
        ),
    ),
    Brings(
        "iot.field_protocol modbus-tcp: the Modbus poller",
        ("service",),
        "kind == 'iot-service' and iot_field_protocol == 'modbus-tcp'",
        (f"{PKG}/domain/telemetry/modbus.py", "/tests/test_iot_modbus.py"),
    ),
    Brings(
        "iot.ingestion mqtt-and-http: the MQTT subscriber and a local broker",
        ("service",),
        "kind == 'iot-service' and iot_ingestion == 'mqtt-and-http'",
        (
            "/broker",
            f"{PKG}/domain/telemetry/mqtt.py",
            "/tests/test_iot_faults.py",
            "/tests/test_iot_mqtt.py",
        ),
    ),
    Brings(
        "iot.storage postgresql: tests against a PostgreSQL server",
        ("service",),
        "kind == 'iot-service' and iot_storage == 'postgresql'",
        ("/tests/test_iot_postgres.py",),
    ),
    Brings(
        "physics-service: the thermal engine",
        ("service",),
        "kind == 'physics-service'",
        (
            f"{PKG}/domain/thermal",
            f"{PKG}/domain/thermal_routes.py",
            "/tests/test_thermal_api.py",
            "/tests/test_thermal_building.py",
            "/tests/test_thermal_engine.py",
        ),
    ),
    Brings(
        "a service beside an IoT service: its contract tests",
        ("service",),
        "kind != 'iot-service' and 'iot-service' in components | map(attribute='kind') | list",
        ("/contracts", "/tests/test_iot_contract.py"),
    ),
    Brings(
        "services and no web app: make up's API gateway serves their /api/<service>/ routes",
        ("system",),
        "'web' not in components | map(attribute='kind') | list"
        " and components | map(attribute='kind') | reject('eq', 'mobile') | list",
        ("/scripts/gateway.py", "/scripts/proxy.py"),
    ),
    Brings(
        "services that read their peers",
        ("service",),
        "kind in ['analytics-service', 'ai-service', 'physics-service']",
        (f"{PKG}/core/peers.py",),
    ),
)
