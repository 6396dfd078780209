"""How long the executor waits for things (kept apart so that importing it stays cheap)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class RunSettings:
    """How long to wait for things; `sleep`/`clock` are injectable for unit tests."""

    stop_timeout: int | None = None  # -t/--timeout, None = the container's own
    health_timeout: float = 300.0  # seconds to wait for service_healthy / completed
    poll_interval: float = 0.5
    network_retries: int = 3  # removing a network that still has endpoints
    # `deploy --wait`: how long a service's tasks must keep running to count as converged
    swarm_stable: float = 1.0
    sleep: Callable[[float], None] = field(default=time.sleep)
    clock: Callable[[], float] = field(default=time.monotonic)
