"""Owner labels and the reaper's decisions, on the FakeEngine: no Docker."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from figlet import api
from figlet import labels as L
from figlet.engine.fake import FakeEngine
from figlet.model import Project
from figlet.observe.state import ObservedContainer
from figlet.testing._reaper import (
    KEEP_VOLUMES,
    OWNER_HOST,
    OWNER_PID,
    OWNER_STARTED,
    ProcessOwner,
    StartedOf,
    is_orphaned,
    orphaned_projects,
    process_started,
    reap,
    with_owner,
)

COMPOSE = """\
services:
  web:
    image: figlet-local/busybox:latest
    labels: ["team=qa"]
    volumes: ["data:/data"]
networks:
  outside:
    external: true
volumes:
  data: {}
"""
OWNER = ProcessOwner(host="box", pid=4242, started="777")


class LabelledFake(FakeEngine):
    """The fake engine plus the optional label query the reaper needs."""

    def containers_labelled(self, label: str) -> Sequence[ObservedContainer]:
        key, _, value = label.partition("=")
        return [
            self._observed(c)
            for c in self.containers.values()
            if key in c.labels and (not value or c.labels[key] == value)
        ]


def loaded(tmp_path: Path, name: str = "reapme") -> Project:
    (tmp_path / "compose.yaml").write_text(COMPOSE)
    return api.load([str(tmp_path / "compose.yaml")], project_name=name, environ={})


def alive_as(table: dict[int, str | None]) -> StartedOf:
    return lambda pid: table.get(pid)


def test_process_started_is_field_22_of_proc_stat_and_none_for_a_gone_pid() -> None:
    text = Path(f"/proc/{os.getpid()}/stat").read_text()
    expected = text.rsplit(")", 1)[1].split()[19]
    assert process_started(os.getpid()) == expected
    assert process_started(2**22 + 12345) is None  # above pid_max: never a process


def test_owner_labels_reach_containers_networks_and_volumes_not_external_ones(
    tmp_path: Path,
) -> None:
    engine = FakeEngine()
    engine.add_network("outside")
    api.up(with_owner(loaded(tmp_path), OWNER), engine, pull="never")
    container = engine.container_named("reapme-web-1")
    assert container is not None
    labels = container.labels
    assert (labels[OWNER_HOST], labels[OWNER_PID], labels[OWNER_STARTED]) == ("box", "4242", "777")
    assert labels["team"] == "qa"  # the service's own labels stay
    assert engine.networks["reapme_default"].labels[OWNER_PID] == "4242"
    assert engine.volumes["reapme_data"][OWNER_PID] == "4242"
    assert OWNER_PID not in engine.networks["outside"].labels


def test_keep_volumes_is_recorded_only_when_asked(tmp_path: Path) -> None:
    kept = with_owner(loaded(tmp_path), OWNER, keep_volumes=True)
    plain = with_owner(loaded(tmp_path), OWNER)
    assert kept.services["web"].spec["labels"][KEEP_VOLUMES] == "true"  # type: ignore[index]
    assert KEEP_VOLUMES not in plain.services["web"].spec["labels"]  # type: ignore[operator]


def test_is_orphaned_only_for_a_gone_owner_on_this_host() -> None:
    labels = OWNER.labels()
    assert is_orphaned(labels, "box", alive_as({}))  # pid not running
    assert is_orphaned(labels, "box", alive_as({4242: "999"}))  # pid reused by a newer process
    assert not is_orphaned(labels, "box", alive_as({4242: "777"}))  # still the same process
    assert not is_orphaned(labels, "other-host", alive_as({}))  # not ours to judge
    assert not is_orphaned({}, "box", alive_as({}))  # no owner labels: not a test stack
    assert not is_orphaned({**labels, OWNER_PID: "x"}, "box", alive_as({}))


def container(project: str, owner: ProcessOwner) -> ObservedContainer:
    return ObservedContainer(
        id=f"{project}-{owner.pid}",
        name=f"{project}-{owner.pid}",
        service="web",
        number=1,
        state="running",
        config_hash="",
        image="",
        image_id="",
        labels={L.PROJECT: project, **owner.labels()},
    )


def test_a_project_with_one_live_owner_is_not_orphaned() -> None:
    gone = ProcessOwner("box", 1, "5")
    live = ProcessOwner("box", 2, "6")
    found = [container("mixed", gone), container("mixed", live), container("dead", gone)]
    assert orphaned_projects(found, "box", alive_as({2: "6"})) == ["dead"]


def test_reap_takes_down_orphans_by_label_and_leaves_live_stacks(tmp_path: Path) -> None:
    import socket

    here = socket.gethostname()
    engine = LabelledFake()
    engine.add_network("outside")
    for name, owner in (
        ("gone", ProcessOwner(here, 1, "5")),
        ("live", ProcessOwner(here, 2, "6")),
        ("elsewhere", ProcessOwner("not-" + here, 1, "5")),
    ):
        api.up(with_owner(loaded(tmp_path, name), owner), engine, pull="never")
    assert reap(engine, started_of=alive_as({2: "6"})) == ["gone"]
    left = {c.labels[L.PROJECT] for c in engine.containers.values()}
    assert left == {"live", "elsewhere"}
    assert "gone_data" not in engine.volumes  # volumes too, unless the stack asked to keep them
    assert "gone_default" not in engine.networks


def test_reap_keeps_volumes_of_a_stack_that_asked(tmp_path: Path) -> None:
    import socket

    engine = LabelledFake()
    engine.add_network("outside")
    owner = ProcessOwner(socket.gethostname(), 1, "5")
    api.up(with_owner(loaded(tmp_path), owner, keep_volumes=True), engine, pull="never")
    assert reap(engine, started_of=alive_as({})) == ["reapme"]
    assert not engine.containers
    assert "reapme_data" in engine.volumes


def test_reap_needs_an_engine_that_lists_by_label() -> None:
    assert reap(FakeEngine()) == []
