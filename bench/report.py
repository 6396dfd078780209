"""Write BENCHMARKS.md from one `make bench` run: the shared harness's results + measure.py's.

    python bench/report.py --run-dir bench/results/<stamp> [--run-dir ...] --out BENCHMARKS.md

The run dir holds `bridge.json` / `project.json` (copies of the shared harness's results.json for
`--net bridge` / `--net project`) and `measure.json`; any of them may be missing (e.g. after a
`--quick` or `--net bridge` run) and the report says so.  bench/NOTES.md (hand-written) is appended.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from merge_passes import pass_summary  # bench/ is on the path: both run as scripts from there

HERE = Path(__file__).resolve().parent
TIMES = "\u00d7"  # the report writes ratios as 1.05 followed by a multiplication sign
EN_DASH = "\u2013"  # min-max ranges
SAMPLES = ("trio", "wide20", "chain10", "replicas30", "big100")
CYCLE_TOOLS = ("figlet", "compose-v2", "compose-v1", "fig", "floor-pool", "floor-seq", "cli-seq")
PEERS = ("compose-v2", "compose-v1", "fig")
FLOOR = "floor-pool"
REFERENCE = ("floor-seq", "cli-seq")  # rows the harness runs once, for reference
# the tools of the last pass on the samples where the engine is the limit (its --only), as the
# method section names them; older runs had no floor in it
DUEL_NAMES = {"figlet": "figlet", "compose-v2": "Compose v2", "floor-pool": "the floor"}
OPS = {
    "up": "`up -d`, cold (nothing of the project exists)",
    "noop": "second `up -d`, nothing changed (idempotent no-op)",
    "down": "`down -t 0`",
}
NETS = {
    "bridge": "default bridge (`--net bridge`: every service `network_mode: bridge`)",
    "project": "project networks (`--net project`: the committed files, `<project>_default` each)",
}


@dataclass(frozen=True)
class Stat:
    n: int
    median: float
    low: float
    high: float


def stat(values: Sequence[float]) -> Stat | None:
    if not values:
        return None
    return Stat(len(values), statistics.median(values), min(values), max(values))


def num(value: float) -> str:
    return f"{value:.2f}" if value >= 0.095 else f"{value:.3f}"


def cell(s: Stat | None) -> str:
    if s is None:
        return "—"
    if s.n == 1:
        return f"{num(s.median)} (n=1)"
    return f"**{num(s.median)}** ({num(s.low)}{EN_DASH}{num(s.high)})"


def ratio(a: Stat | None, b: Stat | None) -> float | None:
    return a.median / b.median if a and b and b.median > 0 else None


def times(r: float | None) -> str:
    return "—" if r is None else f"{r:.2f}{TIMES}"


METRIC_KEYS = {"wall": "wall_s", "cpu": "cpu_s", "api": "api_s"}  # metric -> record key


class Results:
    """Medians of one results file, keyed by (tool, sample, op) and metric (wall, cpu, api)."""

    def __init__(self, records: Iterable[dict[str, Any]]) -> None:
        self.records = list(records)
        values: dict[tuple[str, str, str, str], list[float]] = {}
        for r in self.records:
            if not r.get("ok"):
                continue
            for metric, key in METRIC_KEYS.items():
                if key in r:
                    values.setdefault((r["tool"], r["sample"], r["op"], metric), []).append(r[key])
        self.stats = {k: stat(v) for k, v in values.items()}

    def get(self, tool: str, sample: str, op: str, metric: str = "wall") -> Stat | None:
        return self.stats.get((tool, sample, op, metric))

    def tools(self) -> list[str]:
        seen = {r["tool"] for r in self.records if r["op"] in OPS}
        return [t for t in CYCLE_TOOLS if t in seen]

    def samples(self) -> list[str]:
        seen = {r["sample"] for r in self.records if r["op"] in OPS}
        return [s for s in SAMPLES if s in seen]

    def failures(self, tool: str | None = None) -> list[dict[str, Any]]:
        return [r for r in self.records if not r["ok"] and (tool is None or r["tool"] == tool)]


def load(path: Path) -> dict[str, Any] | None:
    if not path.exists():
        return None
    data: dict[str, Any] = json.loads(path.read_text())
    return data


# ------------------------------------------------------------------------------------------------
# targets (issue 6)


@dataclass(frozen=True)
class Verdict:
    text: str  # what was measured, e.g. "worst 1.04 times (big100)"
    ok: bool | None  # None: not measured


def verdict_cell(v: Verdict) -> str:
    mark = {True: "✅", False: "❌", None: "…"}[v.ok]
    return f"{mark} {v.text}"


def per_round(
    res: Results, tool: str, sample: str, op: str, metric: str = "wall"
) -> dict[int, float]:
    """`tool`'s value of `metric` in each round (by run number) that went well."""
    key = METRIC_KEYS[metric]
    return {
        r["run"]: r[key]
        for r in res.records
        if (r["tool"], r["sample"], r["op"]) == (tool, sample, op) and r.get("ok") and key in r
    }


def rounds_faster(res: Results, sample: str, op: str, other: str) -> tuple[int, int]:
    """(rounds in which figlet took less wall time than `other`, rounds both ran well)."""
    mine, theirs = per_round(res, "figlet", sample, op), per_round(res, other, sample, op)
    common = set(mine) & set(theirs)
    return sum(mine[run] < theirs[run] for run in common), len(common)


def paired_ratio(res: Results, sample: str, op: str, base_tool: str, metric: str) -> float | None:
    """The median over the rounds both ran well of figlet's wall time over `base_tool`'s `metric`
    in the same round: the harness alternates the tools round by round, so a machine that gets
    faster or slower between rounds does so for both sides of each ratio."""
    mine = per_round(res, "figlet", sample, op)
    theirs = per_round(res, base_tool, sample, op, metric)
    ratios = [mine[run] / theirs[run] for run in set(mine) & set(theirs) if theirs[run] > 0]
    return statistics.median(ratios) if ratios else None


def target_ratio(
    res: Results, sample: str, op: str, base_tool: str, metric: str
) -> tuple[float, float] | None:
    """(the ratio a target is judged by: the per-round one, or the ratio of the medians where no
    round has both tools; the ratio of the medians), or None if either tool was not measured."""
    of_medians = ratio(res.get("figlet", sample, op), res.get(base_tool, sample, op, metric))
    if of_medians is None:
        return None
    paired = paired_ratio(res, sample, op, base_tool, metric)
    return (of_medians if paired is None else paired), of_medians


def worst_ratio(
    res: Results,
    samples: Sequence[str],
    op: str,
    base_tool: str,
    metric: str,
    limit: float,
    rounds: bool = False,
) -> Verdict:
    """figlet / base over the samples, each the median of the per-round ratios (the ratio of the
    medians where no round has both): the worst one, and whether every sample is within `limit`;
    the worst ratio of the medians is shown too; with `rounds`, in how many rounds of the worst
    sample figlet was the faster."""
    found: list[tuple[float, str]] = []
    of_medians: list[tuple[float, str]] = []
    missing: list[str] = []
    for s in samples:
        both = target_ratio(res, s, op, base_tool, metric)
        if both is None:
            missing.append(s)
            continue
        found.append((both[0], s))
        of_medians.append((both[1], s))
    if not found:
        return Verdict("not measured" + (f" ({', '.join(missing)})" if missing else ""), None)
    worst, where = max(found)
    text = f"worst {worst:.2f}{TIMES} ({where}"
    if rounds:
        faster, paired = rounds_faster(res, where, op, base_tool)
        text += f"; faster in {faster} of {paired} rounds"
    worst_m, where_m = max(of_medians)
    text += f"); ratio of medians: worst {worst_m:.2f}{TIMES} ({where_m})"
    if missing:
        text += f"; missing: {', '.join(missing)}"
    return Verdict(text, worst <= limit and not missing)


def one_ratio(res: Results, sample: str, op: str, base_tool: str, limit: float) -> Verdict:
    both = target_ratio(res, sample, op, base_tool, "wall")
    if both is None:
        return Verdict("not measured", None)
    judged, of_medians = both
    text = f"{judged:.2f}{TIMES} (ratio of medians {of_medians:.2f}{TIMES})"
    return Verdict(text, judged <= limit)


def seconds(s: Stat | None, limit: float, strict: bool = False, cpu: Stat | None = None) -> Verdict:
    """A wall-time limit; the client CPU is shown too (on a loaded machine wall time is not)."""
    if s is None:
        return Verdict("not measured", None)
    ok = s.median < limit if strict else s.median <= limit
    extra = f" (CPU {num(cpu.median)} s)" if cpu else ""
    return Verdict(f"{num(s.median)} s{extra}", ok)


def _left(record: dict[str, Any]) -> tuple[int, int]:
    """(containers, networks) a failed `down` left, from the harness's note."""
    found = re.search(r"(\d+) containers left, (\d+) network left", record.get("note", ""))
    return (int(found.group(1)), int(found.group(2))) if found else (0, 0)


def no_containers_left(res: Results) -> Verdict:
    downs = [r for r in res.records if r["tool"] == "figlet" and r["op"] == "down"]
    if not downs:
        return Verdict("not measured", None)
    bad = [r for r in downs if not r["ok"] and (_left(r)[0] or not _left(r)[1])]
    if not bad:
        return Verdict(f"none left in {len(downs)}/{len(downs)}", True)
    return Verdict(f"{len(bad)}/{len(downs)} downs left containers (see Failures)", False)


def leaks_reported(res: Results) -> Verdict:
    """Every network figlet's `down` could not remove was a failed `down` (exit status not 0)
    that named the cause; the same count for the peers, who hit the same engine bug."""
    downs = [r for r in res.records if r["op"] == "down"]
    leaked = {tool: [r for r in downs if r["tool"] == tool and _left(r)[1]] for tool in res.tools()}
    mine = leaked.get("figlet", [])
    if not mine:
        return Verdict("no network leaked", True)
    named = [r for r in mine if r["rc"] != 0 and "moby/moby#43286" in r.get("note", "")]
    others = ", ".join(
        f"{tool} {len(rows)}" for tool, rows in leaked.items() if tool != "figlet" and rows
    )
    text = f"{len(named)}/{len(mine)} leaks reported with their cause" + (
        f" (leaks in the same run: figlet {len(mine)}, {others})" if others else ""
    )
    return Verdict(text, len(named) == len(mine))


def target_rows(runs: dict[str, Results], measure: Results | None) -> list[str]:
    runs = runs or {"bridge": Results([])}
    nets = list(runs)
    lines = [
        "| target | " + " | ".join(f"`--net {n}`" for n in nets) + " |",
        "| --- |" + " --- |" * len(nets),
    ]

    def row(name: str, per_net: Any) -> None:
        lines.append(
            f"| {name} | " + " | ".join(verdict_cell(per_net(runs[n])) for n in nets) + " |"
        )

    row(
        f"cold `up`: ≤ 1.1{TIMES} the floor on every sample",
        lambda r: worst_ratio(r, SAMPLES, "up", FLOOR, "api", 1.1),
    )
    row(
        "cold `up`: never slower than compose-v2",
        lambda r: worst_ratio(r, SAMPLES, "up", "compose-v2", "wall", 1.0, rounds=True),
    )
    row(
        f"cold `up` replicas30: ≤ 0.7{TIMES} compose-v2",
        lambda r: one_ratio(r, "replicas30", "up", "compose-v2", 0.7),
    )
    for sample, limit in (("trio", 0.3), ("big100", 0.4)):
        row(
            f"no-op `up` {sample}: ≤ {limit} s",
            lambda r, s=sample, x=limit: seconds(
                r.get("figlet", s, "noop"), x, cpu=r.get("figlet", s, "noop", "cpu")
            ),
        )
    row(
        f"`down`: ≤ 1.2{TIMES} the floor on every sample",
        lambda r: worst_ratio(r, SAMPLES, "down", FLOOR, "api", 1.2),
    )
    row("`down` never leaves a container behind", no_containers_left)
    row("a network the engine leaks (moby/moby#43286) is reported clearly", leaks_reported)
    lines.append("")
    lines.append("| target (bench/measure.py) | load cache off (a new or changed file) | cached |")
    lines.append("| --- | --- | --- |")
    single = (
        ("`figlet --version` ≤ 100 ms", "--version", 0.1, False),
        ("`config` of big100 ≤ 0.3 s", "config big100", 0.3, False),
        ("`config` of 1,000 services < 1 s", "config large", 1.0, True),
        ("`plan` of 1,000 services < 1 s", "plan large", 1.0, True),
    )

    def verdict(what: str, limit: float, strict: bool) -> str:
        s = measure.get("figlet", "-", what) if measure else None
        cpu = measure.get("figlet", "-", what, "cpu") if measure else None
        return verdict_cell(seconds(s, limit, strict, cpu))

    for name, what, limit, strict in single:
        if what == "--version":  # nothing to cache
            lines.append(f"| {name} | {verdict(what, limit, strict)} | |")
        else:
            uncached = verdict(f"{what}, no cache", limit, strict)
            lines.append(f"| {name} | {uncached} | {verdict(what, limit, strict)} |")
    return lines


# ------------------------------------------------------------------------------------------------
# sections


def clean_note(note: str) -> str:
    """A failure note without the box drawing of rich error panels, paths relative to the repo."""
    parts = [" ".join(re.sub("[│╭╰─╮╯]+", " ", p).split()) for p in note.split(" | ")]
    text = " | ".join(p for p in parts if any(ch.isalnum() for ch in p))
    return text.replace(str(HERE.parent) + "/", "")


KNOWN = {
    ("fig-py311", "version"): "expected: fig 1.0.1 is Python 2 code (see ../shared/bench/NOTES.md)",
}


def shown(argv: Sequence[str]) -> str:
    """A command line as the report shows it: the program's name, paths relative to the repo."""
    repo = HERE.parent
    words: list[str] = []
    program_seen = False
    for arg in argv:
        if not program_seen and re.fullmatch(r"[A-Z_]+=.*", arg):
            words.append(arg)  # an environment assignment before the program
        elif not program_seen:
            words.append(Path(arg).name)
            program_seen = True
        else:
            words.append(os.path.relpath(os.path.normpath(arg), repo) if arg[:1] == "/" else arg)
    return " ".join(words)


def machine_section(runs: dict[str, dict[str, Any]], measure: dict[str, Any] | None) -> list[str]:
    lines = ["## Machine and versions", ""]
    first = next(iter(runs.values()), None)
    if first:
        for key, value in first["info"]["machine"].items():
            if "load" not in key and "containers" not in key:
                lines.append(f"- {key}: {value}")
    for net, data in runs.items():
        m = data["info"]["machine"]
        loads = "; ".join(
            f"{k.replace('load average ', '')}: {str(m[k]).rstrip('; ')}" for k in m if "load" in k
        )
        lines.append(f"- load average, `--net {net}` pass: {loads}")
        lines.append(
            f"- other containers on the engine, `--net {net}` pass: "
            f"{m.get('other containers on the engine at start', '?')} at start, "
            f"{m.get('other containers on the engine at end', '?')} at end"
        )
    if measure:
        info = measure["info"]
        lines.append(
            f"- load average, bench/measure.py: {' '.join(info['load average at start'])} "
            f"at start, {' '.join(info['load average at end'])} at end"
        )
    lines += ["", "| tool | version |", "| --- | --- |"]
    if measure:
        lines.append(
            f"| figlet | {measure['info']['versions'].get('figlet', '?')} "
            f"(CPython {measure['info']['python']}, the project's .venv) |"
        )
    if first:
        for tool, text in first["info"]["versions"].items():
            if tool != "figlet":
                lines.append(f"| {tool} | {text} |")
    lines.append("")
    return lines


def method_section(runs: dict[str, dict[str, Any]], measure: dict[str, Any] | None) -> list[str]:
    lines = [
        "## Method",
        "",
        "- Cycles (cold `up -d`, the same `up -d` again, `down -t 0`) come from the shared "
        "harness `../shared/bench/run.sh --tool figlet=.venv/bin/figlet`, which runs figlet, its "
        "peers and the floor on the same engine in the same run, the tools in an order rotated "
        "every round. Its method, the samples and the notes on each peer are in "
        "../shared/bench/RESULTS.md and NOTES.md; in short: every number is a whole process, spawn "
        "to exit (Python start-up included), every `up` and `down` is checked (all containers "
        "running, no-op kept the same IDs, nothing left after `down`), and a failed step is left "
        "out of the medians and listed under Failures.",
        f"- Cells are **median** (min{EN_DASH}max) in seconds over the rounds; `n=1` marks a "
        "single run.",
        "- The floor is `floor-pool`: the docker SDK creating and starting the same containers on "
        "16 threads, dependency-aware, no orchestration logic; ratios to the floor divide the "
        "tool's wall time by the floor's *api* time (its API calls only, no interpreter start-up), "
        "as the harness does. `floor-seq` is the same one container at a time.",
        '- Ratios to a peer divide medians from the same run. The "never slower than compose-v2" '
        "target also says, for its worst sample, in how many rounds figlet's `up` took less time "
        "than Compose v2's (in each round the tools run one after the other).",
    ]
    duels = [one for data in runs.values() for one in data.get("passes") or [] if is_duel(one)]
    if duels:
        where = ", ".join(str(duels[0]["args"].get("samples")).split(","))
        who = and_list([DUEL_NAMES[tool] for tool in str(duels[0]["args"]["only"]).split(",")])
        lines.append(
            f"- On {where} the engine is the limit and figlet, Compose v2 and the floor "
            "tie within a few percent, less than the spread of single rounds (±5-15 %): "
            f"a last pass runs {who} alone, alternating, and its rounds join the rounds of the "
            "pass before, so those medians (the tables, the ratios and the targets) cover more "
            "rounds for them than for the other tools; each results section says how many."
        )
    repeats = {s for data in runs.values() for s in repeated_samples(data)}
    again = [s for s in SAMPLES if s in repeats]
    if again:
        lines.append(
            f"- {' and '.join(again)} ran again in a pass of "
            f"{'its' if len(again) == 1 else 'their'} own, the same tools, after "
            "`bench/run.sh` had cleared the networks earlier rounds leaked (moby/moby#43286; by "
            "restarting dockerd, listed below when it happened): the harness reuses project "
            "names, so a leaked network makes every later `down` of that tool's project fail, and "
            "one leak in a first round would otherwise leave that tool no clean `down` of the "
            "sample. Their rounds join the first pass's."
        )
    for net, data in runs.items():
        for one in data.get("passes") or [pass_summary(data)]:
            lines.append(f"- `--net {net}` pass ({one['date']}): {pass_text(one)}")
    if measure:
        info = measure["info"]
        lines.append(
            f"- Start-up, `config` and `plan` ({info['date']}): bench/measure.py, {info['runs']} "
            "rounds after one untimed warm-up, tools rotated; the 1,000-service file comes from "
            f"`bench/gen_large.py` ({info.get('large file header', 'seeded DAG')}; environment, "
            f"labels, ports, replicas). Took {info['elapsed_s']} s."
        )
    lines.append("")
    return lines


def and_list(words: Sequence[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    *head, last = words
    return f"{', '.join(head)} and {last}" if head else last


def is_duel(one: dict[str, Any]) -> bool:
    """Whether a harness pass is the last one, of figlet and Compose v2 (and, since round
    eight, the floor) alone on the samples where the engine is the limit."""
    only = str(one["args"].get("only", "")).split(",")
    return only[:2] == ["figlet", "compose-v2"] and set(only) <= set(DUEL_NAMES)


def pass_samples(one: dict[str, Any]) -> list[str]:
    """The samples a harness pass ran (its --samples, else all of them)."""
    return str(one["args"].get("samples") or ",".join(SAMPLES)).split(",")


def repeated_samples(data: dict[str, Any]) -> list[str]:
    """Samples a later pass of one network mode ran again with the same tools as an earlier
    pass (not the duel of figlet, Compose v2 and the floor alone)."""
    seen: dict[str, set[str]] = {}  # the tools' --only -> samples run so far
    again: list[str] = []
    for one in data.get("passes") or []:
        only = str(one["args"].get("only", ""))
        samples = pass_samples(one)
        again += [s for s in samples if s in seen.get(only, set()) and s not in again]
        seen.setdefault(only, set()).update(samples)
    return again


def pass_text(one: dict[str, Any]) -> str:
    """A harness pass's options, rounds and duration, for the method section."""
    a = one["args"]
    argv = " ".join(one["argv"]).replace(str(HERE.parent) + "/", "")
    samples = pass_samples(one)
    word = "round" if a["runs"] == 1 else "rounds"
    rounds = f"{a['runs']} {word}" + (" per sample" if len(samples) > 1 else f" of {samples[0]}")
    if "big100" in samples:
        rounds += f", {a['big_runs']} on big100"
    return (
        f"harness options `{argv}`: {rounds}, reference rows {a['ref_runs']}; took "
        f"{one['elapsed_s'] / 60:.1f} min."
    )


def rounds_text(res: Results, tools: Sequence[str], samples: Sequence[str]) -> str:
    """How many rounds of cold `up` each tool ran per sample, e.g. "wide20 25 of figlet and
    compose-v2, 5 of the others" (the reference rows, run once, left out)."""
    parts: list[str] = []
    for sample in samples:
        counts: dict[str, int] = {}
        for r in res.records:
            if r["sample"] == sample and r["op"] == "up" and r["tool"] in tools:
                counts[r["tool"]] = counts.get(r["tool"], 0) + 1
        main = {t: n for t, n in counts.items() if t not in REFERENCE}
        if len(set(main.values())) <= 1:
            parts.append(f"{sample} {next(iter(main.values()), 0)}")
            continue
        most = max(main.values())
        more = [t for t in tools if main.get(t) == most]
        rest = sorted({n for t, n in main.items() if t not in more})
        others = " or ".join(str(n) for n in rest)
        parts.append(f"{sample} {most} of {and_list(more)}, {others} of the others")
    return "; ".join(parts)


def results_section(net: str, data: dict[str, Any]) -> list[str]:
    res = Results(data["records"])
    tools, samples = res.tools(), res.samples()
    lines = [f"## Results: {NETS[net]}", ""]
    if not samples:
        return [*lines, "No cycle was run.", ""]
    lines += [f"Rounds per sample: {rounds_text(res, tools, samples)}.", ""]
    head = "| tool | " + " | ".join(samples) + " |"
    rule = "| --- |" + " --- |" * len(samples)
    for op, title in OPS.items():
        lines += [f"### {title}", "", head, rule]
        for tool in tools:
            cells = [cell(res.get(tool, s, op)) for s in samples]
            lines.append(f"| {tool} | " + " | ".join(cells) + " |")
            if tool.startswith("floor"):
                api = [cell(res.get(tool, s, op, "api")) for s in samples]
                lines.append(f"| {tool} *(api)* | " + " | ".join(api) + " |")
        lines.append("")
    lines += [
        "### figlet's ratios (figlet median / the other's median; floor: its *api* time)",
        "",
        "| figlet vs | op | " + " | ".join(samples) + " |",
        "| --- | --- |" + " --- |" * len(samples),
    ]
    for op in OPS:
        for other in (FLOOR, *PEERS):
            if other not in tools or (op == "noop" and other == FLOOR):
                continue
            metric = "api" if other == FLOOR else "wall"
            cells = [
                times(ratio(res.get("figlet", s, op), res.get(other, s, op, metric)))
                for s in samples
            ]
            lines.append(f"| {other} | {op} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "The floor's no-op is one list call (a few ms), so no-op rows have no floor ratio.",
        "",
    ]
    lines += [
        "### Every tool's ratio to the floor (median wall / floor-pool median *api*)",
        "",
        "| tool | op | " + " | ".join(samples) + " |",
        "| --- | --- |" + " --- |" * len(samples),
    ]
    for op in ("up", "down"):
        for tool in tools:
            if tool == FLOOR:
                continue
            cells = [
                times(ratio(res.get(tool, s, op), res.get(FLOOR, s, op, "api"))) for s in samples
            ]
            lines.append(f"| {tool} | {op} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "### Client CPU seconds (user+sys of the tool's own process, median)",
        "",
        "| tool | op | " + " | ".join(samples) + " |",
        "| --- | --- |" + " --- |" * len(samples),
    ]
    for tool in tools:
        for op in OPS:
            cells = []
            for s in samples:
                c = res.get(tool, s, op, "cpu")
                cells.append(num(c.median) if c else "—")
            lines.append(f"| {tool} | {op} | " + " | ".join(cells) + " |")
    lines.append("")
    return lines


def measure_section(measure: dict[str, Any]) -> list[str]:
    res = Results({**r, "sample": "-", "op": r["what"]} for r in measure["records"])
    whats = list(dict.fromkeys(r["what"] for r in measure["records"]))
    tools = ["figlet", "compose-v2", "compose-v1"]
    lines = [
        "## Start-up, `config` and `plan` (bench/measure.py)",
        "",
        "| command | " + " | ".join(tools) + " | figlet / compose-v2 | figlet / compose-v1 |",
        "| --- |" + " --- |" * (len(tools) + 2),
    ]
    for what in whats:
        cells = [cell(res.get(t, "-", what)) for t in tools]
        r2 = times(ratio(res.get("figlet", "-", what), res.get("compose-v2", "-", what)))
        r1 = times(ratio(res.get("figlet", "-", what), res.get("compose-v1", "-", what)))
        label = what.replace("large", "1,000 services")
        lines.append(f"| `{label}` | " + " | ".join(cells) + f" | {r2} | {r1} |")
    lines += [
        "",
        "Client CPU (median, seconds): "
        + "; ".join(
            f"{what} {t} {num(c.median)}"
            for what in whats
            for t in tools
            if (c := res.get(t, "-", what, "cpu")) is not None
        ),
        "",
    ]
    commands = [argv for key, argv in measure["info"]["argv"].items() if key.endswith("/ figlet")]
    lines += ["Commands: " + "; ".join(f"`{shown(argv)}`" for argv in commands), ""]
    return lines


def failures_section(runs: dict[str, dict[str, Any]], measure: dict[str, Any] | None) -> list[str]:
    lines = ["## Failures and anomalies (this run)", ""]
    count = 0
    for net, data in runs.items():
        seen: dict[tuple[str, str, str], int] = {}
        first: dict[tuple[str, str, str], dict[str, Any]] = {}
        for r in Results(data["records"]).failures():
            key = (r["tool"], r["op"], r["note"][:60])
            seen[key] = seen.get(key, 0) + 1
            first.setdefault(key, r)
        for key, n in seen.items():
            r = first[key]
            lines.append(
                f"- `--net {net}` {r['tool']} {r['sample']} {r['op']} (x{n}): rc={r['rc']} "
                f"{clean_note(r['note'])}"
                + (f" ({KNOWN[r['tool'], r['op']]})" if (r["tool"], r["op"]) in KNOWN else "")
            )
            count += 1
        for note in data.get("notes", []):
            lines.append(f"- `--net {net}`: {note}")
            count += 1
        for leak in data.get("leaks", []):
            lines.append(
                f"- `--net {net}` network leak: {leak['network']} ({leak['id'][:12]}) could "
                f"not be removed: {leak['error'][:160]}"
            )
            count += 1
    if measure:
        for r in measure["records"]:
            if not r["ok"] and r["run"] == 0:
                lines.append(
                    f"- measure: {r['tool']} `{r['what']}`: rc={r['rc']} {clean_note(r['note'])}"
                )
                count += 1
    if not count:
        lines.append("None.")
    lines.append("")
    return lines


def pick(run_dirs: Sequence[Path], name: str) -> tuple[Path | None, dict[str, Any] | None]:
    """`name` from the last run dir that has it (several dirs: passes of different runs)."""
    for run_dir in reversed(run_dirs):
        data = load(run_dir / name)
        if data is not None:
            return run_dir, data
    return None, None


def caveats(runs: dict[str, dict[str, Any]], measure: dict[str, Any] | None) -> list[str]:
    """Warnings that belong above the numbers: smoke-test passes, a busy machine."""
    found = []
    quick = [f"`--net {n}`" for n, d in runs.items() if d["args"].get("quick")]
    if quick:
        found.append(
            f"**Smoke test:** the {' and '.join(quick)} numbers come from `--quick` (one round, "
            "trio and wide20 only): a check that everything runs, not a comparison."
        )
    cores = os.cpu_count() or 1
    loads = [str(d["info"]["machine"].get("load average at start", "")) for d in runs.values()]
    if measure:
        loads.append(" ".join(measure["info"]["load average at start"]))
    busy = [x for x in loads if x and float(x.split()[0]) > cores]
    if busy:
        found.append(
            f"**Busy machine:** the 1-minute load average was above the {cores} cores when a "
            f"pass started ({'; '.join(x.split()[0] for x in busy)}): wall times are inflated, "
            "and client CPU (shown next to the wall times) is the steadier figure."
        )
    return [line for text in found for line in (text, "")]


def render(run_dirs: Sequence[Path], command: str) -> str:
    found = {name: pick(run_dirs, f"{name}.json") for name in (*NETS, "measure")}
    runs_raw = {net: d for net in NETS if (d := found[net][1]) is not None}
    measure = found["measure"][1]
    used = sorted({f"`bench/results/{d.name}/`" for d, data in found.values() if d and data})
    runs = {net: Results(d["records"]) for net, d in runs_raw.items()}
    measure_res = (
        Results({**r, "sample": "-", "op": r["what"]} for r in measure["records"])
        if measure
        else None
    )
    lines = [
        "# figlet benchmarks",
        "",
        f"Generated by `{command}` from {' and '.join(used) or 'no results'} (raw JSON and "
        "logs, not committed). Regenerate with `make bench`; do not edit by hand: the hand-written "
        "part is bench/NOTES.md, appended at the end.",
        "",
    ]
    missing = [f"`--net {n}`" for n in NETS if n not in runs_raw]
    if missing:
        passes = "passes" if len(missing) > 1 else "pass"
        lines += [
            f"Not in this run: the {' and '.join(missing)} {passes} of the shared harness.",
            "",
        ]
    lines += caveats(runs_raw, measure)
    lines += [
        "## Targets (issue 6)",
        "",
        "✅ met, ❌ missed, … not measured. A target's ratio is the median over the rounds of "
        "figlet's time in a round over the other tool's in the same round (the harness alternates "
        "the tools round by round, so a machine that gets slower or faster between rounds does so "
        "for both sides of each ratio); the ratio of the two tools' medians is shown beside it, "
        "and the tables below give the medians and their ratios.",
        "",
    ]
    lines += target_rows(runs, measure_res)
    lines.append("")
    lines += machine_section(runs_raw, measure)
    lines += method_section(runs_raw, measure)
    restarts = [
        line.strip()
        for d in run_dirs
        if (d / "engine-restarts.txt").exists()
        for line in (d / "engine-restarts.txt").read_text().splitlines()
        if line.strip()
    ]
    if restarts:
        lines += [
            "Engine restarts between passes (`bench/run.sh` restarts dockerd when a network the "
            "engine leaked would otherwise make every later `down` of that project fail, "
            "moby/moby#43286, or when the engine stopped answering):",
            "",
            *[f"- {line}" for line in restarts],
            "",
        ]
    for net, data in runs_raw.items():
        lines += results_section(net, data)
    if measure:
        lines += measure_section(measure)
    lines += failures_section(runs_raw, measure)
    notes = HERE / "NOTES.md"
    if notes.exists():
        lines.append(notes.read_text().rstrip())
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--run-dir", type=Path, action="append", required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--command", default="make bench")
    args = parser.parse_args()
    args.out.write_text(render(args.run_dir, args.command))
    print(f"report: {args.out}")


if __name__ == "__main__":
    main()
