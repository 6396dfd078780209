"""`figlet deploy` against `docker stack deploy` of the same file, to converged tasks, in one run.

Samples: samples/trio (3 services, 5 tasks, healthchecks, a dependency) and samples/fleet20 (20
services, 25 tasks, 15 dependencies). Each round deploys the sample once with each tool
(the first tool alternating), and removes it in between (`docker stack rm`, then waited out:
no service, network or task container of the stack left), so every deploy starts from nothing.

Two measures (--measure):
- `converged` (default): the same finish line for both. The tool is run without its own wait
  (`figlet deploy`, which still orders dependencies; `docker stack deploy --detach=true`), then
  one poller (`docker service ls`) waits until every service of the file shows N/N running
  tasks; the time is from the start of the command to that moment.
- `own`: each tool's own waiting command: `figlet deploy --wait` (returns once the tasks have
  converged and kept running 1 s) against `docker stack deploy --detach=false` (the CLI waits
  per service, one after the other, and wants each stable for 5 s: ~19 s for trio and ~110 s
  for fleet20 here, mostly waiting).
`both` runs the two. Prints medians and the ratio figlet / stack deploy per sample and measure;
writes every time (JSON) to --out.

docker stack deploy (its compose schema) rejects a top-level `name:`: stack deploy reads the
file from stdin without that line (in the sample's directory, so relative paths resolve the
same); figlet reads the file itself, with `-p NAME`.

    .venv/bin/python bench/swarm.py [--figlet .venv/bin/figlet] [--rounds 3]
        [--samples trio,fleet20] [--measure converged|own|both] [--out bench/results/x.json]
        [--resolve-image always|changed|never]

stack deploy resolves each image against its registry by default (`--resolve-image always`);
figlet never does (the engine pulls on each node). `--resolve-image never` takes that step out
of stack deploy's time.

The local engine must be an active swarm manager (`docker swarm init`); published ports use
--port (trio's TRIO_PORT, default 18390).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
SAMPLES = {"trio": REPO / "samples" / "trio", "fleet20": REPO / "samples" / "fleet20"}
NAMESPACE = "com.docker.stack.namespace"
TIMEOUT = 600.0
TOOLS = ("figlet", "stack")


def sh(args: Sequence[str], *, cwd: Path | None = None, stdin: str | None = None,
       env: dict[str, str] | None = None, timeout: float = TIMEOUT) -> str:  # fmt: skip
    done = subprocess.run(
        list(args), cwd=cwd, input=stdin, env=env, capture_output=True, text=True,
        timeout=timeout, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        raise SystemExit(f"bench/swarm.py: `{' '.join(args)}` failed: {done.stdout}{done.stderr}")
    return done.stdout


def services_of(compose: Path) -> list[str]:
    return list((yaml.safe_load(compose.read_text()) or {}).get("services") or {})


def without_name(compose: Path) -> str:
    """The file's text without its top-level `name:` (stack deploy's schema has none)."""
    return re.sub(r"(?m)^name:.*\n", "", compose.read_text())


def converged(stack: str, count: int) -> bool:
    """Every one of the stack's `count` services shows N/N running tasks (N > 0)."""
    listed = sh(["docker", "service", "ls", "--filter", f"label={NAMESPACE}={stack}",
                 "--format", "{{.Replicas}}"]).split()  # fmt: skip
    if len(listed) != count:
        return False
    for replicas in listed:
        running, _, wanted = replicas.partition("/")
        wanted = wanted.split()[0] if wanted else ""
        if not wanted or running != wanted or wanted == "0":
            return False
    return True


def wait(what: str, ready: object, timeout: float = TIMEOUT, every: float = 0.2) -> None:
    deadline = time.monotonic() + timeout
    assert callable(ready)
    while not ready():
        if time.monotonic() > deadline:
            raise SystemExit(f"bench/swarm.py: timed out waiting for {what}")
        time.sleep(every)


def remove(stack: str) -> None:
    """`docker stack rm`, then wait until none of its services, networks or containers is left.
    A network still in use by a task that is going away fails `stack rm` (the engine's race):
    it is asked again until the network is gone."""
    _stack_rm(stack)
    label = f"label={NAMESPACE}={stack}"

    def gone() -> bool:
        for kind in (["service", "ls"], ["network", "ls"], ["ps", "-a"]):
            if sh(["docker", *kind, "-q", "--filter", label]).strip():
                if kind[0] == "network":
                    _stack_rm(stack)
                return False
        return True

    wait(f"stack {stack} to be removed", gone)


def _stack_rm(stack: str) -> None:
    subprocess.run(
        ["docker", "stack", "rm", stack], capture_output=True, timeout=TIMEOUT, check=False
    )


def deploy(
    tool: str, sample: str, stack: str, figlet: str, own: bool, env: dict[str, str],
    resolve: str = "always",
) -> float:  # fmt: skip
    """One deploy of `sample` by `tool` to converged tasks; seconds."""
    directory = SAMPLES[sample]
    compose = directory / "compose.yaml"
    count = len(services_of(compose))
    if tool == "figlet":
        args = [figlet, "-f", str(compose), "-p", stack, "deploy"] + (["--wait"] if own else [])
        stdin = None
    else:
        detach = "--detach=false" if own else "--detach=true"
        args = ["docker", "stack", "deploy", detach, "--resolve-image", resolve, "-c", "-", stack]
        stdin = without_name(compose)
    start = time.perf_counter()
    sh(args, cwd=directory, stdin=stdin, env=env)
    wait(f"{stack} to converge", lambda: converged(stack, count))
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--figlet", default=str(REPO / ".venv" / "bin" / "figlet"))
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--samples", default="trio,fleet20")
    parser.add_argument("--measure", choices=("converged", "own", "both"), default="converged")
    parser.add_argument(
        "--resolve-image", choices=("always", "changed", "never"), default="always",
        help="stack deploy's own option (its default: always; figlet resolves no image)",
    )  # fmt: skip
    parser.add_argument("--port", type=int, default=18390, help="trio's published port")
    parser.add_argument("--out", help="JSON of every time (default bench/results/<stamp>/)")
    args = parser.parse_args()
    samples = [name for name in args.samples.split(",") if name]
    unknown = [name for name in samples if name not in SAMPLES]
    if unknown:
        parser.error(f"unknown samples {unknown}; known: {', '.join(SAMPLES)}")
    info = json.loads(sh(["docker", "info", "--format", "{{json .Swarm}}"]))
    if info.get("LocalNodeState") != "active" or not info.get("ControlAvailable"):
        raise SystemExit("bench/swarm.py: the local engine is no swarm manager: docker swarm init")
    measures = ["converged", "own"] if args.measure == "both" else [args.measure]
    env = {**os.environ, "TRIO_PORT": str(args.port), "FIGLET_PULL": "never"}
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    out = Path(args.out) if args.out else REPO / "bench" / "results" / stamp / "swarm.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    times: dict[str, dict[str, dict[str, list[float]]]] = {}
    stacks = {tool: f"fbsw{tool[:3]}{os.getpid()}" for tool in TOOLS}
    try:
        for stack in stacks.values():
            remove(stack)
        for sample in samples:
            for measure in measures:
                cell = times.setdefault(sample, {}).setdefault(measure, {t: [] for t in TOOLS})
                for round_ in range(args.rounds):
                    order = TOOLS if round_ % 2 == 0 else tuple(reversed(TOOLS))
                    for tool in order:
                        took = deploy(tool, sample, stacks[tool], args.figlet,
                                      measure == "own", env, args.resolve_image)  # fmt: skip
                        cell[tool].append(took)
                        print(f"[swarm] {sample} {measure} {tool} round {round_ + 1}: "
                              f"{took:.2f} s", file=sys.stderr, flush=True)  # fmt: skip
                        remove(stacks[tool])
    finally:
        for stack in stacks.values():
            subprocess.run(["docker", "stack", "rm", stack], capture_output=True, check=False)
        out.write_text(json.dumps({"rounds": args.rounds, "resolve_image": args.resolve_image,
                                   "times": times}, indent=1))  # fmt: skip
    print(report(times, args.rounds, args.resolve_image))
    return 0


def report(
    times: dict[str, dict[str, dict[str, list[float]]]], rounds: int, resolve: str = "always"
) -> str:
    lines = [
        f"### figlet deploy against docker stack deploy --resolve-image {resolve} "
        f"({rounds} rounds, medians)",
        "",
        "| sample | measure | figlet | docker stack deploy | figlet / stack |",
        "|---|---|---:|---:|---:|",
    ]
    for sample, by_measure in times.items():
        for measure, by_tool in by_measure.items():
            if not by_tool["figlet"] or not by_tool["stack"]:
                continue
            fig, stk = statistics.median(by_tool["figlet"]), statistics.median(by_tool["stack"])
            lines.append(f"| {sample} | {measure} | {fig:.2f} s | {stk:.2f} s | {fig / stk:.2f} |")
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
