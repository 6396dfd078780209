"""The project lock: one up / down / scale at a time per engine and project on this host."""

from __future__ import annotations

import io
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from figlet import api
from figlet.engine.fake import FakeEngine
from figlet.errors import FigletError
from figlet.lock import LockTimeout, lock_path, lock_timeout, project_lock
from figlet.model import Network, Project, Service, ServiceNetwork

ENGINE = "unix:///var/run/docker.sock"


@pytest.fixture(autouse=True)
def run_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    monkeypatch.delenv("FIGLET_LOCK_TIMEOUT", raising=False)
    return tmp_path


class Holder:
    """`project_lock` held by another thread until `release()`."""

    def __init__(self, project: str = "p", engine: str = ENGINE) -> None:
        self.acquired = threading.Event()
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._hold, args=(engine, project))
        self.thread.start()
        assert self.acquired.wait(5)

    def _hold(self, engine: str, project: str) -> None:
        with project_lock(engine, project, "up"):
            self.acquired.set()
            self.done.wait(10)

    def release(self) -> None:
        self.done.set()
        self.thread.join(5)


@pytest.fixture
def holder() -> Iterator[Holder]:
    held = Holder()
    yield held
    held.release()


def test_the_lock_file_is_per_engine_and_project_in_the_run_directory(run_dir: Path) -> None:
    path = lock_path(ENGINE, "web", {"XDG_RUNTIME_DIR": str(run_dir)})
    assert path.startswith(str(run_dir / "figlet") + os.sep) and path.endswith("-web.lock")
    assert lock_path("tcp://other:2375", "web", {}) != lock_path(ENGINE, "web", {})
    assert lock_path(ENGINE, "web", {}).startswith("/tmp/figlet-locks/")


def test_a_second_command_waits_names_the_holder_once_and_times_out(holder: Holder) -> None:
    stderr = io.StringIO()
    started = time.monotonic()
    with (
        pytest.raises(LockTimeout) as caught,
        project_lock(ENGINE, "p", "down", timeout=0.4, stderr=stderr),
    ):
        pytest.fail("the lock was taken twice")
    assert time.monotonic() - started >= 0.4
    waiting = stderr.getvalue().splitlines()
    assert len(waiting) == 1
    assert f"figlet up (pid {os.getpid()}: `" in waiting[0]
    assert "changing project p" in waiting[0]
    message = caught.value.render()
    assert "project p is still locked by figlet up" in message
    assert "FIGLET_LOCK_TIMEOUT" in message


def test_the_second_command_runs_once_the_first_is_done(holder: Holder) -> None:
    threading.Timer(0.3, holder.release).start()
    stderr = io.StringIO()
    with project_lock(ENGINE, "p", "down", timeout=5, stderr=stderr):
        assert holder.done.is_set()
    assert stderr.getvalue().count("waiting for") == 1


def test_other_projects_and_engines_do_not_wait(holder: Holder) -> None:
    stderr = io.StringIO()
    with project_lock(ENGINE, "q", "up", timeout=0, stderr=stderr):
        pass
    with project_lock("tcp://elsewhere:2375", "p", "up", timeout=0, stderr=stderr):
        pass
    assert stderr.getvalue() == ""


def test_a_nested_lock_in_the_same_thread_passes_through() -> None:
    with project_lock(ENGINE, "p", "up", timeout=0), project_lock(ENGINE, "p", "up", timeout=0):
        pass
    with project_lock(ENGINE, "p", "up", timeout=0):  # released by the outer block
        pass


def test_the_holder_is_written_while_held_and_cleared_after(run_dir: Path) -> None:
    path = Path(lock_path(ENGINE, "p"))
    with project_lock(ENGINE, "p", "scale", timeout=0):
        pid, what, _command = path.read_text().splitlines()
        assert (pid, what) == (str(os.getpid()), "scale")
    assert path.read_text() == ""


@pytest.mark.parametrize(("raw", "seconds"), [("", 300.0), ("0", 0.0), ("2.5", 2.5)])
def test_figlet_lock_timeout(raw: str, seconds: float) -> None:
    assert lock_timeout({"FIGLET_LOCK_TIMEOUT": raw}) == seconds


@pytest.mark.parametrize("raw", ["soon", "-1", "nan"])
def test_a_bad_figlet_lock_timeout_is_an_error(raw: str) -> None:
    with pytest.raises(FigletError, match="FIGLET_LOCK_TIMEOUT"):
        lock_timeout({"FIGLET_LOCK_TIMEOUT": raw})


def _project() -> Project:
    image = "figlet-local/busybox:latest"
    web = Service(
        name="web",
        spec={"image": image, "networks": {"default": None}},
        image=image,
        networks=(ServiceNetwork(network="default"),),
    )
    return Project(
        name="p",
        working_dir="/tmp/p",
        config_files=("/tmp/p/compose.yaml",),
        services={"web": web},
        networks={"default": Network(key="default", name="p_default", spec={})},
        volumes={},
        spec={},
    )


def test_api_up_and_down_wait_for_the_project_lock_of_their_engine(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    engine = FakeEngine()
    monkeypatch.setenv("FIGLET_LOCK_TIMEOUT", "0.2")
    held = Holder(engine=engine.describe())
    try:
        with pytest.raises(LockTimeout):
            api.up(_project(), engine)
        with pytest.raises(LockTimeout):
            api.down("p", _project(), engine)
        assert not engine.containers
        assert api.up(_project(), engine, dry_run=True).outcome is None  # changes nothing
    finally:
        held.release()
    assert api.up(_project(), engine).changed
    assert api.down("p", _project(), engine).changed


def test_without_a_usable_run_directory_the_command_runs_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    not_a_directory = tmp_path / "file"
    not_a_directory.write_text("")
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(not_a_directory))
    stderr = io.StringIO()
    ran = False
    with project_lock(ENGINE, "p", "up", timeout=0, stderr=stderr):
        ran = True
    assert ran
    assert "cannot lock project p" in stderr.getvalue()
