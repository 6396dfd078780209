"""figlet and Docker Compose v2 agree on config hashes, so neither recreates the other's containers.

- Over every valid case of the shared conformance corpus, `figlet config --hash "*"` is compared
  with Docker Compose v2's, both run in the same copy of the case (bind paths are absolute and
  part of the hash); the match rate is printed and must reach `BAR`. Known difference: for a
  service with `env_file`, Compose's `config --hash` still counts the env files while the label
  its `up` writes does not; figlet follows `up` (see tests/unit/test_config_hash_compose.py).
- End to end on a small busybox project (ports, environment, volumes, healthcheck): `figlet up`
  then `compose up` keeps every container, and the other way round.

Skipped, with the places looked at, when the Compose v2 binary is absent (tests/integration/
_peers.py).
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from _h5 import containers, figlet
from _peers import require_compose_v2

PROJECT_PREFIX = "h10"
CONFORMANCE = Path(__file__).resolve().parents[3] / "shared" / "conformance"
BAR = 0.95
HASH_LABEL = "com.docker.compose.config-hash"

PROJECT = """\
services:
  web:
    image: figlet-local/busybox:latest
    command: ["httpd", "-f", "-p", "80", "-h", "/www"]
    ports: ["127.0.0.1::80"]
    environment: {GREETING: "hello <world> & co", MODE: test}
    volumes: ["data:/www", "./conf:/conf:ro"]
    healthcheck:
      test: ["CMD", "wget", "-q", "-O-", "http://127.0.0.1/"]
      interval: 2s
      timeout: 2s
      retries: 3
      start_period: 1s
    depends_on: [worker]
  worker:
    image: figlet-local/busybox:latest
    command: ["sleep", "3600"]
    environment: [ROLE=worker]
    stop_grace_period: 1s
volumes:
  data: {}
"""


@pytest.fixture(scope="module")
def compose_v2_binary() -> Path:
    return require_compose_v2()


def _compare_module() -> ModuleType:
    """The corpus runner (shared/conformance/compare.py): its cases, workspaces, argv."""
    path = CONFORMANCE / "compare.py"
    if not path.is_file():
        pytest.skip(f"conformance corpus not found at {CONFORMANCE}")
    spec = importlib.util.spec_from_file_location("conformance_compare", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _hashes(argv: list[str], cwd: str, env: dict[str, str]) -> dict[str, str]:
    done = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=120)
    pairs = (line.split(" ", 1) for line in done.stdout.splitlines() if " " in line)
    return {name: digest.strip() for name, digest in pairs}


def test_config_hash_matches_compose_over_the_conformance_cases(
    compose_v2_binary: Path,
) -> None:
    compare: Any = _compare_module()
    ours = f'{sys.executable} -m figlet {{options}} config --hash "*"'
    theirs = f'{compose_v2_binary} {{options}} config --hash "*"'
    total = 0
    mismatches: list[str] = []
    for case in compare.find_cases(str(CONFORMANCE / "cases")):
        if case.kind != "valid":
            continue
        workspace = compare.Workspace(case)
        try:
            env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": workspace.home}
            env.update(case.env)
            expected = _hashes(compare.build_argv(theirs, case), workspace.case_dir, env)
            got = _hashes(compare.build_argv(ours, case), workspace.case_dir, env)
        finally:
            workspace.cleanup()
        total += len(expected)
        mismatches += [f"{case.id}/{name}" for name in expected if got.get(name) != expected[name]]
    assert total > 100, "too few services hashed: is the corpus or the binary broken?"
    rate = (total - len(mismatches)) / total
    print(f"config hash: {total - len(mismatches)}/{total} services match Compose v2 ({rate:.1%})")
    print("differ:", ", ".join(mismatches) or "none")
    assert rate >= BAR, f"{rate:.1%} < {BAR:.0%}; differ: {', '.join(mismatches)}"


def _project(tmp_path: Path) -> Path:
    (tmp_path / "conf").mkdir()
    (tmp_path / "compose.yaml").write_text(PROJECT, encoding="utf-8")
    return tmp_path


def _compose_up(binary: Path, name: str, workdir: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "COMPOSE_FILE"}
    done = subprocess.run(
        [str(binary), "-p", name, "-f", "compose.yaml", "up", "-d", "--pull", "never"],
        cwd=workdir,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def _state(engine: Any, name: str) -> dict[str, tuple[str, str]]:
    """container name -> (id, config hash label)."""
    return {
        cname: (c.id, c.labels.get(HASH_LABEL, "")) for cname, c in containers(engine, name).items()
    }


def _figlet_up(name: str, workdir: Path) -> None:
    done = figlet("-p", name, "up", "-d", "--pull", "never", cwd=workdir)
    assert done.code == 0, done.err


def test_compose_up_after_figlet_up_recreates_nothing(
    engine: Any, project_name: str, busybox_image: str, compose_v2_binary: Path, tmp_path: Path
) -> None:
    workdir = _project(tmp_path)
    _figlet_up(project_name, workdir)
    before = _state(engine, project_name)
    assert set(before) == {f"{project_name}-web-1", f"{project_name}-worker-1"}

    _compose_up(compose_v2_binary, project_name, workdir)

    assert _state(engine, project_name) == before


def test_figlet_up_after_compose_up_recreates_nothing(
    engine: Any, project_name: str, busybox_image: str, compose_v2_binary: Path, tmp_path: Path
) -> None:
    workdir = _project(tmp_path)
    _compose_up(compose_v2_binary, project_name, workdir)
    before = _state(engine, project_name)
    assert set(before) == {f"{project_name}-web-1", f"{project_name}-worker-1"}

    plan = figlet("-p", project_name, "plan", cwd=workdir)
    assert plan.code == 0, plan.err
    assert "nothing to do" in plan.out, plan.out
    _figlet_up(project_name, workdir)

    assert _state(engine, project_name) == before
