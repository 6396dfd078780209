"""The body of `figlet images` (declared in `cmd_images`): the image of each container."""

from __future__ import annotations

import json

from figlet.cli._context import CommandContext


def run(
    cli: CommandContext,
    *,
    services: list[str] | None = None,
    quiet: bool = False,
    fmt: str = "table",
) -> None:
    """The image each container uses: container, repository, tag, id, size."""
    from figlet.cli._columns import columns, human_size
    from figlet.cli._report import echo
    from figlet.cli._selection import select, unable
    from figlet.engine.base import ContainerInspector
    from figlet.engine.values.images import ImageDetails

    _, engine, containers = select(cli, services)
    if not isinstance(engine, ContainerInspector):
        raise unable("figlet images", engine)
    found: dict[str, ImageDetails | None] = {}
    rows: list[dict[str, str | int]] = []
    for container in containers:
        key = container.image_id or container.image
        if key not in found:
            found[key] = engine.image_details(key)
        details = found[key]
        reference = container.image
        if details is not None and details.tags and reference not in details.tags:
            reference = details.tags[0]
        repository, tag = _split(reference)
        image_id = details.id if details else key
        rows.append(
            {
                "ID": image_id,
                "ContainerName": container.name,
                "Repository": repository,
                "Tag": tag,
                "Size": details.size if details else 0,
            }
        )
    if quiet:
        for image_id in dict.fromkeys(_short(str(row["ID"])) for row in rows):
            echo(image_id)
    elif fmt == "json":
        echo(json.dumps(rows, separators=(",", ":")))  # one line, as Compose
    else:
        table = [("CONTAINER", "REPOSITORY", "TAG", "IMAGE ID", "SIZE")]
        table += [
            (
                str(row["ContainerName"]),
                str(row["Repository"]),
                str(row["Tag"]),
                _short(str(row["ID"])),
                human_size(int(row["Size"])),
            )
            for row in rows
        ]
        echo(columns(table))


def _split(reference: str) -> tuple[str, str]:
    """("figlet-local/busybox", "latest") of "figlet-local/busybox:latest"."""
    name, colon, tag = reference.rpartition(":")
    if not colon or "/" in tag:  # no tag, or the colon of a registry's port
        return reference, "latest"
    return name, tag


def _short(image_id: str) -> str:
    return image_id.removeprefix("sha256:")[:12]
