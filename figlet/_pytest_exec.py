"""Run a command inside a container (`docker exec`) for the pytest plugin's `FigletStack.exec`.

The `Engine` protocol has no exec, so this speaks to the same engine (DOCKER_HOST) through the
docker SDK's low-level client; the SDK is imported only when a test runs a command.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from figlet.errors import EngineError, Problem

_API_VERSION = "1.41"


@dataclass(frozen=True)
class ExecResult:
    """What a command run in a container did: its exit code and its output (stdout + stderr)."""

    exit_code: int
    output: str

    @property
    def ok(self) -> bool:
        return self.exit_code == 0


def exec_in(
    container_id: str,
    container_name: str,
    command: Sequence[str],
    *,
    user: str = "",
    environment: Mapping[str, str] | None = None,
    workdir: str | None = None,
) -> ExecResult:
    """Run `command` in the container and wait for it; engine problems raise EngineError."""
    import docker
    import docker.errors
    import requests.exceptions

    environ = dict(os.environ)
    where = environ.get("DOCKER_HOST") or "unix:///var/run/docker.sock"
    what = f"run {list(command)!r} in container {container_name}"
    try:
        client = docker.APIClient(
            version=environ.get("DOCKER_API_VERSION") or _API_VERSION,
            **docker.utils.kwargs_from_env(environment=environ),
        )
    except docker.errors.DockerException as exc:
        raise _unreachable(where, exc) from None
    try:
        created = client.exec_create(
            container_id,
            list(command),
            user=user,
            environment=dict(environment or {}) or None,
            workdir=workdir,
        )
        output = client.exec_start(created["Id"])
        exit_code = client.exec_inspect(created["Id"]).get("ExitCode")
    except docker.errors.APIError as exc:
        detail = str(getattr(exc, "explanation", None) or exc)
        raise EngineError(
            Problem(
                f"cannot {what}: {detail}",
                hint="the container must be running and its image must contain the command",
            )
        ) from None
    except (requests.exceptions.ConnectionError, docker.errors.DockerException, OSError) as exc:
        raise _unreachable(where, exc) from None
    finally:
        client.close()
    text = bytes(output or b"").decode(errors="replace")
    return ExecResult(exit_code=int(exit_code) if exit_code is not None else -1, output=text)


def _unreachable(where: str, reason: object) -> EngineError:
    return EngineError(
        Problem(
            f"cannot reach the Docker engine at {where}: {reason}",
            hint="set DOCKER_HOST to a running engine, or start one with `make engine`",
        )
    )
