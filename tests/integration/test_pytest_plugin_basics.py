"""The pytest plugin without a working engine: import cost, option errors, no-engine message,
project names."""

from __future__ import annotations

import re
import subprocess
import sys
from importlib.metadata import entry_points

import pytest

from figlet.errors import FigletError
from figlet.testing._session import check_prefix, project_name

pytest_plugins = ["pytester"]


@pytest.fixture
def inner(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    monkeypatch.setenv("FIGLET_REAP", "0")  # inner sessions must not reap the outer tests' stacks
    return pytester


def test_importing_the_plugin_imports_neither_the_docker_sdk_nor_figlet_core() -> None:
    code = (
        "import sys, figlet.testing.plugin\n"
        "heavy = [m for m in ('docker', 'requests', 'yaml', 'figlet.api', 'figlet.loader')"
        " if m in sys.modules]\n"
        "print(heavy)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.strip() == "[]"


def test_the_entry_point_is_named_like_the_module() -> None:
    """Registered as `figlet = ...`, `pytest_plugins = ["figlet.testing.plugin"]` (what the docs
    say to write before the entry point exists) would crash pytest: "Plugin already registered
    under a different name". Under the module's own name, explicit loading is a no-op."""
    found = [ep for ep in entry_points(group="pytest11") if ep.value == "figlet.testing.plugin"]
    if not found:
        pytest.skip("figlet's pytest11 entry point is not registered (yet)")
    assert [ep.name for ep in found] == ["figlet.testing.plugin"]


def test_no_engine_fails_the_test_with_a_message_not_a_traceback(
    inner: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    compose = inner.path / "compose.yaml"
    compose.write_text("services:\n  web:\n    image: figlet-local/busybox:latest\n")
    monkeypatch.setenv("DOCKER_HOST", f"unix://{inner.path}/no-engine.sock")
    inner.makepyfile(
        test_inner="""
        def test_web(figlet_stack):
            figlet_stack("compose.yaml")
        """
    )
    result = inner.runpytest_subprocess(
        "-p", "figlet.testing.plugin", "--figlet-project-prefix", "h7"
    )
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "*figlet: no Docker engine answers:",
            f"*cannot reach the Docker engine at unix://{inner.path}/no-engine.sock*",
        ]
    )
    output = result.stdout.str()
    assert "DOCKER_HOST" in output and "make engine" in output
    assert "Traceback" not in output and "docker/api" not in output
    assert "could not take down" not in output  # nothing was created, nothing to clean


def test_a_missing_compose_file_is_a_located_failure(inner: pytest.Pytester) -> None:
    inner.makepyfile(
        test_inner="""
        def test_web(figlet_stack):
            figlet_stack("nowhere/compose.yaml")

        def test_default(figlet_stack):
            figlet_stack()
        """
    )
    result = inner.runpytest_subprocess("-p", "figlet.testing.plugin")
    result.assert_outcomes(failed=2)
    result.stdout.fnmatch_lines(
        [
            f"*figlet: cannot load {inner.path}/nowhere/compose.yaml:",
            "*figlet: no compose file: pass one (figlet_stack('compose.yaml')) or set "
            "`figlet_compose_file` in the pytest ini file",
        ]
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--figlet-project-prefix", "Bad Prefix"], "*'Bad Prefix' cannot start a project name*"),
        (["-o", "figlet_log_lines=many"], "*figlet_log_lines = 'many' is not a number*"),
    ],
)
def test_bad_options_are_usage_errors(
    inner: pytest.Pytester, args: list[str], message: str
) -> None:
    result = inner.runpytest_subprocess("-p", "figlet.testing.plugin", *args)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([f"ERROR: figlet: {message}"])


def test_project_names_are_valid_unique_and_readable() -> None:
    first = project_name("h7", "test_web[Redis 7.2/alpine]")
    second = project_name("h7", "test_web[Redis 7.2/alpine]")
    assert first != second
    assert re.fullmatch(r"h7-test-web-redis-7-2-alpin-[0-9a-f]{6}", first)
    long = project_name("h7", "test_" + "x" * 80)
    assert len(long) <= len("h7-") + 24 + 7
    assert re.fullmatch(r"h7-[0-9a-f]{6}", project_name("h7", "[]"))


def test_a_prefix_must_start_a_valid_project_name() -> None:
    assert check_prefix("h7_a-1") == "h7_a-1"
    for bad in ("", "-h7", "H7", "h7 x"):
        with pytest.raises(FigletError):
            check_prefix(bad)
