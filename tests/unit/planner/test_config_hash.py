"""Config hash, the recorded config label and field diffs."""

from __future__ import annotations

from figlet.model import Service
from figlet.plan import Change
from figlet.planner.config_hash import (
    ABSENT,
    changed_keys,
    decode_config_label,
    encode_config_label,
    hashed_spec,
    service_config_hash,
    spec_changes,
)


def svc(**spec: object) -> Service:
    return Service(name="web", spec=spec)


def test_hash_is_stable_across_key_order() -> None:
    one = svc(image="x", environment={"A": "1", "B": "2"})
    two = Service(name="web", spec={"environment": {"B": "2", "A": "1"}, "image": "x"})
    assert service_config_hash(one) == service_config_hash(two)
    assert len(service_config_hash(one)) == 64


def test_hash_ignores_what_compose_leaves_out() -> None:
    base = svc(image="x", deploy={"resources": {}, "placement": {}})
    other = svc(
        image="x",
        depends_on={"db": {"condition": "service_started"}},
        profiles=["debug"],
        build={"context": "."},
        pull_policy="always",
        scale=3,
        deploy={"replicas": 3, "resources": {}, "placement": {}},
        **{"x-note": "hi"},
    )
    assert service_config_hash(base) == service_config_hash(other)
    assert hashed_spec(other) == {"image": "x", "deploy": {"resources": {}, "placement": {}}}


def test_a_deploy_section_counts_even_when_only_replicas_were_set() -> None:
    # as Compose: `deploy: {replicas: 3}` hashes like `deploy: {}`, not like no deploy at all
    replicas_only = svc(image="x", deploy={"replicas": 3, "resources": {}, "placement": {}})
    empty = svc(image="x", deploy={"resources": {}, "placement": {}})
    assert service_config_hash(replicas_only) == service_config_hash(empty)
    assert service_config_hash(replicas_only) != service_config_hash(svc(image="x"))


def test_hash_changes_with_environment_and_deploy_resources() -> None:
    base = svc(image="x", environment={"A": "1"})
    assert service_config_hash(base) != service_config_hash(svc(image="x", environment={"A": "2"}))
    limited = svc(image="x", environment={"A": "1"}, deploy={"replicas": 2, "resources": {}})
    assert service_config_hash(base) != service_config_hash(limited)
    assert hashed_spec(limited)["deploy"] == {"resources": {}}


def test_label_round_trip_and_garbage() -> None:
    service = svc(image="x", environment={"GREETING": "bonjour é"}, scale=2)
    label = encode_config_label(service)
    assert label.startswith("z1:")
    assert decode_config_label(label) == {"image": "x", "environment": {"GREETING": "bonjour é"}}
    assert decode_config_label(None) is None
    assert decode_config_label("z1:!!notbase64") is None
    assert decode_config_label("z1:aGVsbG8=") is None  # base64, not zlib
    assert decode_config_label("sha256:abc") is None


def test_label_stays_small_for_a_large_environment() -> None:
    env = {f"VARIABLE_{i}": "value" for i in range(300)}
    label = encode_config_label(svc(image="x", environment=env))
    assert len(label) < 2000


def test_changes_name_leaf_paths() -> None:
    before = {
        "image": "x",
        "environment": {"GREETING": "hello", "OLD": "1"},
        "ports": [{"target": 80, "published": "8080"}],
    }
    after = {
        "image": "x",
        "environment": {"GREETING": "bonjour", "NEW": "2"},
        "ports": [{"target": 80, "published": "8081"}, {"target": 443, "published": "443"}],
    }
    changes = spec_changes(before, after)
    assert changes == (
        Change("environment.GREETING", "hello", "bonjour"),
        Change("environment.NEW", ABSENT, "2"),
        Change("environment.OLD", "1", ABSENT),
        Change("ports[0].published", "8080", "8081"),
        Change("ports[1]", ABSENT, {"target": 443, "published": "443"}),
    )
    assert changed_keys(changes) == ("environment", "ports")


def test_type_change_is_a_change() -> None:
    assert spec_changes({"a": 1}, {"a": "1"}) == (Change("a", 1, "1"),)
    assert spec_changes({"a": 1}, {"a": True}) == (Change("a", 1, True),)
    assert spec_changes({"a": [1]}, {"a": [1]}) == ()


def test_read_only_mappings_and_tuples_hash_like_dicts_and_lists() -> None:
    from types import MappingProxyType

    frozen = Service(
        name="web",
        spec=MappingProxyType(
            {"image": "x", "environment": MappingProxyType({"A": "1"}), "command": ("a", "b")}
        ),
    )
    plain = svc(image="x", environment={"A": "1"}, command=["a", "b"])
    assert service_config_hash(frozen) == service_config_hash(plain)
    assert hashed_spec(frozen) == {"image": "x", "environment": {"A": "1"}, "command": ["a", "b"]}
    assert spec_changes(hashed_spec(frozen), hashed_spec(plain)) == ()
