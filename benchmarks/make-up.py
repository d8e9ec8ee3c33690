"""How fast is `make up` against its slowest component? The default system, warm (installed once first).

In one run, on a private copy of a generated system (default: the committed `reference/default/`):

1. alone: each runnable component started by itself (`make run` on its port, as `make up` starts it, with the
   brokers it needs already up), timed from start to its readiness answer; the slowest is the baseline;
2. together: `make up` of the whole system, timed from start to its "all N processes ready" line;
3. the system test: `make system-test` attached to that running system.

Both are timed with make up's own readiness probe (the system's scripts/readiness.py), polled at its
interval. $UP_PORT_OFFSET (as `make up` reads it) moves every port, e.g. beside another system running here.
Prints the medians and together / slowest alone; the target is "the whole system within 1.5x its slowest
component". It also prints the floor: the CPU seconds each component spends to get ready alone, summed and
divided by the machine's cores, is the least time `together` can take, whatever the start order. The
machine's load average is printed too: other work on it slows `together` (five processes on its cores) more
than a component alone. Run from a checkout: `python benchmarks/make-up.py [--repeat N]
[SYSTEM]`.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import tempfile
import time
from pathlib import Path
from types import ModuleType

READY = re.compile(r"all (\d+) processes ready in ([0-9.]+) s")
PASSED = re.compile(r"(\d+) passed.* in ([0-9.]+)s")


def readiness(system: Path) -> ModuleType:
    """The system's own probe (scripts/readiness.py): what `make up` waits on, at its interval."""
    spec = importlib.util.spec_from_file_location("readiness", system / "scripts" / "readiness.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def start(command: str, cwd: Path, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as sink:
        return subprocess.Popen(
            ["bash", "-c", command],
            cwd=cwd,
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    time.sleep(1)  # ports free again before the next start


def environment(system: Path, ports: dict[str, int], entry: dict) -> dict[str, str]:
    lines = (system / ".env").read_text().splitlines()  # make up's local settings, KEY=VALUE
    env = {
        **os.environ,
        **dict(line.split("=", 1) for line in lines if "=" in line and not line.startswith("#")),
    }
    env.update({k: v.format(port=ports[entry["name"]], ports=ports) for k, v in entry["env"].items()})
    return env


def cpu_seconds(group: int) -> float:
    """CPU time (user + system) spent so far by the live processes of a process group (make, its child)."""
    ticks = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # gone meanwhile
        if int(fields[2]) == group:  # pgrp; utime and stime follow at 11 and 12
            ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def alone(system: Path, listed: list[dict]) -> dict[str, tuple[float, float]]:
    """Seconds from start to ready of each component by itself (brokers started first, not timed), and the CPU
    seconds it spent to get there: what the components compete for when `make up` starts them together."""
    probe = readiness(system)
    offset = int(os.environ.get("UP_PORT_OFFSET", "0"))
    ports = {p["name"]: p["port"] + offset for p in listed}
    brokers = [p for p in listed if p["kind"] in ("broker", "database")]
    running = []
    try:
        for b in brokers:
            running.append(
                start(
                    b["command"].format(port=ports[b["name"]], ports=ports),
                    system / b["cwd"],
                    environment(system, ports, b),
                    system / ".run" / f"bench-{b['name']}.log",
                )
            )
            while not probe.answers(ports[b["name"]], "tcp"):
                time.sleep(probe.POLL_SECONDS)
        times = {}
        for p in listed:
            if p in brokers:
                continue
            began = time.perf_counter()
            process = start(
                p["command"].format(port=ports[p["name"]], ports=ports),
                system / p["cwd"],
                environment(system, ports, p),
                system / ".run" / f"bench-{p['name']}.log",
            )
            try:
                while not probe.answers(ports[p["name"]], p["ready"]):
                    if process.poll() is not None:
                        raise SystemExit(f"{p['name']} stopped; see .run/bench-{p['name']}.log")
                    time.sleep(probe.POLL_SECONDS)
                times[p["name"]] = (time.perf_counter() - began, cpu_seconds(process.pid))
            finally:
                stop(process)
        return times
    finally:
        for process in running:
            stop(process)


def together(system: Path) -> tuple[float, str]:
    """Seconds from `make up` to its all-ready line, and the system test's summary against that system."""
    log = system / ".run" / "bench-up.log"
    poll = readiness(system).POLL_SECONDS
    began = time.perf_counter()
    process = start("exec make up", system, dict(os.environ), log)
    try:
        while not READY.search(log.read_text(errors="replace")):
            if process.poll() is not None:
                raise SystemExit(f"make up stopped:\n{log.read_text()}")
            time.sleep(poll)
        took = time.perf_counter() - began
        result = subprocess.run(
            ["make", "system-test"],
            cwd=system,
            env={**os.environ, "SYSTEM_TEST_ATTACH": "1"},
            capture_output=True,
            text=True,
            check=False,
        )
        found = PASSED.search(result.stdout)
        summary = (
            f"{found.group(1)} passed in {float(found.group(2)):.1f} s"
            if found and result.returncode == 0
            else f"FAILED (exit {result.returncode})"
        )
        return took, summary
    finally:
        stop(process)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("system", nargs="?", default="reference/default", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--screenshot", type=Path, help="keep the system test's browser screenshot here (e.g. for the README)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        system = Path(scratch) / args.system.name
        shutil.copytree(args.system, system, ignore=shutil.ignore_patterns(".run", ".venv", "node_modules"))
        print(f"installing {system.name} once (make install) ...", flush=True)
        subprocess.run(["make", "install"], cwd=system, check=True, capture_output=True)
        listed = json.loads((system / "scripts" / "processes.json").read_text())["processes"]
        # The first start builds web apps and creates .env: not part of any timed run.
        together(system)
        runs_alone: list[dict[str, tuple[float, float]]] = []
        runs_together: list[float] = []
        tests: list[str] = []
        loads = [os.getloadavg()[0]]
        for _ in range(args.repeat):
            runs_alone.append(alone(system, listed))
            took, summary = together(system)
            runs_together.append(took)
            tests.append(summary)
            loads.append(os.getloadavg()[0])
        shot = system / ".run" / "system-test" / "building.png"
        if args.screenshot and shot.is_file():
            shutil.copy2(shot, args.screenshot)
    medians = {name: statistics.median(run[name][0] for run in runs_alone) for name in runs_alone[0]}
    cpu = {name: statistics.median(run[name][1] for run in runs_alone) for name in runs_alone[0]}
    cores = os.cpu_count() or 1
    floor = sum(cpu.values()) / cores
    slowest = max(medians, key=medians.__getitem__)
    up = statistics.median(runs_together)
    print(f"{system.name}: median of {args.repeat} warm runs on {os.cpu_count()} cores")
    print(f"  load average (1 min) during the runs: {min(loads):.1f} to {max(loads):.1f}")
    for name, seconds in sorted(medians.items(), key=lambda item: -item[1]):
        print(f"  {name:<14} alone  {seconds:6.2f} s to ready, {cpu[name]:.2f} s of CPU")
    print(f"  make up        all    {up:6.2f} s to all ready")
    print(f"  make up / slowest component alone ({slowest}): {up / medians[slowest]:.2f}x (target <= 1.5x)")
    # Started together, the components need their CPU seconds on this machine's cores: no start order or
    # readiness probe can get `together` below this floor.
    print(
        f"  floor: {sum(cpu.values()):.2f} s of start CPU on {cores} cores needs >= {floor:.2f} s, "
        f"{floor / medians[slowest]:.2f}x the slowest alone"
    )
    print(f"  make system-test (attached): {'; '.join(tests)}")


if __name__ == "__main__":
    main()
