"""The pure translations the executor uses, gathered so that tests can swap them.

`Translator.default()` binds the real ones (figlet.container_spec and its hosts module); the
executor itself never builds an engine request by hand.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from figlet.engine.values.containers import ContainerRequest
    from figlet.engine.values.resources import NetworkRequest, VolumeRequest
    from figlet.model import Network, Project, Service, Volume


class ContainerRequestFn(Protocol):
    def __call__(
        self,
        project: Project,
        service: Service,
        *,
        number: int,
        name: str,
        config_hash: str,
        config_label: str | Mapping[str, str],
        link_hosts: Mapping[str, str],
        image_id: str,
        anonymous_volumes: Mapping[str, str],
    ) -> ContainerRequest: ...


class RenderHostsFn(Protocol):
    def __call__(
        self, base: str, entries: Mapping[str, str], *, previous: Mapping[str, str] | None = None
    ) -> str: ...


@dataclass(frozen=True)
class Translator:
    """The pure functions that turn the model into engine requests (injected)."""

    container_request: ContainerRequestFn
    network_request: Callable[[Project, Network], NetworkRequest]
    volume_request: Callable[[Project, Volume], VolumeRequest]
    # container name -> (network name -> address) of the link targets -> host name -> address
    link_hosts: Callable[[Project, Service, Mapping[str, Mapping[str, str]]], dict[str, str]]
    render_hosts: RenderHostsFn

    @classmethod
    def default(cls) -> Translator:
        """The real translations; `figlet.container_spec` is imported on the first create, so
        a plan without one (`down`) never loads it."""
        return cls(
            container_request=_container_request,
            network_request=_network_request,
            volume_request=_volume_request,
            link_hosts=_link_hosts,
            render_hosts=_render_hosts,
        )


def _container_request(*args: Any, **kwargs: Any) -> ContainerRequest:
    from figlet.container_spec import container_request

    return container_request(*args, **kwargs)


def _network_request(project: Project, network: Network) -> NetworkRequest:
    from figlet.container_spec import network_request

    return network_request(project, network)


def _volume_request(project: Project, volume: Volume) -> VolumeRequest:
    from figlet.container_spec import volume_request

    return volume_request(project, volume)


def _link_hosts(
    project: Project, service: Service, addresses: Mapping[str, Mapping[str, str]]
) -> dict[str, str]:
    from figlet.container_spec.hosts import link_hosts

    return link_hosts(project, service, addresses)


def _render_hosts(
    base: str, entries: Mapping[str, str], *, previous: Mapping[str, str] | None = None
) -> str:
    from figlet.container_spec.hosts import render_hosts

    return render_hosts(base, entries, previous=previous)
