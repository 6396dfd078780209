"""`figlet config`: validate the compose files and print the canonical model.

The typer declaration; the body is `figlet.cli._config.run`."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from figlet.cli.app import load_options


class Format(StrEnum):
    yaml = "yaml"
    json = "json"


def register(app: typer.Typer) -> None:
    """Add the `config` command to `app`."""
    app.command("config", help="Validate the compose files and print the canonical model.")(config)


def config(
    ctx: typer.Context,
    fmt: Annotated[Format, typer.Option("--format", help="Output format.")] = Format.yaml,
    services: Annotated[bool, typer.Option("--services", help="Print the service names.")] = False,
    volumes: Annotated[bool, typer.Option("--volumes", help="Print the volume names.")] = False,
    networks: Annotated[bool, typer.Option("--networks", help="Print the network names.")] = False,
    profiles: Annotated[bool, typer.Option("--profiles", help="Print the profile names.")] = False,
    images: Annotated[bool, typer.Option("--images", help="Print the image names.")] = False,
    hash_: Annotated[
        str | None,
        typer.Option("--hash", help='Print the config hash of services ("*" for all).'),
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Only validate; print nothing.")
    ] = False,
    no_interpolate: Annotated[
        bool, typer.Option("--no-interpolate", help="Do not interpolate variables.")
    ] = False,
    environment: Annotated[
        bool,
        typer.Option(
            "--environment", help="Print the interpolated variables and where each came from."
        ),
    ] = False,
    output: Annotated[
        str | None, typer.Option("--output", "-o", help="Write the output to this file.")
    ] = None,
) -> None:
    """Validate the compose files and print the canonical model."""
    from figlet.cli import _config

    _config.run(
        load_options(ctx),
        fmt=fmt.value,
        services=services,
        volumes=volumes,
        networks=networks,
        profiles=profiles,
        images=images,
        hash_=hash_,
        quiet=quiet,
        no_interpolate=no_interpolate,
        environment=environment,
        output=output,
    )
