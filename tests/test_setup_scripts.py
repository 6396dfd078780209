"""scripts/ensure-engine.sh and scripts/build-images.sh.

The engine bootstrap's decisions are tested with stand-ins for docker, dockerd, dpkg-query and
apt-get on PATH, so no real engine is started or stopped. The image script's fast paths run
against the real engine (marked `engine`).
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import textwrap
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
ENSURE = ROOT / "scripts" / "ensure-engine.sh"
BUILD = ROOT / "scripts" / "build-images.sh"

PROJECT_PREFIX = "h4"

STUBS = {
    # `docker info` answers once the stand-in daemon has written $STUB/up.
    "docker": """
        [ -e "$STUB/up" ] || { echo "Cannot connect to the Docker daemon" >&2; exit 1; }
        case "$1" in version) echo 20.10.99 ;; esac
    """,
    # STUB_DOCKERD=ok: answers after a moment; die: exits at once; hang: never answers.
    "dockerd": """
        echo "$*" >"$STUB/dockerd.args"
        echo "$$" >"$STUB/dockerd.pid"
        echo "stub dockerd starting"
        case "${STUB_DOCKERD:-ok}" in
        ok) sleep 0.3; touch "$STUB/up"; sleep 3 ;;
        die) echo "failed to start daemon: boom"; exit 1 ;;
        hang) sleep 4 ;;
        esac
    """,
    "dpkg-query": """
        pkg="${@: -1}"
        grep -qx "$pkg" "$STUB/installed" 2>/dev/null || exit 1
        printf 'install ok installed'
    """,
    "apt-get": """
        echo "$*" >>"$STUB/apt.log"
        if [ -x "$FIGLET_POLICY_RC_D" ]; then
            "$FIGLET_POLICY_RC_D" docker start; echo "policy-rc.d says $?" >>"$STUB/apt.log"
        fi
        if [ "$1" = install ]; then
            for arg in "$@"; do
                case "$arg" in -* | install) ;; *) echo "$arg" >>"$STUB/installed" ;; esac
            done
        fi
    """,
}


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str


@dataclass
class Sandbox:
    """A PATH of stand-ins and the environment to run ensure-engine.sh in."""

    dir: Path
    env: dict[str, str]

    def run(self, *unset: str, **extra: str) -> Run:
        env = {k: v for k, v in {**self.env, **extra}.items() if k not in unset}
        done = subprocess.run(
            ["bash", str(ENSURE)], env=env, capture_output=True, text=True, timeout=60
        )
        return Run(done.returncode, done.stdout, done.stderr)

    def read(self, name: str) -> str:
        path = self.dir / name
        return path.read_text() if path.exists() else ""

    def installed(self, *packages: str) -> None:
        (self.dir / "installed").write_text("".join(f"{p}\n" for p in packages))


def stand_ins(tmp_path: Path, stubs: dict[str, str]) -> Path:
    """A bin directory of executable bash stand-ins, to put first on PATH."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name, body in stubs.items():
        stub = bin_dir / name
        stub.write_text("#!/usr/bin/env bash\n" + textwrap.dedent(body))
        stub.chmod(0o755)
    return bin_dir


@pytest.fixture
def sandbox(tmp_path: Path) -> Iterator[Sandbox]:
    bin_dir = stand_ins(tmp_path, STUBS)
    release = tmp_path / "os-release"
    release.write_text('PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\n')
    env = {
        "PATH": f"{bin_dir}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        "HOME": str(tmp_path),
        "STUB": str(tmp_path),
        "DOCKER_HOST": f"unix://{tmp_path}/docker.sock",
        "FIGLET_DOCKERD_LOG": str(tmp_path / "log" / "dockerd.log"),
        "FIGLET_OS_RELEASE": str(release),
        "FIGLET_ASSUME_UID": "0",
        "FIGLET_ENGINE_TIMEOUT": "20",
        "FIGLET_POLICY_RC_D": str(tmp_path / "policy-rc.d"),
    }
    box = Sandbox(tmp_path, env)
    try:
        yield box
    finally:
        # the stand-in dockerd ends by itself within seconds; end it now if it still runs
        pid_file = tmp_path / "dockerd.pid"
        if pid_file.exists():
            with contextlib.suppress(ProcessLookupError, ValueError):
                os.kill(int(pid_file.read_text()), signal.SIGTERM)


def test_engine_answering_means_nothing_to_do(sandbox: Sandbox) -> None:
    (sandbox.dir / "up").touch()
    result = sandbox.run()
    assert result.code == 0, result.err
    assert "answering at unix://" in result.out
    assert sandbox.read("dockerd.args") == ""
    assert sandbox.read("apt.log") == ""


def test_remote_docker_host_is_left_to_the_user(sandbox: Sandbox) -> None:
    result = sandbox.run(DOCKER_HOST="tcp://127.0.0.1:1")
    assert result.code == 1
    assert "no Docker engine answers at tcp://127.0.0.1:1" in result.err
    assert "DOCKER_HOST points at a remote engine" in result.err
    assert sandbox.read("dockerd.args") == ""


def test_not_root_prints_what_to_do(sandbox: Sandbox) -> None:
    result = sandbox.run(FIGLET_ASSUME_UID="1000")
    assert result.code == 1
    assert "not running as root" in result.err
    assert "sudo systemctl start docker" in result.err
    assert "export DOCKER_HOST=" in result.err
    assert sandbox.read("apt.log") == ""
    assert sandbox.read("dockerd.args") == ""


def test_not_debian_prints_what_to_do(sandbox: Sandbox) -> None:
    release = sandbox.dir / "os-release"
    release.write_text("ID=fedora\nID_LIKE=rhel\n")
    result = sandbox.run()
    assert result.code == 1
    assert "not a Debian system" in result.err
    assert sandbox.read("apt.log") == ""


def test_root_on_debian_installs_starts_and_waits(sandbox: Sandbox) -> None:
    result = sandbox.run()
    assert result.code == 0, result.err
    apt = [line for line in sandbox.read("apt.log").splitlines() if "policy" not in line]
    assert apt[0] == "update -qq"
    assert apt[1].startswith("install ") and apt[1].endswith("docker.io iptables")
    args = sandbox.read("dockerd.args")
    assert f"--host=unix://{sandbox.dir}/docker.sock" in args
    assert "--default-address-pool base=10.200.0.0/16,size=24" in args
    assert "stub dockerd starting" in sandbox.read("log/dockerd.log")
    assert "engine answering (Docker 20.10.99" in result.out


def test_package_scripts_may_not_start_services_while_installing(sandbox: Sandbox) -> None:
    result = sandbox.run()
    assert result.code == 0, result.err
    assert sandbox.read("apt.log").splitlines()[-1] == "policy-rc.d says 101"
    assert not (sandbox.dir / "policy-rc.d").exists()  # removed afterwards


def test_an_existing_service_policy_is_kept(sandbox: Sandbox) -> None:
    policy = sandbox.dir / "policy-rc.d"
    policy.write_text("#!/bin/sh\nexit 0\n")
    policy.chmod(0o755)
    result = sandbox.run()
    assert result.code == 0, result.err
    assert sandbox.read("apt.log").splitlines()[-1] == "policy-rc.d says 0"
    assert policy.read_text() == "#!/bin/sh\nexit 0\n"


def test_installed_packages_are_not_installed_again(sandbox: Sandbox) -> None:
    sandbox.installed("docker.io", "iptables")
    result = sandbox.run()
    assert result.code == 0, result.err
    assert sandbox.read("apt.log") == ""
    assert sandbox.read("dockerd.args") != ""


def test_dockerd_that_dies_reports_its_log(sandbox: Sandbox) -> None:
    sandbox.installed("docker.io", "iptables")
    result = sandbox.run(STUB_DOCKERD="die")
    assert result.code == 1
    assert "dockerd exited before answering" in result.err
    assert "failed to start daemon: boom" in result.err


def test_dockerd_that_never_answers_times_out_with_its_log(sandbox: Sandbox) -> None:
    sandbox.installed("docker.io", "iptables")
    result = sandbox.run(STUB_DOCKERD="hang", FIGLET_ENGINE_TIMEOUT="1")
    assert result.code == 1
    assert "did not answer within 1s" in result.err
    assert "stub dockerd starting" in result.err


def test_dockerd_still_starting_is_waited_for_not_started_again(sandbox: Sandbox) -> None:
    sandbox.installed("docker.io", "iptables")
    starting = subprocess.Popen(
        [str(sandbox.dir / "bin" / "dockerd")], env=sandbox.env, stdout=subprocess.DEVNULL
    )
    try:
        (sandbox.dir / "docker.pid").write_text(f"{starting.pid}\n")
        result = sandbox.run("DOCKER_HOST", FIGLET_DOCKERD_PIDFILE=str(sandbox.dir / "docker.pid"))
        assert result.code == 0, result.err
        assert f"dockerd (pid {starting.pid}) is running but does not answer yet" in result.out
        assert "starting:" not in result.out
        assert sandbox.read("dockerd.args").strip() == ""  # only the one started here
    finally:
        starting.terminate()
        starting.wait()


def test_dry_run_says_what_it_would_do(sandbox: Sandbox) -> None:
    sandbox.installed("iptables")
    result = sandbox.run(FIGLET_ENGINE_DRY_RUN="1")
    assert result.code == 0, result.err
    assert "would install: docker.io" in result.out
    assert "would start: dockerd --host=unix://" in result.out
    assert sandbox.read("apt.log") == ""
    assert sandbox.read("dockerd.args") == ""


IMAGE_STUBS = {
    # `docker image inspect` finds nothing; `docker import` records its arguments.
    "docker": """
        case "$1" in
        info) exit 0 ;;
        image) exit 1 ;;
        import) printf '%s\\0' "$@" >"$STUB/import.args"; echo sha256:0123 ;;
        esac
    """,
    "dpkg-query": STUBS["dpkg-query"],
    "apt-get": STUBS["apt-get"],
    # makes a tiny root filesystem where debootstrap would build one
    "debootstrap": """
        echo "$*" >"$STUB/debootstrap.args"
        target="${@: -2:1}"
        mkdir -p "$target/etc" && echo bookworm >"$target/etc/debian_version"
    """,
}


def test_debian_image_on_a_fresh_machine_installs_debootstrap_and_imports(
    tmp_path: Path,
) -> None:
    """No image, no cached root filesystem, no debootstrap: it is installed, run, and the
    tarball's path (and nothing that was printed on the way) goes to `docker import`."""
    bin_dir = stand_ins(tmp_path, IMAGE_STUBS)
    release = tmp_path / "os-release"
    release.write_text("ID=debian\n")
    cache = tmp_path / "cache"
    done = subprocess.run(
        ["bash", str(BUILD), "debian"],
        env={
            "PATH": f"{bin_dir}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            "HOME": str(tmp_path),
            "STUB": str(tmp_path),
            "FIGLET_OS_RELEASE": str(release),
            "FIGLET_ASSUME_UID": "0",
            "FIGLET_IMAGE_CACHE": str(cache),
            "FIGLET_DEBIAN_MIRROR": "http://mirror.example/debian",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "debootstrap" in (tmp_path / "apt.log").read_text()
    tarball = cache / "debian-bookworm-minbase.tar"
    assert tarball.is_file()
    args = (tmp_path / "import.args").read_text().split("\0")
    assert args[-3:] == [str(tarball), "figlet-local/debian:bookworm", ""]
    assert "figlet-local/debian:bookworm: built" in done.stdout


def mirror(apt_etc: Path, **env: str) -> str:
    done = subprocess.run(
        ["bash", str(BUILD), "mirror"],
        env={"PATH": os.environ["PATH"], "FIGLET_APT_ETC": str(apt_etc), **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def test_mirror_from_deb822_sources(tmp_path: Path) -> None:
    (tmp_path / "sources.list.d").mkdir()
    (tmp_path / "sources.list.d" / "debian.sources").write_text(
        "Types: deb\nURIs: http://mirror.example/debian-security\nSuites: bookworm-security\n\n"
        "Types: deb\n# a comment\nURIs: http://mirror.example/debian\n"
        "Suites: bookworm bookworm-updates\nComponents: main\n"
    )
    assert mirror(tmp_path) == "http://mirror.example/debian"


def test_mirror_from_one_line_sources(tmp_path: Path) -> None:
    (tmp_path / "sources.list").write_text(
        "deb http://security.example/debian-security bookworm-security main\n"
        "deb [arch=amd64 signed-by=/k.gpg] http://mirror.example/debian bookworm main\n"
    )
    assert mirror(tmp_path) == "http://mirror.example/debian"


def test_mirror_default_and_override(tmp_path: Path) -> None:
    assert mirror(tmp_path) == "http://deb.debian.org/debian"
    assert mirror(tmp_path, FIGLET_DEBIAN_MIRROR="http://m.example/d") == "http://m.example/d"


@pytest.mark.engine
def test_existing_images_are_left_alone(engine: Any) -> None:
    done = subprocess.run(["bash", str(BUILD)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "figlet-local/busybox:latest: present" in done.stdout
    assert "figlet-local/debian:bookworm: present" in done.stdout


@pytest.mark.engine
def test_busybox_image_is_built_from_scratch(engine: Any) -> None:
    import docker.errors

    tag = f"h4-setup-test/busybox:{uuid.uuid4().hex[:8]}"
    try:
        done = subprocess.run(
            ["bash", str(BUILD), "busybox"],
            env={**os.environ, "FIGLET_BUSYBOX_IMAGE": tag},
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        assert f"{tag}: built" in done.stdout
        image = engine.images.get(tag)
        assert image.attrs["Config"]["Cmd"] == ["sh"]
        assert len(image.history()) <= 4  # FROM scratch: COPY, RUN, LABEL, CMD
    finally:
        with contextlib.suppress(docker.errors.ImageNotFound):
            engine.images.remove(tag, force=True)


@pytest.mark.engine
def test_debian_image_has_what_the_samples_need(engine: Any, project_name: str) -> None:
    output = engine.containers.run(
        "figlet-local/debian:bookworm",
        ["sh", "-c", "python3 --version && redis-server --version && nginx -v 2>&1 && curl -V"],
        labels={"com.docker.compose.project": project_name},
        remove=True,
    ).decode()
    assert "Python 3.11" in output
    assert "Redis server v=7" in output
    assert "nginx version: nginx/" in output
    assert output.count("curl ") >= 1
