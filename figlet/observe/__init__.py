"""Reading what the engine holds for a project, by Compose's labels, into `Observed`.

A no-op `up` should cost few requests: containers and networks are each one list call filtered
by the project label (state, labels and addresses come from the list response, no inspect),
plus volumes when the project declares some, one image list, and one lookup per external
network/volume.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from figlet.model import Project, image_references
from figlet.observe.state import Observed

if TYPE_CHECKING:
    from figlet.engine.base import Engine


def observe(engine: Engine, project: Project, *, images: bool = True) -> Observed:
    """The project's containers, networks and volumes, the local ids of the images its services
    use (unless `images` is False: `down` needs none), and which of its external networks and
    volumes exist."""
    return Observed(
        project=project.name,
        containers=tuple(engine.list_containers(project.name)),
        networks=tuple(engine.list_networks(project.name)),
        volumes=tuple(engine.list_volumes(project.name)) if _declares_volumes(project) else (),
        images=image_ids(engine, project) if images else {},
        external_networks=frozenset(
            network.name
            for network in project.networks.values()
            if network.external and engine.network_exists(network.name)
        ),
        external_volumes=frozenset(
            volume.name
            for volume in project.volumes.values()
            if volume.external and engine.volume_exists(volume.name)
        ),
    )


def image_ids(engine: Engine, project: Project) -> dict[str, str]:
    """Image reference -> local id of the images the project's services use (one list)."""
    references = image_references(project)
    return dict(engine.image_ids(references)) if references else {}


def _declares_volumes(project: Project) -> bool:
    """Volumes are only listed when the project declares some of its own: `up` creates only
    declared ones and `down -v` removes only declared ones (and anonymous volumes, which go
    with their containers), so an undeclared project volume is never acted on."""
    return any(not volume.external for volume in project.volumes.values())


def observe_name(engine: Engine, project_name: str) -> Observed:
    """What exists for a project known only by name (`down`/`ps` without a project file)."""
    return Observed(
        project=project_name,
        containers=tuple(engine.list_containers(project_name)),
        networks=tuple(engine.list_networks(project_name)),
        volumes=tuple(engine.list_volumes(project_name)),
    )
