"""A network the engine leaked (moby/moby#43286: "has active endpoints" though no container is
attached, which only an engine restart clears) on the FakeEngine: `down` removes everything
else and names the leak once; a later `up` uses the network as it is."""

from __future__ import annotations

from pathlib import Path

import pytest

from figlet import api
from figlet.engine.fake import FakeEngine
from figlet.errors import FigletError
from figlet.events import NullSink
from figlet.executor import execute
from figlet.model import Project
from figlet.observe import observe
from figlet.options import RunSettings
from figlet.plan import Action
from figlet.planner import DownOptions, plan_down

COMPOSE = """\
services:
  db:
    image: figlet-local/busybox:latest
    volumes: [data:/data]
    networks: [back]
  web:
    image: figlet-local/busybox:latest
    networks: [default, back]
    deploy: {replicas: 2}
volumes:
  data: {}
networks:
  back: {}
"""
LEAK = (403, "error while removing network: network leak_default id n1 has active endpoints")


def _project(tmp_path: Path) -> Project:
    (tmp_path / "compose.yaml").write_text(COMPOSE)
    return api.load(project_name="leak", working_dir=str(tmp_path), environ={})


def _leaked(tmp_path: Path) -> tuple[Project, FakeEngine]:
    """The project up, then `leak_default` refusing removal as a leaked network does."""
    project = _project(tmp_path)
    engine = FakeEngine()
    api.up(project, engine, pull="never")
    engine.fail[("remove_network", "leak_default")] = LEAK
    return project, engine


def _down(project: Project, engine: FakeEngine) -> None:
    """`api.down(..., DownOptions(volumes=True))`, without sleeping between the network's
    removal attempts."""
    plan = plan_down(project.name, project, observe(engine, project), DownOptions(volumes=True))
    outcome = execute(plan, project, engine, NullSink(), settings=RunSettings(sleep=lambda _: None))
    if not outcome.ok:
        raise outcome.error()


def test_down_removes_everything_else_and_names_the_leak_once(tmp_path: Path) -> None:
    project, engine = _leaked(tmp_path)
    with pytest.raises(FigletError) as failure:
        _down(project, engine)
    assert engine.containers == {}
    assert set(engine.networks) == {"leak_default"}  # `back` is gone
    assert engine.volumes == {}
    assert len(engine.called("remove_container")) == 3
    assert engine.called("remove_network").count("leak_default") == 3  # tried, then explained
    message = failure.value.render()
    assert len(failure.value.problems) == 1 and failure.value.exit_code == 1
    assert "network leak_default cannot be removed" in message
    assert "moby/moby#43286" in message and "Traceback" not in message


def test_up_uses_a_leaked_network_as_it_is(tmp_path: Path) -> None:
    project, engine = _leaked(tmp_path)
    with pytest.raises(FigletError):
        _down(project, engine)
    created = len(engine.called("create_network"))
    result = api.up(project, engine, pull="never")
    actions = {op.id: op.action for op in result.plan.operations}
    assert "network:leak_default" not in actions  # it exists: nothing to create
    assert actions["network:leak_back"] is Action.CREATE_NETWORK
    assert engine.called("create_network")[created:] == ["leak_back"]
    web = engine.container_named("leak-web-1")
    assert web is not None and web.state == "running"
    assert set(web.networks) == {"leak_default", "leak_back"}
    assert api.plan(project, engine, pull="never").empty


def test_a_second_down_reports_the_same_leak_and_nothing_else(tmp_path: Path) -> None:
    project, engine = _leaked(tmp_path)
    with pytest.raises(FigletError):
        _down(project, engine)
    with pytest.raises(FigletError) as again:
        _down(project, engine)
    assert len(again.value.problems) == 1
    assert "network leak_default cannot be removed" in again.value.render()
