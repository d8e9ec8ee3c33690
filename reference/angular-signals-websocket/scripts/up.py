"""Run the whole system on this machine: every runnable component on loopback, wired together.

`make up` calls this after installing what is missing. The process list (folders, commands, ports, readiness)
is generated into scripts/processes.json from decisions.yml; honcho starts and supervises the processes, this
script adds what honcho does not do: a log file per component under .run/logs/, waiting until every component
answers, printing where each one listens, and naming the component (with its last log lines) when one dies.

Stop with Ctrl-C or SIGTERM: every process gets SIGTERM, and SIGKILL after honcho's grace period.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import threading
import time
from datetime import datetime
from pathlib import Path

from honcho.environ import parse as parse_env_file
from honcho.manager import Manager
from honcho.printer import Message, Printer
from readiness import POLL_SECONDS, answers

ROOT = Path(__file__).resolve().parent.parent
LOGS = ROOT / ".run" / "logs"
TAIL_LINES = 25


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--port-offset",
        type=int,
        default=int(os.environ.get("UP_PORT_OFFSET", "0")),
        help="added to every port (run two systems side by side); default $UP_PORT_OFFSET or 0",
    )
    parser.add_argument(
        "--ready-timeout",
        type=float,
        default=float(os.environ.get("UP_READY_TIMEOUT", "300")),
        help="seconds to wait for every component to answer (first runs build web apps)",
    )
    args = parser.parse_args(argv)

    processes = json.loads((ROOT / "scripts" / "processes.json").read_text())["processes"]
    ports = {p["name"]: p["port"] + args.port_offset for p in processes}
    env = dict(os.environ)
    env.update(local_settings())
    LOGS.mkdir(parents=True, exist_ok=True)

    printer = TeePrinter(sys.stdout)
    manager = Manager(printer=printer)
    for p in processes:
        own = {"port": ports[p["name"]], "ports": ports}
        proc_env = dict(env)
        proc_env.update({key: value.format(**own) for key, value in p["env"].items()})
        (LOGS / f"{p['name']}.log").write_text("")
        manager.add_process(p["name"], p["command"].format(**own), env=proc_env, cwd=str(ROOT / p["cwd"]))

    watcher = ReadinessWatcher(processes, ports, args.ready_timeout, printer)
    threading.Thread(target=watcher.run, daemon=True).start()
    manager.loop()

    failed = watcher.failure or printer.first_unexpected_stop
    if failed:
        what = "never became ready" if watcher.failure else "stopped unexpectedly"
        print(f"\nmake up: {failed} {what}; last lines of .run/logs/{failed}.log:", file=sys.stderr)
        for line in tail(LOGS / f"{failed}.log"):
            print(f"  {line}", file=sys.stderr)
        return 1
    return 0


def local_settings() -> dict[str, str]:
    """Settings for local use from .env, created from the committed .env.example on the first run."""
    env_file, example = ROOT / ".env", ROOT / ".env.example"
    if not env_file.exists() and example.exists():
        env_file.write_text(example.read_text())
        print("make up: created .env from .env.example (local credentials; never commit .env)")
    return dict(parse_env_file(env_file.read_text())) if env_file.exists() else {}


class TeePrinter(Printer):  # type: ignore[misc]
    """honcho's coloured console output, plus each component's own lines in .run/logs/<name>.log."""

    def __init__(self, output: object) -> None:
        super().__init__(output)
        self.user_stop = False
        self.first_unexpected_stop: str | None = None
        # Re-entrant: honcho prints "SIGTERM received" from its signal handler, which runs in the main thread,
        # possibly while that thread is inside write(); a plain Lock would deadlock and ignore the signal.
        self._lock = threading.RLock()

    def write(self, message: Message) -> None:
        with self._lock:
            super().write(message)
            if message.name == "system":
                self._follow(str(message.data))
            elif message.type == "line":
                with (LOGS / f"{message.name}.log").open("ab") as log:
                    data = message.data
                    log.write(data if isinstance(data, bytes) else str(data).encode())

    def say(self, text: str) -> None:
        """A line from make up itself, between honcho's own."""
        self.write(Message(type="line", data=f"{text}\n", time=datetime.now(), name="system", colour=None))

    def _follow(self, text: str) -> None:
        # honcho reports signals and exits only as system lines ("SIGTERM received", "NAME stopped (rc=N)");
        # the first exit that no signal asked for is the component that brought the system down.
        if text.endswith(" received\n"):
            self.user_stop = True
        elif " stopped (rc=" in text and not self.user_stop and self.first_unexpected_stop is None:
            self.first_unexpected_stop = text.split(" stopped (rc=")[0]


class ReadinessWatcher:
    """Polls every process until it answers, then prints where each listens; stops the system on a timeout."""

    def __init__(self, processes: list[dict], ports: dict[str, int], timeout: float, printer: TeePrinter) -> None:
        self.processes, self.ports, self.timeout, self.printer = processes, ports, timeout, printer
        self.failure: str | None = None

    def run(self) -> None:
        started = time.monotonic()
        waiting = list(self.processes)
        while waiting:
            if self.printer.user_stop or self.printer.first_unexpected_stop:
                return
            waiting = [p for p in waiting if not answers(self.ports[p["name"]], p["ready"])]
            if waiting and time.monotonic() - started > self.timeout:
                self.failure = waiting[0]["name"]
                self.printer.say(f"{self.failure} not ready after {self.timeout:.0f} s; stopping")
                os.kill(os.getpid(), signal.SIGTERM)
                return
            time.sleep(POLL_SECONDS)
        self.printer.say(f"all {len(self.processes)} processes ready in {time.monotonic() - started:.1f} s:")
        for p in self.processes:
            scheme = "http" if p["ready"] != "tcp" else "tcp"
            self.printer.say(f"  {p['name']:<14} {scheme}://127.0.0.1:{self.ports[p['name']]}/")


def tail(path: Path, lines: int = TAIL_LINES) -> list[str]:
    if not path.exists():
        return ["(no log written)"]
    return path.read_text(errors="replace").splitlines()[-lines:]


if __name__ == "__main__":
    sys.exit(main())
