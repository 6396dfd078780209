"""`figlet build`, `up --build`, `pull`, `push` and lifecycle hooks on the real engine.

Every image built here is tagged with the test's project name and labelled with it, so the
cleanup by label removes it, pass or fail. Only loopback addresses are used as registries.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from _h5 import containers, figlet

PROJECT_PREFIX = "bd"

DOCKERFILE = """\
FROM figlet-local/busybox:latest AS base
ARG GREETING=unset
RUN echo "$GREETING" > /greeting
FROM base AS final
ARG FLAVOUR
RUN echo "flavour=$FLAVOUR" > /flavour
FROM base AS other
RUN echo other > /other
"""


def _compose(project: str) -> str:
    return f"""\
services:
  app:
    image: {project}-app:1
    build:
      context: ./app
      target: final
      args:
        GREETING: hello
        FLAVOUR:
      labels:
        org.example.team: core
      tags: ["{project}-app:extra"]
    command: ["sleep", "3600"]
    post_start:
      - command: ["sh", "-c", "cat /greeting > /post-start-ran"]
"""


@pytest.fixture(autouse=True)
def _images(busybox_image: str) -> None:
    """Every test here needs the local busybox image."""


@pytest.fixture
def app(tmp_path: Path, project_name: str) -> Path:
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "Dockerfile").write_text(DOCKERFILE)
    (tmp_path / "app" / ".dockerignore").write_text("secret.txt\n")
    (tmp_path / "app" / "secret.txt").write_text("not for the image")
    (tmp_path / "compose.yaml").write_text(_compose(project_name))
    return tmp_path


def _run(engine: Any, image: str, project: str, command: str) -> str:
    output: bytes = engine.containers.run(
        image,
        ["sh", "-c", command],
        remove=True,
        labels={"com.docker.compose.project": project},
    )
    return output.decode()


@pytest.mark.parametrize("buildkit", ["1", "0"])
def test_build_with_args_target_labels_and_tags(
    engine: Any, app: Path, project_name: str, buildkit: str
) -> None:
    done = figlet(
        "-p",
        project_name,
        "build",
        "--progress",
        "plain",
        cwd=app,
        env={"FLAVOUR": "mint", "DOCKER_BUILDKIT": buildkit},
    )
    assert done.code == 0, done.err
    assert f"Image {project_name}-app:1  Built" in done.err
    image = engine.images.get(f"{project_name}-app:1")
    assert f"{project_name}-app:extra" in image.tags
    assert image.labels["org.example.team"] == "core"
    assert image.labels["com.docker.compose.project"] == project_name
    seen = _run(engine, image.id, project_name, "cat /greeting /flavour; ls /other 2>&1 || true")
    assert seen.splitlines()[:2] == ["hello", "flavour=mint"]
    assert "No such file" in seen  # the `other` stage was not built into the target
    missing = _run(engine, image.id, project_name, "ls /secret.txt 2>&1 || true")
    assert "No such file" in missing or missing == ""


def test_up_build_rebuilds_and_post_start_runs(engine: Any, app: Path, project_name: str) -> None:
    assert figlet("-p", project_name, "up", "-d", cwd=app).code == 0
    [first] = containers(engine, project_name).values()
    ran = first.exec_run(["cat", "/post-start-ran"])
    assert (ran.exit_code, ran.output.decode().strip()) == (0, "hello")
    dockerfile = app / "app" / "Dockerfile"
    dockerfile.write_text(dockerfile.read_text().replace("ARG GREETING=unset", "ARG GREETING=x"))
    compose = app / "compose.yaml"
    compose.write_text(compose.read_text().replace("GREETING: hello", "GREETING: rebuilt"))
    done = figlet("-p", project_name, "up", "-d", "--build", "--progress", "plain", cwd=app)
    assert done.code == 0, done.err
    assert "Building" in done.err
    [second] = containers(engine, project_name).values()
    assert second.id != first.id  # a new image: recreated
    ran = second.exec_run(["cat", "/post-start-ran"])
    assert ran.output.decode().strip() == "rebuilt"


def test_two_independent_images_build_in_parallel(
    engine: Any, tmp_path: Path, project_name: str
) -> None:
    lines = ["services:"]
    for name in ("one", "two"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "Dockerfile").write_text(
            f"FROM figlet-local/busybox:latest\nRUN sleep 2 && echo {name} > /name\n"
        )
        lines += [f"  {name}:", f"    image: {project_name}-{name}", f"    build: ./{name}"]
    (tmp_path / "compose.yaml").write_text("\n".join(lines) + "\n")
    start = time.monotonic()
    done = figlet("-p", project_name, "build", "--no-cache", "--progress", "plain", cwd=tmp_path)
    elapsed = time.monotonic() - start
    assert done.code == 0, done.err
    events = [line for line in done.err.splitlines() if line.startswith("Image ")]
    # both builds start before either ends
    assert [line.split("  ")[1].split(" ")[0] for line in events[:2]] == ["Building"] * 2
    assert elapsed < 8  # two 2 s builds one after the other, with start-up, take longer
    for name in ("one", "two"):
        assert (
            engine.images.get(f"{project_name}-{name}").labels["com.docker.compose.service"] == name
        )


def test_a_failing_build_shows_the_builders_error_and_exits_1(
    tmp_path: Path, project_name: str
) -> None:
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "Dockerfile").write_text(
        "FROM figlet-local/busybox:latest\nRUN echo about to fail && exit 3\n"
    )
    (tmp_path / "compose.yaml").write_text(
        f"services:\n  bad:\n    image: {project_name}-bad\n    build: ./bad\n"
    )
    done = figlet("-p", project_name, "build", "--progress", "plain", cwd=tmp_path)
    assert done.code == 1
    assert f'service "bad": building {project_name}-bad failed: ' in done.err
    assert "exit code: 3" in done.err
    assert "about to fail" in done.err  # the build's own output came first


def test_pull_from_an_unreachable_registry_says_so(tmp_path: Path, project_name: str) -> None:
    (tmp_path / "compose.yaml").write_text(
        f"services:\n  ghost:\n    image: 127.0.0.1:1/{project_name}:y\n"
    )
    done = figlet("-p", project_name, "pull", cwd=tmp_path)
    assert done.code == 1
    assert "no registry answers at 127.0.0.1:1" in done.err
    assert "check the image name / network / login" in done.err
    assert "Traceback" not in done.err
    ignored = figlet("-p", project_name, "pull", "--ignore-pull-failures", cwd=tmp_path)
    assert ignored.code == 0 and "no registry answers at 127.0.0.1:1" in ignored.err


def test_push_to_an_unreachable_registry_says_so(
    engine: Any, tmp_path: Path, project_name: str
) -> None:
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "Dockerfile").write_text("FROM figlet-local/busybox:latest\n")
    (tmp_path / "compose.yaml").write_text(
        f"services:\n  x:\n    image: 127.0.0.1:1/{project_name}-x:y\n    build: ./x\n"
    )
    assert figlet("-p", project_name, "build", "-q", cwd=tmp_path).code == 0
    done = figlet("-p", project_name, "push", cwd=tmp_path)
    assert done.code == 1
    assert f"push image 127.0.0.1:1/{project_name}-x:y: no registry answers at 127.0.0.1:1" in (
        done.err
    )
    assert "check the image name / network / login" in done.err
    ignored = figlet("-p", project_name, "push", "--ignore-push-failures", cwd=tmp_path)
    assert ignored.code == 0 and "warning: push image" in ignored.err
