"""Does a component answer yet? The one readiness probe of `make up` (scripts/up.py) and of its benchmark.

A process's "ready" in processes.json is "tcp" (it accepts a connection: brokers, databases) or an HTTP
path that must answer 200 (/readyz of a service, / of a web app). Standard library only: the benchmark
imports this file from outside the runner's venv, so a component alone and the whole system are timed
with the same probe at the same interval.
"""

from __future__ import annotations

import http.client
import socket

# Between two probes of a process not ready yet. A refused connection costs microseconds, so a fine
# interval costs nothing and adds at most this much to every start-to-ready time.
POLL_SECONDS = 0.02


def answers(port: int, ready: str) -> bool:
    """True once the process on loopback ``port`` passes its ``ready`` probe."""
    try:
        if ready == "tcp":
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return True
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        try:
            conn.request("GET", ready)
            return conn.getresponse().status == 200
        finally:
            conn.close()
    except OSError:
        return False
