"""Applying a plan (to a simulated engine) then planning again must find nothing to do."""

from __future__ import annotations

import dataclasses

import pytest
from planner_factory import IMAGE, container, observed, project, service

from figlet import labels
from figlet.model import Dependency, Project
from figlet.observe.state import Observed, ObservedContainer, ObservedNetwork, ObservedVolume
from figlet.plan import Action, Plan
from figlet.plan.payloads.containers import CreateContainer, Recreate, StartContainer
from figlet.plan.payloads.lifecycle import Remove, Stop
from figlet.plan.payloads.resources import CreateNetwork, CreateVolume, RemoveNetwork, RemoveVolume
from figlet.planner import DownOptions, UpOptions, plan_down, plan_up


def apply(plan: Plan, state: Observed) -> Observed:
    """What the engine would hold after an executor ran `plan` without errors."""
    containers = {c.id: c for c in state.containers}
    networks = list(state.networks)
    volumes = list(state.volumes)
    for op in plan.operations:
        match op.payload:
            case CreateNetwork(name=name):
                networks.append(ObservedNetwork(f"net-{name}", name))
            case CreateVolume(name=name):
                volumes.append(ObservedVolume(name))
            case CreateContainer() | Recreate() as p:
                started = isinstance(p, Recreate) and p.start
                if isinstance(p, Recreate):
                    del containers[p.old_id]
                containers[f"new-{p.name}"] = ObservedContainer(
                    id=f"new-{p.name}",
                    name=p.name,
                    service=p.service,
                    number=p.number,
                    state="running" if started else "created",
                    config_hash=p.config_hash,
                    image=IMAGE,
                    image_id=state.images.get(IMAGE, ""),
                    labels={labels.CONFIG: p.config_label},
                )
            case StartContainer(name=name) | Stop(name=name):
                (found,) = [c for c in containers.values() if c.name == name]
                new_state = "running" if op.action is Action.START else "exited"
                containers[found.id] = dataclasses.replace(found, state=new_state)
            case Remove(id=container_id):
                del containers[container_id]
            case RemoveNetwork(name=name):
                networks = [n for n in networks if n.name != name]
            case RemoveVolume(name=name):
                volumes = [v for v in volumes if v.name != name]
    return dataclasses.replace(
        state,
        containers=tuple(containers.values()),
        networks=tuple(networks),
        volumes=tuple(volumes),
    )


DB_OLD = service("db", environment={"V": "1"})
DB = service("db", environment={"V": "2"}, healthcheck={"test": ["CMD", "true"]})
WEB = service("web", depends_on=[Dependency("db", "service_healthy")], links=["db"], replicas=2)
SIDE = service("side", network_mode="service:web")
APP = project("conv", DB, WEB, SIDE, service("data", volumes=["vol:/v"]), volumes={"vol": False})


def _some_state() -> Observed:
    return observed(
        "conv",
        container("conv", DB, created_from=DB_OLD),
        container("conv", WEB, 1),
        container("conv", WEB, 3, state="exited"),
        container("conv", SIDE, state="exited"),
        container("conv", service("gone")),
    )


SCENARIOS: dict[str, tuple[Project, Observed, UpOptions]] = {
    "fresh": (APP, observed("conv", networks=()), UpOptions()),
    "partial": (APP, _some_state(), UpOptions()),
    "scale": (APP, _some_state(), UpOptions(scale={"web": 4, "db": 0})),
    "orphans": (APP, _some_state(), UpOptions(remove_orphans=True)),
    "no-start": (APP, observed("conv"), UpOptions(no_start=True)),
    "selection": (APP, _some_state(), UpOptions(services=("side",))),
    "no-deps": (APP, _some_state(), UpOptions(services=("web",), no_deps=True)),
}


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_second_up_has_nothing_to_do(name: str) -> None:
    proj, state, options = SCENARIOS[name]
    first = plan_up(proj, state, options)
    assert not first.empty
    second = plan_up(proj, apply(first, state), options)
    assert second.operations == (), second.to_text(operations=True)


@pytest.mark.parametrize("options", [DownOptions(), DownOptions(remove_orphans=True, volumes=True)])
def test_down_after_up_leaves_nothing_but_kept_orphans(options: DownOptions) -> None:
    state = apply(plan_up(APP, _some_state()), _some_state())
    after = apply(plan_down("conv", APP, state, options), state)
    left = sorted(c.name for c in after.containers)
    assert left == ([] if options.remove_orphans else ["conv-gone-1"])
    assert after.networks == ()
    assert [v.name for v in after.volumes] == ([] if options.volumes else ["conv_vol"])
    assert plan_down("conv", APP, after, options).operations == ()
