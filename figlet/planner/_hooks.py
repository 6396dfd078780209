"""Lifecycle hooks as plan operations: a service's `post_start` entries run after each of its
containers starts, its `pre_stop` entries before each is stopped (`RunHook`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from figlet.model import Service
from figlet.plan import Operation, ids

if TYPE_CHECKING:
    from figlet.plan.payloads.hooks import Hook


def hook_operation(
    service: Service, container: str, when: str, after: tuple[str, ...], cause: str
) -> Operation | None:
    """The RunHook of `service`'s `when` hooks in `container`, after `after`; None when the
    service has none. A failing post_start fails (as in Compose); a failing pre_stop warns."""
    entries = service.spec.get(when)
    if not isinstance(entries, list) or not entries:
        return None
    from figlet.plan.payloads.hooks import RunHook

    hooks = tuple(_hook(entry) for entry in entries if isinstance(entry, Mapping))
    return Operation(
        id=ids.hook(when, container),
        target=container,
        cause=f"{when.replace('_', ' ')} hook: {cause}" if cause else f"{when} hook",
        depends_on=after,
        service=service.name,
        payload=RunHook(service.name, container, when, hooks, must_succeed=when == "post_start"),
    )


def _hook(entry: Mapping[str, object]) -> Hook:
    from figlet.plan.payloads.hooks import Hook

    command = entry.get("command")
    argv = tuple(str(part) for part in command) if isinstance(command, list) else ()
    if isinstance(command, str):
        argv = ("/bin/sh", "-c", command)
    environment = entry.get("environment")
    pairs: list[tuple[str, str]] = []
    if isinstance(environment, Mapping):
        pairs = [(str(k), str(v)) for k, v in environment.items() if v is not None]
    elif isinstance(environment, list):
        pairs = [(k, v) for k, _, v in (str(item).partition("=") for item in environment)]
    workdir = entry.get("working_dir")
    return Hook(
        command=argv,
        user=str(entry.get("user") or ""),
        working_dir=str(workdir) if workdir else None,
        environment=tuple(pairs),
    )
