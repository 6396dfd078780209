"""Preflight: conflicts that can be known before `up` changes anything.

The planner reports missing external networks and volumes (`Plan.problems`) and
the images that cannot be had; `preflight` adds host-port conflicts:
a port a running container publishes, a port a process on this machine holds (only when the
engine is local), and two containers of the plan publishing the same port. `figlet.api.up`
raises all of them at once, before the first change.

    problems = preflight(plan, project, engine)

The check itself is pure (`port_problems`); the probing is small and separate (`_probe`).
"""

from __future__ import annotations

from figlet.engine.base import Engine
from figlet.errors import Problem
from figlet.model import Project
from figlet.plan import Plan
from figlet.preflight._check import PortsInUse, addresses_to_probe, port_problems
from figlet.preflight._ports import Address, held_ports, wanted_ports

__all__ = ["Address", "PortsInUse", "port_problems", "preflight"]


def preflight(plan: Plan, project: Project, engine: Engine) -> list[Problem]:
    """Every host-port conflict the plan would meet; reads the engine only when the plan
    publishes a port, and binds local addresses only when the engine is local."""
    wanted = wanted_ports(plan, project)
    if not wanted:
        return []
    # only now: the probe needs the socket module (~2.5 ms of start-up)
    from figlet.preflight._probe import bound_locally, engine_is_local, running_containers

    containers = running_containers(engine)
    processes: frozenset[Address] = frozenset()
    if engine_is_local(engine):
        processes = bound_locally(addresses_to_probe(wanted, held_ports(containers)))
    return port_problems(plan, project, PortsInUse(containers, processes))
