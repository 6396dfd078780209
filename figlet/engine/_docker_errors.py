"""Turning docker SDK / HTTP failures into EngineErrors a user can act on."""

from __future__ import annotations

import re

from figlet.errors import EngineError, Problem, StateChanged, state_change

_PORT = r"(?:Bind for |listen \w+ )\[?([0-9a-fA-F:.]*?)\]?:(\d+)"  # compiled on first use


def unreachable(where: str, reason: object) -> EngineError:
    return EngineError(
        Problem(
            f"cannot reach the Docker engine at {where}: {_connection_reason(reason)}",
            hint="start Docker (`make engine` in a figlet checkout starts a local dockerd), "
            "or set DOCKER_HOST to a running engine "
            "(e.g. DOCKER_HOST=unix:///var/run/docker.sock)",
        )
    )


def no_answer(where: str, what: str) -> EngineError:
    """The engine was reached but did not answer a request within the client's timeout."""
    return EngineError(
        Problem(
            f"{what}: the Docker engine at {where} did not answer in time",
            hint="the engine runs but is busy or stuck: see `docker info` and the engine's log; "
            "if it stays stuck, restart it (stop dockerd, then `make engine` in a figlet "
            "checkout) and rerun; the steps that finished are kept",
        )
    )


def unreadable(where: str, what: str, reason: object) -> EngineError:
    """The engine answered, but not in HTTP figlet can read (cut short or not HTTP/1.x)."""
    return EngineError(
        Problem(
            f"{what}: the answer of the Docker engine at {where} cannot be read ({reason})",
            hint="check that DOCKER_HOST points at a Docker Engine API endpoint; if it does, "
            "the engine may have stopped while answering: see its log, then rerun",
        )
    )


def _connection_reason(reason: object) -> str:
    """The useful part of a connection failure, e.g. "connection refused"."""
    text = str(reason)
    for needle, meaning in (
        ("FileNotFoundError", "no such socket file"),
        ("No such file or directory", "no such socket file"),
        ("Connection refused", "connection refused"),
        ("PermissionError", "permission denied on the socket (use a user in the docker group)"),
        ("Permission denied", "permission denied on the socket (use a user in the docker group)"),
        ("timed out", "timed out"),
        ("Name or service not known", "unknown host name"),
    ):
        if needle in text:
            return meaning
    return _short(reason)


def image_missing(image: str, detail: object = "") -> EngineError:
    suffix = f" ({_short(detail)})" if detail else ""
    return EngineError(
        Problem(
            f"image {image} is not present locally and the registry cannot be reached{suffix}",
            hint=f"build it (`docker build -t {image} <dir>`, or give the service a `build:` "
            f"section and run `figlet up --build`), or load it (`docker load -i <file>.tar`)",
        )
    )


def port_taken(container: str, message: str) -> EngineError | None:
    """A 'port is already allocated' / 'address already in use' start failure, if it is one."""
    if "port is already allocated" not in message and "address already in use" not in message:
        return None
    match = re.search(_PORT, message)
    port = match.group(2) if match else "?"
    host = match.group(1) if match and match.group(1) else "0.0.0.0"
    return EngineError(
        Problem(
            f"cannot start container {container}: host port {port} ({host}) is already allocated",
            hint=f"another container or process uses port {port}: stop it, or publish another "
            "host port in the service's `ports:`",
        )
    )


def api_error(what: str, explanation: object) -> EngineError:
    text = _short(explanation)
    hint = ""
    change = state_change(text)
    if change == "name taken":
        hint = "remove the old container (`figlet down`, or `docker rm -f <name>`) and retry"
    elif "executable file not found" in text or "no such file or directory" in text:
        hint = "check the service's `command:` / `entrypoint:` and that the image contains them"
    elif "is not running" in text or "is paused" in text:
        hint = "the container must be running: see its logs for why it stopped"
    elif "has active endpoints" in text:
        hint = "a container is still attached to it: stop and remove that container first"
    problem = Problem(f"{what}: {text}", hint=hint)
    return EngineError(problem) if change is None else StateChanged(problem, change=change)


def _short(value: object) -> str:
    text = str(value).strip()
    if isinstance(value, bytes):
        text = value.decode(errors="replace").strip()
    return text.splitlines()[0] if text else "unknown error"
