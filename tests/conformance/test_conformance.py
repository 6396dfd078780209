"""figlet config against the shared Compose conformance corpus (../shared/conformance).

Runs `compare.py` with figlet's `config --format json`, prints the score and fails when fewer
than 95 % of the valid cases pass, or when an invalid case is accepted or rejected without a
located message (`file:line:col: ...`). Skipped only when the shared folder is absent.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared" / "conformance"
BAR = 0.95
LOCATED = re.compile(r"^\S+:\d+(:\d+)?: |^\S+\.ya?ml: ", re.MULTILINE)

pytestmark = pytest.mark.conformance


def _run() -> str:
    figlet = f"{sys.executable} -m figlet"
    proc = subprocess.run(
        [
            sys.executable,
            str(SHARED / "compare.py"),
            "--cases",
            str(SHARED / "cases"),
            "--cmd",
            f"{figlet} {{options}} config --format json",
            "--pass-env",
            "PYTHONPATH",
            "-v",
        ],
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    return proc.stdout + proc.stderr


@pytest.fixture(scope="module")
def report() -> str:
    if not (SHARED / "compare.py").is_file():
        pytest.skip(f"conformance corpus not found at {SHARED}")
    return _run()


def _results(report: str) -> dict[str, tuple[bool, str]]:
    results: dict[str, tuple[bool, str]] = {}
    for match in re.finditer(r"^(PASS|FAIL) (\S+) \((\w+)\)$", report, re.MULTILINE):
        results[match.group(2)] = (match.group(1) == "PASS", match.group(3))
    return results


def test_valid_cases_score(report: str) -> None:
    results = _results(report)
    valid = [ok for ok, kind in results.values() if kind in ("valid", "legacy")]
    assert valid, report[-2000:]
    score = sum(valid) / len(valid)
    print(f"conformance: {sum(valid)}/{len(valid)} valid cases pass ({score:.1%})")
    failed = [case for case, (ok, kind) in results.items() if not ok and kind != "invalid"]
    assert score >= BAR, f"{score:.1%} < {BAR:.0%}; failing: {', '.join(failed)}"


def test_invalid_cases_are_rejected_with_a_location(report: str) -> None:
    results = _results(report)
    invalid = [case for case, (_, kind) in results.items() if kind == "invalid"]
    assert invalid
    rejected = [case for case in invalid if results[case][0]]
    assert rejected == invalid, f"accepted: {sorted(set(invalid) - set(rejected))}"
    blocks = re.split(r"^(?=PASS |FAIL )", report, flags=re.MULTILINE)
    unlocated = []
    for block in blocks:
        head = block.split("\n", 1)[0]
        if not head.endswith("(invalid)"):
            continue
        tool = re.search(r"^\s+tool error:\s+(.*)$", block, re.MULTILINE)
        if tool is None or not LOCATED.search(tool.group(1)):
            unlocated.append(head)
    assert not unlocated, f"errors without a location: {unlocated}"
