"""The two small reads the port check needs: running containers, and local binds.

A bind probe opens a socket on a loopback or wildcard address of this machine, binds the port
and closes it at once; it never connects anywhere, and other addresses are left alone.
"""

from __future__ import annotations

import errno
import socket
from collections.abc import Iterable, Sequence
from typing import Protocol, runtime_checkable

from figlet.observe.state import ObservedContainer
from figlet.preflight._ports import Address

_LOCAL_SCHEMES = ("unix://", "npipe://")


@runtime_checkable
class RunningContainers(Protocol):
    """Engines that can list every running container, of any project (DockerEngine can)."""

    def list_running_containers(self) -> Sequence[ObservedContainer]: ...


def running_containers(engine: object) -> tuple[ObservedContainer, ...]:
    """Every running container of the engine; () when the engine cannot say."""
    if isinstance(engine, RunningContainers):
        return tuple(engine.list_running_containers())
    return ()


def engine_is_local(engine: object) -> bool:
    """Whether the engine publishes ports on this machine (reached over a local socket)."""
    describe = getattr(engine, "describe", None)
    where = describe() if callable(describe) else ""
    return isinstance(where, str) and any(scheme in where for scheme in _LOCAL_SCHEMES)


def probeable(host_ip: str) -> bool:
    """Only wildcard and loopback addresses are ever bound by the probe."""
    host = host_ip.strip().strip("[]")
    return host in ("", "0.0.0.0", "::", "::1", "localhost") or host.startswith("127.")


def bound_locally(addresses: Iterable[Address]) -> frozenset[Address]:
    """The addresses a process on this machine already holds (a bind fails with 'in use')."""
    return frozenset(address for address in addresses if _in_use(address))


def _in_use(address: Address) -> bool:
    if not probeable(address.host_ip) or address.protocol not in ("tcp", "udp"):
        return False
    host = address.host_ip.strip().strip("[]")
    host = {"": "0.0.0.0", "localhost": "127.0.0.1"}.get(host, host)
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    kind = socket.SOCK_STREAM if address.protocol == "tcp" else socket.SOCK_DGRAM
    try:
        probe = socket.socket(family, kind)
    except OSError:  # no IPv6 on this machine, say
        return False
    with probe:
        if kind == socket.SOCK_STREAM:
            # as the engine does: a port in TIME_WAIT is free, a listening one is not
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, address.port))
        except OSError as exc:
            return exc.errno == errno.EADDRINUSE
    return False
