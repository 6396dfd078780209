"""Time `figlet build` against `docker compose build` on two independent images.

Each round builds both images with --no-cache, the tools taking turns (so a busy moment of the
machine falls on all of them alike), and removes the images after each build. Compose runs
twice: as it builds here by default (through the engine's BuildKit, buildx being absent) and
with DOCKER_BUILDKIT=0 (the legacy builder, the one the engine API's POST /build gives figlet).

    python bench/build.py [--rounds 6] [--figlet .venv/bin/figlet]

Prints each tool's median and every time, in seconds. Local images only
(figlet-local/busybox:latest); the project name and tags start with "bd-bench".
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = "bd-bench-build"
IMAGES = ("bd-bench-build-one:latest", "bd-bench-build-two:latest")
DOCKERFILE = """FROM figlet-local/busybox:latest
ARG WHO
RUN for i in 1 2 3 4 5 6 7 8; do echo "$WHO $i" >> /log; done && sleep 1
RUN head -c 2000000 /dev/urandom | md5sum > /sum
COPY note.txt /note.txt
"""


def write_project(folder: Path) -> Path:
    """Two services, each built from its own context; the compose file's path."""
    lines = ["services:"]
    for index, image in enumerate(IMAGES):
        name = ("one", "two")[index]
        context = folder / name
        context.mkdir()
        (context / "Dockerfile").write_text(DOCKERFILE)
        (context / "note.txt").write_text(f"{name}\n" * 1000)
        lines += [
            f"  {name}:",
            f"    image: {image}",
            "    build:",
            f"      context: ./{name}",
            f"      args: {{WHO: {name}}}",
        ]
    compose = folder / "compose.yaml"
    compose.write_text("\n".join(lines) + "\n")
    return compose


def timed(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return elapsed


def remove_images() -> None:
    subprocess.run(["docker", "rmi", "-f", *IMAGES], capture_output=True, timeout=120)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--figlet", default=str(Path(sys.executable).with_name("figlet")))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bd-bench-build-") as folder:
        compose = write_project(Path(folder))
        env = {**os.environ, "FIGLET_CACHE_DIR": os.path.join(folder, "cache")}
        legacy = {**env, "DOCKER_BUILDKIT": "0", "COMPOSE_DOCKER_CLI_BUILD": "0"}
        base = ["-f", str(compose), "-p", PROJECT]
        tools = {
            "figlet build": ([args.figlet, *base, "build", "--no-cache", "-q"], env),
            "compose build (BuildKit)": (
                ["docker", "compose", *base, "build", "--no-cache", "-q"],
                env,
            ),
            "compose build (DOCKER_BUILDKIT=0)": (
                ["docker", "compose", *base, "build", "--no-cache", "-q"],
                legacy,
            ),
        }
        times: dict[str, list[float]] = {name: [] for name in tools}
        try:
            for _ in range(args.rounds):
                for name, (command, environ) in tools.items():
                    times[name].append(timed(command, environ))
                    remove_images()
        finally:
            remove_images()
    for name, found in times.items():
        rounds = " ".join(f"{value:.2f}" for value in found)
        print(f"{name:36s} median {statistics.median(found):.2f}s   ({rounds})")


if __name__ == "__main__":
    main()
