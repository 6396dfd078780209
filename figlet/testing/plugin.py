"""figlet's pytest plugin: compose stacks as fixtures, always taken down, logs on failure.

    def test_web_answers(figlet_stack):
        stack = figlet_stack("tests/compose.yaml", services=["web"])
        host, port = stack.address("web", 8080)

Fixtures: `figlet_stack` (stacks live for one test), `figlet_stack_module`, `figlet_stack_session`
(for your own module/session-scoped fixtures; `figlet_stack_session(..., shared=True)`: one stack
for every xdist worker of the run). Options: `--figlet-keep`,
`--figlet-project-prefix`; ini: `figlet_compose_file`, `figlet_project_prefix`,
`figlet_log_lines`, `figlet_stop_timeout`, `figlet_wait_timeout`, `figlet_reap`. See
docs/PYTEST.md.

This module is imported by every pytest run where figlet is installed: it imports no docker SDK
and no figlet core until a fixture is used. At session start it asks the engine once for stacks
whose owner process is gone (`figlet.testing.reap`); no engine, no answer, nothing happens.
"""

from __future__ import annotations

import os
from collections.abc import Generator
from typing import Any

import pytest

from figlet.errors import FigletError
from figlet.testing._exec import ExecResult
from figlet.testing._session import Registry, Settings, check_prefix
from figlet.testing._stack import FigletStack, Owner, StackFactory

__all__ = ["ExecResult", "FigletStack", "StackFactory"]

_REGISTRY = pytest.StashKey[Registry]()
_KEPT = "figlet_kept_stack"  # a report's user property: the name of a stack left running
_INI = (
    ("figlet_compose_file", "compose file used when a fixture names none", ""),
    ("figlet_project_prefix", "start of every figlet project name", "pytest"),
    ("figlet_log_lines", "log lines per container attached to a failure (0: none)", "50"),
    ("figlet_stop_timeout", "seconds containers get to stop ('': their own)", "0"),
    ("figlet_wait_timeout", "seconds to wait for running/healthy services", "120"),
    ("figlet_reap", "at session start, take down stacks of processes that are gone", "true"),
)
_OFF = ("false", "0", "no", "off", "")
_REAP_TIMEOUT = 5  # seconds the engine gets to answer the session-start reaper


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("figlet", "figlet compose stacks")
    group.addoption(
        "--figlet-keep",
        action="store_true",
        default=False,
        help="leave figlet stacks running after the tests (the summary says how to remove them)",
    )
    group.addoption(
        "--figlet-project-prefix",
        default=None,
        metavar="PREFIX",
        help="start every project name with PREFIX (default: ini figlet_project_prefix)",
    )
    for name, help, default in _INI:
        parser.addini(name, help, default=default)


def pytest_configure(config: pytest.Config) -> None:
    try:
        settings = _settings(config)
    except (FigletError, ValueError) as exc:
        raise pytest.UsageError(f"figlet: {exc}") from None
    registry = Registry(settings)
    workerinput = getattr(config, "workerinput", None)  # an xdist worker: its controller's run
    if workerinput is not None:
        from figlet.testing._shared import SharedRun

        registry.run = SharedRun.from_input(workerinput)
    config.stash[_REGISTRY] = registry
    if settings.keep:
        config.pluginmanager.register(_KeptListener(registry), "figlet-kept-listener")


def _settings(config: pytest.Config) -> Settings:
    prefix = config.getoption("figlet_project_prefix") or str(
        config.getini("figlet_project_prefix")
    )
    stop = str(config.getini("figlet_stop_timeout")).strip()
    return Settings(
        prefix=check_prefix(prefix),
        keep=bool(config.getoption("figlet_keep")),
        compose_file=str(config.getini("figlet_compose_file") or ""),
        log_lines=_number(int, "figlet_log_lines", config.getini("figlet_log_lines")),
        stop_timeout=_number(int, "figlet_stop_timeout", stop) if stop else None,
        wait_timeout=_number(float, "figlet_wait_timeout", config.getini("figlet_wait_timeout")),
    )


def _number(kind: type[int] | type[float], option: str, value: object) -> Any:
    try:
        number = kind(str(value).strip())
    except ValueError:
        raise ValueError(f"ini option {option} = {value!r} is not a number") from None
    if number < 0:
        raise ValueError(f"ini option {option} = {value!r} must not be negative")
    return number


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:
    """xdist's controller, before a worker starts: the run where shared stacks are agreed on."""
    registry = node.config.stash.get(_REGISTRY, None)
    if registry is not None:
        from figlet.testing._shared import SHARED_INPUT

        node.workerinput[SHARED_INPUT] = registry.shared_run().to_input()


def _factory(request: pytest.FixtureRequest, label: str, *, session: bool = False) -> StackFactory:
    owner = Owner(
        nodeid=request.node.nodeid,
        label=label,
        fixture=request.fixturename or "",
        rootpath=request.config.rootpath,
        addfinalizer=request.addfinalizer,
    )
    registry = request.config.stash[_REGISTRY]
    return StackFactory(owner, registry, registry.shared_run if session else None)


@pytest.fixture
def figlet_stack(request: pytest.FixtureRequest) -> StackFactory:
    """Bring up compose stacks that are taken down (volumes too) when the test ends."""
    return _factory(request, request.node.name)


@pytest.fixture(scope="module")
def figlet_stack_module(request: pytest.FixtureRequest) -> StackFactory:
    """Like `figlet_stack`, for module-scoped fixtures: taken down after the module."""
    return _factory(request, request.module.__name__.rpartition(".")[2])


@pytest.fixture(scope="session")
def figlet_stack_session(request: pytest.FixtureRequest) -> StackFactory:
    """Like `figlet_stack`, for session-scoped fixtures: taken down at the end of the run.
    With `shared=True` one stack serves every xdist worker of the run."""
    return _factory(request, "session", session=True)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, Any, None]:
    """On a failed setup or test, attach the last log lines of the stacks the test used."""
    outcome: Any = yield
    report: pytest.TestReport = outcome.get_result()
    registry = item.config.stash.get(_REGISTRY, None)
    if registry is None:
        return
    if report.when == "teardown":
        # kept stacks travel with the report, so that xdist's controller can list them too
        report.user_properties.extend((_KEPT, name) for name in registry.newly_kept())
        return
    if not report.failed:
        return
    lines = registry.settings.log_lines
    if not lines:
        return
    chain = {node.nodeid for node in item.listchain()}
    fixtures = set(getattr(item, "fixturenames", ()))
    for stack in registry.used_by(chain, fixtures):
        try:
            text = stack.logs(lines) or "(no output)"
        except FigletError as exc:
            text = f"(cannot read the logs: {exc.render()})"
        report.sections.append(
            (f"figlet logs: {stack.project} (last {lines} lines per container)", text)
        )


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session) -> None:
    """After pytest's own teardown: take down what an interruption or a crash left behind."""
    registry = session.config.stash.get(_REGISTRY, None)
    if registry is None:
        return
    problems = registry.sweep()
    problems += registry.finish_run()  # xdist's controller (or no xdist): after every worker
    if problems:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line("figlet: could not take down some stacks:", red=True)
            for problem in problems:
                reporter.write_line(f"  {problem}")


def pytest_sessionstart(session: pytest.Session) -> None:
    """Take down the stacks that killed test processes of this host left behind (once per run:
    xdist's controller does it, not its workers)."""
    config = session.config
    setting = os.environ.get("FIGLET_REAP") or str(config.getini("figlet_reap"))
    if setting.strip().lower() in _OFF or hasattr(config, "workerinput"):  # an xdist worker
        return
    reaped, problem = _reap_quietly()
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if reporter is None:
        return
    if reaped:
        reporter.write_line(
            f"figlet: took down {len(reaped)} stack(s) left by processes that are gone: "
            + ", ".join(reaped)
        )
    if problem:
        reporter.write_line(f"figlet: {problem}", yellow=True)


def _reap_quietly() -> tuple[list[str], str]:
    """`reap` on the engine DOCKER_HOST names: what it took down, and a problem worth telling
    (none when no engine answers: a run that uses no stack must not care)."""
    from figlet.engine.docker_engine import DockerEngine
    from figlet.errors import EngineError
    from figlet.testing._reaper import reap

    try:
        engine = DockerEngine.from_env(timeout=_REAP_TIMEOUT)
    except FigletError:
        return [], ""
    try:
        return reap(engine), ""
    except EngineError:
        return [], ""
    except FigletError as exc:
        return [], exc.render()
    finally:
        engine.close()


class _KeptListener:
    """Collects kept stacks from test reports: this process's, or those of xdist's workers."""

    def __init__(self, registry: Registry) -> None:
        self._registry = registry

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        for key, value in report.user_properties:
            if key == _KEPT:
                self._registry.seen_kept.append(str(value))


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    registry = config.stash.get(_REGISTRY, None)
    if registry is None:
        return
    kept = list(dict.fromkeys([*registry.seen_kept, *registry.kept]))
    if not kept:
        return
    terminalreporter.section("figlet: stacks kept (--figlet-keep)")
    terminalreporter.write_line("take them down with:")
    for name in kept:
        terminalreporter.write_line(f"  figlet -p {name} down -v")


def pytest_unconfigure(config: pytest.Config) -> None:
    registry = config.stash.get(_REGISTRY, None)
    if registry is not None:
        registry.close()
