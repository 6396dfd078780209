"""The command line in-process, on the fake engine: the `figlet` fixture runs
`figlet.cli.app.main` with the fake injected as the engine, in a project directory holding
COMPOSE, and returns its exit code, stdout and stderr."""

from __future__ import annotations

from pathlib import Path

import pytest
from _cli import BUSYBOX, COMPOSE, Figlet, Run

from figlet.cli.app import main
from figlet.engine.fake import FakeEngine


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A directory holding COMPOSE, the working directory of the test; no COMPOSE_* variable
    of the caller leaks in, nothing is cached between tests, and the project locks are the
    test's own (not /tmp/figlet-locks, where another test run may hold project "demo")."""
    (tmp_path / "compose.yaml").write_text(COMPOSE)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    monkeypatch.setenv("FIGLET_NO_CACHE", "1")
    monkeypatch.setenv("FIGLET_PULL", "never")
    for name in ("COMPOSE_FILE", "COMPOSE_PROJECT_NAME", "COMPOSE_PROFILES", "TAG"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


@pytest.fixture
def fake() -> FakeEngine:
    return FakeEngine(images=(BUSYBOX,))


@pytest.fixture
def figlet(project: Path, fake: FakeEngine, capsys: pytest.CaptureFixture[str]) -> Figlet:
    """Run a command line on `fake` (or on `engine=`, another one)."""

    def run(*args: str, engine: FakeEngine | None = None) -> Run:
        capsys.readouterr()
        chosen = fake if engine is None else engine
        code = main(list(args), connect=lambda: chosen)
        out, err = capsys.readouterr()
        assert "Traceback" not in err, err
        return Run(code, out, err)

    return run
