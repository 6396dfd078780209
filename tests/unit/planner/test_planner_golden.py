"""Golden tests: a small project and observed state in, `str(plan)` and its operations out.

Each case is one planner rule. To accept new output after a deliberate change:
    FIGLET_UPDATE_GOLDEN=1 .venv/bin/pytest tests/unit/planner/test_planner_golden.py
then read the diff of tests/unit/planner/golden/ before committing it.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from planner_factory import IMAGE, IMAGE_ID, container, observed, project, service

from figlet.model import Dependency
from figlet.plan import Plan
from figlet.planner import DownOptions, UpOptions, plan_down, plan_up
from figlet.planner.options import ImagePolicy

GOLDEN = Path(__file__).parent / "golden"
CASES: dict[str, Callable[[], Plan]] = {}


def case(function: Callable[[], Plan]) -> Callable[[], Plan]:
    CASES[function.__name__] = function
    return function


# --- shared projects --------------------------------------------------------------------
DB = service("db", environment={"POSTGRES_DB": "app"})
WEB = service("web", depends_on=["db"], ports=[{"target": 80, "published": "8080"}])
TRIO = project("trio", DB, WEB, service("worker", depends_on=["db"]))


def _all_running(proj=TRIO, numbers: dict[str, int] | None = None):  # type: ignore[no-untyped-def]
    found = []
    for svc in proj.services.values():
        for number in range(1, (numbers or {}).get(svc.name, svc.replicas) + 1):
            found.append(container(proj.name, svc, number))
    return found


# --- up: the basics ---------------------------------------------------------------------
@case
def up_missing() -> Plan:
    return plan_up(TRIO, observed("trio", networks=()))


@case
def up_noop_rerun() -> Plan:
    return plan_up(TRIO, observed("trio", *_all_running()))


@case
def up_stopped_started() -> Plan:
    db = container("trio", DB, state="exited")
    web = container("trio", WEB, state="created")
    worker = container("trio", TRIO.services["worker"], state="dead")
    return plan_up(TRIO, observed("trio", db, web, worker))


@case
def up_scale_up() -> Plan:
    running = _all_running(numbers={"web": 3})
    return plan_up(TRIO, observed("trio", *running), UpOptions(scale={"web": 5}))


@case
def up_scale_down_highest_first() -> Plan:
    running = _all_running(numbers={"web": 5})
    return plan_up(TRIO, observed("trio", *running), UpOptions(scale={"web": 2}))


@case
def up_hash_change_field_diff() -> Plan:
    old_web = service(
        "web",
        depends_on=["db"],
        ports=[{"target": 80, "published": "8080"}],
        environment={"GREETING": "hello", "DEBUG": "1"},
    )
    new_web = service(
        "web",
        depends_on=["db"],
        ports=[{"target": 80, "published": "8081"}],
        environment={"GREETING": "bonjour"},
    )
    old_worker = service("worker", depends_on=["db"], command=["sleep", "10"])
    new_worker = service("worker", depends_on=["db"], command=["sleep", "20"])
    proj = project("trio", DB, new_web, new_worker)
    state = observed(
        "trio",
        container("trio", DB),
        container("trio", new_web, created_from=old_web),
        container("trio", new_worker, created_from=old_worker),
    )
    return plan_up(proj, state)


@case
def up_hash_change_without_recorded_config() -> Plan:
    old_db = service("db", environment={"POSTGRES_DB": "old"})
    state = observed(
        "trio",
        container("trio", DB, created_from=old_db, record_config=False),
        *_all_running()[1:],
    )
    return plan_up(TRIO, state)


@case
def up_image_changed() -> Plan:
    state = observed(
        "trio",
        *_all_running(),
        images={IMAGE: "sha256:2222222222222222222222222222222222222222222222222222222222222222"},
    )
    return plan_up(TRIO, state)


def _with_orphan():  # type: ignore[no-untyped-def]
    old = service("old")
    return observed("trio", *_all_running(), container("trio", old))


@case
def up_orphans_kept() -> Plan:
    return plan_up(TRIO, _with_orphan())


@case
def up_orphans_removed() -> Plan:
    return plan_up(TRIO, _with_orphan(), UpOptions(remove_orphans=True))


@case
def up_selection_brings_dependencies() -> Plan:
    return plan_up(TRIO, observed("trio", networks=()), UpOptions(services=("web",)))


@case
def up_no_deps() -> Plan:
    return plan_up(TRIO, observed("trio"), UpOptions(services=("web",), no_deps=True))


@case
def up_force_recreate() -> Plan:
    state = observed("trio", *_all_running())
    return plan_up(TRIO, state, UpOptions(services=("web",), force_recreate=True))


@case
def up_no_recreate() -> Plan:
    old_db = service("db", environment={"POSTGRES_DB": "old"})
    state = observed(
        "trio",
        container("trio", DB, created_from=old_db, state="exited"),
        *_all_running()[1:],
    )
    return plan_up(TRIO, state, UpOptions(no_recreate=True))


@case
def up_no_start() -> Plan:
    old_db = service("db", environment={"POSTGRES_DB": "old"})
    state = observed("trio", container("trio", DB, created_from=old_db))
    return plan_up(TRIO, state, UpOptions(no_start=True))


# --- up: dependents of a recreated service ----------------------------------------------
CACHE_OLD = service("cache", command=["redis", "--old"])
CACHE = service("cache", command=["redis", "--new"])


@case
def up_links_update_hosts() -> Plan:
    app = service("app", links=["cache:redis"], replicas=3)
    api = service("api", depends_on=["cache"])
    proj = project("links", CACHE, app, api)
    state = observed(
        "links",
        container("links", CACHE, created_from=CACHE_OLD),
        container("links", app),
        container("links", app, 2),
        container("links", app, 3, state="exited"),
        container("links", api),
    )
    return plan_up(proj, state, UpOptions(scale={"app": 2}))


@case
def up_network_mode_service_follows() -> Plan:
    sidecar = service("sidecar", network_mode="service:cache")
    proj = project("ns", CACHE, sidecar)
    state = observed("ns", container("ns", CACHE, created_from=CACHE_OLD), container("ns", sidecar))
    return plan_up(proj, state)


@case
def up_depends_on_restart() -> Plan:
    app = service("app", depends_on=[Dependency("cache", restart=True)])
    proj = project("rs", CACHE, app)
    state = observed("rs", container("rs", CACHE, created_from=CACHE_OLD), container("rs", app))
    return plan_up(proj, state)


# --- up: waits ---------------------------------------------------------------------------
@case
def up_healthy_and_completed_waits() -> Plan:
    db = service("db", healthcheck={"test": ["CMD", "true"]}, replicas=2)
    migrate = service("migrate", depends_on=[Dependency("db", "service_healthy")])
    web = service(
        "web",
        depends_on=[
            Dependency("db", "service_healthy"),
            Dependency("migrate", "service_completed_successfully"),
        ],
    )
    return plan_up(project("waits", db, migrate, web), observed("waits"))


@case
def up_optional_dependency_absent() -> Plan:
    web = service("web", depends_on=[Dependency("metrics", required=False)])
    return plan_up(project("opt", web), observed("opt"))


# --- up: problems ------------------------------------------------------------------------
@case
def up_external_resources() -> Plan:
    web = service("web", networks=["front", "shared"], volumes=["data:/data", "cache:/cache"])
    proj = project(
        "ext",
        web,
        networks={"front": False, "shared": True},
        volumes={"data": True, "cache": False},
    )
    return plan_up(proj, observed("ext", networks=(), external_volumes=("data",)))


@case
def up_external_resources_present() -> Plan:
    web = service("web", networks=["shared"], volumes=["data:/data"])
    proj = project("ext", web, networks={"shared": True}, volumes={"data": True})
    state = observed("ext", external_networks=("shared",), external_volumes=("data",))
    return plan_up(proj, state)


@case
def up_problems() -> Plan:
    fixed = service("fixed", container_name="the-fixed-one", replicas=2)
    needs_debug = service("app", depends_on=["debugger"])
    debugger = service("debugger", profiles=["debug"])
    proj = project("bad", fixed, needs_debug, disabled=[debugger])
    options = UpOptions(services=("fixed", "app", "nosuch"), scale={"ghost": 2, "debugger": 1})
    return plan_up(proj, observed("bad"), options)


@case
def up_profile_dependency_without_selection() -> Plan:
    needs_debug = service("app", depends_on=["debugger"])
    debugger = service("debugger", profiles=["debug"])
    return plan_up(project("prof", needs_debug, disabled=[debugger]), observed("prof"))


@case
def up_create_waits_only_for_what_the_create_needs() -> Plan:
    # depends_on: create at once, start after; links: the target runs first (hosts entries);
    # network_mode / volumes_from: the target exists first
    db = service("db")
    api = service("api", depends_on=["db"])
    linked = service("linked", links=["db"])
    sidecar = service("sidecar", network_mode="service:api")
    backup = dataclasses.replace(service("backup"), volumes_from=("db",))
    proj = project("crit", db, api, linked, sidecar, backup)
    return plan_up(proj, observed("crit"))


# --- down --------------------------------------------------------------------------------
API = service("api", depends_on=["db"])
FRONT = service("front", depends_on=["api"], links=["api"])
STACK = project("stack", DB, API, FRONT, volumes={"data": False, "shared": True})


def _stack_state(**extra):  # type: ignore[no-untyped-def]
    return observed(
        "stack",
        container("stack", DB),
        container("stack", API),
        container("stack", API, 2, state="exited"),
        container("stack", FRONT),
        container("stack", FRONT, oneoff=True, number=0, state="exited"),
        **extra,
    )


@case
def down_order() -> Plan:
    return plan_down("stack", STACK, _stack_state())


@case
def down_volumes_and_images() -> Plan:
    built = service("api", image=None, build={"context": "."}, depends_on=["db"])
    proj = project("stack", DB, built, FRONT, volumes={"data": False, "shared": True})
    state = _stack_state(volumes=("data",))
    return plan_down("stack", proj, state, DownOptions(volumes=True, rmi="local"))


@case
def down_without_project_uses_labels() -> Plan:
    state = observed(
        "stack",
        container("stack", DB),
        container("stack", API, depends_on_label="db:service_started:false"),
        container("stack", FRONT, depends_on_label="api:service_started:false"),
    )
    return plan_down("stack", None, state, DownOptions(rmi="all"))


@case
def down_orphans_kept_keep_their_network() -> Plan:
    old = service("old")
    state = observed(
        "stack",
        container("stack", DB),
        container("stack", old, networks=("stack_default",)),
        networks=("default", "back"),
    )
    return plan_down("stack", STACK, state)


@case
def down_remove_orphans() -> Plan:
    old = service("old")
    state = observed("stack", container("stack", DB), container("stack", old))
    return plan_down("stack", STACK, state, DownOptions(remove_orphans=True))


@case
def down_no_grace_period_removes_at_once() -> Plan:
    # -t 0: one forced removal per container, none waiting for another
    return plan_down("stack", STACK, _stack_state(), DownOptions(timeout=0))


@case
def down_volumes_from_source_removed_after_its_users() -> Plan:
    # with -v the source's anonymous volumes go with it: its users are removed first
    data = service("data")
    app = dataclasses.replace(service("app"), volumes_from=("data",))
    state = observed("vf", container("vf", data), container("vf", app))
    return plan_down("vf", project("vf", data, app), state, DownOptions(volumes=True, timeout=0))


# --- up: images ---------------------------------------------------------------------------
@case
def up_images_missing_are_pulled_or_built() -> Plan:
    """A missing image is pulled (policy missing) or built (`build:`); only the creates of
    its service wait for it."""
    app = service("app", image=None, build={"context": "."})
    api = service("api", image="example/api:1", depends_on=["app"])
    return plan_up(project("img", app, api, DB), observed("img"))


@case
def up_build_flag_recreates_if_the_image_is_new() -> Plan:
    """--build: the running container is recreated after the build only if the image changes;
    a recreate due for its config anyway waits for the build too, and says so."""
    app = service("app", image=None, build={"context": "."}, replicas=2)
    old_app = service("app", image=None, build={"context": "."}, environment={"A": "1"})
    running = (container("bf", app, 1), container("bf", app, 2, created_from=old_app))
    state = observed("bf", *running, images={"bf-app": IMAGE_ID})
    images = ImagePolicy(build=True)
    return plan_up(project("bf", app), state, UpOptions(images=images))


@case
def up_pull_always_keeps_a_failed_pull_optional() -> Plan:
    """pull_policy: always pulls a present image (not required: a failed pull keeps it)."""
    web = dataclasses.replace(service("web"), pull_policy="always")
    return plan_up(project("pa", web), observed("pa", container("pa", web)))


@case
def up_images_that_cannot_be_had_are_problems() -> Plan:
    """--no-build with a missing built image, --pull never with a missing image: problems."""
    app = service("app", image=None, build={"context": "."})
    api = service("api", image="example/api:1")
    images = ImagePolicy(build=False, pull="never")
    return plan_up(project("no", app, api), observed("no"), UpOptions(images=images))


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
    plan = CASES[name]()
    seen: set[str] = set()
    for op in plan.operations:
        assert op.id not in seen
        assert set(op.depends_on) <= seen, op.id
        seen.add(op.id)
