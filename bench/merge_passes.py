"""Join the shared harness's results.json of several passes on one network mode into one.

`bench/run.sh` runs trio in a pass of its own with more rounds than the other samples (its
rounds spread by ±0.05 s around a 0.2-0.6 s median) and joins the two passes here, so the
report sees one run per network mode:

    python bench/merge_passes.py OUT.json PASS.json [PASS.json ...]

A later pass may run some of the same samples again (figlet and Compose v2 alone, for more
rounds where they tie): its rounds are numbered on from the rounds that sample already has, so
that a round number still names one round, in which each tool ran once.

Records, notes and leaks are concatenated; the machine facts are the first pass's, except the
per-sample load averages (all passes) and what held at the end (the last pass); `passes` keeps
each pass's options, date and duration for the report's method section.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

PER_SAMPLE = "load average before each sample"
AT_END = ("load average at end", "other containers on the engine at end")


def merge(passes: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """One results.json made of several passes (the first pass's facts unless said otherwise)."""
    first, last = passes[0], passes[-1]
    machine = dict(first["info"]["machine"])
    machine[PER_SAMPLE] = "".join(p["info"]["machine"].get(PER_SAMPLE, "") for p in passes)
    for key in AT_END:
        if key in last["info"]["machine"]:
            machine[key] = last["info"]["machine"][key]
    versions = {k: v for p in passes for k, v in p["info"].get("versions", {}).items()}
    return {
        **first,
        "info": {**first["info"], "machine": machine, "versions": versions},
        "elapsed_s": sum(p.get("elapsed_s", 0) for p in passes),
        "records": renumbered(passes),
        "notes": [n for p in passes for n in p.get("notes", [])],
        "leaks": [leak for p in passes for leak in p.get("leaks", [])],
        "passes": [pass_summary(p) for p in passes],
    }


def renumbered(passes: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every pass's records, a later pass's rounds of a sample numbered after the earlier ones."""
    records: list[dict[str, Any]] = []
    rounds: dict[str, int] = {}  # sample -> rounds it has so far
    for one in passes:
        offsets = dict(rounds)
        for r in one["records"]:
            run = int(r.get("run", 0)) + offsets.get(r["sample"], 0)
            records.append({**r, "run": run})
            rounds[r["sample"]] = max(rounds.get(r["sample"], 0), run + 1)
    return records


def pass_summary(run: dict[str, Any]) -> dict[str, Any]:
    """A pass's options, date and duration (what the report's method section says of it)."""
    return {
        "argv": run.get("argv", []),
        "args": run["args"],
        "date": run["info"]["date"],
        "elapsed_s": run.get("elapsed_s", 0),
    }


def main(argv: Sequence[str]) -> int:
    if len(argv) < 2:
        print(__doc__.split("\n\n")[1].strip(), file=sys.stderr)
        return 2
    out, *inputs = argv
    found = [json.loads(Path(path).read_text()) for path in inputs if Path(path).exists()]
    if not found:
        print(f"merge_passes: none of {', '.join(inputs)} exists", file=sys.stderr)
        return 1
    Path(out).write_text(json.dumps(merge(found), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
