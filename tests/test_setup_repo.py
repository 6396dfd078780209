"""The promises the README makes about the repository: two commands, and CI runs the second."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def readme_commands() -> list[str]:
    """The commands of the README's first console block ("$ make demo  # ...")."""
    text = (ROOT / "README.md").read_text()
    block = re.search(r"```console\n(.*?)```", text, re.S)
    assert block is not None, "README has no console block"
    return [
        line[2:].split("#")[0].strip()
        for line in block.group(1).splitlines()
        if line.startswith("$ ")
    ]


def test_readme_starts_with_the_two_commands() -> None:
    assert readme_commands() == ["make demo", "make test"]


def test_ci_runs_exactly_the_readme_test_command() -> None:
    run = ROOT / ".ci" / "run"
    assert os.access(run, os.X_OK)
    lines = [
        line.strip()
        for line in run.read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert "set -euo pipefail" in lines
    assert lines[-1] == readme_commands()[1]


def make_dry_run(target: str) -> str:
    env = {key: value for key, value in os.environ.items() if key != "TRIO_PORT"}
    done = subprocess.run(
        ["make", "-n", target], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return done.stdout


def test_make_test_sets_up_then_lints_typechecks_and_tests() -> None:
    out = make_dry_run("test")
    steps = [
        "scripts/ensure-venv.sh",
        "scripts/ensure-engine.sh",
        "scripts/build-images.sh",
        "ruff check",
        "ruff format --check",
        "mypy --strict figlet",
        "pytest -n",
    ]
    positions = [out.find(step) for step in steps]
    assert -1 not in positions, out
    assert positions == sorted(positions), out


def test_make_demo_runs_trio_visits_it_and_lists_it() -> None:
    out = make_dry_run("demo")
    assert "figlet -f samples/trio/compose.yaml up --wait" in out
    assert "scripts/visit.py http://127.0.0.1:8080/ 2" in out
    assert "figlet -f samples/trio/compose.yaml ps" in out


def test_test_modules_have_unique_basenames() -> None:
    # tests/ has no __init__.py files (pytest's default "prepend" import mode, which lets
    # integration tests import their helper modules), so two test files with the same name
    # in different folders make the collection fail.
    seen: dict[str, list[str]] = {}
    for path in sorted((ROOT / "tests").rglob("test_*.py")):
        seen.setdefault(path.name, []).append(str(path.relative_to(ROOT)))
    clashes = {name: paths for name, paths in seen.items() if len(paths) > 1}
    assert clashes == {}, f"rename one of each: {clashes}"
