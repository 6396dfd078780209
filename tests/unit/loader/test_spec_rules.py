"""The rules of the Compose specification as Docker Compose v2 reads it (compose-go v2.9.1).

Each file of `spec_rules/invalid/` starts with `# figlet: LINE:COLUMN PATH: MESSAGE`: figlet
refuses it with that location, key path and message (a part of it), and a hint on what to
do. Each file of `spec_rules/valid/` is one Compose v2 accepts, and so must figlet.

`test_compose_v2_agrees` runs Docker Compose v2 itself on every file (when its binary is
there; marked `compose_v2`, skipped otherwise): the invalid ones must be refused, the valid
ones accepted, so that the two lists stay true to the reference.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from figlet.errors import ConfigError
from figlet.loader import load_project
from figlet.model import Project
from figlet.options import LoadOptions

HERE = Path(__file__).parent / "spec_rules"
INVALID = sorted((HERE / "invalid").glob("*.yaml"))
VALID = sorted((HERE / "valid").glob("*.yaml"))
_HEADER = re.compile(r"^# figlet: (\d+):(\d+) (\S+): (.+)$")


def _load(path: Path) -> Project:
    options = LoadOptions(
        files=(str(path),), working_dir=str(path.parent), environ={}, project_name="sp-rules"
    )
    return load_project(options)


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_figlet_refuses_with_location_key_and_hint(path: Path) -> None:
    header = _HEADER.match(path.read_text().splitlines()[0])
    assert header, f"{path.name}: first line must be `# figlet: LINE:COL PATH: MESSAGE`"
    line, column, key, message = header.groups()
    with pytest.raises(ConfigError) as caught:
        _load(path)
    problems = [p for p in caught.value.problems if p.path == key]
    assert problems, caught.value.render()
    problem = problems[0]
    assert str(problem.location) == f"{path}:{line}:{column}", problem.render()
    assert message in problem.message, problem.render()
    assert problem.hint, f"no hint on what to do: {problem.render()}"


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.stem)
def test_figlet_accepts_what_compose_v2_accepts(path: Path) -> None:
    _load(path)


def _compose_binary() -> str | None:
    for candidate in (
        os.path.expanduser("~/.docker/cli-plugins/docker-compose"),
        "/usr/local/lib/docker/cli-plugins/docker-compose",
        "/usr/libexec/docker/cli-plugins/docker-compose",
        shutil.which("docker-compose"),
    ):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


@pytest.mark.compose_v2
def test_compose_v2_agrees(tmp_path: Path) -> None:
    """One test for all the files (one Compose process each, run 4 at a time: ~1 s)."""
    binary = _compose_binary()
    if binary is None:
        pytest.skip("Docker Compose v2 is not installed")
    version = subprocess.run([binary, "version", "--short"], capture_output=True, text=True)
    if not version.stdout.strip().lstrip("v").startswith("2."):
        pytest.skip(f"not Docker Compose v2: {version.stdout.strip()}")
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp_path)}

    def start(path: Path) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [binary, "-p", "sp-rules", "-f", str(path), "config", "-q"],
            cwd=path.parent,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )

    wrong: list[str] = []
    paths = [*INVALID, *VALID]
    for first in range(0, len(paths), 4):
        batch = [(path, start(path)) for path in paths[first : first + 4]]
        for path, process in batch:
            _out, err = process.communicate(timeout=60)
            refused = process.returncode != 0
            if refused != (path in INVALID):
                said = err.strip().splitlines()[-1:] if err.strip() else ["(accepted)"]
                wrong.append(f"{path.parent.name}/{path.name}: {said[0]}")
    assert not wrong, "Compose v2 disagrees:\n" + "\n".join(wrong)


def test_an_unknown_restart_policy_is_a_located_warning() -> None:
    path = HERE / "valid" / "restart_unknown_policy.yaml"
    project = _load(path)
    warnings = [w.render() for w in project.warnings]
    assert warnings == [
        f"{path}:5:14: restart 'sometimes' is not a policy the engine knows (no, always, "
        "on-failure[:N], unless-stopped): creating the container will fail"
    ]
