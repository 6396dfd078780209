"""`figlet logs` beside `docker compose logs` on 20 containers with 10,000 lines each.

    .venv/bin/python bench/logs.py [--rounds 5] [--lines 10000] [--containers 20]

Brings a busybox project up (one service, N replicas, each printing its lines then sleeping),
waits until every log is complete, then times both tools in alternation, each writing to a
file (every line counted, so no tool wins by printing less), and takes the project down.
Prints each round and the medians; not part of the tests (`make bench` runs the harness)."""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

FIGLET = Path(__file__).resolve().parent.parent / ".venv" / "bin" / "figlet"
COMPOSE = """\
services:
  talk:
    image: figlet-local/busybox:latest
    command: ["sh", "-c", "seq 1 {lines} | sed 's/^/a line of log number /'; exec sleep 3600"]
    deploy:
      replicas: {containers}
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--lines", type=int, default=10_000)
    parser.add_argument("--containers", type=int, default=20)
    parser.add_argument("--figlet", default=str(FIGLET), help="The figlet to measure.")
    args = parser.parse_args()
    name = f"lg-bench-{uuid.uuid4().hex[:6]}"
    with tempfile.TemporaryDirectory() as where:
        directory = Path(where)
        (directory / "compose.yaml").write_text(
            COMPOSE.format(lines=args.lines, containers=args.containers)
        )
        env = {**os.environ, "FIGLET_PULL": "never"}
        tools = {
            "figlet": [args.figlet, "-p", name, "logs"],
            "compose-v2": ["docker", "compose", "-p", name, "logs"],
        }
        try:
            subprocess.run(
                [args.figlet, "-p", name, "up", "-d", "--progress", "quiet"],
                cwd=where,
                env=env,
                check=True,
            )
            expected = args.lines * args.containers
            _wait_for(tools["figlet"], where, env, expected)
            times: dict[str, list[float]] = {tool: [] for tool in tools}
            for round_number in range(1, args.rounds + 1):
                order = list(tools) if round_number % 2 else list(reversed(tools))
                for tool in order:
                    seconds, count = _timed(tools[tool], where, env)
                    if count != expected:
                        print(f"{tool}: {count} lines, expected {expected}", file=sys.stderr)
                        return 1
                    times[tool].append(seconds)
                    print(f"round {round_number} {tool:<10} {seconds:.3f}s")
            for tool, found in times.items():
                print(
                    f"median {tool:<10} {statistics.median(found):.3f}s  (all: "
                    + ", ".join(f"{t:.3f}" for t in found)
                    + ")"
                )
        finally:
            subprocess.run(
                [args.figlet, "-p", name, "down", "-t", "0"],
                cwd=where,
                env=env,
                capture_output=True,
                check=False,
            )
    return 0


def _timed(command: list[str], where: str, env: dict[str, str]) -> tuple[float, int]:
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        subprocess.run(command, cwd=where, env=env, stdout=out, check=True)
        seconds = time.perf_counter() - start
        out.seek(0)
        return seconds, sum(1 for _ in out)


def _wait_for(command: list[str], where: str, env: dict[str, str], lines: int) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if _timed(command, where, env)[1] >= lines:
            return
        time.sleep(1)
    raise SystemExit(f"the logs never reached {lines} lines")


if __name__ == "__main__":
    raise SystemExit(main())
