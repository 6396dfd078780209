"""`figlet version`: the version, as `docker compose version` prints it (`--short`: the number)."""

from __future__ import annotations

from typing import Annotated

import typer

from figlet._version import __version__


def register(app: typer.Typer) -> None:
    @app.command()
    def version(
        short: Annotated[bool, typer.Option("--short", help="Print the number only.")] = False,
    ) -> None:
        """Show the version."""
        typer.echo(__version__ if short else f"figlet version {__version__}")
