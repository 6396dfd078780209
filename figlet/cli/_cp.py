"""The body of `figlet cp` (declared in `cmd_cp`): files and directories between a service's
container and the local filesystem, with `docker cp`'s rules for the destination.

A destination that is an existing directory receives the source under its own name; one that
does not exist is the source's new name (its parent must exist); a trailing `/` says it must be
a directory; `-` is a tar stream on stdout or stdin. Into a service, the copy goes to every
container of the service unless `--index` names one (Compose's rule)."""

from __future__ import annotations

import os
import posixpath
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from figlet.cli._arguments import USAGE
from figlet.cli._context import CommandContext
from figlet.errors import FigletError, Problem

if TYPE_CHECKING:
    from figlet.engine.base import ArchiveCopier, Engine
    from figlet.observe.state import ObservedContainer


def run(
    cli: CommandContext,
    *,
    source: str,
    destination: str,
    index: int | None = None,
    all: bool = False,  # Compose's flag name
    archive: bool = False,
    follow_link: bool = False,
) -> None:
    """Copy `source` to `destination`, one of them `SERVICE:PATH`. (Both local or both in
    services exit 1, as Compose; a bad option value exits 2.)"""
    from figlet.engine.base import ArchiveCopier

    if index is not None and index < 1:
        raise FigletError(Problem("--index must be 1 or more"), exit_code=USAGE)
    from_service, to_service = _split(source), _split(destination)
    if from_service and to_service:
        raise FigletError(Problem("copying between services is not supported"))
    if not from_service and not to_service:
        raise FigletError(
            Problem(
                "one of SRC_PATH and DEST_PATH must be SERVICE:PATH",
                hint="e.g. figlet cp web:/app/log.txt . or figlet cp ./conf web:/etc/app",
            )
        )
    _, project_name = cli.load_or_name()
    engine = cli.engine()
    if not isinstance(engine, ArchiveCopier):
        raise FigletError(f"{engine.describe()} cannot copy files in and out of containers")
    if from_service:
        service, path = from_service
        container = _containers(engine, project_name, service, index or 1, include_oneoff=all)[0]
        _copy_out(engine, container, path, destination, archive, follow_link)
    else:
        assert to_service is not None
        service, path = to_service
        targets = _containers(engine, project_name, service, index, include_oneoff=all)
        piped = sys.stdin.buffer.read() if source == "-" else b""  # read once, for every target
        for container in targets:
            _copy_in(engine, container, source, path, archive, follow_link, piped)


def _split(argument: str) -> tuple[str, str] | None:
    """(service, path) of `SERVICE:PATH`; None for a local path (`-`, or one starting with
    `/` or `.`, may hold a colon, as with docker cp)."""
    if argument == "-" or argument.startswith(("/", ".")) or ":" not in argument:
        return None
    service, _, path = argument.partition(":")
    return (service, path or "/") if service else None


def _containers(
    engine: Engine, project: str, service: str, index: int | None, *, include_oneoff: bool
) -> list[ObservedContainer]:
    """The containers of `service` (running or not, as docker cp): the `index`-th, or all."""
    found = sorted(
        (
            c
            for c in engine.list_containers(project)
            if c.service == service and (include_oneoff or not c.oneoff)
        ),
        key=lambda c: (c.oneoff, c.number),
    )
    if index is not None:
        found = [c for c in found if c.number == index and not c.oneoff]
    if not found:
        what = f'service "{service}"' + (f" with index {index}" if index not in (None, 1) else "")
        raise FigletError(
            Problem(
                f"no container found for {what}", hint=f"create it first: figlet up -d {service}"
            )
        )
    return found


def _copy_out(
    engine: ArchiveCopier,
    container: ObservedContainer,
    path: str,
    destination: str,
    keep_owner: bool,
    follow_link: bool,
) -> None:
    """`path` of the container to the local `destination` (`-`: a tar stream on stdout)."""
    from figlet.cli._cp_tar import unpack

    stat = engine.stat_path(container.id, path)
    if stat is not None and follow_link and stat.is_link:
        target = stat.link_target
        path = target if target.startswith("/") else posixpath.join(posixpath.dirname(path), target)
    got = engine.get_archive(container.id, path)
    if got is None:
        raise FigletError(Problem(f"could not find the file {path} in container {container.name}"))
    stat, tar = got
    if destination == "-":
        sys.stdout.flush()
        sys.stdout.buffer.write(tar)
        sys.stdout.buffer.flush()
        return
    local = Path(destination)
    contents_only = path.endswith("/.") and stat.is_dir
    if local.is_dir():
        directory, rename = local, None
        if contents_only:
            rename = (stat.name, ".")
    else:
        if destination.endswith(("/", os.sep)) or (local.exists() and stat.is_dir):
            what = "no such directory" if not local.exists() else "cannot copy a directory"
            raise FigletError(Problem(f"{what}: {destination}"))
        directory = local.parent
        if not directory.is_dir():
            raise FigletError(Problem(f"no such directory: {directory}"))
        rename = (stat.name, local.name)
    unpack(tar, directory, rename=rename, keep_owner=keep_owner)
    _report(container, f"{container.name}:{path}", destination)


def _copy_in(
    engine: ArchiveCopier,
    container: ObservedContainer,
    source: str,
    path: str,
    keep_owner: bool,
    follow_link: bool,
    piped: bytes,
) -> None:
    """The local `source` (`-`: the tar stream `piped`, read from stdin) to `path` of the
    container."""
    from figlet.cli._cp_tar import pack

    target = engine.stat_path(container.id, path)
    if source == "-":
        if target is None or not target.is_dir:
            raise FigletError(
                Problem(f"destination {path} must be a directory when copying from stdin")
            )
        engine.put_archive(container.id, path, piped, copy_uid_gid=keep_owner)
        _report(container, source, f"{container.name}:{path}")
        return
    local = Path(source)
    if not local.exists() and not local.is_symlink():
        raise FigletError(Problem(f"lstat {local.absolute()}: no such file or directory"))
    is_dir = local.is_dir() if follow_link else local.is_dir() and not local.is_symlink()
    contents_only = source.endswith("/.") and is_dir
    if target is not None and target.is_dir:
        directory = path
        root = None if contents_only else local.absolute().name
    else:
        if path.endswith("/"):
            raise FigletError(Problem(f"no such directory: {path}"))
        if target is not None and is_dir:
            raise FigletError(Problem(f"cannot copy a directory to the file {path}"))
        directory = posixpath.dirname(path.rstrip("/")) or "/"
        parent = engine.stat_path(container.id, directory)
        if parent is None or not parent.is_dir:
            raise FigletError(Problem(f"no such directory: {directory} in {container.name}"))
        root = posixpath.basename(path.rstrip("/"))
    tar = pack(local, root, follow_link=follow_link)
    engine.put_archive(container.id, directory, tar, copy_uid_gid=keep_owner)
    _report(container, source, f"{container.name}:{path}")


def _report(container: ObservedContainer, source: str, destination: str) -> None:
    """Compose's line for a finished copy, on stderr."""
    sys.stderr.write(f" {container.name} copy {source} to {destination} Copied\n")
