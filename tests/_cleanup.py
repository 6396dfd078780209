"""Cleanup by label for the engine tests (docker SDK client): what tests/conftest.py's fixtures
and the pytest-plugin tests remove after a test, pass or fail.

Engine 20.10 can leak a network when many containers leave it at once (moby/moby#43286): it
refuses to remove it ("has active endpoints", 403) although no container is attached, until
dockerd restarts. Such a network is reported with a `LeakedNetworkWarning` naming it, never
raised: it is the engine's fault, not the test's. A network something is still attached to,
or any other refusal, is raised as usual.
"""

from __future__ import annotations

import contextlib
import time
import uuid
import warnings
from collections.abc import Callable, Iterator
from typing import Any

from figlet.engine._docker_errors import classify
from figlet.testing._session import LeakedNetworkWarning

PROJECT_LABEL = "com.docker.compose.project"
RETRIES = 3  # as `figlet down`: a count of endpoints that only lags settles within a second


def remove_project(client: Any, name: str, *, sleep: Callable[[float], None] = time.sleep) -> None:
    """Remove every container, network, volume and image labelled with project `name`."""
    import docker.errors

    filters = {"label": f"{PROJECT_LABEL}={name}"}
    for container in client.containers.list(all=True, filters=filters, ignore_removed=True):
        with contextlib.suppress(docker.errors.NotFound):
            container.remove(force=True, v=True)
    for network in client.networks.list(filters=filters):
        remove_network(network, sleep=sleep)
    for volume in client.volumes.list(filters=filters):
        with contextlib.suppress(docker.errors.NotFound):
            volume.remove(force=True)
    for image in client.images.list(filters=filters):
        with contextlib.suppress(docker.errors.APIError):
            client.images.remove(image.id, force=True)


def remove_network(network: Any, *, sleep: Callable[[float], None] = time.sleep) -> None:
    """Remove `network` (a docker SDK Network); gone already is done, a leaked one a warning."""
    import docker.errors

    for attempt in range(RETRIES):
        try:
            network.remove()
            return
        except docker.errors.NotFound:
            return
        except docker.errors.APIError as refused:
            if classify(refused.status_code, str(refused.explanation)) != "has endpoints":
                raise
            if attempt == RETRIES - 1:
                if _attached(network):
                    raise
                break
        sleep(0.5 * (attempt + 1))
    warnings.warn(
        LeakedNetworkWarning(
            f"network {network.name} was left behind: the engine refuses to remove it although "
            "no container is attached (moby/moby#43286, Engine 20.10); only an engine restart "
            "clears it"
        ),
        stacklevel=2,
    )


def _attached(network: Any) -> bool:
    """Whether the engine lists a container attached to `network` (gone: nothing is)."""
    import docker.errors

    try:
        network.reload()
    except docker.errors.NotFound:
        return False
    return bool(network.attrs.get("Containers"))


def projects(client: Any, prefix: str) -> set[str]:
    """Project names starting with `prefix` that own a container, network or volume."""
    label = {"label": PROJECT_LABEL}
    found = [c.labels for c in client.containers.list(all=True, filters=label, ignore_removed=True)]
    found += [n.attrs.get("Labels") or {} for n in client.networks.list(filters=label)]
    found += [v.attrs.get("Labels") or {} for v in client.volumes.list(filters=label)]
    return {labels[PROJECT_LABEL] for labels in found if labels[PROJECT_LABEL].startswith(prefix)}


@contextlib.contextmanager
def project_prefix(client: Any, tag: str) -> Iterator[str]:
    """A unique project-name prefix `<tag>-<random>` for the runs of a test (inner pytest
    sessions name their projects under it); every project under it is removed afterwards, pass
    or fail (only ours: the label value must start with the prefix)."""
    value = f"{tag}-{uuid.uuid4().hex[:6]}"
    try:
        yield value
    finally:
        for name in projects(client, value):
            remove_project(client, name)
