"""`figlet build`, `pull` and `push` on the fake engine: the plans they run, their output
and exit codes, their usage errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from _cli import BUSYBOX, Figlet

from figlet.engine.fake import FakeEngine

BUILT = f"""\
name: demo
services:
  db:
    image: {BUSYBOX}
  app:
    image: demo/app:1
    build:
      context: ./app
      args: [FROM_LIST=1, FROM_ENV]
      target: final
      labels: {{team: core}}
      tags: [demo/app:extra]
      shm_size: 64m
      extra_hosts: ["gateway:10.0.0.1"]
      no_cache: false
    platform: linux/amd64
    depends_on: [db]
  worker:
    build:
      context: ./app
      args: {{MODE: worker}}
"""


@pytest.fixture
def built(project: Path) -> Path:
    (project / "compose.yaml").write_text(BUILT)
    (project / "app").mkdir()
    (project / "app" / "Dockerfile").write_text(f"FROM {BUSYBOX}\n")
    return project


def test_build_builds_every_build_service_with_every_key(
    figlet: Figlet, fake: FakeEngine, built: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FROM_ENV", "env-value")
    done = figlet("build", "--progress", "plain")
    assert done.code == 0, done.err
    assert sorted(r.tag for r in fake.builds) == ["demo-worker", "demo/app:1"]
    app = next(r for r in fake.builds if r.tag == "demo/app:1")
    assert app.context == str(built / "app")
    assert app.args == {"FROM_LIST": "1", "FROM_ENV": "env-value"}
    assert app.target == "final"
    assert app.labels["team"] == "core"
    assert app.labels["com.docker.compose.service"] == "app"
    assert app.tags == ("demo/app:extra",)
    assert app.shm_size == 64 * 1024 * 1024
    assert app.extra_hosts == {"gateway": "10.0.0.1"}
    assert app.platform == "linux/amd64"
    assert (app.no_cache, app.pull) == (False, False)
    assert fake.images["demo/app:extra"] == fake.images["demo/app:1"]
    assert "  app  Successfully tagged demo/app:1" in done.err
    assert "Image demo/app:1  Built" in done.err
    assert done.out == ""


def test_build_options_reach_the_builds(figlet: Figlet, fake: FakeEngine, built: Path) -> None:
    done = figlet("build", "app", "--no-cache", "--pull", "--build-arg", "FROM_LIST=2", "-q")
    assert (done.code, done.out, done.err) == (0, "", "")
    [app] = fake.builds
    assert (app.no_cache, app.pull, app.args["FROM_LIST"]) == (True, True, "2")


def test_a_failed_build_shows_the_error_and_exits_1(
    figlet: Figlet, fake: FakeEngine, built: Path
) -> None:
    fake.fail[("build_image", "demo/app:1")] = "The command '/bin/sh -c false' returned 1"
    done = figlet("build", "--progress", "plain")
    assert done.code == 1
    assert 'service "app": building demo/app:1 failed: ' in done.err
    assert "The command '/bin/sh -c false' returned 1" in done.err
    assert "the image is built for linux/amd64 (`platform:`)" in done.err
    assert "demo-worker" in fake.images  # the other, independent build still ran


def test_build_of_a_project_without_build_sections_does_nothing(
    figlet: Figlet, fake: FakeEngine
) -> None:
    assert figlet("build").code == 0
    assert fake.builds == []


@pytest.mark.parametrize(
    ("args", "message", "code"),
    [
        (["build", "ghost"], "no such service: ghost", 1),
        (["build", "--build-arg", "=x"], '--build-arg "=x": expected KEY=VALUE', 2),
        (["build", "--parallel", "0"], "--parallel must be 1 or more", 2),
        (["pull", "--policy", "sometimes"], '--policy "sometimes": expected missing or always', 2),
        (["pull", "ghost"], "no such service: ghost", 1),
        (["push", "ghost"], "no such service: ghost", 1),
    ],
)
def test_usage_errors(
    figlet: Figlet, built: Path, args: list[str], message: str, code: int
) -> None:
    done = figlet(*args)
    assert done.code == code
    assert message in done.err


def test_up_build_uses_the_same_build_request(
    figlet: Figlet, fake: FakeEngine, built: Path
) -> None:
    assert figlet("up", "-d", "--build", "app").code == 0
    [app] = fake.builds
    assert app.tags == ("demo/app:extra",) and app.target == "final"


def test_pull_pulls_the_images_and_fails_clearly(
    figlet: Figlet, fake: FakeEngine, built: Path
) -> None:
    fake.registry[BUSYBOX] = "sha256:" + "f" * 64
    done = figlet("pull", "--progress", "plain")
    # db is pulled; app's image can be built, so its failed pull is a warning; worker has no
    # image: key (built only), so it is not pulled
    assert done.code == 0, done.err
    assert fake.called("pull_image") == [BUSYBOX, "demo/app:1"]
    assert fake.images[BUSYBOX] == "sha256:" + "f" * 64
    assert "warning: Image demo/app:1  not pulled: cannot pull demo/app:1" in done.err
    assert "Image demo/app:1  Not pulled" in done.err
    del fake.registry[BUSYBOX]
    failed = figlet("pull", "db", "--progress", "plain")
    assert failed.code == 1
    assert "cannot pull figlet-local/busybox:latest" in failed.err
    ignored = figlet("pull", "db", "--ignore-pull-failures", "-q")
    assert ignored.code == 0


def test_pull_policy_missing_skips_present_images(
    figlet: Figlet, fake: FakeEngine, built: Path
) -> None:
    assert figlet("pull", "--policy", "missing", "-q").code == 0
    assert fake.called("pull_image") == ["demo/app:1"]  # db's image is present


def test_pull_include_deps(figlet: Figlet, fake: FakeEngine, built: Path) -> None:
    figlet("pull", "app", "-q")
    assert fake.called("pull_image") == ["demo/app:1"]
    figlet("pull", "app", "--include-deps", "-q")
    assert fake.called("pull_image") == ["demo/app:1", BUSYBOX, "demo/app:1"]


def test_push_pushes_built_images_and_their_tags(
    figlet: Figlet, fake: FakeEngine, built: Path
) -> None:
    figlet("build", "-q")
    done = figlet("push")
    assert done.code == 0, done.err
    assert fake.pushed == ["demo/app:1", "demo/app:extra"]  # db: no build; worker: no image
    assert "Image demo/app:1  Pushed" in done.err
    assert figlet("push", "-q").err == ""


def test_a_failed_push_exits_1_unless_ignored(
    figlet: Figlet, fake: FakeEngine, built: Path
) -> None:
    figlet("build", "-q")
    fake.fail[("push_image", "demo/app:1")] = "push image demo/app:1: no registry answers"
    done = figlet("push")
    assert done.code == 1
    assert "no registry answers" in done.err
    assert fake.pushed == ["demo/app:extra"]
    ignored = figlet("push", "--ignore-push-failures")
    assert ignored.code == 0
    assert "warning: push image demo/app:1: no registry answers" in ignored.err
