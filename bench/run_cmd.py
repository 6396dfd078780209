"""`run --rm web true` on samples/trio: figlet against Docker Compose v2, in the same run.

Each tool brings trio's redis up in a project of its own (web links to redis: every run starts
from a running dependency, as a developer's `run` does), then the two run
`run --rm web true` alternately (the first tool alternating too), `--rounds` times after one
untimed warm-up each; wall time of the whole process. Prints the medians (and writes all times
with --out); both projects are taken down at the end, whatever happened.

    .venv/bin/python bench/run_cmd.py --rounds 10 [--figlet .venv/bin/figlet] [--out run.json]
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TRIO = REPO / "samples" / "trio" / "compose.yaml"


def free_port() -> int:
    with socket.create_server(("127.0.0.1", 0)) as probe:
        return int(probe.getsockname()[1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--figlet", default=str(REPO / ".venv" / "bin" / "figlet"))
    parser.add_argument("--compose", default="docker compose", help="Compose v2 command line.")
    parser.add_argument("--out", help="Write every time (JSON) here.")
    args = parser.parse_args()
    env = {**os.environ, "TRIO_PORT": str(free_port()), "FIGLET_PULL": "never"}
    stamp = f"{os.getpid()}"
    tools = {
        "figlet": [args.figlet, "-f", str(TRIO), "-p", f"fbrunfig{stamp}"],
        "compose-v2": [*args.compose.split(), "-f", str(TRIO), "-p", f"fbruncmp{stamp}"],
    }
    run = ["run", "--rm", "web", "true"]
    times: dict[str, list[float]] = {tool: [] for tool in tools}
    try:
        for base in tools.values():
            _check([*base, "up", "-d", "redis"], env)
            _check([*base, *run], env)  # warm-up: not timed
        for round_ in range(args.rounds):
            order = list(tools) if round_ % 2 == 0 else list(reversed(tools))
            for tool in order:
                start = time.perf_counter()
                _check([*tools[tool], *run], env)
                times[tool].append(time.perf_counter() - start)
    finally:
        for base in tools.values():
            subprocess.run(
                [*base, "down", "-t", "0"], env=env, capture_output=True, check=False, timeout=120
            )
    medians = {tool: statistics.median(values) for tool, values in times.items()}
    for tool, median in medians.items():
        print(f"run --rm web true  {tool:<11} median {median:.3f} s  ({args.rounds} rounds)")
    print(f"figlet / compose-v2: {medians['figlet'] / medians['compose-v2']:.2f}")
    if args.out:
        Path(args.out).write_text(json.dumps({"times": times, "medians": medians}, indent=2))
    return 0


def _check(argv: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(
        argv, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=180
    )
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)}: exit {done.returncode}\n{done.stderr}")


if __name__ == "__main__":
    raise SystemExit(main())
