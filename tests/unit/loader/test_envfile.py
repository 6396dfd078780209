"""The .env format."""

from __future__ import annotations

import pytest

from figlet.errors import ConfigError
from figlet.loader._envfile import parse_env_file
from figlet.loader._pipeline import expand

TEXT = """
# comment
A=1
export B=two words # trailing comment
C='single ${A}'
D="double ${A}\\n"
E=${A}-${PROC}
F
G="multi
line"
H=
"""


def test_parse_env_file() -> None:
    proc = {"PROC": "p", "F": "from-process"}
    values = parse_env_file(TEXT, ".env", proc.get, expand)
    assert values == {
        "A": "1",
        "B": "two words",
        "C": "single ${A}",
        "D": "double 1\n",
        "E": "1-p",
        "F": "from-process",
        "G": "multi\nline",
        "H": "",
    }


def test_process_environment_wins_in_expansion() -> None:
    values = parse_env_file("WHERE=file\nX=${WHERE}\n", ".env", {"WHERE": "shell"}.get, expand)
    assert values["X"] == "shell"


def test_bad_line_is_located() -> None:
    with pytest.raises(ConfigError) as caught:
        parse_env_file("A=1\n-oops\n", "x.env", {}.get, expand)
    assert str(caught.value.problems[0].location) == "x.env:2:1"
