"""Regenerate the npm lockfiles the React Native shell ships, one per combination of npm-relevant features.

`npm ci` needs a lockfile matching package.json exactly; offline sync, push and AR each add packages, so
every combination gets its own lockfile, resolved with the exact pins of the template's package.json.
Stored under `templates/mobile/{% if false %}lockfiles{% endif %}/` (an empty name: Copier never renders
it) with the package name as `{{ name }}`. Run: `python -m arxscaffold.smoke.mobile_lockfiles`.
"""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import jinja2

from arxscaffold.render import template_root

PLACEHOLDER = "lockfile-placeholder"
PACKAGE_JSON = "{% if mobile_platform == 'react-native' %}package.json{% endif %}.jinja"
# (offline_sync, push, ar): the decisions that change package.json.
COMBOS: tuple[tuple[bool, bool, bool], ...] = tuple(
    (offline, push, ar) for offline, push, ar in itertools.product((False, True), repeat=3)
)


def lockfile_dir() -> Path:
    return template_root() / "templates" / "mobile" / "{% if false %}lockfiles{% endif %}"


def lockfile_name(offline_sync: bool, push: bool, ar: bool) -> str:
    flags = (("offline", offline_sync), ("push", push), ("ar", ar))
    return "react-native-" + "-".join(f"{label}{int(on)}" for label, on in flags) + ".json"


def render_package_json(offline_sync: bool, push: bool, ar: bool) -> str:
    env = jinja2.Environment(
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True, undefined=jinja2.StrictUndefined
    )
    source = (template_root() / "templates" / "mobile" / PACKAGE_JSON).read_text()
    return env.from_string(source).render(
        name=PLACEHOLDER, mobile_offline_sync=offline_sync, mobile_push=push, mobile_ar=ar
    )


def regenerate(combo: tuple[bool, bool, bool]) -> Path:
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
