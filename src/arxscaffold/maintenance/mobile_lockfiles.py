"""Regenerate the npm lockfiles the React Native shell ships, one per combination of npm-relevant features.

`npm ci` needs a lockfile matching package.json exactly; offline sync, push and AR each add packages, so
every combination gets its own lockfile, resolved with the exact pins of the template's package.json.
Stored under `templates/partials/lockfiles/mobile/` with the package name as `{{ name }}`.
Run: `python -m arxscaffold.maintenance.mobile_lockfiles`.
"""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

from arxscaffold.maintenance import npm_lockfiles

PLACEHOLDER = npm_lockfiles.PLACEHOLDER  # the package name while npm resolves; `{{ name }}` when stored

PACKAGE_JSON = "react-native/package.json.jinja"  # under templates/mobile/: the React Native tree
# (offline_sync, push, ar): the decisions that change package.json.
COMBOS: tuple[tuple[bool, bool, bool], ...] = tuple(
    (offline, push, ar) for offline, push, ar in itertools.product((False, True), repeat=3)
)


def lockfile_dir() -> Path:
    return npm_lockfiles.lockfile_dir("mobile")


def lockfile_name(offline_sync: bool, push: bool, ar: bool) -> str:
    flags = (("offline", offline_sync), ("push", push), ("ar", ar))
    return "react-native-" + "-".join(f"{label}{int(on)}" for label, on in flags) + ".json"


def render_package_json(offline_sync: bool, push: bool, ar: bool) -> str:
    return npm_lockfiles.render_package_json(
        "mobile", PACKAGE_JSON, {"mobile_offline_sync": offline_sync, "mobile_push": push, "mobile_ar": ar}
    )


def regenerate(combo: tuple[bool, bool, bool]) -> Path:
    return npm_lockfiles.resolve(render_package_json(*combo), lockfile_dir() / lockfile_name(*combo))


def main() -> int:
    for combo in COMBOS:
        print(regenerate(combo))
    return 0


if __name__ == "__main__":
    sys.exit(main())
