"""Shape helpers that have a fast path must give the slow path's answer."""

from __future__ import annotations

import random
import shlex

import pytest

from figlet.loader._shape import split_command


@pytest.mark.parametrize(
    "text",
    [
        "",
        "  ",
        "sleep 3600",
        " a\tb\r\nc ",
        "a#b c",
        "x\x0by \xa0z",
        "a 'b c'",
        'a "b\\" c"',
        "a\\ b",
    ],
)
def test_split_command_is_shlex_split(text: str) -> None:
    assert split_command(text) == shlex.split(text)


def test_split_command_on_random_text() -> None:
    rng = random.Random(7)
    alphabet = "ab #=$-\t\n\r\x0b\x0c\xa0\u2003"
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        assert split_command(text) == shlex.split(text), repr(text)
