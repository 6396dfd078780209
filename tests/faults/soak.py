"""Fault soak: many rounds of a random fault at a random moment, each checked for convergence.

    .venv/bin/python tests/faults/soak.py --rounds 40 --seed 7

Not a test (the suite runs the fixed cases of test_kill_every_step.py and test_engine_faults.py);
this tool measures. Each round takes a fresh project (`_faultlib`: links, replicas, a healthcheck,
a named volume seeded with data), picks a scenario and the progress event at which to inject
its fault (a random one among those the run prints):

- kill-up / kill-down / kill-scale: SIGKILL figlet;
- stop-up: the engine stops answering (EngineProxy.stop), figlet must say it cannot reach it;
  then it is back;
- restart-up / restart-down: the engine is away for 0.2-1.5 s (EngineProxy.restart);
- slow-up: every request held 50-300 ms (no event needed).

then reruns the command (`up -d`, `down` then `up -d`, `scale web=4`) and checks what
`_faultlib.assert_converged` checks. It prints one line per round and a tally: rounds, faults
injected, faulted runs that failed, unclear messages (a traceback, or an engine fault not named
as one), convergence failures, rounds whose volume data was lost. Only the local engine is used;
every project is removed by label at the end of its round.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
import traceback
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

from _cleanup import remove_project  # noqa: E402
from _faultlib import (  # noqa: E402
    REPLICAS,
    assert_converged,
    containers,
    exec_out,
    figlet,
    kill,
    networks,
    run_until,
    seed_volume,
    volumes,
    write_project,
)
from engine_proxy import EngineProxy  # noqa: E402

SCENARIOS = (
    "kill-up",
    "kill-down",
    "kill-scale",
    "stop-up",
    "restart-up",
    "restart-down",
    "slow-up",
)
# roughly how many progress events each command prints for this project (started + done)
EVENTS = {"up": 20, "down": 10, "scale": 8}
ENGINE_WORDS = ("cannot reach the Docker engine", "did not answer in time")


def nth_event(count: int) -> Any:
    seen = [0]

    def when(event: dict[str, Any]) -> bool:
        seen[0] += 1
        return seen[0] >= count

    return when


def data_intact(engine: Any, project: str, token: str) -> bool:
    """The seeded data, read from the volume by a running redis (or a one-off container)."""
    found = containers(engine, project).get(f"{project}-redis-1")
    if found is not None and found.status == "running":
        marker = exec_out(found, "cat", "/data/marker")
        key = exec_out(found, "redis-cli", "get", "seeded")
        return marker == key == f"{token}\n"
    out = engine.containers.run(
        "figlet-local/debian:bookworm",
        ["cat", "/data/marker"],
        volumes={f"{project}_data": {"bind": "/data", "mode": "ro"}},
        remove=True,
    )
    return bool(out.decode() == f"{token}\n")


def one_round(engine: Any, scenario: str, rng: random.Random) -> dict[str, Any]:
    project = f"kill-soak-{uuid.uuid4().hex[:8]}"
    where = write_project(Path(tempfile.mkdtemp(prefix="figlet-soak-")))
    token = uuid.uuid4().hex
    result: dict[str, Any] = {"scenario": scenario, "project": project}
    proxy = EngineProxy().start()
    via = {"DOCKER_HOST": proxy.url}
    try:
        seed_volume(engine, project, token)
        command, _, _ = scenario.partition("-")
        what = scenario.split("-", 1)[1]
        args = {"up": ["up", "-d"], "down": ["down"], "scale": ["scale", "web=4"]}[what]
        if what != "up":
            assert figlet("-p", project, "up", "-d", cwd=where).code == 0
        at = rng.randint(1, EVENTS[what])
        result["at_event"] = at
        if command == "slow":
            proxy.delay(rng.uniform(0.05, 0.3))
            faulted = figlet("-p", project, *args, cwd=where, env=via)
            code, err, injected = faulted.code, faulted.err, True
        else:
            if command == "kill":
                fault = kill
            elif command == "stop":
                fault = lambda process: proxy.stop()  # noqa: E731
            else:
                away = rng.uniform(0.2, 1.5)
                result["away"] = round(away, 2)
                fault = lambda process: proxy.restart(away)  # noqa: E731
            stopped = run_until(["-p", project, *args], where, nth_event(at), fault, env=via)
            code, err, injected = stopped.code, stopped.err, stopped.injected
        result.update(injected=injected, code=code)
        result["traceback"] = "Traceback" in err
        if command in ("stop", "restart") and code not in (0, -9):
            result["named"] = any(words in err for words in ENGINE_WORDS)
            said = [line for line in err.splitlines() if line and not line.startswith("{")]
            result["said"] = said[0][:200] if said else ""
        proxy.pass_through()
        proxy.resume()
        deadline = time.monotonic() + 5
        while not proxy.listening and time.monotonic() < deadline:
            time.sleep(0.05)
        rerun = figlet("-p", project, *args, cwd=where, env=via)
        result["rerun"] = rerun.code
        if rerun.code != 0:
            result["rerun_err"] = rerun.err[-400:]
        if what == "down":
            left = (
                containers(engine, project),
                networks(engine, project),
                volumes(engine, project),
            )
            result["down_clean"] = left == ({}, [], [f"{project}_data"])
            assert figlet("-p", project, "up", "-d", cwd=where).code == 0
        replicas = {**REPLICAS, "web": 4} if what == "scale" else REPLICAS
        result["data"] = data_intact(engine, project, token)
        try:
            assert_converged(engine, project, where, token, replicas=replicas)
            result["converged"] = rerun.code == 0 and result.get("down_clean", True)
        except AssertionError as failure:
            result["converged"] = False
            result["why"] = str(failure)[:400]
    except Exception:
        result["converged"] = False
        result["why"] = traceback.format_exc()[-600:]
    finally:
        proxy.close()
        remove_project(engine, project)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=len(SCENARIOS))
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--scenario", action="append", choices=SCENARIOS)
    options = parser.parse_args()
    import docker

    engine = docker.from_env(timeout=60)
    seed = options.seed if options.seed is not None else random.randrange(1 << 30)
    rng = random.Random(seed)
    chosen = options.scenario or list(SCENARIOS)
    tally: Counter[str] = Counter()
    began = time.monotonic()
    for number in range(options.rounds):
        scenario = chosen[number % len(chosen)]
        result = one_round(engine, scenario, rng)
        print(json.dumps(result), flush=True)
        tally["rounds"] += 1
        tally["faults injected"] += bool(result.get("injected"))
        tally["faulted runs that failed"] += result.get("code", 0) != 0
        tally["unclear messages"] += bool(result.get("traceback")) or result.get("named") is False
        tally["convergence failures"] += not result.get("converged")
        tally["data lost"] += result.get("data") is False
    summary = {"seed": seed, **tally, "seconds": round(time.monotonic() - began)}
    print(json.dumps(summary))
    return 0 if tally["convergence failures"] == tally["data lost"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
