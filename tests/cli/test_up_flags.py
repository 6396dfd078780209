"""`figlet up`'s Compose flags on the fake engine: --attach/--no-attach, --no-color,
--no-log-prefix, --timestamps, -V, --always-recreate-deps, --quiet-pull."""

from __future__ import annotations

from pathlib import Path

import pytest
from _cli import BUSYBOX, Figlet

from figlet.engine.fake import FAKE_TIME, FakeEngine


@pytest.fixture
def talking(fake: FakeEngine) -> FakeEngine:
    """Each container says hello (in the fake, its output ends at once: it "exits")."""
    for name in ("demo-db-1", "demo-web-1", "demo-web-2"):
        fake.log_lines[name] = [f"hello from {name}"]
    return fake


def _lines(out: str) -> list[str]:
    return sorted(line for line in out.splitlines() if "hello" in line)


def test_attach_shows_only_that_service(figlet: Figlet, talking: FakeEngine) -> None:
    done = figlet("up", "--attach", "web", "--no-color")
    assert done.code == 0, done.err
    assert _lines(done.out) == [
        "demo-web-1  | hello from demo-web-1",
        "demo-web-2  | hello from demo-web-2",
    ]
    assert len(talking.containers) == 3  # every service is still up'd


def test_no_attach_hides_that_service(figlet: Figlet, talking: FakeEngine) -> None:
    done = figlet("up", "--no-attach", "web", "--no-color")
    assert done.code == 0, done.err
    assert _lines(done.out) == ["demo-db-1  | hello from demo-db-1"]


def test_no_log_prefix_and_timestamps(figlet: Figlet, talking: FakeEngine) -> None:
    done = figlet("up", "--no-log-prefix", "--timestamps", "--attach", "db")
    assert done.code == 0, done.err
    assert _lines(done.out) == [f"{FAKE_TIME} hello from demo-db-1"]


def test_attach_an_unknown_service_exits_1(figlet: Figlet, fake: FakeEngine) -> None:
    done = figlet("up", "--attach", "nosuch")
    assert done.code == 1
    assert done.err.startswith("no such service: nosuch\n")
    assert fake.containers == {}


def test_renew_anon_volumes_recreates_with_new_volumes(
    figlet: Figlet, fake: FakeEngine, project: Path
) -> None:
    (project / "compose.yaml").write_text(
        f"services:\n  db:\n    image: {BUSYBOX}\n    volumes: [/data]\n"
    )
    assert figlet("up", "-d").code == 0
    old = set(fake.volumes)
    assert len(old) == 1
    kept = figlet("up", "-d", "--force-recreate")
    assert kept.code == 0 and set(fake.volumes) == old  # a plain recreate mounts it again
    done = figlet("up", "-d", "-V", "--progress", "plain")
    assert done.code == 0, done.err
    assert "recreate" in done.err.lower()
    assert len(fake.volumes) == 1 and not old & set(fake.volumes)


def test_always_recreate_deps_recreates_only_the_dependencies(
    figlet: Figlet, fake: FakeEngine
) -> None:
    assert figlet("up", "-d").code == 0
    done = figlet("up", "-d", "--always-recreate-deps", "web", "--progress", "plain")
    assert done.code == 0, done.err
    assert "Container demo-db-1  Recreated" in done.err
    assert "demo-web-1  Recreated" not in done.err


def test_always_recreate_deps_with_no_recreate_is_a_usage_error(figlet: Figlet) -> None:
    done = figlet("up", "-d", "--always-recreate-deps", "--no-recreate")
    assert done.code == 2
    assert "--always-recreate-deps and --no-recreate cannot be used together" in done.err


def test_quiet_pull_hides_the_pulls(figlet: Figlet) -> None:
    loud = figlet("up", "-d", "--pull", "always", "--progress", "plain")
    assert "Image figlet-local/busybox:latest  Pulling" in loud.err
    quiet = figlet("up", "-d", "--pull", "always", "--quiet-pull", "--progress", "plain")
    assert quiet.code == 0, quiet.err
    assert "Pulling" not in quiet.err
