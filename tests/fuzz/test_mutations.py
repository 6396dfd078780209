"""Mutations of the shared conformance corpus: every loader outcome is a result or a located
error, never a traceback or a hang (see `_fuzzing`).

A case is a corpus case (with its -f files and environment) whose first compose file is
replaced by a mutant: bytes flipped, cut short, a key repeated, a value of another type, deep
nesting, an alias bomb, a control character, lines of another file spliced in, interpolation
and tag syntax sprinkled in. Skipped when the corpus (../shared/conformance) is absent.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from _fuzzing import CASES, CORPUS, Case, check_load, copy_corpus, fuzz_settings, replaced
from hypothesis import given
from hypothesis import strategies as st

pytestmark = pytest.mark.skipif(CORPUS is None, reason="no ../shared/conformance corpus")

EXAMPLES = 150  # per mutation kind; 12 kinds: 1,800 cases


@pytest.fixture(scope="module")
def cases_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_corpus(tmp_path_factory.mktemp("corpus"))


Mutator = Callable[[bytes, random.Random], bytes]
_KEY_LINE = re.compile(rb"^(\s*)([A-Za-z_][\w.-]*):(.*)$")


def _lines(text: bytes) -> list[bytes]:
    return text.split(b"\n")


def _key_lines(lines: list[bytes]) -> list[int]:
    return [i for i, line in enumerate(lines) if _KEY_LINE.match(line)]


def flip_bytes(text: bytes, rnd: random.Random) -> bytes:
    data = bytearray(text or b"x")
    for _ in range(rnd.randint(1, 8)):
        at = rnd.randrange(len(data))
        data[at] ^= 1 << rnd.randrange(8)
    return bytes(data)


def truncate(text: bytes, rnd: random.Random) -> bytes:
    return text[: rnd.randint(0, len(text))]


def duplicate_key(text: bytes, rnd: random.Random) -> bytes:
    lines = _lines(text)
    keys = _key_lines(lines)
    if not keys:
        return text + b"\nservices: {}\nservices: {}\n"
    at = rnd.choice(keys)
    end = at + 1  # the key's block: the lines indented deeper than the key
    indent = len(lines[at]) - len(lines[at].lstrip())
    while end < len(lines) and (
        not lines[end].strip() or len(lines[end]) - len(lines[end].lstrip()) > indent
    ):
        end += 1
    block = lines[at:end]
    return b"\n".join(lines[:end] + block + lines[end:])


_VALUES = [
    b"[1, 2, 3]",
    b"{a: b, c: [d]}",
    b"null",
    b"~",
    b"true",
    b"3.5",
    b"-1",
    b"0x10",
    b"1e400",
    b".nan",
    b'""',
    b"''",
    b"!reset",
    b"!reset []",
    b"!override {x: 1}",
    b"!!binary aGVsbG8=",
    b"!!str 1",
    b"!!python/object:os.system x",
    b"!custom 1",
    b"*undefined_alias",
    b"&anchor value",
    b"|\n  block\n  text",
    b">-",
    b"? complex\n  : key",
    b"[[[]]]",
    b"{}",
    b"[]",
    b"- a\n- b",
    b"80:80:80/tcp",
    b"99999999999999999999999999",
    b"-9223372036854775809",
    b"2001:db8::1",
    b"'${UNSET:?the variable is required}'",
    b"${A:-${B:-${C}}}",
    b"$$escaped",
    b"${",
    b"${1bad}",
]


def swap_type(text: bytes, rnd: random.Random) -> bytes:
    lines = _lines(text)
    keys = _key_lines(lines)
    value = rnd.choice(_VALUES)
    if not keys:
        return value
    at = rnd.choice(keys)
    match = _KEY_LINE.match(lines[at])
    assert match is not None
    lines[at] = (
        match.group(1)
        + match.group(2)
        + b": "
        + value.replace(b"\n", b"\n" + match.group(1) + b"  ")
    )
    return b"\n".join(lines)


def _at_a_key(text: bytes, rnd: random.Random, value: Callable[[bytes], bytes]) -> bytes:
    """`text` with the value of a random `key:` line replaced by `value(indent)`."""
    lines = _lines(text)
    keys = _key_lines(lines)
    if not keys:
        return b"x-fuzz: " + value(b"")
    at = rnd.choice(keys)
    match = _KEY_LINE.match(lines[at])
    assert match is not None
    lines[at] = match.group(1) + match.group(2) + b": " + value(match.group(1))
    return b"\n".join(lines)


def nest_deeply(text: bytes, rnd: random.Random) -> bytes:
    depth = rnd.choice([20, 60, 98, 99, 100, 101, 150, 500, 999, 1001, 3000])
    if rnd.random() < 0.5:
        opener, closer = (b"[", b"]") if rnd.random() < 0.5 else (b"{a: ", b"}")
        return _at_a_key(text, rnd, lambda indent: opener * depth + b"x" + closer * depth)

    def block(indent: bytes) -> bytes:
        depth_here = min(depth, 400)
        return (
            b"".join(
                b"\n" + indent + b" " * (2 * (level + 1)) + b"k:" for level in range(depth_here)
            )
            + b" x"
        )

    return _at_a_key(text, rnd, block)


def bomb(text: bytes, rnd: random.Random) -> bytes:
    levels, width = rnd.randint(2, 10), rnd.randint(2, 12)
    merge = rnd.random() < 0.3
    lines = [b"x-b0: &b0 {lol: lol}" if merge else b'x-b0: &b0 ["lol"]']
    for level in range(1, levels):
        if merge:
            refs = b", ".join([b"*b%d" % (level - 1)] * width)
            lines.append(b"x-b%d: &b%d {<<: [%s], k%d: v}" % (level, level, refs, level))
        else:
            refs = b", ".join([b"*b%d" % (level - 1)] * width)
            lines.append(b"x-b%d: &b%d [%s]" % (level, level, refs))
    header = b"\n".join(lines) + b"\n"
    last = b"*b%d" % (levels - 1)
    body = _at_a_key(text, rnd, lambda indent: last)
    return header + body


def huge_anchor(text: bytes, rnd: random.Random) -> bytes:
    size = rnd.choice([100, 2_500, 30_000])
    copies = rnd.choice([2, 10, 100, 1_000])
    anchor = b"x-big: &big [" + b", ".join([b"x"] * size) + b"]\n"
    refs = b"x-refs: [" + b", ".join([b"*big"] * copies) + b"]\n"
    return anchor + refs + text


_CHARACTERS = [chr(c) for c in [*range(0, 32), 0x7F, 0x85, 0xA0, 0xFEFF, 0x2028, 0xFFFE, 0xFFFF]]


def control_character(text: bytes, rnd: random.Random) -> bytes:
    data = text or b"services: {}"
    at = rnd.randint(0, len(data))
    char = rnd.choice(_CHARACTERS).encode("utf-8", "surrogatepass")
    if rnd.random() < 0.2:
        char = bytes([rnd.choice([0x80, 0xC3, 0xFF, 0xED])])  # invalid UTF-8
    return data[:at] + char + data[at:]


def splice(text: bytes, rnd: random.Random) -> bytes:
    assert CORPUS is not None
    other = rnd.choice(CASES)
    donor = _lines((CORPUS / other.name / other.files[0]).read_bytes())
    lines = _lines(text)
    start = rnd.randrange(len(donor))
    chunk = donor[start : start + rnd.randint(1, 12)]
    at = rnd.randint(0, len(lines))
    return b"\n".join(lines[:at] + chunk + lines[at:])


def reindent(text: bytes, rnd: random.Random) -> bytes:
    lines = _lines(text)
    for _ in range(rnd.randint(1, 3)):
        at = rnd.randrange(len(lines))
        shift = rnd.choice([b"", b" ", b"  ", b"\t", b"   "])
        lines[at] = shift + lines[at].lstrip() if rnd.random() < 0.5 else shift + lines[at]
    return b"\n".join(lines)


def interpolation(text: bytes, rnd: random.Random) -> bytes:
    pieces = [b"${", b"}", b"$", b"$$", b"${X:-", b"${X:?", b"${X-", b"${X+y}", b"${X:+${Y}}"]
    data = bytearray(text)
    for _ in range(rnd.randint(1, 4)):
        at = rnd.randint(0, len(data))
        data[at:at] = rnd.choice(pieces)
    return bytes(data)


def yaml_syntax(text: bytes, rnd: random.Random) -> bytes:
    pieces = [
        b"&a ", b"*a", b"<<: ", b"!reset ", b"!override ", b"? ", b"- ", b": ", b"---\n",
        b"...\n", b"%YAML 1.2\n", b"%TAG ! tag:x,2000:\n", b"|", b">", b"'", b'"', b"#",
        b"{", b"}", b"[", b"]", b",", b"\n  ", b"!!map ", b"!!seq ", b"!!int ", b"<<: *a\n",
    ]  # fmt: skip
    data = bytearray(text)
    for _ in range(rnd.randint(1, 5)):
        at = rnd.randint(0, len(data))
        data[at:at] = rnd.choice(pieces)
    return bytes(data)


MUTATORS: dict[str, Mutator] = {
    "flip_bytes": flip_bytes,
    "truncate": truncate,
    "duplicate_key": duplicate_key,
    "swap_type": swap_type,
    "nest_deeply": nest_deeply,
    "bomb": bomb,
    "huge_anchor": huge_anchor,
    "control_character": control_character,
    "splice": splice,
    "reindent": reindent,
    "interpolation": interpolation,
    "yaml_syntax": yaml_syntax,
}


@pytest.mark.parametrize("kind", list(MUTATORS))
def test_a_mutated_corpus_file_loads_or_fails_with_a_location(kind: str, cases_dir: Path) -> None:
    mutate = MUTATORS[kind]

    @fuzz_settings(EXAMPLES)
    @given(case=st.sampled_from(CASES or [Case("none", ("compose.yaml",), {})]), seed=st.integers())
    def run(case: Case, seed: int) -> None:
        folder = cases_dir / case.name
        target = folder / case.files[0]
        mutant = mutate(target.read_bytes(), random.Random(seed))
        with replaced(target, mutant):
            check_load(folder, case.files, case.environ)

    run()
