"""Golden tests of the lifecycle planners (start, stop, restart, kill, pause, unpause, rm): a
small project and observed state in, `plan.to_text(operations=True)` out — which containers,
in which order (the `after` ids), with which cause.

To accept new output after a deliberate change:
    FIGLET_UPDATE_GOLDEN=1 .venv/bin/pytest tests/unit/planner/test_lifecycle_golden.py
then read the diff of tests/unit/planner/golden_lifecycle/ before committing it.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from planner_factory import container, observed, project, service

from figlet.errors import FigletError
from figlet.plan import Plan
from figlet.plan.payloads.containers import Recreate
from figlet.plan.payloads.lifecycle import Kill, Remove
from figlet.planner import (
    DownOptions,
    LifecycleOptions,
    UpOptions,
    lifecycle_planner,
    plan_down,
    plan_up,
)
from figlet.planner._lifecycle import (
    plan_kill,
    plan_pause,
    plan_restart,
    plan_rm,
    plan_start,
    plan_stop,
    plan_unpause,
)

GOLDEN = Path(__file__).parent / "golden_lifecycle"
CASES: dict[str, Callable[[], Plan]] = {}


def case(function: Callable[[], Plan]) -> Callable[[], Plan]:
    CASES[function.__name__] = function
    return function


# db <- api (x2) <- front; cache stands alone
DB = service("db")
API = service("api", depends_on=["db"], replicas=2)
FRONT = service("front", depends_on=["api"], links=["api"])
CACHE = service("cache")
STACK = project("stack", DB, API, FRONT, CACHE)


def _state(state: str = "running", **states: str):  # type: ignore[no-untyped-def]
    """Every container of STACK in `state`, a service's in `states[service]`, and a one-off."""
    return observed(
        "stack",
        container("stack", DB, state=states.get("db", state)),
        container("stack", API, 1, state=states.get("api", state)),
        container("stack", API, 2, state=states.get("api", state)),
        container("stack", FRONT, state=states.get("front", state)),
        container("stack", CACHE, state=states.get("cache", state)),
        container("stack", FRONT, number=0, oneoff=True, state=state),
    )


@case
def stop_all_dependents_first() -> Plan:
    return plan_stop("stack", STACK, _state())


@case
def stop_one_service_only_it() -> Plan:
    return plan_stop("stack", STACK, _state(), LifecycleOptions(services=("api",)))


@case
def stop_skips_stopped_and_passes_the_order_on() -> Plan:
    # api is stopped already: db still waits for front's stop
    return plan_stop("stack", STACK, _state(api="exited"))


@case
def stop_without_project_orders_by_labels() -> Plan:
    state = observed(
        "stack",
        container("stack", DB),
        container("stack", API, depends_on_label="db:service_started:false"),
    )
    return plan_stop("stack", None, state)


@case
def start_all_dependencies_first() -> Plan:
    return plan_start("stack", STACK, _state("exited", cache="created"))


@case
def start_one_service_brings_its_dependencies() -> Plan:
    return plan_start("stack", STACK, _state("exited"), LifecycleOptions(services=("api",)))


@case
def start_keeps_running_ones() -> Plan:
    return plan_start("stack", STACK, _state(front="exited", api="exited"))


@case
def start_a_service_without_containers_is_a_problem() -> Plan:
    state = observed("stack", container("stack", DB, state="exited"))
    return plan_start("stack", STACK, state, LifecycleOptions(services=("db", "front")))


@case
def start_nothing_created_is_a_problem() -> Plan:
    return plan_start("stack", STACK, observed("stack"))


@case
def restart_every_container_dependencies_first() -> Plan:
    return plan_restart("stack", STACK, _state(cache="exited"))


@case
def restart_a_link_target_updates_its_running_linkers() -> Plan:
    return plan_restart("stack", STACK, _state(), LifecycleOptions(services=("api",)))


@case
def kill_running_ones_at_once() -> Plan:
    return plan_kill("stack", STACK, _state(api="exited"), LifecycleOptions(signal="SIGTERM"))


@case
def kill_remove_orphans() -> Plan:
    state = observed("stack", container("stack", DB), container("stack", service("old")))
    return plan_kill("stack", STACK, state, LifecycleOptions(remove_orphans=True))


@case
def pause_running_and_paused() -> Plan:
    return plan_pause("stack", STACK, _state(api="paused", cache="exited"))


@case
def unpause_paused_and_running() -> Plan:
    return plan_unpause("stack", STACK, _state("paused", db="running", cache="exited"))


@case
def rm_stopped_only() -> Plan:
    return plan_rm("stack", STACK, _state(api="exited", cache="created"))


@case
def rm_stop_first_with_volumes() -> Plan:
    options = LifecycleOptions(stop=True, volumes=True)
    return plan_rm("stack", STACK, _state(cache="exited"), options)


@case
def down_one_service_keeps_the_network_others_use() -> Plan:
    return plan_down("stack", STACK, _state(), DownOptions(services=("front",)))


@case
def down_every_service_named_removes_the_network() -> Plan:
    state = observed("stack", container("stack", DB), container("stack", CACHE))
    return plan_down("stack", STACK, state, DownOptions(services=("db", "cache")))


@case
def down_service_volumes_only_those_no_one_else_mounts() -> Plan:
    data = service("data", volumes=("shared:/shared", "mine:/mine"))
    user = service("user", volumes=("shared:/shared",))
    proj = project("vol", data, user, volumes={"shared": False, "mine": False})
    state = observed(
        "vol",
        container("vol", data),
        container("vol", user, state="exited"),
        volumes=("shared", "mine"),
    )
    return plan_down("vol", proj, state, DownOptions(services=("data",), volumes=True))


@case
def up_renew_anon_volumes_recreates_every_container() -> Plan:
    return plan_up(STACK, _state(), UpOptions(renew_anon_volumes=True))


@case
def up_always_recreate_deps_recreates_what_front_needs() -> Plan:
    return plan_up(STACK, _state(), UpOptions(services=("api",), always_recreate_deps=True))


def test_renew_anon_volumes_is_on_each_recreate() -> None:
    plan = up_renew_anon_volumes_recreates_every_container()
    recreates = [op.payload for op in plan.operations if isinstance(op.payload, Recreate)]
    assert len(recreates) == 5
    assert all(payload.renew_anon_volumes for payload in recreates)


@pytest.mark.parametrize("flag", ["renew_anon_volumes", "always_recreate_deps"])
def test_forcing_flags_and_no_recreate_are_a_usage_error(flag: str) -> None:
    with pytest.raises(FigletError) as raised:
        UpOptions(no_recreate=True, **{flag: True})
    assert raised.value.exit_code == 2
    assert "--no-recreate cannot be used together" in raised.value.render()


# --- the tests ---------------------------------------------------------------------------
@pytest.mark.parametrize("name", sorted(CASES))
def test_golden(name: str) -> None:
    plan = CASES[name]()
    text = plan.to_text(operations=True) + "\n"
    path = GOLDEN / f"{name}.txt"
    if os.environ.get("FIGLET_UPDATE_GOLDEN"):
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no golden file {path.name}: run with FIGLET_UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8")


def test_every_golden_file_has_a_case() -> None:
    assert sorted(p.stem for p in GOLDEN.glob("*.txt")) == sorted(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_operations_are_in_a_valid_order(name: str) -> None:
    seen: set[str] = set()
    for op in CASES[name]().operations:
        assert op.id not in seen
        assert set(op.depends_on) <= seen, op.id
        seen.add(op.id)


def test_one_off_containers_are_never_touched() -> None:
    for command in ("start", "stop", "restart", "kill", "pause", "unpause", "rm"):
        plan = lifecycle_planner(command)("stack", STACK, _state(), LifecycleOptions(stop=True))
        assert "stack-front-0" not in {op.target for op in plan.operations}, command


def test_kill_carries_the_signal_and_rm_the_volumes_flag() -> None:
    kill = plan_kill("stack", STACK, _state(), LifecycleOptions(signal="9"))
    assert {op.payload for op in kill.operations if isinstance(op.payload, Kill)} >= {
        Kill("stack-db-1", "id-stack-db-1", "9")
    }
    rm = plan_rm("stack", STACK, _state("exited"), LifecycleOptions(volumes=True))
    assert all(isinstance(op.payload, Remove) and op.payload.volumes for op in rm.operations)


def test_an_unknown_command_has_no_planner() -> None:
    with pytest.raises(ValueError, match="not a lifecycle command"):
        lifecycle_planner("explode")
