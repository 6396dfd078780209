"""Turning docker SDK / HTTP failures into EngineErrors a user can act on.

`classify` is the one place that decides what kind of refusal an engine's error answer is: by
its HTTP status first (404 no such object, 409 conflict, 403 forbidden, 400/500 the request or
the engine failed); the message is read only to tell apart what one status covers and the API
gives no field for (a 404 for a container or for an image, a 409 for a name held or a removal
already running, ...). 304 (a container already started or stopped) is no error: the
transports return it as done.
"""

from __future__ import annotations

import re

from figlet.errors import EngineError, Problem, Refusal, StateChanged

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
        # the engine stopped (or restarted) with the connection open
        ("Broken pipe", "the engine closed the connection"),
        ("Connection reset", "the engine closed the connection"),
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
        ),
        refusal="image missing",
    )


# The engine's words when the registry itself did not answer (DNS, refused, timed out).
_NO_REGISTRY = ("dial tcp", "no such host", "connection refused", "i/o timeout", "timeout")


def registry_host(reference: str) -> str:
    """The registry a reference names: its first path part when it looks like a host
    (a dot, a port, or `localhost`), else Docker Hub's."""
    first, slash, _ = reference.partition("/")
    if slash and ("." in first or ":" in first or first == "localhost"):
        return first
    return "registry-1.docker.io"


def registry_refused(what: str, reference: str, detail: object) -> EngineError:
    """A pull or push that failed: when no registry answered, the message says so (and that
    the registry cannot be reached); otherwise the registry's own answer."""
    text = _short(detail)
    if any(needle in text.lower() for needle in _NO_REGISTRY):
        host = registry_host(reference)
        return EngineError(
            Problem(
                f"{what}: no registry answers at {host} ({text})",
                hint="the registry cannot be reached: check the image name / network / login "
                f"(`docker login {host}`)",
            ),
            refusal="image missing",
        )
    return EngineError(
        Problem(f"{what}: {text}", hint="check the image name and that you are logged in"),
        refusal="image missing",
    )


def classify(status: int | None, message: str) -> Refusal:
    """The kind of refusal of an engine's error answer (`status` None: an SDK failure that
    carries none)."""
    text = message.lower()
    if status == 404:
        if "no such container" in text:
            return "gone"
        return "image missing" if "no such image" in text else "missing"
    if status == 409:
        for needle, refusal in _CONFLICTS:
            if needle in text:
                return refusal
        return "conflict"
    if status == 403 and "active endpoints" in text:
        return "has endpoints"
    if status in (400, 500):
        if "port is already allocated" in text or "address already in use" in text:
            return "port taken"
        if "executable file not found" in text or "no such file or directory" in text:
            return "no executable"
    return "refused"


# The sub-cases of 409 Conflict, by the engine's words (the first that matches).
_CONFLICTS: tuple[tuple[str, Refusal], ...] = (
    ("is already in use by container", "name taken"),
    ("already exists", "exists"),
    ("already in progress", "in progress"),
    ("is not running", "not running"),
    ("is paused", "not running"),
    ("is in use", "in use"),
)
_HINTS: dict[Refusal, str] = {
    "name taken": "remove the old container (`figlet down`, or `docker rm -f <name>`) and retry",
    "no executable": "check the service's `command:` / `entrypoint:` and that the image "
    "contains them",
    "not running": "the container must be running: see its logs for why it stopped",
    "has endpoints": "a container is still attached to it: stop and remove that container first",
}


def port_taken(container: str, status: int | None, message: str) -> EngineError | None:
    """A 'port is already allocated' / 'address already in use' start failure, if it is one."""
    if classify(status, message) != "port taken":
        return None
    match = re.search(_PORT, message)
    port = match.group(2) if match else "?"
    host = match.group(1) if match and match.group(1) else "0.0.0.0"
    return EngineError(
        Problem(
            f"cannot start container {container}: host port {port} ({host}) is already allocated",
            hint=f"another container or process uses port {port}: stop it, or publish another "
            "host port in the service's `ports:`",
        ),
        refusal="port taken",
    )


def api_error(what: str, status: int | None, explanation: object) -> EngineError:
    """The engine's error answer to `what` (its status and message) as the error a user sees:
    `StateChanged` for a container gone or a name taken (observing again converges)."""
    text = _short(explanation)
    refusal = classify(status, text)
    problem = Problem(f"{what}: {text}", hint=_HINTS.get(refusal, ""))
    if refusal == "gone" or refusal == "name taken":
        return StateChanged(problem, change=refusal)
    return EngineError(problem, refusal=refusal)


def _short(value: object) -> str:
    text = str(value).strip()
    if isinstance(value, bytes):
        text = value.decode(errors="replace").strip()
    return text.splitlines()[0] if text else "unknown error"
