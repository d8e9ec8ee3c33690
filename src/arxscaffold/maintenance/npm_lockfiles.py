"""Shared by the web and mobile lockfile generators: render a template's package.json for one
combination of decisions, resolve it with npm, and store the lockfile with the name templated back in.

`npm ci` needs a lockfile that matches package.json exactly, so each combination of decisions that
changes dependencies gets its own, stored in `templates/partials/lockfiles/<tree>/` (partials are never
rendered as files; the template includes the one that matches).
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import jinja2

from arxscaffold.render import template_root

PLACEHOLDER = "lockfile-placeholder"


def lockfile_dir(tree: str) -> Path:
    return template_root() / "templates" / "partials" / "lockfiles" / tree


def render_package_json(tree: str, package_json: str, answers: dict[str, Any]) -> str:
    # Rooted where Copier roots its loader, so shared partials (`{% from "templates/..." %}`) resolve.
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(template_root()),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    source = (template_root() / "templates" / tree / package_json).read_text()
    return env.from_string(source).render(name=PLACEHOLDER, **answers)


def resolve(package_json: str, target: Path) -> Path:
    """Write the lockfile npm resolves for ``package_json`` to ``target`` (name as `{{ name }}`)."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "package.json").write_text(package_json)
        subprocess.run(
            ["npm", "install", "--package-lock-only", "--ignore-scripts", "--no-audit", "--no-fund"],
            cwd=folder,
            check=True,
            capture_output=True,
        )
        lock = json.loads((folder / "package-lock.json").read_text())
    text = json.dumps(lock, indent=2, ensure_ascii=False) + "\n"
    target.parent.mkdir(exist_ok=True)
    target.write_text(text.replace(f'"name": "{PLACEHOLDER}"', '"name": "{{ name }}"'))
    return target
