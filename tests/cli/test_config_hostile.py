"""`figlet config` on hostile input, as a user runs it: an alias bomb and a control character
end in a located error and a non-zero exit, in seconds, without a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

BOMB = ['x-a0: &a0 ["lol"]'] + [
    f"x-a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 10)
]


def config(tmp_path: Path, text: str) -> tuple[int, str, float]:
    (tmp_path / "compose.yaml").write_text(text)
    env = {**os.environ, "FIGLET_NO_CACHE": "1"}
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "figlet", "config"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    return done.returncode, done.stderr, time.monotonic() - started


def test_an_alias_bomb_is_refused_in_seconds(tmp_path: Path) -> None:
    code, err, took = config(tmp_path, "\n".join(BOMB) + "\nservices: {web: {image: x}}\n")
    assert code != 0
    assert took < 20  # a hang guard (the process start is most of it)
    assert f"{tmp_path / 'compose.yaml'}:6:7: " in err
    assert "MAX_ALIASES" in err and "Traceback" not in err


def test_a_control_character_is_reported_by_line_and_column(tmp_path: Path) -> None:
    code, err, _ = config(tmp_path, "services:\n  web:\n    image: busy\x07box\n")
    assert code != 0
    assert f"{tmp_path / 'compose.yaml'}:3:16: invalid YAML: character U+0007" in err
    assert "position" not in err and "Traceback" not in err
