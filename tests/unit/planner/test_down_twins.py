"""`down` with two networks of one name (a create race, or made by hand): each is removed by
its id, which the engine never finds ambiguous."""

from __future__ import annotations

from dataclasses import replace

from planner_factory import container, observed, project, service

from figlet.observe.state import ObservedNetwork
from figlet.plan import Action
from figlet.planner import plan_down

APP = project("twins", service("web"))


def test_two_networks_of_one_name_are_each_removed_by_id() -> None:
    state = observed("twins", container("twins", APP.services["web"]))
    twins = (
        ObservedNetwork("bbbbbbbbbbbbbbbbbbbb", "twins_default"),
        ObservedNetwork("aaaaaaaaaaaaaaaaaaaa", "twins_default"),
    )
    plan = plan_down("twins", APP, replace(state, networks=twins))
    removals = [op for op in plan.operations if op.action is Action.REMOVE_NETWORK]
    assert [(op.id, op.target, op.payload.name) for op in removals] == [
        ("remove-network:twins_default@aaaaaaaaaaaa", "twins_default", "aaaaaaaaaaaaaaaaaaaa"),
        ("remove-network:twins_default@bbbbbbbbbbbb", "twins_default", "bbbbbbbbbbbbbbbbbbbb"),
    ]
    removed_containers = {op.id for op in plan.operations if op.action is Action.REMOVE}
    assert all(set(op.depends_on) >= removed_containers for op in removals)


def test_a_network_alone_of_its_name_is_removed_by_name() -> None:
    plan = plan_down("twins", APP, observed("twins"))
    (removal,) = plan.operations
    assert (removal.id, removal.payload.name) == (
        "remove-network:twins_default",
        "twins_default",
    )
