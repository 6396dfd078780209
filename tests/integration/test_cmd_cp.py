"""`figlet cp` on the real engine, as a user types it: a directory in and out with its
contents intact, a file to a new name, `-` (a tar stream) both ways, every replica of a
service by default, and the same exit codes as `docker compose cp` on the same project."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path
from typing import Any

import pytest
from _h5 import figlet_env

PROJECT_PREFIX = "cp"
COMPOSE = """\
services:
  box:
    image: figlet-local/busybox:latest
    command: ["sleep", "3600"]
    deploy:
      replicas: 2
"""


@pytest.fixture
def workdir(tmp_path: Path, busybox_image: str) -> Path:
    (tmp_path / "compose.yaml").write_text(COMPOSE)
    (tmp_path / "conf" / "sub").mkdir(parents=True)
    (tmp_path / "conf" / "a.txt").write_text("a\n")
    (tmp_path / "conf" / "sub" / "b.bin").write_bytes(bytes(range(256)) * 40)
    (tmp_path / "f.txt").write_text("hi\n")
    return tmp_path


def run(project: str, cwd: Path, *args: str, stdin: bytes = b"") -> tuple[int, bytes, str]:
    """`figlet -p PROJECT ARGS` in `cwd`: exit code, stdout (bytes: a tar with `-`), stderr."""
    done = subprocess.run(
        [sys.executable, "-m", "figlet", "-p", project, *args],
        cwd=cwd,
        env=figlet_env(),
        input=stdin,
        capture_output=True,
        timeout=120,
        check=False,
    )
    return done.returncode, done.stdout, done.stderr.decode(errors="replace")


def _tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def _up(project: str, cwd: Path) -> None:
    code, _, err = run(project, cwd, "up", "-d", "--progress", "quiet")
    assert code == 0, err


def test_copies_both_ways(engine: Any, project_name: str, workdir: Path) -> None:
    _up(project_name, workdir)
    code, _, err = run(project_name, workdir, "cp", "conf", "box:/")
    assert code == 0, err
    assert err.count(" Copied\n") == 2  # both replicas
    out = workdir / "out"
    out.mkdir()
    for index in ("1", "2"):
        code, _, err = run(
            project_name, workdir, "cp", "--index", index, "box:/conf", f"out/{index}"
        )
        assert code == 0, err
        assert _tree(out / index) == _tree(workdir / "conf")
    assert run(project_name, workdir, "cp", "f.txt", "box:/conf/g.txt")[0] == 0
    assert run(project_name, workdir, "cp", "box:/conf/g.txt", "g2.txt")[0] == 0
    assert (workdir / "g2.txt").read_text() == "hi\n"

    code, tar, err = run(project_name, workdir, "cp", "box:/conf", "-")
    assert code == 0, err
    with tarfile.open(fileobj=io.BytesIO(tar)) as archive:
        assert {"conf/a.txt", "conf/sub/b.bin", "conf/g.txt"} <= set(archive.getnames())
    body = io.BytesIO()
    with tarfile.open(fileobj=body, mode="w") as archive:
        member = tarfile.TarInfo("piped.txt")
        member.size = 6
        archive.addfile(member, io.BytesIO(b"piped\n"))
    code, _, err = run(project_name, workdir, "cp", "-", "box:/conf", stdin=body.getvalue())
    assert code == 0, err
    code, _, err = run(project_name, workdir, "cp", "--index", "2", "box:/conf/piped.txt", ".")
    assert code == 0, err
    assert (workdir / "piped.txt").read_text() == "piped\n"


@pytest.mark.skipif(shutil.which("docker") is None, reason="needs the docker CLI")
def test_the_same_exit_codes_as_docker_compose(
    engine: Any, new_project_name: Any, workdir: Path
) -> None:
    ours, theirs = new_project_name(), new_project_name()
    if subprocess.run(["docker", "compose", "version"], capture_output=True).returncode:
        pytest.skip("docker compose is not installed")
    _up(ours, workdir)
    subprocess.run(
        ["docker", "compose", "-p", theirs, "up", "-d"],
        cwd=workdir,
        check=True,
        capture_output=True,
        timeout=120,
    )
    cases = [
        ["cp", "conf", "box:/"],
        ["cp", "box:/conf", "back"],
        ["cp", "f.txt", "box:/new.txt"],
        ["cp", "nosuch:/x", "."],
        ["cp", "box:/nope", "."],
        ["cp", "./nope", "box:/"],
        ["cp", "f.txt", "box:/nodir/"],
        ["cp", "box:/a", "box:/b"],
    ]
    for case in cases:
        mine, _, err = run(ours, workdir, *case)
        compose = subprocess.run(
            ["docker", "compose", "-p", theirs, *case],
            cwd=workdir,
            capture_output=True,
            timeout=120,
            check=False,
        )
        shutil.rmtree(workdir / "back", ignore_errors=True)
        assert mine == compose.returncode, (case, err, compose.stderr)
