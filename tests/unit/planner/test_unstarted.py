"""A never-started container is recreated, not started, when its create had steps after the
engine's create (more networks, copied files) that an interrupted `up` may have cut short."""

from __future__ import annotations

from dataclasses import replace

from planner_factory import container, observed, project, service

from figlet.plan import Plan
from figlet.planner import UpOptions, plan_up


def actions(plan: Plan) -> list[str]:
    return [f"{op.action}:{op.target}" for op in plan.operations]


def test_an_unstarted_container_on_two_networks_is_recreated() -> None:
    web = service("web", networks=("default", "back"))
    demo = project("demo", web, networks={"back": False})
    seen = observed("demo", container("demo", web, state="created"), networks=("default", "back"))
    plan = plan_up(demo, seen)
    assert actions(plan) == ["recreate:demo-web-1"]
    assert "never started" in plan.operations[0].cause
    # --no-start wants it created: nothing to do; --no-recreate starts it as it is
    assert plan_up(demo, seen, UpOptions(no_start=True)).empty
    assert actions(plan_up(demo, seen, UpOptions(no_recreate=True))) == ["start:demo-web-1"]


def test_an_unstarted_container_with_a_content_config_is_recreated() -> None:
    app = service("app", configs=[{"source": "motd", "target": "/etc/motd"}])
    demo = project("demo", app)
    demo = replace(demo, spec={"configs": {"motd": {"content": "hi\n"}}})
    seen = observed("demo", container("demo", app, state="created"))
    assert actions(plan_up(demo, seen)) == ["recreate:demo-app-1"]


def test_a_plain_unstarted_container_is_just_started() -> None:
    web = service("web")
    demo = project("demo", web)
    seen = observed("demo", container("demo", web, state="created"))
    assert actions(plan_up(demo, seen)) == ["start:demo-web-1"]
