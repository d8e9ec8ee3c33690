"""Regenerate the npm lockfiles the web template ships, one per combination that changes dependencies.

`npm ci` needs a lockfile matching package.json exactly, so every state x routing combination gets its
own, resolved against the registry with the exact pins of the web template's package.json. Stored
under `templates/web/{% if false %}lockfiles{% endif %}/` (an empty name: Copier never
renders it) with the package name as `{{ name }}`;
`package-lock.json.jinja` includes the one that matches. Run: `python -m arxscaffold.smoke.web_lockfiles`.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

import jinja2

from arxscaffold.render import template_root

PLACEHOLDER = "lockfile-placeholder"
# Rendered for the bundled frameworks only: htmx apps are Python projects without a package.json.
PACKAGE_JSON = "{% if web_framework != 'htmx' %}package.json{% endif %}.jinja"
# (framework, state, routing) whose package.json differ; realtime and offline add no dependencies.
COMBOS: tuple[tuple[str, str, str], ...] = tuple(
    ("react", state, routing)
    for state in ("redux", "zustand", "context", "none")
    for routing in ("react-router", "custom")
)


def lockfile_dir() -> Path:
    return template_root() / "templates" / "web" / "{% if false %}lockfiles{% endif %}"


def lockfile_name(framework: str, state: str, routing: str) -> str:
    return f"{framework}-{state}-{routing}.json"


def render_package_json(framework: str, state: str, routing: str) -> str:
    env = jinja2.Environment(
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True, undefined=jinja2.StrictUndefined
    )
    source = (template_root() / "templates" / "web" / PACKAGE_JSON).read_text()
    return env.from_string(source).render(
        name=PLACEHOLDER, web_framework=framework, web_state=state, web_routing=routing
    )


def regenerate(combo: tuple[str, str, str]) -> Path:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "package.json").write_text(render_package_json(*combo))
        subprocess.run(
            ["npm", "install", "--package-lock-only", "--ignore-scripts", "--no-audit", "--no-fund"],
            cwd=folder,
            check=True,
            capture_output=True,
        )
        lock = json.loads((folder / "package-lock.json").read_text())
    text = json.dumps(lock, indent=2, ensure_ascii=False) + "\n"
    target = lockfile_dir() / lockfile_name(*combo)
    target.parent.mkdir(exist_ok=True)
    target.write_text(text.replace(f'"name": "{PLACEHOLDER}"', '"name": "{{ name }}"'))
    return target


def main() -> int:
    for combo in COMBOS:
        print(regenerate(combo))
    return 0


if __name__ == "__main__":
    sys.exit(main())
