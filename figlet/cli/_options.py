"""Options that several commands share, declared once (typer `Annotated` aliases).

Light to import: only typer, so each command module can use them at definition time.
"""

from __future__ import annotations

from typing import Annotated

import typer

Services = Annotated[list[str] | None, typer.Argument(help="Services (default: all).")]
Scale = Annotated[list[str] | None, typer.Option("--scale", help="SERVICE=NUM (repeatable).")]
ForceRecreate = Annotated[
    bool, typer.Option("--force-recreate", help="Recreate even if nothing changed.")
]
NoRecreate = Annotated[
    bool, typer.Option("--no-recreate", help="Never recreate existing containers.")
]
NoStart = Annotated[bool, typer.Option("--no-start", help="Create, don't start.")]
RemoveOrphans = Annotated[
    bool, typer.Option("--remove-orphans", help="Remove containers of removed services.")
]
Timeout = Annotated[int | None, typer.Option("--timeout", "-t", help="Seconds to wait for a stop.")]
DryRun = Annotated[bool, typer.Option("--dry-run", help="Print the plan, change nothing.")]
Parallel = Annotated[
    int | None, typer.Option("--parallel", help="Operations at once (default 16).")
]
Progress = Annotated[str, typer.Option("--progress", help="auto|tty|plain|json|quiet")]
