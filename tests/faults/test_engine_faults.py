"""Engine faults without touching the shared engine: figlet talks to it through `EngineProxy`
(DOCKER_HOST=unix://<proxy socket>), which stops answering, restarts or slows down on cue.

- stopped in the middle of `up` (at a start in flight, at the health wait, at the creates of
  the replicas): figlet exits != 0 with a plain message saying it cannot reach the engine, no
  traceback; once the engine is back, `up` converges;
- restarted in the middle of `down`: a rerun of `down` completes;
- answering slowly (200 ms per request): `up` completes and converges.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from _faultlib import (
    assert_converged,
    containers,
    figlet,
    networks,
    run_until,
    seed_volume,
    volumes,
    write_project,
)
from engine_proxy import EngineProxy

pytestmark = pytest.mark.engine

PROJECT_PREFIX = "kill"
UNREACHABLE = "cannot reach the Docker engine at unix://"


@pytest.fixture(autouse=True)
def _image(debian_image: str) -> None:
    """Every test here needs figlet-local/debian (python3, redis-server)."""


@pytest.fixture
def project_dir(tmp_path: Path) -> Path:
    return write_project(tmp_path)


@pytest.fixture
def proxy() -> Iterator[EngineProxy]:
    with EngineProxy() as running:
        yield running


def at_start(op_id: str) -> Any:
    return lambda event: event["event"] == "started" and event["op_id"] == op_id


def messages(err: str) -> list[str]:
    """figlet's error output without the progress events."""
    return [line for line in err.splitlines() if line and not line.startswith('{"event"')]


@pytest.mark.parametrize("step", ["start:{p}-redis-1", "wait:redis", "create:{p}-web-1"])
def test_engine_stopped_in_the_middle_of_up_then_back(
    engine: Any, project_name: str, project_dir: Path, proxy: EngineProxy, step: str
) -> None:
    token = uuid.uuid4().hex
    seed_volume(engine, project_name, token)
    via_proxy = {"DOCKER_HOST": proxy.url}
    stopped = run_until(
        ["-p", project_name, "up", "-d"],
        project_dir,
        at_start(step.format(p=project_name)),
        lambda process: proxy.stop(),
        env=via_proxy,
    )
    assert stopped.injected and proxy.dropped > 0
    assert stopped.code == 1, stopped.err
    said = messages(stopped.err)
    assert said and "Traceback" not in stopped.err, stopped.err
    assert said[0].count(UNREACHABLE) == 1, said
    assert "Errno" not in stopped.err, said
    again = figlet("-p", project_name, "up", "-d", cwd=project_dir, env=via_proxy)
    assert again.code == 1 and UNREACHABLE in again.err and "connection refused" in again.err
    proxy.resume()
    again = figlet("-p", project_name, "up", "-d", cwd=project_dir, env=via_proxy)
    assert again.code == 0, again.err
    assert_converged(engine, project_name, project_dir, token)


def test_engine_restarted_in_the_middle_of_down_then_down_completes(
    engine: Any, project_name: str, project_dir: Path, proxy: EngineProxy
) -> None:
    token = uuid.uuid4().hex
    seed_volume(engine, project_name, token)
    assert figlet("-p", project_name, "up", "-d", cwd=project_dir).code == 0
    via_proxy = {"DOCKER_HOST": proxy.url}
    stopped = run_until(
        ["-p", project_name, "down"],
        project_dir,
        lambda event: event["event"] == "started",
        lambda process: proxy.restart(1.0),
        env=via_proxy,
    )
    assert stopped.injected and proxy.outages == 1
    assert "Traceback" not in stopped.err, stopped.err
    if stopped.code != 0:  # a fault while nothing was in flight may pass unseen
        assert UNREACHABLE in stopped.err, stopped.err
    deadline = time.monotonic() + 10
    while not proxy.listening:
        assert time.monotonic() < deadline, "the proxy did not come back"
        time.sleep(0.05)
    again = figlet("-p", project_name, "down", cwd=project_dir, env=via_proxy)
    assert again.code == 0, again.err
    assert containers(engine, project_name) == {}
    assert networks(engine, project_name) == []
    assert volumes(engine, project_name) == [f"{project_name}_data"]


def test_a_slow_engine_still_gets_the_project_up(
    engine: Any, project_name: str, project_dir: Path, proxy: EngineProxy
) -> None:
    token = uuid.uuid4().hex
    seed_volume(engine, project_name, token)
    proxy.delay(0.2)
    began = time.monotonic()
    done = figlet("-p", project_name, "up", "-d", cwd=project_dir, env={"DOCKER_HOST": proxy.url})
    took = time.monotonic() - began
    assert done.code == 0, done.err
    requests = proxy.chunks
    assert requests >= 10 and took >= 10 * 0.2  # every request was held back
    assert_converged(engine, project_name, project_dir, token)
