"""`UpOptions.no_containers` (`figlet run`): the service's dependencies, networks, volumes and
image are planned, its own containers left as they are."""

from __future__ import annotations

from planner_factory import container, observed, project, service

from figlet.plan import Plan
from figlet.planner import UpOptions, plan_up


def actions(plan: Plan) -> list[str]:
    return sorted(f"{op.action}:{op.target}" for op in plan.operations)


def test_dependencies_and_resources_but_not_the_services_containers() -> None:
    db = service("db")
    web = service("web", image=None, links=("db",), volumes=("data:/data",), build={"context": "."})
    demo = project("demo", db, web, volumes={"data": False})
    nothing = observed("demo", networks=(), images={})
    options = UpOptions(services=("web",), no_containers=("web",))
    planned = actions(plan_up(demo, nothing, options))
    assert "create_network:demo_default" in planned
    assert "create_volume:demo_data" in planned
    assert "build_image:demo-web" in planned
    assert any(item.endswith(":demo-db-1") for item in planned)
    assert not any(item.endswith(":demo-web-1") for item in planned)


def test_the_services_running_containers_are_left_alone() -> None:
    web = service("web")
    demo = project("demo", web)
    before = service("web", command=["old"])
    seen = observed("demo", container("demo", web, created_from=before))
    options = UpOptions(services=("web",), no_deps=True, no_containers=("web",))
    assert plan_up(demo, seen, options).empty
    assert not plan_up(demo, seen, UpOptions(services=("web",))).empty  # would recreate it
