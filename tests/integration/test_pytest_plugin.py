"""The pytest plugin on the real engine: small inner test files run through `pytester`.

Every inner run uses the project prefix `h7-<6 hex>` of its outer test; whatever carries a project
label starting with it is removed after the outer test, pass or fail.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from _cleanup import project_prefix, projects

pytest_plugins = ["pytester"]

PROJECT_LABEL = "com.docker.compose.project"
FIXTURES = Path(__file__).resolve().parent.parent / "plugin_fixtures"
WEB = FIXTURES / "web" / "compose.yaml"
BROKEN = FIXTURES / "broken" / "compose.yaml"

# Inner tests record what the engine holds for their project, so that the outer test can compare
# "during" with "after". They use the docker SDK directly: an independent witness.
COUNT = f"""
import docker

def count(project):
    client = docker.from_env()
    label = {{"label": "{PROJECT_LABEL}=" + project}}
    return (
        len(client.containers.list(all=True, filters=label, ignore_removed=True)),
        len(client.networks.list(filters=label)),
        len(client.volumes.list(filters=label)),
    )
"""


@pytest.fixture(autouse=True)
def _images(busybox_image: str) -> None:
    """Every test here needs the local busybox image (skips/fails like the shared fixtures)."""


@pytest.fixture
def prefix(engine: Any) -> Iterator[str]:
    """A project prefix for the inner runs (`_cleanup.project_prefix`)."""
    with project_prefix(engine, "h7") as value:
        yield value


@pytest.fixture
def inner(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    """A pytester whose runs load only figlet's plugin (not every installed one)."""
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    monkeypatch.setenv("FIGLET_REAP", "0")  # inner sessions must not reap the outer tests' stacks
    monkeypatch.delenv("GREETING", raising=False)
    pytester.makeini(f"[pytest]\nfiglet_compose_file = {WEB}\n")
    pytester.makepyfile(count=COUNT)
    return pytester


def run(pytester: pytest.Pytester, prefix: str, *args: str) -> pytest.RunResult:
    """A real pytest process: in-process runs would re-import yaml under its C extension."""
    return pytester.runpytest_subprocess(
        "-p", "figlet.testing.plugin", "--figlet-project-prefix", prefix, *args
    )


def recorded(pytester: pytest.Pytester, name: str) -> list[str]:
    return (pytester.path / name).read_text().split()


def test_a_passing_test_reaches_its_service_and_leaves_nothing(
    inner: pytest.Pytester, prefix: str, engine: Any
) -> None:
    inner.makepyfile(
        test_inner="""
        import urllib.request
        from pathlib import Path
        from count import count

        def test_web(figlet_stack):
            stack = figlet_stack()
            host, port = stack.address("web", 8080)
            assert host == "127.0.0.1" and port == stack.port("web", 8080)
            with urllib.request.urlopen(stack.url("web", 8080, "index.html"), timeout=10) as r:
                assert r.read() == b"hello from figlet\\n"
            ran = stack.exec("web", "cat /www/index.html && echo $HOME")
            assert ran.ok and ran.output.startswith("hello from figlet")
            assert stack.exec("web", ["false"]).exit_code == 1
            assert [c.name for c in stack.ps()] == [stack.project + "-web-1"]
            seen = " ".join(map(str, count(stack.project)))
            Path("during.txt").write_text(stack.project + " " + seen)
        """
    )
    result = run(inner, prefix)
    result.assert_outcomes(passed=1)
    name, *during = recorded(inner, "during.txt")
    assert name.startswith(f"{prefix}-test-web-")
    assert during == ["1", "1", "1"]  # a container, the default network, the named volume
    assert projects(engine, prefix) == set()


def test_a_failing_test_gets_the_logs_and_still_cleans_up(
    inner: pytest.Pytester, prefix: str, engine: Any
) -> None:
    inner.makepyfile(
        test_inner="""
        from pathlib import Path

        def test_web(figlet_stack):
            stack = figlet_stack(services=["web"], env={"GREETING": "tests"})
            Path("name.txt").write_text(stack.project)
            assert stack.exec("web", "cat /www/index.html").output == "hello from nobody\\n"
        """
    )
    result = run(inner, prefix)
    result.assert_outcomes(failed=1)
    (name,) = recorded(inner, "name.txt")
    result.stdout.fnmatch_lines(
        [
            "*assert 'hello from tests\\n' == 'hello from nobody\\n'*",
            f"*figlet logs: {name} (last 50 lines per container)*",
            "web-1 | web: serving on 8080",
        ]
    )
    assert projects(engine, prefix) == set()


def test_a_stack_that_does_not_come_up_fails_setup_with_its_logs(
    inner: pytest.Pytester, prefix: str, engine: Any
) -> None:
    inner.makepyfile(
        test_inner=f"""
        import pytest

        @pytest.fixture
        def broken(figlet_stack):
            return figlet_stack({str(BROKEN)!r})

        def test_never_runs(broken):
            raise AssertionError("the test body must not run")
        """
    )
    result = run(inner, prefix)
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(
        [
            f"*figlet: stack {prefix}-test-never-runs-* did not come up*",
            '*service "broken"*-broken-1*',
            "*figlet logs: *",
            "broken-1 | broken: missing /etc/app.conf",
        ]
    )
    assert "Traceback" not in result.stdout.str()
    assert "During handling" not in result.stdout.str()
    assert "the test body must not run" not in result.stdout.str()
    assert projects(engine, prefix) == set()


def test_a_session_stack_is_shared_and_its_logs_go_to_every_failure(
    inner: pytest.Pytester, prefix: str, engine: Any
) -> None:
    inner.makeconftest(
        """
        import pytest

        @pytest.fixture(scope="session")
        def web(figlet_stack_session):
            return figlet_stack_session()
        """
    )
    inner.makepyfile(
        test_inner="""
        from pathlib import Path

        def test_one(web):
            Path("one.txt").write_text(web.project)

        def test_two(web):
            Path("two.txt").write_text(web.project)
            assert web.exec("web", ["ls", "/nothing-here"]).ok

        def test_without_a_stack():
            assert False
        """
    )
    result = run(inner, prefix)
    result.assert_outcomes(passed=1, failed=2)
    (one,) = recorded(inner, "one.txt")
    assert recorded(inner, "two.txt") == [one]
    assert one.startswith(f"{prefix}-session-")
    output = result.stdout.str()
    assert output.count(f"figlet logs: {one}") == 1  # test_two, not the test without a stack
    assert projects(engine, prefix) == set()


def test_a_module_stack_is_gone_before_the_next_module_runs(
    inner: pytest.Pytester, prefix: str, engine: Any
) -> None:
    inner.makeconftest(
        """
        import pytest

        @pytest.fixture(scope="module")
        def web(figlet_stack_module):
            return figlet_stack_module()
        """
    )
    inner.makepyfile(
        test_a="""
        from pathlib import Path

        def test_a(web):
            Path("a.txt").write_text(web.project)

        def test_a_again(web):
            assert Path("a.txt").read_text() == web.project
        """,
        test_b="""
        from pathlib import Path
        from count import count

        def test_b(web):
            first = Path("a.txt").read_text()
            assert web.project != first
            Path("b.txt").write_text(" ".join(map(str, count(first) + count(web.project))))
        """,
    )
    result = run(inner, prefix)
    result.assert_outcomes(passed=3)
    (first,) = recorded(inner, "a.txt")
    assert first.startswith(f"{prefix}-test-a-")
    assert recorded(inner, "b.txt") == ["0", "0", "0", "1", "1", "1"]
    assert projects(engine, prefix) == set()


@pytest.mark.parametrize("workers", [(), ("-p", "xdist.plugin", "-n", "1")], ids=["", "xdist"])
def test_keep_leaves_the_stack_and_prints_how_to_remove_it(
    inner: pytest.Pytester, prefix: str, engine: Any, workers: tuple[str, ...]
) -> None:
    inner.makepyfile(
        test_inner="""
        from pathlib import Path

        def test_web(figlet_stack):
            Path("name.txt").write_text(figlet_stack().project)
        """
    )
    result = run(inner, prefix, "--figlet-keep", *workers)
    result.assert_outcomes(passed=1)
    (name,) = recorded(inner, "name.txt")
    result.stdout.fnmatch_lines(
        ["*figlet: stacks kept (--figlet-keep)*", f"  figlet -p {name} down -v"]
    )
    (container,) = engine.containers.list(filters={"label": f"{PROJECT_LABEL}={name}"})
    assert container.status == "running"
    # kept on purpose: no owner labels, so no later session's reaper takes it down
    assert not [key for key in container.labels if key.startswith("io.figlet.owner.")]

    # the printed command works
    down = subprocess.run(
        [sys.executable, "-m", "figlet", "-p", name, "down", "-v", "-t", "0"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert down.returncode == 0, down.stderr
    assert projects(engine, prefix) == set()


def test_sigterm_during_a_test_still_takes_the_stack_down(
    inner: pytest.Pytester, prefix: str, engine: Any
) -> None:
    inner.makepyfile(
        test_inner="""
        import time
        from pathlib import Path

        def test_web(figlet_stack):
            name = figlet_stack().project
            Path("name.txt").write_text(name)
            time.sleep(300)
        """
    )
    process = inner.popen(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "figlet.testing.plugin",
            "--figlet-project-prefix",
            prefix,
        ],
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
    )  # the environment is the `inner` one: PYTEST_DISABLE_PLUGIN_AUTOLOAD=1
    try:
        marker = inner.path / "name.txt"
        deadline = time.monotonic() + 120
        while not marker.exists() and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.2)
        assert marker.exists(), "the inner test never brought its stack up"
        (name,) = recorded(inner, "name.txt")
        assert projects(engine, prefix) == {name}
        process.send_signal(signal.SIGTERM)
        out, _ = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == pytest.ExitCode.INTERRUPTED, out
    assert projects(engine, prefix) == set()


def test_the_session_sweep_removes_by_label_what_no_finalizer_took_down(
    prefix: str, engine: Any
) -> None:
    from figlet import api
    from figlet.testing._session import Registry, Settings

    name = f"{prefix}-swept"
    registry = Registry(Settings(prefix=prefix))
    registry.track(name)
    try:
        with api.Stack(str(WEB), project=name, keep=True) as stack:
            stack.up(wait=False)
        assert projects(engine, prefix) == {name}
        assert registry.sweep() == []
    finally:
        registry.close()
    assert projects(engine, prefix) == set()
    assert registry.leftovers() == [] and registry.kept == []
