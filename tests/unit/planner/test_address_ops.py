"""ADDRESS operations: a linker's create waits for its target's addresses, not its start."""

from __future__ import annotations

from planner_factory import container, observed, project, service

from figlet.plan import Action, Plan
from figlet.planner import UpOptions, plan_up

TRIO = project(
    "trio", service("db"), service("web", links=["db"]), service("lb", links=["web:app"])
)


def addresses(plan: Plan) -> dict[str, tuple[str, ...]]:
    return {op.id: op.depends_on for op in plan.operations if op.action is Action.ADDRESS}


def test_each_started_link_target_gets_one_address_operation_after_its_start() -> None:
    plan = plan_up(TRIO, observed("trio"))
    assert addresses(plan) == {
        "address:trio-db-1": ("start:trio-db-1",),
        "address:trio-web-1": ("start:trio-web-1",),
    }
    assert "address:trio-db-1" in plan.operation("create:trio-web-1").depends_on
    assert "start:trio-db-1" not in plan.operation("create:trio-web-1").depends_on
    assert "start:trio-db-1" in plan.operation("start:trio-web-1").depends_on  # order kept
    assert "address" not in plan.to_text()  # bookkeeping, not a change to read


def test_a_running_target_needs_no_address_operation() -> None:
    plan = plan_up(TRIO, observed("trio", container("trio", TRIO.services["db"])))
    assert addresses(plan) == {"address:trio-web-1": ("start:trio-web-1",)}
    assert "address:trio-db-1" not in plan.operation("create:trio-web-1").depends_on


def test_without_start_the_linker_waits_for_the_target_create() -> None:
    plan = plan_up(TRIO, observed("trio"), UpOptions(no_start=True))
    assert addresses(plan) == {}
    assert "create:trio-db-1" in plan.operation("create:trio-web-1").depends_on
