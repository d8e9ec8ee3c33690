"""Regenerate the npm lockfiles the web template ships, one per combination that changes dependencies.

`npm ci` needs a lockfile matching package.json exactly, so every state x routing combination gets its
own, resolved against the registry with the exact pins of the web template's package.json. Stored
under `templates/web/{% if false %}lockfiles{% endif %}/` (an empty name: Copier never
renders it) with the package name as `{{ name }}`;
`package-lock.json.jinja` includes the one that matches. Run: `python -m arxscaffold.smoke.web_lockfiles`.
"""

from __future__ import annotations

import sys
from pathlib import Path

from arxscaffold.smoke import npm_lockfiles

PLACEHOLDER = npm_lockfiles.PLACEHOLDER  # the package name while npm resolves; `{{ name }}` when stored

# Rendered for the bundled frameworks only: htmx apps are Python projects without a package.json.
PACKAGE_JSON = "{% if web_framework != 'htmx' %}package.json{% endif %}.jinja"
# (framework, state, routing) whose package.json differ; realtime and offline add no dependencies.
COMBOS: tuple[tuple[str, str, str], ...] = tuple(
    ("react", state, routing)
    for state in ("redux", "zustand", "context", "none")
    for routing in ("react-router", "custom")
)


def lockfile_dir() -> Path:
    return npm_lockfiles.lockfile_dir("web")


def lockfile_name(framework: str, state: str, routing: str) -> str:
    return f"{framework}-{state}-{routing}.json"


def render_package_json(framework: str, state: str, routing: str) -> str:
    return npm_lockfiles.render_package_json(
        "web", PACKAGE_JSON, {"web_framework": framework, "web_state": state, "web_routing": routing}
    )


def regenerate(combo: tuple[str, str, str]) -> Path:
    return npm_lockfiles.resolve(render_package_json(*combo), lockfile_dir() / lockfile_name(*combo))


def main() -> int:
    for combo in COMBOS:
        print(regenerate(combo))
    return 0


if __name__ == "__main__":
    sys.exit(main())
