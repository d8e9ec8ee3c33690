"""Generated requests against a running service's own OpenAPI document (schemathesis, offline, on loopback).

A service's schema is a promise: every input it allows must be an input the service handles. schemathesis
derives requests from the document (examples, boundary values, fuzzing, stateful links) and fails on any
5xx, and on any answer the document does not describe (status, content type, body, ``Allow``). Bounded
per operation so a service costs seconds; the seed is fixed, so a failure replays.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from functools import cache
from typing import Any

import jinja2

from arxscaffold.copier_runtime import template_root
from arxscaffold.smoke.harness.venvs import tool_venv

EXAMPLES = 15  # per operation and phase
TIMEOUT = 600.0  # a whole run; the IoT live feed's endless SSE stream makes some runs take minutes
SUMMARY = re.compile(r"(\d+) generated")


def _partial(path: str, name: str) -> Any:
    """A ``{% set %}`` of a template partial: the pin and the run choices each system's
    `make system-test` renders from the same files."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(template_root()))
    return getattr(env.get_template(path).module, name)


@cache
def settings() -> tuple[str, str, tuple[str, ...]]:
    """(requirement, seed, excluded checks)."""
    pins = _partial("templates/partials/python-pins.jinja", "pins")
    run = _partial("templates/partials/schemathesis.jinja", "schemathesis")
    return f"schemathesis=={pins['schemathesis']}", str(run["seed"]), tuple(run["exclude_checks"])


def check(base_url: str, headers: dict[str, str] | None = None) -> str:
    """Run schemathesis against ``base_url``; fail with its report on a server error or an answer
    its document does not describe."""
    requirement, seed, excluded = settings()
    exe = tool_venv("schemathesis", [requirement]) / "bin" / "st"
    command = [
        str(exe),
        "run",
        f"{base_url}/openapi.json",
        "--checks",
        "all",
        "--exclude-checks",
        ",".join(excluded),
        "--max-examples",
        str(EXAMPLES),
        "--seed",
        seed,
        "--no-color",
    ]
    for name, value in sorted((headers or {}).items()):
        command += ["--header", f"{name}: {value}"]
    # schemathesis keeps a crash cache in its working folder: give it a scratch one, never the checkout.
    with tempfile.TemporaryDirectory(prefix="schemathesis-") as scratch:
        done = subprocess.run(
            command, cwd=scratch, capture_output=True, text=True, timeout=TIMEOUT, check=False
        )
    report = done.stdout + done.stderr
    failed = f"schemathesis found server errors or contract violations (seed {seed})"
    assert done.returncode == 0, f"{failed}:\n{report[-6000:]}"
    found = SUMMARY.search(report)
    count = found.group(1) if found else "all"
    return f"schemathesis: {count} generated requests, no 5xx, all answers as documented"
