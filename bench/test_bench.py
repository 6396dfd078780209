"""Checks of the benchmark tooling itself (pure, no engine): `.venv/bin/pytest bench/`."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

import gen_large
import merge_passes
import report


def test_large_file_is_deterministic_and_complete() -> None:
    text = gen_large.generate(1000, 7)
    assert text == gen_large.generate(1000, 7)
    assert text != gen_large.generate(1000, 8)
    services = yaml.safe_load(text)["services"]
    assert len(services) == 1000
    edges = sum(len(s.get("depends_on") or ()) for s in services.values())
    assert f"{edges} edges" in text.splitlines()[0]
    for name, spec in services.items():  # a fixed host port never on a replicated service
        replicas = (spec.get("deploy") or {}).get("replicas", 1)
        assert not (spec.get("ports") and replicas > 1), name
    names = list(services)
    for index, (name, spec) in enumerate(services.items()):  # every dependency is an earlier one
        assert all(names.index(dep) < index for dep in spec.get("depends_on") or ()), name


def _record(tool: str, sample: str, op: str, wall: float, **extra: Any) -> dict[str, Any]:
    return {
        "tool": tool,
        "sample": sample,
        "op": op,
        "run": 0,
        "wall_s": wall,
        "cpu_s": 0.1,
        "rc": 0,
        "ok": True,
        "note": "",
    } | extra


def _harness_run(records: list[dict[str, Any]]) -> dict[str, Any]:
    machine = {"host": "test", "load average at start": "0.50 0.40 0.30"}
    args = {"runs": 3, "big_runs": 3, "ref_runs": 1, "quick": False}
    return {
        "info": {"date": "today", "machine": machine, "versions": {}},
        "args": args,
        "argv": [],
        "elapsed_s": 60,
        "records": records,
        "notes": [],
        "leaks": [],
    }


def test_report_targets_from_a_run(tmp_path: Path) -> None:
    records = [
        _record("floor-pool", "trio", "up", 1.0, api_s=0.8),
        _record("compose-v2", "trio", "up", 0.9),
        _record("figlet", "trio", "up", 0.84),
        _record("figlet", "trio", "noop", 0.25),
        _record("floor-pool", "trio", "down", 0.5, api_s=0.3),
        _record("figlet", "trio", "down", 0.6),
        {
            **_record("figlet", "trio", "down", 0.7),
            "run": 1,
            "ok": False,
            "rc": 1,
            "note": "0 containers left, 1 network left; ╭─ Error ─╮ | │ leak │",
        },
        {
            **_record("figlet", "trio", "down", 0.7),
            "run": 2,
            "ok": False,
            "rc": 1,
            "note": "0 containers left, 1 network left; active endpoints (moby/moby#43286)",
        },
        {
            **_record("figlet", "trio", "down", 0.7),
            "run": 3,
            "ok": False,
            "rc": 1,
            "note": "2 containers left, 0 network left; cannot remove",
        },
    ]
    (tmp_path / "bridge.json").write_text(json.dumps(_harness_run(records)))
    text = report.render([tmp_path], "test")
    x = report.TIMES
    # 0.84 / 0.8 (one round: the same either way); samples missing
    floor = f"❌ worst 1.05{x} (trio); ratio of medians: worst 1.05{x} (trio); missing: wide20"
    assert floor in text
    assert f"| compose-v2 | up | 0.93{x} |" in text  # figlet / compose-v2 on trio
    faster = f"❌ worst 0.93{x} (trio; faster in 1 of 1 rounds); ratio of medians: worst 0.93{x}"
    assert faster in text
    assert "✅ 0.25 s (CPU 0.10 s)" in text  # no-op trio within 0.3 s
    assert "❌ 1/4 downs left containers" in text
    assert "❌ 1/2 leaks reported with their cause" in text  # the first says nothing of the cause
    assert "leak" in text and "╭" not in text  # the failure note, box drawing removed
    assert "| figlet | 0.84 (n=1) |" in text  # a single run says so
    assert "Not in this run: the `--net project` pass" in text


def _merge_into_bridge(tmp_path: Path, passes: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Each pass written as NAME.json, merged in that order into bridge.json; the merge."""
    for name, data in passes.items():
        (tmp_path / f"{name}.json").write_text(json.dumps(data))
    out = tmp_path / "bridge.json"
    assert merge_passes.main([str(out), *(str(tmp_path / f"{n}.json") for n in passes)]) == 0
    merged: dict[str, Any] = json.loads(out.read_text())
    return merged


def test_passes_of_one_network_mode_are_reported_as_one_run(tmp_path: Path) -> None:
    trio = _harness_run(
        [
            _record("floor-pool", "trio", "up", 1.0, api_s=0.8),
            _record("figlet", "trio", "up", 0.84),
        ]
    )
    trio["args"] = {**trio["args"], "samples": "trio", "runs": 15}
    trio["info"]["machine"] |= {
        "load average before each sample": "trio: 0.5; ",
        "load average at end": "1.0 0.5 0.2",
    }
    rest = _harness_run(
        [
            _record("floor-pool", "wide20", "up", 2.0, api_s=2.0),
            _record("figlet", "wide20", "up", 2.1),
        ]
    )
    rest["args"] = {**rest["args"], "samples": "wide20,big100", "runs": 5}
    rest["info"]["date"] = "later"
    rest["info"]["machine"] |= {
        "load average before each sample": "wide20: 0.7; ",
        "load average at end": "2.0 1.0 0.5",
    }
    rest["leaks"] = [{"network": "n", "id": "0123456789abcdef", "error": "stale endpoint"}]
    merged = _merge_into_bridge(tmp_path, {"trio": trio, "rest": rest})
    assert len(merged["records"]) == 4 and merged["leaks"] == rest["leaks"]
    assert merged["elapsed_s"] == 120
    machine = merged["info"]["machine"]
    assert machine["load average before each sample"] == "trio: 0.5; wide20: 0.7; "
    assert machine["load average at end"] == "2.0 1.0 0.5"
    text = report.render([tmp_path], "test")
    assert "- `--net bridge` pass (today): harness options ``: 15 rounds of trio," in text
    assert "pass (later): harness options ``: 5 rounds per sample, 3 on big100" in text
    assert "| figlet | 0.84 (n=1) | 2.10 (n=1) |" in text  # both passes in one table


def test_a_later_pass_adds_rounds_numbered_after_the_earlier_ones(tmp_path: Path) -> None:
    rest = _harness_run(
        [
            _record("figlet", "chain10", "up", 2.0, run=0),
            _record("compose-v2", "chain10", "up", 2.1, run=0),
            _record("floor-pool", "chain10", "up", 2.0, run=0, api_s=2.0),
            _record("figlet", "chain10", "up", 2.4, run=1),
            _record("compose-v2", "chain10", "up", 2.2, run=1),
            _record("floor-pool", "chain10", "up", 2.0, run=1, api_s=2.0),
            _record("figlet", "wide20", "up", 3.0, run=0),
        ]
    )
    duel = _harness_run(
        [
            _record("figlet", "chain10", "up", 2.0, run=0),
            _record("compose-v2", "chain10", "up", 2.3, run=0),
            _record("figlet", "chain10", "up", 2.1, run=1),
            _record("compose-v2", "chain10", "up", 2.2, run=1),
        ]
    )
    duel["args"] = {**duel["args"], "only": "figlet,compose-v2", "samples": "chain10,big100"}
    merged = _merge_into_bridge(tmp_path, {"rest": rest, "duel": duel})
    runs = [(r["tool"], r["sample"], r["run"]) for r in merged["records"]]
    assert runs[-4:] == [
        ("figlet", "chain10", 2),
        ("compose-v2", "chain10", 2),
        ("figlet", "chain10", 3),
        ("compose-v2", "chain10", 3),
    ]
    assert ("figlet", "wide20", 0) in runs
    text = report.render([tmp_path], "test")
    # rounds paired by their number: 2.0/2.1, 2.4/2.2, 2.0/2.3, 2.1/2.2, median 0.95; the medians
    # of the four rounds, 2.05 against 2.2, give 0.93
    x = report.TIMES
    paired = f"worst 0.95{x} (chain10; faster in 3 of 4 rounds); ratio of medians: worst 0.93{x}"
    assert paired in text
    rounds = "Rounds per sample: wide20 1; chain10 4 of figlet and compose-v2, 2 of the others."
    assert rounds in text
    assert "On chain10, big100 the engine is the limit" in text  # the method says why
    assert "Engine restarts" not in text
    (tmp_path / "engine-restarts.txt").write_text("08:12 UTC, before the x pass: restarted\n")
    assert "- 08:12 UTC, before the x pass: restarted" in report.render([tmp_path], "test")


def test_a_second_pass_of_the_same_tools_is_said_to_run_again(tmp_path: Path) -> None:
    rest = _harness_run(
        [
            _record("figlet", "wide20", "down", 2.0, run=0),
            _record("figlet", "big100", "down", 5.0, run=0),
        ]
    )
    rest["args"] = {**rest["args"], "samples": "wide20,big100"}
    again = _harness_run([_record("figlet", "big100", "down", 5.2, run=0)])
    again["args"] = {**again["args"], "samples": "big100"}
    duel = _harness_run([_record("figlet", "wide20", "up", 2.0, run=0)])
    duel["args"] = {**duel["args"], "only": "figlet,compose-v2", "samples": "wide20"}
    merged = _merge_into_bridge(tmp_path, {"rest": rest, "again": again, "duel": duel})
    assert report.repeated_samples(merged) == ["big100"]  # the duel's wide20 is not a repeat
    runs = [(r["tool"], r["sample"], r["run"]) for r in merged["records"]]
    assert ("figlet", "big100", 1) in runs  # numbered after the first pass's round
    assert "- big100 ran again in a pass of its own" in report.render([tmp_path], "test")


def test_clean_note_keeps_words_only() -> None:
    note = "3/3 running; ╭─ Error ───╮ | │ No such command 'version'. │ | ╰──────╯"
    assert report.clean_note(note) == "3/3 running; Error | No such command 'version'."


def test_a_last_pass_with_the_floor_gives_it_the_rounds_too(tmp_path: Path) -> None:
    def round_of(run: int, figlet: float, floor: float) -> list[dict[str, Any]]:
        return [
            _record("figlet", "wide20", "up", figlet, run=run),
            _record("compose-v2", "wide20", "up", 3.0, run=run),
            _record("floor-pool", "wide20", "up", floor + 0.4, run=run, api_s=floor),
        ]

    rest = _harness_run([*round_of(0, 3.3, 2.8), _record("compose-v1", "wide20", "up", 4.0)])
    duel = _harness_run([*round_of(0, 2.9, 2.8), *round_of(1, 2.6, 2.5), *round_of(2, 3.2, 3.0)])
    duel["args"] = {**duel["args"], "only": "figlet,compose-v2,floor-pool", "samples": "wide20"}
    _merge_into_bridge(tmp_path, {"rest": rest, "duel": duel})
    text = report.render([tmp_path], "test")
    assert "a last pass runs figlet, Compose v2 and the floor alone" in text
    assert "wide20 4 of figlet, compose-v2 and floor-pool, 1 of the others" in text
    # per round 3.3/2.8, 2.9/2.8, 2.6/2.5, 3.2/3.0: 1.18, 1.04, 1.04, 1.07, median 1.05; the
    # rest pass's single round alone would have missed the target
    x = report.TIMES
    assert f"1.1{x} the floor on every sample | ❌ worst 1.05{x} (wide20)" in text
