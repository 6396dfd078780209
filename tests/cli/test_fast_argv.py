"""The typer-free fast path of the command line (`figlet.cli._argv`) against the typer app.

Both must declare the same options and turn every line the fast path accepts into the same
call of the same body; whatever the fast path refuses goes to typer.
"""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from figlet.cli import _argv
from figlet.cli import app as cli_app
from figlet.options import LoadOptions

LOAD_FIELDS = ("files", "project_name", "project_directory", "env_files", "profiles")

ACCEPTED = [
    ["up"],
    ["up", "-d"],
    ["-f", "a.yaml", "-p", "demo", "up", "-d"],
    ["-f", "a.yaml", "--file", "b.yaml", "--project-name=x", "up", "web", "db"],
    ["--project-directory", "/tmp", "--env-file", "e1", "--env-file=e2", "--profile", "p", "ps"],
    ["up", "web", "--scale", "web=3", "--scale=db=1", "-d", "lb"],
    ["up", "--build", "--no-build", "--pull", "never", "--timeout", " 7", "--parallel", "4"],
    ["up", "--no-build", "--build"],
    ["up", "-t", "-1", "--wait", "--wait-timeout", "30", "--progress", "plain"],
    ["up", "--abort-on-container-exit", "--exit-code-from", "web", "--no-deps"],
    ["up", "--force-recreate", "--no-recreate", "--no-start", "--remove-orphans", "--dry-run"],
    ["up", "--pull", "sometimes"],  # not a choice typer checks: the body reports it
    ["up", "-"],
    ["-p", "-x", "down"],
    ["down"],
    ["down", "-t", "0"],
    ["down", "-v", "--volumes", "--rmi", "all", "--remove-orphans", "--timeout=3"],
    ["down", "--dry-run", "--parallel", "2", "--progress", "json"],
    ["ps"],
    ["ps", "-a", "-q", "--services", "--status", "running", "--status", "exited", "web"],
    ["ps", "--all", "--quiet", "--format", "json", "db", "web"],
    ["plan"],
    ["plan", "web", "--scale", "web=2", "--no-deps", "--format", "json", "--operations"],
    ["plan", "--force-recreate", "--no-recreate", "--no-start", "--remove-orphans"],
    ["scale", "web=3"],
    ["scale", "web=3", "db=1", "-t", "5", "--parallel", "3", "--progress", "quiet"],
    ["config"],
    ["config", "--format", "json"],
    ["config", "--format=yaml", "--services", "--volumes", "--networks", "--profiles"],
    ["config", "--images", "--hash", "*", "-q", "--quiet", "--no-interpolate"],
    ["config", "--environment", "-o", "out.yaml", "--output", "other.yaml"],
]

REFUSED = [
    [],
    ["--version"],
    ["-v", "up"],
    ["--help"],
    ["up", "--help"],
    ["up", "-h"],
    ["up", "--detached"],
    ["up", "-dt", "0"],
    ["up", "-t0"],
    ["up", "--timeout", "soon"],
    ["up", "--timeout"],
    ["up", "--", "web"],
    ["up", "--detach=1"],
    ["down", "extra"],
    ["down", "-t", "1.5"],
    ["scale"],
    ["config", "--format", "xml"],
    ["-f"],
    ["-f", "a.yaml"],
    ["-x", "up"],
    ["up", "-f", "a.yaml"],
    ["version"],
    ["logs"],
]


@pytest.fixture(scope="module")
def app() -> typer.Typer:
    if not any(c.name == "up" for c in cli_app.app.registered_commands):
        cli_app.register_commands()
    return cli_app.app


@pytest.fixture
def captured(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[str, LoadOptions, dict]]]:
    """Every body's `run` replaced by a recorder of (command, load options, params)."""
    calls: list[tuple[str, LoadOptions, dict[str, Any]]] = []
    for command in _argv.COMMANDS.values():
        module = importlib.import_module(command.module)

        def record(load: LoadOptions, _name: str = command.name, **params: Any) -> None:
            calls.append((_name, load, params))

        monkeypatch.setattr(module, "run", record)
    yield calls


def typer_call(app: typer.Typer, argv: list[str], calls: list[Any]) -> tuple[str, dict, dict]:
    calls.clear()
    result = CliRunner().invoke(app, argv, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert len(calls) == 1, f"typer ran no body for {argv}"
    name, load, params = calls[0]
    return name, {f: getattr(load, f) for f in LOAD_FIELDS}, params


@pytest.mark.parametrize("argv", ACCEPTED, ids=" ".join)
def test_fast_path_parses_as_typer_does(app: typer.Typer, captured: list[Any], argv: list[str]):
    call = _argv.parse(argv)
    assert call is not None, f"the fast path refused {argv}"
    load = _argv.global_load_options(**call.load)
    fast = (call.command.name, {f: getattr(load, f) for f in LOAD_FIELDS}, call.params)
    assert fast == typer_call(app, argv, captured)


@pytest.mark.parametrize("argv", REFUSED, ids=lambda argv: " ".join(argv) or "(nothing)")
def test_fast_path_leaves_the_rest_to_typer(argv: list[str]) -> None:
    assert _argv.parse(argv) is None


def _typer_options(command: Any) -> dict[str, tuple[str, bool, bool]]:
    """Option string -> (dest, flag?, repeatable?) for every option, `--x/--no-x` included."""
    found: dict[str, tuple[str, bool, bool]] = {}
    for param in command.params:
        if param.param_type_name == "option" and param.name not in ("help", "version"):
            for name in (*param.opts, *param.secondary_opts):
                found[name] = (str(param.name), bool(param.is_flag), bool(param.multiple))
    return found


def _fast_options(options: tuple[_argv.Opt, ...]) -> dict[str, tuple[str, bool, bool]]:
    found: dict[str, tuple[str, bool, bool]] = {}
    for opt in options:
        for name in (*opt.names, *opt.off):
            found[name] = (opt.dest, opt.kind in ("flag", "switch"), opt.kind == "multi")
    return found


def test_fast_path_declares_every_option_typer_does(app: typer.Typer) -> None:
    group: Any = typer.main.get_command(app)
    assert _fast_options(_argv.GLOBAL) == _typer_options(group)
    for name, command in _argv.COMMANDS.items():
        declared = group.commands[name]
        assert _fast_options(command.options) == _typer_options(declared), name
        arguments = [p for p in declared.params if p.param_type_name == "argument"]
        assert [p.name for p in arguments] == ([command.arguments] if command.arguments else [])
        assert all(p.required == command.arguments_required for p in arguments), name


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "compose.yaml").write_text("services:\n  web:\n    image: nginx\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("FIGLET_NO_CACHE", "1")
    for name in ("COMPOSE_FILE", "COMPOSE_PROJECT_NAME", "COMPOSE_PROFILES"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def figlet(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "figlet", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "FIGLET_NO_CACHE": "1"},
        check=False,
    )


def test_a_fast_line_prints_what_the_typer_app_prints(app: typer.Typer, project: Path) -> None:
    fast = figlet("-p", "fast", "config", "--format", "json", cwd=project)
    slow = CliRunner().invoke(app, ["-p", "fast", "config", "--format", "json"])
    assert fast.returncode == slow.exit_code == 0, fast.stderr
    assert fast.stdout == slow.stdout
    assert '"image": "nginx"' in fast.stdout


def test_a_fast_line_fails_as_the_typer_app_fails(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "compose.yaml").write_text("services:\n  web:\n    image: [nginx]\n")
    with pytest.raises(SystemExit) as fast:
        _argv.run_fast(["config"])
    fast_err = capsys.readouterr().err
    monkeypatch.setattr(sys, "argv", ["figlet", "config"])
    with pytest.raises(SystemExit) as slow:
        cli_app.run()
    slow_err = capsys.readouterr().err
    assert fast.value.code == slow.value.code == 1
    assert "compose.yaml:3:12: services.web.image" in fast_err
    assert fast_err == slow_err


def test_a_refused_line_still_gets_typers_error(project: Path) -> None:
    done = figlet("up", "--detached", cwd=project)
    assert done.returncode == 2
    assert "No such option" in done.stderr


def test_ctrl_c_outside_the_executor_exits_130(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """As an interrupted run does: a crash-safe rerun is what follows either way."""

    def interrupted(load: LoadOptions, **params: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(importlib.import_module("figlet.cli._ps"), "run", interrupted)
    with pytest.raises(SystemExit) as stopped:
        _argv.run_fast(["ps"])
    assert stopped.value.code == 130
    assert capsys.readouterr().err == "\nAborted!\n"


def test_the_process_ends_with_the_commands_code_and_all_its_output(project: Path) -> None:
    """The fast path leaves without the interpreter's teardown: nothing printed may be lost."""
    services = "".join(f"  s{i}:\n    image: nginx\n    command: echo {i}\n" for i in range(300))
    (project / "compose.yaml").write_text("services:\n" + services)
    done = figlet("-p", "big", "config", "--format", "json", cwd=project)
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)["services"]) == 300
    (project / "compose.yaml").write_text("services:\n  web:\n    image: [nginx]\n")
    failed = figlet("config", cwd=project)
    assert failed.returncode == 1
    assert "compose.yaml:3:12: services.web.image" in failed.stderr
