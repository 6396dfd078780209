"""Kill at every step, on the real engine: `figlet up -d` SIGKILLed as each operation of a cold
`up` starts, and as it is done, then rerun; `down` and `scale` SIGKILLed half-way, then rerun.

The project (see `_faultlib`) has links, replicas, a dependency with a healthcheck and a named
volume that holds data before the killed run. After each rerun: exit 0, exactly the configured
containers running (numbers 1..n, nothing stray), the volume's data intact, every linker's
/etc/hosts naming its targets' current addresses, and a further `up` planning nothing.

The step is chosen by the progress events (`--progress json`), not by a delay: the kill lands
while that operation's request is in flight, whatever the machine's speed.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest
from _faultlib import (
    assert_converged,
    containers,
    figlet,
    kill,
    networks,
    planned_steps,
    run_until,
    seed_volume,
    volumes,
    write_project,
)

pytestmark = pytest.mark.engine

PROJECT_PREFIX = "kill"
# A cold `up` of the project with its volume there: network; redis create, start, wait
# (healthy); web-1, web-2 create and start; worker create and start.
COLD_STEPS = 10


@pytest.fixture(autouse=True)
def _image(debian_image: str) -> None:
    """Every test here needs figlet-local/debian (python3, redis-server)."""


@pytest.fixture
def project_dir(tmp_path: Path) -> Path:
    return write_project(tmp_path)


def started(op_id: str, moment: str = "started") -> Any:
    """At the event `moment` ("started", "done") of operation `op_id`."""
    return lambda event: event["event"] == moment and event["op_id"] == op_id


def nth_started(count: int) -> Any:
    seen: list[str] = []

    def when(event: dict[str, Any]) -> bool:
        if event["event"] == "started":
            seen.append(event["op_id"])
        return len(seen) >= count

    return when


def test_the_cold_up_has_the_steps_the_cases_cover(
    engine: Any, project_name: str, project_dir: Path
) -> None:
    seed_volume(engine, project_name, "t")
    steps = planned_steps(project_name, project_dir)
    assert len(steps) == COLD_STEPS, [op["id"] for op in steps]
    assert {op["action"] for op in steps} == {"create_network", "create", "start", "wait"}


@pytest.mark.parametrize("moment", ["started", "done"])
@pytest.mark.parametrize("step", range(COLD_STEPS))
def test_up_killed_at_each_step_then_rerun_converges(
    engine: Any, project_name: str, project_dir: Path, step: int, moment: str
) -> None:
    """Killed as step `step` starts (its request in flight, or not sent yet) or just after it
    is done (the next ones not started: e.g. a container created and never started)."""
    token = uuid.uuid4().hex
    seed_volume(engine, project_name, token)
    steps = planned_steps(project_name, project_dir)
    target = steps[step]["id"]
    stopped = run_until(
        ["-p", project_name, "up", "-d"], project_dir, started(target, moment), kill
    )
    assert stopped.injected, stopped.err
    assert stopped.code == -9, stopped.err
    rerun = figlet("-p", project_name, "up", "-d", cwd=project_dir)
    assert rerun.code == 0, rerun.err
    assert "Traceback" not in rerun.err
    assert_converged(engine, project_name, project_dir, token)


@pytest.mark.parametrize("when", ["first", "half"])
def test_down_killed_half_way_then_rerun_leaves_only_the_named_volume(
    engine: Any, project_name: str, project_dir: Path, when: str
) -> None:
    token = uuid.uuid4().hex
    seed_volume(engine, project_name, token)
    assert figlet("-p", project_name, "up", "-d", cwd=project_dir).code == 0
    removals = 5  # 4 containers and the network
    at = 1 if when == "first" else removals // 2 + 1
    stopped = run_until(["-p", project_name, "down"], project_dir, nth_started(at), kill)
    assert stopped.injected and stopped.code == -9, stopped.err
    again = figlet("-p", project_name, "down", cwd=project_dir)
    assert again.code == 0, again.err
    assert containers(engine, project_name) == {}
    assert networks(engine, project_name) == []
    assert volumes(engine, project_name) == [f"{project_name}_data"]
    # and the data is still there for the next `up`
    assert figlet("-p", project_name, "up", "-d", cwd=project_dir).code == 0
    assert_converged(engine, project_name, project_dir, token)


@pytest.mark.parametrize("when", ["create", "start"])
def test_scale_killed_half_way_then_rerun_converges(
    engine: Any, project_name: str, project_dir: Path, when: str
) -> None:
    token = uuid.uuid4().hex
    seed_volume(engine, project_name, token)
    assert figlet("-p", project_name, "up", "-d", cwd=project_dir).code == 0
    target = f"{when}:{project_name}-web-4"
    stopped = run_until(["-p", project_name, "scale", "web=4"], project_dir, started(target), kill)
    assert stopped.injected and stopped.code == -9, stopped.err
    again = figlet("-p", project_name, "scale", "web=4", cwd=project_dir)
    assert again.code == 0, again.err
    assert_converged(
        engine, project_name, project_dir, token, replicas={"redis": 1, "web": 4, "worker": 1}
    )
