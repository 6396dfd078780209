"""What figlet's stack keeps that `docker stack deploy` drops, on the real swarm: a link is a
network alias that a task resolves; `restart: "no"` stops a task from being restarted."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from _spec_compare import deploy_figlet, deploy_reference, inspected, load
from conftest import docker

STACK_PREFIX = "ss"

LINKED = """
version: "3.9"
services:
  web:
    image: figlet-local/busybox:latest
    command: ["sleep", "1000"]
    init: true
    links: ["db:cache"]
  db:
    image: figlet-local/busybox:latest
    command: ["sleep", "1000"]
    init: true
"""


def _running_container(service: str, timeout: float = 180) -> str:
    """The id of a running container of a swarm service's task."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = docker(
            "ps", "-q", "--filter", f"label=com.docker.swarm.service.name={service}"
        ).split()
        if found:
            return found[0]
        time.sleep(0.5)
    tasks = docker("service", "ps", "--no-trunc", service, check=False)
    raise AssertionError(f"no task of {service} runs after {timeout}s:\n{tasks}")


def _resolved(service: str, name: str, timeout: float = 60) -> str:
    """The address `name` resolves to in a task of `service`, once it does ("" when it does
    not within `timeout`: a task may be replaced, its DNS may need a moment)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        address = _lookup(_running_container(service), name)
        if address:
            return address
        time.sleep(1)
    return ""


def _lookup(container: str, name: str) -> str:
    """The first address `name` resolves to inside `container` ("" when it does not)."""
    out = docker("exec", container, "nslookup", name, check=False)
    addresses = [
        line.split()[-1]
        for line in out.splitlines()[2:]
        if line.startswith("Address") and "#53" not in line
    ]
    return addresses[0] if addresses else ""


def test_a_link_is_an_alias_a_task_resolves(
    tmp_path: Path, new_stack_name: Callable[[], str]
) -> None:
    path = tmp_path / "compose.yaml"
    path.write_text(LINKED)
    ours, reference = new_stack_name(), new_stack_name()
    stack = deploy_figlet(load(path, ours))
    assert [w.message for w in stack.warnings if "links" in w.message] == []
    deploy_reference(path, reference)
    db_address = _resolved(f"{ours}_web", "db")
    assert db_address, "db does not resolve in web's task"
    assert _resolved(f"{ours}_web", "cache") == db_address
    assert _resolved(f"{reference}_web", "db"), "db does not resolve in stack deploy's web"
    their_web = _running_container(f"{reference}_web")
    assert _lookup(their_web, "cache") == "", "stack deploy dropped the link; cache resolves?"


def test_restart_no_is_kept(tmp_path: Path, new_stack_name: Callable[[], str]) -> None:
    path = tmp_path / "compose.yaml"
    path.write_text(
        'version: "3.9"\nservices:\n  once:\n    image: figlet-local/busybox:latest\n'
        '    command: ["true"]\n    restart: "no"\n'
    )
    ours, reference = new_stack_name(), new_stack_name()
    deploy_figlet(load(path, ours))
    deploy_reference(path, reference)
    assert inspected(f"{ours}_once")["TaskTemplate"]["RestartPolicy"]["Condition"] == "none"
    theirs = inspected(f"{reference}_once")["TaskTemplate"].get("RestartPolicy") or {}
    assert theirs.get("Condition", "any") == "any"  # stack deploy drops "no": restarts forever
