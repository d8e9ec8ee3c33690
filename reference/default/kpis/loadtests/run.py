"""`make load`: a bounded load test on loopback.

Starts the service on a free 127.0.0.1 port as `make run` would,
waits until it is ready, runs locust headless against it for a fixed time with a fixed
number of users, stops it, and exits with locust's code (1 on any error). With ``--host URL``
it loads an already running service instead (mind whose service that is).
"""

import argparse
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).parent
PREFIX = "KPIS_"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def ready(base: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base}/readyz", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def locust(base: str, users: int, seconds: int) -> int:
    command = [
        *(sys.executable, "-m", "locust", "-f", str(HERE / "locustfile.py"), "--headless"),
        *("--host", base, "--users", str(users), "--spawn-rate", str(users)),
        *("--run-time", f"{seconds}s", "--stop-timeout", "5", "--only-summary"),
        *("--loglevel", "WARNING"),
    ]
    return subprocess.call(command)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=10, help="concurrent simulated clients")
    parser.add_argument("--seconds", type=int, default=15, help="how long the load lasts")
    parser.add_argument("--host", default="", help="load this running service instead")
    args = parser.parse_args()
    if args.host:
        return locust(args.host, args.users, args.seconds)
    # The service started here guards its writes as a deployed one does; locust (which inherits
    # this environment) sends the same token.
    os.environ.setdefault(f"{PREFIX}ADMIN_TOKEN", secrets.token_hex(16))
    with tempfile.TemporaryDirectory() as scratch:
        port = free_port()
        env = {
            **os.environ,
            f"{PREFIX}HOST": "127.0.0.1",
            f"{PREFIX}PORT": str(port),
            f"{PREFIX}LOG_LEVEL": "WARNING",
            # The generated sample, asked for explicitly: no IoT service runs here.
            f"{PREFIX}SAMPLE_DATA": "true",
            f"{PREFIX}IOT_URL": "",
        }
        log = Path(scratch) / "service.log"
        with log.open("wb") as out:
            server = subprocess.Popen(
                [sys.executable, "-m", "kpis"], env=env, stdout=out, stderr=out
            )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 120
            while not ready(base):
                if server.poll() is not None or time.monotonic() > deadline:
                    print(log.read_text()[-3000:], file=sys.stderr)
                    return 1
                time.sleep(0.1)
            return locust(base, args.users, args.seconds)
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(main())
