"""figlet's own measurements that the shared harness lacks: start-up, `config` and `plan`.

Times whole processes (spawn to exit, interpreter start-up included) as the shared harness does,
`runs` rounds after one untimed warm-up, the tools rotated every round (none always goes first):

    --version          figlet, compose-v1, compose-v2
    config big100      the shared sample (figlet, compose-v1, compose-v2)
    config large       the generated 1,000-service file (bench/gen_large.py)
    plan big100/large  figlet only (no peer has a plan command); nothing exists: all is new

Nothing here creates a container: `plan` only lists the (absent) project's resources.

    python bench/measure.py --figlet .venv/bin/figlet --samples ../shared/bench/samples \
        --large results/large.yaml --out results/measure.json
"""

from __future__ import annotations

import argparse
import datetime
import glob
import json
import os
import platform
import subprocess
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

PEERS = Path(os.environ.get("PEERS", str(Path.home() / ".cache/figlet-bench-peers")))
PROJECT = "fbfigletmeasure"  # harness-style project name; nothing is ever created under it
NO_CACHE = (("FIGLET_NO_CACHE", "1"),)


@dataclass(frozen=True)
class Case:
    """One timed command: `what` is the row (e.g. "config large"), `tool` the column."""

    what: str
    tool: str
    argv: tuple[str, ...]
    env: tuple[tuple[str, str], ...] = ()  # added to the environment


@dataclass(frozen=True)
class Record:
    what: str
    tool: str
    run: int
    wall_s: float
    cpu_s: float
    rc: int
    ok: bool
    note: str


def peer_commands() -> dict[str, list[str]]:
    """The installed peers (same places as the shared run.sh installs them)."""
    found: dict[str, list[str]] = {}
    v1 = PEERS / "compose-v1/bin/docker-compose"
    if v1.exists():
        found["compose-v1"] = [str(v1)]
    v2 = sorted(
        glob.glob(str(PEERS / "compose-v2/lib/python3*/site-packages/compose/docker-compose"))
    )
    if v2:
        found["compose-v2"] = [v2[0]]
    return found


def build_cases(figlet: list[str], samples: Path, large: Path) -> list[Case]:
    tools = {"figlet": figlet, **peer_commands()}
    files = {"big100": samples / "big100/compose.yaml", "large": large}
    cases = [Case("--version", name, (*argv, "--version")) for name, argv in tools.items()]
    for label, path in files.items():
        for name, argv in tools.items():
            cases.append(
                Case(f"config {label}", name, (*argv, "-f", str(path), "-p", PROJECT, "config"))
            )
        plan = (*figlet, "-f", str(path), "-p", PROJECT, "plan")
        cases.append(Case(f"plan {label}", "figlet", plan))
        # figlet caches loads by file content: a changed file pays the whole load again
        config = (*figlet, "-f", str(path), "-p", PROJECT, "config")
        for what, command in ((f"config {label}", config), (f"plan {label}", plan)):
            cases.append(Case(f"{what}, no cache", "figlet", command, NO_CACHE))
    return cases


def shell_words(case: Case) -> list[str]:
    """The command as a shell would take it: VAR=value words first."""
    return [f"{key}={value}" for key, value in case.env] + list(case.argv)


def timed(case: Case, log: Path, timeout: float) -> tuple[float, float, int, str]:
    """Run argv once: (wall seconds, child user+sys seconds, exit code, last stderr line)."""
    with log.open("a") as out, open(log.with_suffix(".err"), "w+") as err:
        out.write(f"\n### {' '.join(shell_words(case))}\n")
        out.flush()
        start = time.perf_counter()
        env = {**os.environ, **dict(case.env)}
        proc = subprocess.Popen(
            case.argv, stdout=out, stderr=err, stdin=subprocess.DEVNULL, env=env
        )
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        lines = [line.strip(" │╭╰─╮╯") for line in err.read().splitlines()]
        lines = [line for line in lines if any(ch.isalnum() for ch in line)]
    return (
        wall,
        usage.ru_utime + usage.ru_stime,
        proc.returncode,
        (lines[-1][:200] if lines else ""),
    )


def run_all(cases: list[Case], runs: int, workdir: Path, timeout: float) -> list[Record]:
    records: list[Record] = []
    groups: dict[str, list[Case]] = {}
    for case in cases:
        groups.setdefault(case.what, []).append(case)
    for what, group in groups.items():
        for case in group:  # warm-up: page cache and any load cache, for everyone alike
            timed(case, workdir / f"{case.tool}.log", timeout)
        for run in range(runs):
            shift = run % len(group)
            for case in group[shift:] + group[:shift]:
                wall, cpu, rc, last = timed(case, workdir / f"{case.tool}.log", timeout)
                note = "" if rc == 0 else last
                records.append(
                    Record(what, case.tool, run, round(wall, 4), round(cpu, 4), rc, rc == 0, note)
                )
                flag = "" if rc == 0 else f"  FAILED rc={rc} {note}"
                line = f"  {case.tool:11s} {what:15s} run{run} wall {wall:6.3f}s cpu {cpu:6.3f}s"
                print(line + flag, flush=True)
    return records


def version_of(argv: list[str]) -> str:
    try:
        done = subprocess.run([*argv, "--version"], capture_output=True, text=True, timeout=60)
    except OSError as exc:
        return f"? ({exc})"
    lines = (done.stdout + done.stderr).strip().splitlines()
    return lines[0] if lines else f"rc={done.returncode}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--figlet", required=True, help="figlet command (a path)")
    parser.add_argument("--samples", type=Path, required=True, help="the shared bench/samples dir")
    parser.add_argument(
        "--large", type=Path, required=True, help="the generated 1,000-service file"
    )
    parser.add_argument("--out", type=Path, required=True, help="results JSON to write")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--timeout", type=float, default=120)
    args = parser.parse_args()

    figlet = [args.figlet]
    workdir = args.out.parent / "measure-logs"
    workdir.mkdir(parents=True, exist_ok=True)
    cases = build_cases(figlet, args.samples, args.large)
    started = time.perf_counter()
    info = {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "load average at start": Path("/proc/loadavg").read_text().split()[:3],
        "python": platform.python_version(),
        "large file": str(args.large),
        "large file header": args.large.read_text().splitlines()[0].lstrip("# "),
        "runs": args.runs,
        "versions": {"figlet": version_of(figlet)}
        | {name: version_of(argv) for name, argv in peer_commands().items()},
        "argv": {f"{c.what} / {c.tool}": shell_words(c) for c in cases},
    }
    records = run_all(cases, args.runs, workdir, args.timeout)
    info["load average at end"] = Path("/proc/loadavg").read_text().split()[:3]
    info["elapsed_s"] = round(time.perf_counter() - started, 1)
    payload = {"info": info, "records": [asdict(r) for r in records]}
    args.out.write_text(json.dumps(payload, indent=1) + "\n")
    print(f"measurements: {args.out}")


if __name__ == "__main__":
    main()
