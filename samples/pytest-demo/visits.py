"""Helpers of the demo: a free host port, and a visit to trio through its load balancer."""

from __future__ import annotations

import socket
import time
import urllib.error
import urllib.request

from figlet.testing.plugin import FigletStack


def free_port() -> int:
    with socket.create_server(("127.0.0.1", 0)) as probe:
        return int(probe.getsockname()[1])


def visit(stack: FigletStack, attempts: int = 60) -> tuple[str, int]:
    """One visit through the load balancer: (the replica that answered, its visit count).
    Retries while nginx or a replica is still starting (connection refused, 502, 503)."""
    url = stack.url("lb", 80)
    problem: Exception | None = None
    for _ in range(attempts):
        try:
            with urllib.request.urlopen(url, timeout=5) as answer:
                text = answer.read().decode()  # "hello from demo-...-web-2: visit 7"
            replica, _, count = text.strip().removeprefix("hello from ").rpartition(": visit ")
            return replica, int(count)
        except (urllib.error.URLError, ConnectionError) as exc:
            problem = exc
            time.sleep(0.5)
    raise AssertionError(f"{url} never answered: {problem}")
