"""The one reading of Go durations and Docker byte sizes, and the container spec's use of it."""

from __future__ import annotations

import pytest

from figlet.container_spec._units import byte_size, duration_ns
from figlet.errors import FigletError
from figlet.units import parse_bytes, parse_duration

SECOND = 1_000_000_000


@pytest.mark.parametrize(
    ("text", "ns"),
    [
        ("1m30s", 90 * SECOND),
        ("-2s", -2 * SECOND),
        ("+1m", 60 * SECOND),
        (".5s", SECOND // 2),
        ("1.s", SECOND),
        ("250us", 250_000),
        ("-0", 0),
        ("--1s", None),
        ("", None),
        (".s", None),
        ("1x", None),
        ("1s 2s", None),
    ],
)
def test_parse_duration(text: str, ns: int | None) -> None:
    assert parse_duration(text) == ns


@pytest.mark.parametrize(
    ("value", "size"),
    [("1 kb", 1024), ("3Gi", 3 << 30), (7.9, 7), (True, None), ("1  kb", None), ("lots", None)],
)
def test_parse_bytes(value: object, size: int | None) -> None:
    assert parse_bytes(value) == size


def test_container_spec_reads_the_same_durations_but_no_negative_one() -> None:
    assert duration_ns("1m30s", "p") == 90 * SECOND
    assert duration_ns("", "p") == 0
    assert duration_ns(1.5, "p") == SECOND + SECOND // 2
    with pytest.raises(FigletError) as caught:
        duration_ns("-1s", "services.web.healthcheck.interval")
    assert "services.web.healthcheck.interval" in caught.value.render()


def test_container_spec_names_the_key_of_a_bad_size() -> None:
    assert byte_size("512m", "p") == 512 << 20
    with pytest.raises(FigletError) as caught:
        byte_size("lots", "services.db.shm_size")
    rendered = caught.value.render()
    assert "services.db.shm_size" in rendered and "'lots' is not a byte size" in rendered
