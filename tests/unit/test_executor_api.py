"""The whole up/down pipeline (observe -> plan -> execute) on the FakeEngine: no Docker."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from figlet import api
from figlet.engine.fake import FakeEngine
from figlet.errors import FigletError
from figlet.events import RecordingSink
from figlet.model import Link, Network, Project, Service, ServiceNetwork
from figlet.planner import DownOptions, UpOptions

IMAGE = "figlet-local/busybox:latest"


def service(name: str, **extra: Any) -> Service:
    spec = {"image": IMAGE, "networks": {"default": None}, **extra.pop("spec", {})}
    return Service(
        name=name,
        spec=spec,
        image=IMAGE,
        networks=(ServiceNetwork(network="default"),),
        **extra,
    )


def project(*services: Service) -> Project:
    return Project(
        name="trio",
        working_dir="/tmp/trio",
        config_files=("/tmp/trio/compose.yaml",),
        services={s.name: s for s in services},
        networks={"default": Network(key="default", name="trio_default", spec={})},
        volumes={},
        spec={},
    )


def names(engine: FakeEngine) -> set[str]:
    return {c.name for c in engine.containers.values()}


def test_up_then_rerun_then_down_on_the_fake_engine() -> None:
    trio = project(service("db"), service("web", links=(Link("db", "db"),)))
    engine = FakeEngine()
    first = api.up(trio, engine)
    assert first.changed
    assert names(engine) == {"trio-db-1", "trio-web-1"}
    assert all(c.state == "running" for c in engine.containers.values())

    calls = len(engine.calls)
    again = api.up(trio, engine)
    assert again.plan.empty and not again.changed
    assert len(engine.calls) == calls  # nothing acted

    api.down("trio", trio, engine)
    assert not engine.containers and not engine.networks


@pytest.mark.parametrize(("timeout", "stops"), [(None, 2), (3, 2), (0, 0)])
def test_down_stops_each_running_container_once_and_not_at_all_with_t0(
    timeout: int | None, stops: int
) -> None:
    trio = project(service("db"), service("web", links=(Link("db", "db"),)))
    engine = FakeEngine()
    api.up(trio, engine)
    calls = len(engine.calls)
    api.down("trio", trio, engine, DownOptions(timeout=timeout))
    methods = [method for method, _ in engine.calls[calls:]]
    assert methods.count("stop_container") == stops
    assert methods.count("remove_container") == 2
    assert not engine.containers and not engine.networks


def test_scale_override_and_selected_services() -> None:
    trio = project(service("db"), service("web", links=(Link("db", "db"),)), service("other"))
    engine = FakeEngine()
    api.up(trio, engine, UpOptions(services=("web",), scale={"web": 3}))
    assert names(engine) == {"trio-db-1", "trio-web-1", "trio-web-2", "trio-web-3"}
    api.up(trio, engine, UpOptions(services=("web",), no_deps=True, scale={"web": 1}))
    assert names(engine) == {"trio-db-1", "trio-web-1"}


def test_a_missing_image_is_a_preflight_problem_and_nothing_is_created() -> None:
    engine = FakeEngine()
    with pytest.raises(FigletError) as caught:
        api.up(ghost_project(), engine, pull="never")
    assert "nowhere/ghost:1" in caught.value.render()
    assert not engine.containers and not engine.networks


def test_a_failure_is_raised_with_the_service_named() -> None:
    engine = FakeEngine()
    engine.fail[("start_container", "trio-db-1")] = "port 5432 is already allocated"
    sink = RecordingSink()
    with pytest.raises(FigletError) as caught:
        api.up(project(service("db")), engine, events=sink)
    assert 'service "db"' in caught.value.render()
    assert "5432" in caught.value.render()


def test_down_by_name_without_a_project_removes_what_carries_the_label() -> None:
    trio = project(service("db"), service("web"))
    engine = FakeEngine()
    api.up(trio, engine)
    api.down("trio", None, engine, DownOptions(timeout=1))
    assert not engine.containers and not engine.networks


def anonymous_volumes(engine: FakeEngine) -> set[str]:
    return {name for name, found in engine.volumes.items() if not found}


def test_anonymous_volumes_follow_a_recreate_and_go_with_down_v_only() -> None:
    volume = {"type": "volume", "target": "/data"}
    first = project(service("store", spec={"volumes": [volume]}))
    engine = FakeEngine()
    api.up(first, engine)
    made = anonymous_volumes(engine)
    assert len(made) == 1

    changed = project(service("store", spec={"volumes": [volume], "environment": {"A": "1"}}))
    result = api.up(changed, engine)
    assert [op.action for op in result.plan.operations] == ["recreate"]
    assert anonymous_volumes(engine) == made
    assert engine.anonymous_volumes("trio-store-1") == {"/data": next(iter(made))}

    api.down("trio", changed, engine)
    assert anonymous_volumes(engine) == made  # plain down keeps them, as Compose does
    api.up(changed, engine)
    assert len(anonymous_volumes(engine) - made) == 1  # a fresh one for the new container
    api.down("trio", changed, engine, DownOptions(volumes=True))
    assert not engine.containers and anonymous_volumes(engine) == made


def test_containers_carry_the_image_id_label() -> None:
    engine = FakeEngine()
    api.up(project(service("db"), service("web")), engine)
    found = {c.labels.get("com.docker.compose.image") for c in engine.containers.values()}
    assert found == {engine.images[IMAGE]}
    assert engine.images[IMAGE].startswith("sha256:")


def ghost_project() -> Project:
    ghost = Service(
        name="ghost",
        spec={"image": "nowhere/ghost:1"},
        image="nowhere/ghost:1",
        networks=(ServiceNetwork(network="default"),),
        pull_policy="always",
    )
    return project(service("db"), ghost)


def test_figlet_pull_is_the_default_pull_policy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FIGLET_PULL", "never")
    engine = FakeEngine()
    with pytest.raises(FigletError) as caught:
        api.up(ghost_project(), engine)
    assert "pulling is disabled" in caught.value.render()
    assert engine.called("pull_image") == []
    # an explicit policy still wins over the environment
    with pytest.raises(FigletError):
        api.up(ghost_project(), engine, pull="missing")
    assert engine.called("pull_image") == ["nowhere/ghost:1"]


def test_without_figlet_pull_the_service_policy_decides(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FIGLET_PULL", raising=False)
    engine = FakeEngine()
    with pytest.raises(FigletError):
        api.up(ghost_project(), engine)
    assert engine.called("pull_image") == ["nowhere/ghost:1"]


def test_a_bad_figlet_pull_is_a_usage_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FIGLET_PULL", "sometimes")
    with pytest.raises(FigletError) as caught:
        api.up(ghost_project(), FakeEngine())
    assert caught.value.exit_code == 2
    assert 'FIGLET_PULL="sometimes"' in caught.value.render()


def test_selected_services_is_the_planners_selection() -> None:
    from dataclasses import replace

    from figlet.model import Dependency
    from figlet.planner._select import select_services

    web = service("web", depends_on=(Dependency("db"),))
    tools = service("tools", profiles=("debug",))
    trio = replace(project(service("db"), web), disabled_services={"tools": tools})
    for names, no_deps in (((), False), (("web",), False), (("web",), True), (("tools",), False)):
        chosen = select_services(trio, names, no_deps=no_deps).services
        assert api.selected_services(trio, names, no_deps=no_deps) == list(chosen)
    assert api.selected_services(trio, ("web",), no_deps=False) == ["db", "web"]

    needs_tools = replace(
        trio, services={**trio.services, "x": service("x", links=(Link("tools", "t"),))}
    )
    # a dependency behind a disabled profile is not selected unless named (the plan says why)
    assert "tools" not in api.selected_services(needs_tools, (), no_deps=False)


class CountingEngine(FakeEngine):
    """Counts the image lookups (`image_ids` is a read the fake does not record)."""

    def __init__(self) -> None:
        super().__init__()
        self.image_lookups = 0

    def image_ids(self, references: Any) -> Any:
        self.image_lookups += 1
        return super().image_ids(references)


def test_creates_reuse_the_observed_image_ids_and_down_looks_up_none() -> None:
    engine = CountingEngine()
    engine.images[IMAGE] = "sha256:feed"
    trio = project(service("db"), service("web"), service("lb"))
    api.up(trio, engine)
    # one list for the image check, reused by observe; no create asks again
    assert engine.image_lookups == 1
    assert {c.labels["com.docker.compose.image"] for c in engine.containers.values()} == {
        "sha256:feed"
    }
    engine.image_lookups = 0
    api.down("trio", trio, engine)
    assert engine.image_lookups == 0


class PullingEngine(CountingEngine):
    """A registry that has every image: a pull gives the image a new id."""

    def pull_image(self, reference: str, platform: str | None = None) -> None:
        self.images[reference] = "sha256:pulled"


def test_after_a_pull_the_pull_asks_the_new_image_id_once() -> None:
    engine = PullingEngine()
    engine.images[IMAGE] = "sha256:old"
    api.up(project(service("db")), engine, pull="always")
    assert engine.image_lookups == 2  # observe, then the pull for the new id
    assert {c.labels["com.docker.compose.image"] for c in engine.containers.values()} == {
        "sha256:pulled"
    }


# the start of a script run in a fresh interpreter (to see what a command imports): a one-service
# project, on its own network or on the default bridge
PROJECT_SCRIPT = (
    "import sys\n"
    "from figlet import api\n"
    "from figlet.engine.fake import FakeEngine\n"
    "from figlet.model import Network, Project, Service, ServiceNetwork\n"
    "image = 'figlet-local/busybox:latest'\n"
    "def project(name, *, network):\n"
    "    web = Service(name='web', spec={'image': image}, image=image,\n"
    "                  networks=(ServiceNetwork(network='default'),) if network else (),\n"
    "                  network_mode=None if network else 'bridge')\n"
    "    nets = {'default': Network(key='default', name=f'{name}_default', spec={})}\n"
    "    return Project(name=name, working_dir='/tmp', config_files=(), services={'web': web},\n"
    "                   networks=nets if network else {}, volumes={}, spec={})\n"
)


def test_down_loads_no_container_spec_code() -> None:
    """`down` creates nothing: the create-body translation is not even imported."""
    import subprocess
    import sys

    script = PROJECT_SCRIPT + (
        "p = project('trio', network=True)\n"
        "engine = FakeEngine()\n"
        "api.up(p, engine)\n"
        "before = 'figlet.container_spec' in sys.modules\n"
        "for name in [m for m in sys.modules if m.startswith('figlet.container_spec')]:\n"
        "    del sys.modules[name]\n"
        "import figlet\n"
        "del figlet.container_spec\n"
        "api.down('trio', p, engine)\n"
        "print(before, 'figlet.container_spec' in sys.modules, len(engine.containers))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert done.stdout.split() == ["True", "False", "0"], done.stderr


def test_a_cold_up_loads_only_the_payload_families_of_its_plan() -> None:
    """Containers on the default bridge, images present: `up` plans and runs creates and
    starts, and defines no other payload class; a project network adds the resources family."""
    import subprocess
    import sys

    script = PROJECT_SCRIPT + (
        "engine = FakeEngine()\n"
        "engine.images[image] = 'sha256:1'\n"
        "api.up(project('p', network=sys.argv[1] == 'network'), engine)\n"
        "print(len(engine.containers), *sorted(m.rsplit('.', 1)[1] for m in sys.modules\n"
        "      if m.startswith('figlet.plan.payloads.')))\n"
    )

    def families(network: str) -> list[str]:
        done = subprocess.run(
            [sys.executable, "-c", script, network], capture_output=True, text=True, check=False
        )
        return done.stdout.split() or [done.stderr]

    assert families("bridge") == ["1", "containers"]
    assert families("network") == ["1", "containers", "resources"]


def test_plan_lists_the_images_once_and_reports_what_cannot_be_had(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("FIGLET_PULL", "never")
    engine = CountingEngine()
    engine.images.clear()
    trio = project(service("db"), service("web"))
    planned = api.plan(trio, engine)
    assert engine.image_lookups == 1
    assert [p.message for p in planned.problems] == [
        f'service "db": image {IMAGE} is not present locally and pulling is disabled '
        "(FIGLET_PULL=never)"
    ]
    assert engine.calls == []  # nothing pulled, nothing created


def test_a_missing_image_is_pulled_by_the_plan_and_a_dry_run_pulls_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("FIGLET_PULL", raising=False)
    engine = PullingEngine()
    engine.images.clear()
    trio = project(service("db"), service("web"))
    dry = api.up(trio, engine, dry_run=True)
    pull = dry.plan.operation(f"pull:{IMAGE}")
    assert pull.cause == "missing locally"
    assert f"pull:{IMAGE}" in dry.plan.operation("create:trio-db-1").depends_on
    assert engine.calls == []
    api.up(trio, engine)
    assert {c.labels["com.docker.compose.image"] for c in engine.containers.values()} == {
        "sha256:pulled"
    }


def built(name: str) -> Service:
    return replace(service(name), image=None, spec={"build": {"context": "."}}, build={})


def test_up_build_recreates_only_when_the_build_gives_a_new_image() -> None:
    engine = FakeEngine()
    trio = project(built("app"))
    api.up(trio, engine)
    assert engine.called("build_image") == ["trio-app"]  # missing: built
    (first,) = engine.containers.values()
    assert first.labels["com.docker.compose.image"] == engine.images["trio-app"]

    engine.build_ids["trio-app"] = engine.images["trio-app"]  # the same image again
    same = api.up(trio, engine, build=True)
    recreate = same.plan.operation("recreate:trio-app-1")
    assert recreate.depends_on == ("build:trio-app",)
    assert recreate.cause == "if the build gives a new image (--build)"
    assert list(engine.containers.values()) == [first]  # kept

    engine.stop_container(first.id)
    api.up(trio, engine, build=True)
    assert list(engine.containers.values()) == [first]  # kept, and started again
    assert first.state == "running"

    engine.build_ids["trio-app"] = "sha256:new"
    api.up(trio, engine, build=True)
    (second,) = engine.containers.values()
    assert second.id != first.id
    assert second.labels["com.docker.compose.image"] == "sha256:new"


def test_a_failed_pull_of_a_present_image_keeps_the_local_one_and_the_container() -> None:
    from figlet.events import Message

    engine = FakeEngine()  # its registry cannot be reached
    trio = project(service("db"))
    api.up(trio, engine)
    (first,) = engine.containers.values()
    sink = RecordingSink()
    again = api.up(trio, engine, pull="always", events=sink)
    assert again.plan.operation(f"pull:{IMAGE}").cause == "--pull always"
    assert engine.called("pull_image") == [IMAGE]
    assert list(engine.containers.values()) == [first]  # same image id: kept
    warnings = [m.text for m in sink.of_type(Message) if m.level == "warning"]
    assert warnings == [f"Image {IMAGE}  not pulled, using the local one"]


def test_no_build_with_a_missing_image_is_a_problem_before_any_change() -> None:
    engine = FakeEngine()
    with pytest.raises(FigletError) as caught:
        api.up(project(built("app")), engine, build=False)
    assert "image trio-app is missing and --no-build was given" in caught.value.render()
    assert engine.calls == []


class LaggingEngine(FakeEngine):
    """A fake engine whose first container lists are stale: a `snapshot` stands in for what
    the engine listed while another client's requests were still in flight."""

    def __init__(self) -> None:
        super().__init__()
        self.stale_lists: list[list[Any]] = []

    def list_containers(self, project: str) -> Any:
        if self.stale_lists:
            return self.stale_lists.pop(0)
        return super().list_containers(project)


def sleeps_into(record: list[float]) -> Any:
    from figlet.options import RunSettings

    return RunSettings(sleep=record.append)


def warnings_of(sink: RecordingSink) -> list[str]:
    from figlet.events import Message

    return [m.text for m in sink.of_type(Message) if m.level == "warning"]


def test_a_name_taken_while_up_ran_makes_it_observe_and_plan_again() -> None:
    """A killed `up`'s create still in flight: not listed yet, but its name is taken. The
    rerun's create conflicts; it observes again, sees the container and starts it."""
    trio = project(service("db"), service("web", links=(Link("db", "db"),)))
    engine = LaggingEngine()
    api.up(trio, engine)
    db = engine.container_named("trio-db-1")
    assert db is not None
    db.state = "created"  # the dead client's create finished, its start never came
    engine.stale_lists.append([c for c in engine.list_containers("trio") if c.service != "db"])
    sink, slept = RecordingSink(), []
    result = api.up(trio, engine, events=sink, settings=sleeps_into(slept))
    assert slept == [0.5]
    assert names(engine) == {"trio-db-1", "trio-web-1"}
    assert all(c.state == "running" for c in engine.containers.values())
    assert engine.called("create_container")[-1] == "trio-db-1"  # the one that conflicted
    [warning] = warnings_of(sink)
    assert "the engine changed under the plan (trio-db-1 name taken: " in warning
    assert warning.endswith("observing it again in 0.5s")
    assert result.outcome is not None and result.outcome.ok


def test_a_listed_container_gone_by_its_start_is_created_on_the_next_plan() -> None:
    """Listed, but "No such container" by the time the start comes: planned again, created."""
    trio = project(service("db"))
    engine = LaggingEngine()
    api.up(trio, engine)
    listed = engine.list_containers("trio")
    engine.containers.clear()
    engine.stale_lists.append([replace(c, state="created") for c in listed])
    slept: list[float] = []
    api.up(trio, engine, settings=sleeps_into(slept))
    assert slept == [0.5]
    assert names(engine) == {"trio-db-1"}
    assert engine.container_named("trio-db-1").state == "running"  # type: ignore[union-attr]


def test_a_state_change_that_persists_is_reported_after_three_more_tries() -> None:
    trio = project(service("db"))
    engine = LaggingEngine()
    api.up(trio, engine)
    engine.container_named("trio-db-1").state = "created"  # type: ignore[union-attr]
    engine.stale_lists.extend([[]] * 4)  # never listed: every plan creates it
    sink, slept = RecordingSink(), []
    with pytest.raises(FigletError) as failed:
        api.up(trio, engine, events=sink, settings=sleeps_into(slept))
    assert slept == [0.5, 1.0, 2.0]
    assert len(warnings_of(sink)) == 3
    assert 'The container name "/trio-db-1" is already in use' in failed.value.render()


def test_other_failures_are_not_retried() -> None:
    trio = project(service("db"))
    engine = LaggingEngine()
    engine.fail[("start_container", "trio-db-1")] = "OCI runtime create failed"
    slept: list[float] = []
    with pytest.raises(FigletError, match="OCI runtime create failed"):
        api.up(trio, engine, settings=sleeps_into(slept))
    assert slept == []
