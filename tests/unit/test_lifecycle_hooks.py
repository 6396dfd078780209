"""post_start / pre_stop hooks as plan operations (RunHook): planned after a start and before
a stop, run by the executor through the engine's exec, on an in-memory engine that can exec."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pytest

from figlet import api
from figlet.engine.fake import FakeEngine
from figlet.errors import FigletError
from figlet.events import Message, RecordingSink
from figlet.model import Dependency, Network, Project, Service, ServiceNetwork
from figlet.plan import Action
from figlet.plan.payloads.hooks import RunHook
from figlet.planner import DownOptions, UpOptions

IMAGE = "figlet-local/busybox:latest"
TOUCH = {"command": ["touch", "/started"], "user": "root", "environment": {"A": "1"}}
CLEAN = {"command": ["rm", "/started"], "working_dir": "/tmp"}


class ExecEngine(FakeEngine):
    """The in-memory engine, with `docker exec`: records each command; `codes` fail some."""

    def __init__(self) -> None:
        super().__init__(images=(IMAGE,))
        self.commands: list[tuple[str, tuple[str, ...], str, dict[str, str], str | None]] = []
        self.codes: dict[tuple[str, ...], int] = {}

    def run_command(
        self,
        container_id: str,
        command: Sequence[str],
        *,
        user: str = "",
        environment: Mapping[str, str] | None = None,
        workdir: str | None = None,
    ) -> tuple[bytes, int | None]:
        name = self._container(container_id).name
        self._act("run_command", name)
        self.commands.append((name, tuple(command), user, dict(environment or {}), workdir))
        code = self.codes.get(tuple(command), 0)
        return (b"" if code == 0 else b"touch: /started: Read-only file system\n"), code


def service(name: str, depends_on: tuple[str, ...] = (), **spec: Any) -> Service:
    return Service(
        name=name,
        spec={"image": IMAGE, "networks": {"default": None}, **spec},
        image=IMAGE,
        networks=(ServiceNetwork(network="default"),),
        depends_on=tuple(Dependency(dep) for dep in depends_on),
    )


def project(*services: Service) -> Project:
    return Project(
        name="hk",
        working_dir="/tmp/hk",
        config_files=("/tmp/hk/compose.yaml",),
        services={s.name: s for s in services},
        networks={"default": Network(key="default", name="hk_default", spec={})},
        volumes={},
        spec={},
    )


HOOKED = project(
    service("db", post_start=[TOUCH], pre_stop=[CLEAN]),
    service("web", depends_on=("db",)),
)


def test_post_start_runs_after_the_start_and_before_the_dependents() -> None:
    engine = ExecEngine()
    plan = api.plan(HOOKED, engine)
    hook = plan.operation("post-start:hk-db-1")
    assert hook.depends_on == ("start:hk-db-1",)
    assert isinstance(hook.payload, RunHook) and hook.payload.must_succeed
    assert "post-start:hk-db-1" in plan.operation("start:hk-web-1").depends_on
    api.up(HOOKED, engine)
    assert engine.commands == [("hk-db-1", ("touch", "/started"), "root", {"A": "1"}, None)]
    order = [method for method, _ in engine.calls]
    assert order.index("run_command") > order.index("start_container")


def test_no_hook_without_a_start() -> None:
    plan = api.plan(HOOKED, ExecEngine(), UpOptions(no_start=True))
    assert not [op for op in plan.operations if op.action is Action.RUN_HOOK]


def test_a_failing_post_start_fails_up_with_its_output() -> None:
    engine = ExecEngine()
    engine.codes[("touch", "/started")] = 1
    with pytest.raises(FigletError) as failure:
        api.up(HOOKED, engine)
    message = failure.value.render()
    assert "post_start hook `touch /started` in hk-db-1 failed (exit code 1)" in message
    assert "Read-only file system" in message
    assert failure.value.exit_code == 1


def test_pre_stop_runs_before_the_stop_and_a_failure_only_warns() -> None:
    engine = ExecEngine()
    api.up(HOOKED, engine)
    engine.codes[("rm", "/started")] = 1
    db = next(c for c in engine.containers.values() if c.name == "hk-db-1")
    sink = RecordingSink()
    api.down("hk", HOOKED, engine, DownOptions(), events=sink)
    assert engine.commands[-1][:2] == ("hk-db-1", ("rm", "/started"))
    assert engine.commands[-1][4] == "/tmp"
    calls = engine.calls
    hook_at = len(calls) - 1 - calls[::-1].index(("run_command", "hk-db-1"))
    stops = [i for i, call in enumerate(calls) if call[0] == "stop_container" and db.id in call]
    assert stops and stops[0] > hook_at
    warnings = [e.text for e in sink.events if isinstance(e, Message) and e.level == "warning"]
    assert any("pre_stop hook `rm /started`" in text for text in warnings)
    assert engine.containers == {}


def test_down_of_a_stopped_container_runs_no_pre_stop() -> None:
    engine = ExecEngine()
    api.up(HOOKED, engine, UpOptions(no_start=True))
    api.down("hk", HOOKED, engine)
    assert engine.commands == []


def test_an_engine_without_exec_cannot_run_hooks() -> None:
    with pytest.raises(FigletError, match="cannot run post_start hooks"):
        api.up(HOOKED, FakeEngine(images=(IMAGE,)))
