"""The plan contract: one payload type per action, ids in one place, payloads as JSON."""

from __future__ import annotations

from payload_classes import payload_classes

from figlet.plan import SWARM_ACTIONS, Action, Operation, ids, payload_json
from figlet.plan.payloads.containers import Recreate, Wait


def test_every_action_has_exactly_one_payload_type() -> None:
    kinds = payload_classes()
    assert sorted(kind.action for kind in kinds) == sorted(Action)
    assert len({kind.action for kind in kinds}) == len(kinds)


def test_the_swarm_actions_are_those_of_the_swarm_payloads() -> None:
    swarm_ones = [k for k in payload_classes() if k.__module__ == "figlet.plan.payloads.swarm"]
    assert {kind.action for kind in swarm_ones} == SWARM_ACTIONS


def test_the_action_of_an_operation_is_its_payloads() -> None:
    op = Operation(ids.wait("db"), "db", "until healthy", Wait("db", "service_healthy", ("a",)))
    assert op.action is Action.WAIT


def test_ids_keep_the_documented_spelling() -> None:
    """`figlet plan --format json` readers match on these."""
    assert [
        ids.pull("r:1"),
        ids.build("p-app"),
        ids.network("p_default"),
        ids.volume("p_data"),
        ids.create("p-web-1"),
        ids.start("p-web-1"),
        ids.recreate("p-web-1"),
        ids.wait("db"),
        ids.wait("db", "service_completed_successfully"),
        ids.hosts("p-web-1"),
        ids.address("p-db-1"),
        ids.stop("p-web-1"),
        ids.restart("p-web-1"),
        ids.kill("p-web-1"),
        ids.pause("p-web-1"),
        ids.unpause("p-web-1"),
        ids.remove("p-web-1"),
        ids.remove_network("p_default"),
        ids.remove_volume("p_data"),
        ids.remove_image("p-app"),
    ] == [
        "pull:r:1",
        "build:p-app",
        "network:p_default",
        "volume:p_data",
        "create:p-web-1",
        "start:p-web-1",
        "recreate:p-web-1",
        "wait:db",
        "wait:db:service_completed_successfully",
        "hosts:p-web-1",
        "address:p-db-1",
        "stop:p-web-1",
        "restart:p-web-1",
        "kill:p-web-1",
        "pause:p-web-1",
        "unpause:p-web-1",
        "remove:p-web-1",
        "remove-network:p_default",
        "remove-volume:p_data",
        "remove-image:p-app",
    ]


def test_payload_json_has_the_fields_and_lists_for_tuples() -> None:
    assert payload_json(Wait("db", "service_healthy", ("p-db-1",))) == {
        "service": "db",
        "condition": "service_healthy",
        "containers": ["p-db-1"],
    }
    assert payload_json(Recreate("web", 1, "p-web-1", "h", "", "old")) == {
        "service": "web",
        "number": 1,
        "name": "p-web-1",
        "config_hash": "h",
        "config_label": "",
        "old_id": "old",
        "start": True,
        "unless_image": "",
        "start_if_kept": False,
        "renew_anon_volumes": False,
    }
