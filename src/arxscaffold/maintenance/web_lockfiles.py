"""Regenerate the npm lockfiles the web template ships, one per combination that changes dependencies.

`npm ci` needs a lockfile matching package.json exactly, so every state x routing combination gets its
own, resolved against the registry with the exact pins of the web template's package.json. Stored
under `templates/partials/lockfiles/web/` with the package name as `{{ name }}`;
`package-lock.json.jinja` includes the one that matches.
Run: `python -m arxscaffold.maintenance.web_lockfiles`.
"""

from __future__ import annotations

import sys
from pathlib import Path

from arxscaffold import catalog
from arxscaffold.maintenance import npm_lockfiles

PLACEHOLDER = npm_lockfiles.PLACEHOLDER  # the package name while npm resolves; `{{ name }}` when stored


def package_json_template(framework: str) -> str:
    """Each bundled framework's tree has its own package.json template; the versions live in
    partials/web-shared/npm.jinja."""
    return f"{framework}/package.json.jinja"


def _combos() -> tuple[tuple[str, str, str], ...]:
    """(framework, state, routing) whose package.json differ, for every generated npm framework; realtime
    and offline add no dependencies. htmx apps are Python projects without a package.json."""
    framework, state, routing = (catalog.decision(f"web.{key}") for key in ("framework", "state", "routing"))
    assert framework is not None and state is not None and routing is not None

    def fits(spec: catalog.Decision, value: str, chosen: str) -> bool:
        option = spec.option(value)
        needed = option.requires.get("web.framework") if option else None
        return needed is None or chosen in needed

    return tuple(
        (f, s, r)
        for f in catalog.generated_values(framework)
        if f != "htmx"
        for s in catalog.generated_values(state)
        if fits(state, s, f)
        for r in catalog.generated_values(routing)
        if fits(routing, r, f)
    )


COMBOS = _combos()


def lockfile_dir() -> Path:
    return npm_lockfiles.lockfile_dir("web")


def lockfile_name(framework: str, state: str, routing: str) -> str:
    return f"{framework}-{state}-{routing}.json"


SYSTEM = [{"name": "web", "kind": "web"}, {"name": "iot", "kind": "iot-service"}]


# What the topology partial reads besides the components (defaults; no dependency follows from them).
TOPOLOGY = {
    "iot_ingestion": "http",
    "iot_storage": "sqlite",
    "iot_field_protocol": "none",
    "web_realtime": "none",
    "physics_realtime": "http",
    "system_name": "arxos",
    "deploy_cloud": "aws",
    "cicd_provider": "github-actions",
}


def render_package_json(framework: str, state: str, routing: str) -> str:
    return npm_lockfiles.render_package_json(
        "web",
        package_json_template(framework),
        # The services a web app reads never change its dependencies (what the lockfile holds).
        {
            "web_framework": framework,
            "web_state": state,
            "web_routing": routing,
            "components": SYSTEM,
            **TOPOLOGY,
        },
    )


def regenerate(combo: tuple[str, str, str]) -> Path:
    return npm_lockfiles.resolve(render_package_json(*combo), lockfile_dir() / lockfile_name(*combo))


def main() -> int:
    for combo in COMBOS:
        print(regenerate(combo))
    return 0


if __name__ == "__main__":
    sys.exit(main())
