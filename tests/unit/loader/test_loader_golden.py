"""The canonical model of small projects, compared with what the reference prints for them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from figlet.cli._config import _escape, _ordered
from figlet.loader import load_project, thaw
from figlet.options import LoadOptions

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(p.name for p in GOLDEN.iterdir() if (p / "expected.json").is_file())


def _replace(value: Any, old: str, new: str) -> Any:
    if isinstance(value, str):
        return value.replace(old, new)
    if isinstance(value, dict):
        return {_replace(k, old, new): _replace(v, old, new) for k, v in value.items()}
    if isinstance(value, list):
        return [_replace(v, old, new) for v in value]
    return value


@pytest.mark.parametrize("case", CASES)
def test_golden(case: str, tmp_path: Path) -> None:
    folder = tmp_path / "c" / case
    shutil.copytree(GOLDEN / case, folder)
    home = tmp_path / "home"
    home.mkdir()
    args = folder / "args"
    files = yaml.safe_load(args.read_text())["files"] if args.is_file() else ["compose.yaml"]
    options = LoadOptions(
        files=tuple(files),
        project_name="conformance",
        working_dir=str(folder),
        environ={"HOME": str(home), "FIGLET_NO_CACHE": "1"},
    )
    printed = _escape(_ordered(thaw(load_project(options).spec)))
    printed = _replace(_replace(printed, str(folder), "${CASE_DIR}"), str(home), "${HOME}")
    expected = json.loads((folder / "expected.json").read_text())
    assert printed == expected
