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

from arxscaffold.smoke.harness.venvs import tool_venv

SCHEMATHESIS = "schemathesis==4.32.0"
EXAMPLES = 15  # per operation and phase
SEED = "20261203"
TIMEOUT = 600.0  # a whole run; the IoT live feed's endless SSE stream makes some runs take minutes
# Every check but one: a schema cannot state the cross-field and referential rules a service rightly
# enforces with a 422 (a device's building must exist; a scenario's couplings must name its zones), so
# a schema-valid request may be refused. Negative data (schema-violating requests accepted) stays checked.
EXCLUDED_CHECKS = ("positive_data_acceptance",)
SUMMARY = re.compile(r"(\d+) generated")


def check(base_url: str, headers: dict[str, str] | None = None) -> str:
    """Run schemathesis against ``base_url``; fail with its report on a server error or an answer
    its document does not describe."""
    exe = tool_venv("schemathesis", [SCHEMATHESIS]) / "bin" / "st"
    command = [
        str(exe),
        "run",
        f"{base_url}/openapi.json",
        "--checks",
        "all",
        "--exclude-checks",
        ",".join(EXCLUDED_CHECKS),
        "--max-examples",
        str(EXAMPLES),
        "--seed",
        SEED,
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
    failed = f"schemathesis found server errors or contract violations (seed {SEED})"
    assert done.returncode == 0, f"{failed}:\n{report[-6000:]}"
    found = SUMMARY.search(report)
    count = found.group(1) if found else "all"
    return f"schemathesis: {count} generated requests, no 5xx, all answers as documented"
