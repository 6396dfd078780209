"""The body of `figlet ls` (declared in `cmd_ls`): every compose project on the engine, by
the com.docker.compose.project label of its containers (Compose's, so its projects too)."""

from __future__ import annotations

import json

from figlet.cli._context import CommandContext


def run(
    cli: CommandContext, *, all_: bool = False, quiet: bool = False, fmt: str = "table"
) -> None:
    """Name, status ("running(3)", "exited(1), running(2)"), config files of each project
    with a running container (every project with `all_`)."""
    from collections import Counter

    from figlet import labels
    from figlet.cli._columns import columns
    from figlet.cli._report import echo
    from figlet.cli._selection import unable
    from figlet.engine.base import LabelQuery

    engine = cli.engine()
    if not isinstance(engine, LabelQuery):
        raise unable("figlet ls", engine)
    states: dict[str, Counter[str]] = {}
    files: dict[str, list[str]] = {}
    for container in engine.containers_labelled(labels.PROJECT):
        name = container.labels[labels.PROJECT]
        states.setdefault(name, Counter())[container.state] += 1
        known = files.setdefault(name, [])
        for path in container.labels.get(labels.CONFIG_FILES, "").split(","):
            if path and path not in known:
                known.append(path)
    projects = [
        {
            "Name": name,
            "Status": ", ".join(f"{state}({count})" for state, count in sorted(counts.items())),
            "ConfigFiles": ",".join(files[name]),
        }
        for name, counts in sorted(states.items())
        if all_ or counts.get("running")
    ]
    if quiet:
        for project in projects:
            echo(project["Name"])
    elif fmt == "json":
        echo(json.dumps(projects, separators=(",", ":")))
    else:
        rows = [("NAME", "STATUS", "CONFIG FILES")]
        rows += [(p["Name"], p["Status"], p["ConfigFiles"]) for p in projects]
        echo(columns(rows))
