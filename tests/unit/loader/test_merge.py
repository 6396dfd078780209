"""The merge rules of several files."""

from __future__ import annotations

from figlet.loader._merge import enforce_unique, merge
from figlet.loader._yaml import RESET, Override


def port(published: str, target: int) -> dict[str, object]:
    return {"mode": "ingress", "target": target, "published": published, "protocol": "tcp"}


def test_mappings_merge_and_scalars_override() -> None:
    base = {"services": {"web": {"image": "a", "environment": {"A": "1", "B": "2"}}}}
    over = {"services": {"web": {"image": "b", "environment": {"B": "3"}}}}
    assert merge(base, over) == {
        "services": {"web": {"image": "b", "environment": {"A": "1", "B": "3"}}}
    }


def test_ports_are_appended_without_duplicates() -> None:
    base = {"services": {"web": {"ports": [port("80", 80)]}}}
    over = {"services": {"web": {"ports": [port("80", 80), port("443", 443)]}}}
    assert merge(base, over)["services"]["web"]["ports"] == [port("80", 80), port("443", 443)]


def test_volumes_are_merged_by_target() -> None:
    base = {"services": {"web": {"volumes": [{"type": "volume", "source": "a", "target": "/d"}]}}}
    over = {"services": {"web": {"volumes": [{"type": "volume", "source": "b", "target": "/d"}]}}}
    assert merge(base, over)["services"]["web"]["volumes"] == [
        {"type": "volume", "source": "b", "target": "/d"}
    ]


def test_command_is_replaced_and_dns_deduplicated() -> None:
    base = {"services": {"web": {"command": ["a", "b"], "dns": ["1.1.1.1"]}}}
    over = {"services": {"web": {"command": ["c"], "dns": ["1.1.1.1", "8.8.8.8"]}}}
    merged = merge(base, over)["services"]["web"]
    assert merged == {"command": ["c"], "dns": ["1.1.1.1", "8.8.8.8"]}


def test_reset_and_override() -> None:
    base = {"services": {"web": {"ports": [port("80", 80)], "labels": {"a": "1"}}}}
    over = {"services": {"web": {"ports": RESET, "labels": Override({"b": "2"})}}}
    assert merge(base, over) == {"services": {"web": {"labels": {"b": "2"}}}}


def test_enforce_unique_keeps_the_first_position_and_the_last_value() -> None:
    data = {"services": {"web": {"expose": ["80", "81", "80"]}}}
    assert enforce_unique(data)["services"]["web"]["expose"] == ["80", "81"]
