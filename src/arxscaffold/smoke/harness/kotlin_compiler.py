"""The Kotlin compiler the smoke uses: JetBrains' own distribution from npm (`kotlin-compiler`), on the JDK.

Shared by two families: the mobile checks compile the Android app's pure-Kotlin core with it, and the
system check hands it to `make system-test` ($KOTLIN_HOME), which runs the app's Kotlin API module.
"""

from __future__ import annotations

import fcntl
import os
import subprocess
from pathlib import Path

from arxscaffold.smoke.harness.cache import CACHE_DIR

KOTLIN_COMPILER = "kotlin-compiler@2.4.20"
TOOLS_DIR = CACHE_DIR.parent / "kotlin-compiler"
NPM_CACHE = CACHE_DIR.parent / "npm"


def kotlin_home() -> Path:
    """Install the compiler once into the smoke cache (npm's own cache shared with the other checks).

    Checks run in parallel (`--jobs`): the mobile and the system check of one system may both ask at once, so
    the install is serialised by a lock file, and the second caller finds it done.
    """
    home = TOOLS_DIR / "node_modules" / "kotlin-compiler"
    TOOLS_DIR.mkdir(parents=True, exist_ok=True)
    with (TOOLS_DIR / ".install.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (home / "lib" / "kotlin-compiler.jar").is_file():
            subprocess.run(
                ["npm", "install", "--no-audit", "--no-fund", "--prefix", str(TOOLS_DIR), KOTLIN_COMPILER],
                env={**os.environ, "npm_config_cache": str(NPM_CACHE)},
                check=True,
                capture_output=True,
            )
    return home
