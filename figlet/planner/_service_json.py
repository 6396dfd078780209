"""A service's canonical spec as Docker Compose v2 serializes it to compute its config hash.

Compose hashes the JSON encoding of its service structure: object keys in the declaration order
of the structure's fields (not sorted), map keys sorted, no whitespace, and `<`, `>`, `&`,
U+2028, U+2029 escaped as `\\u003c`... figlet's canonical spec holds the same values (it is what
`config --format json` prints); this module only puts them in that order and writes that text.

`FIELD_ORDER` describes the structures: for each key of an object, the order of its fields and
the shape of each field's value. Keys not described (a field newer than this table) go last,
sorted, so a hash stays deterministic.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from figlet.model import JSON


@dataclass(frozen=True)
class Struct:
    """An object whose keys are fields, written in `order`; `shapes` describes nested values."""

    order: tuple[str, ...]
    shapes: Mapping[str, Shape] = field(default_factory=dict)
    rank: Mapping[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "rank", {name: i for i, name in enumerate(self.order)})

    def keys_of(self, value: Mapping[str, JSON]) -> list[str]:
        """The keys of `value` in field order; keys not described go last, sorted."""
        rank = self.rank
        if rank.keys() >= value.keys():
            return sorted(value, key=rank.__getitem__)
        last = len(rank)
        return sorted(value, key=lambda k: (rank.get(k, last), k))


@dataclass(frozen=True)
class ListOf:
    """A list whose items all have the shape `item`."""

    item: Shape


@dataclass(frozen=True)
class MapOf:
    """A map (keys sorted) whose values all have the shape `value`."""

    value: Shape


Shape = Struct | ListOf | MapOf | None  # None: a scalar, a list of scalars, or a free map


def _fields(names: str, **shapes: Shape) -> Struct:
    return Struct(tuple(names.split()), shapes)


_FILE_REFERENCE = _fields("source target uid gid mode")
_DEVICE_REQUEST = _fields("capabilities driver count device_ids options")
_THROTTLE = ListOf(_fields("Path Rate"))
_HOOK = _fields("command copy user privileged working_dir environment", copy=_FILE_REFERENCE)
_DURATIONS_OF_UPDATE = _fields("parallelism delay failure_action monitor max_failure_ratio order")
_RESOURCE = _fields(
    "cpus memory pids devices generic_resources",
    devices=ListOf(_DEVICE_REQUEST),
    generic_resources=ListOf(
        _fields("discrete_resource_spec", discrete_resource_spec=_fields("kind value"))
    ),
)

SERVICE = _fields(
    """profiles annotations attach build develop blkio_config cap_add cap_drop cgroup_parent
    cgroup cpu_count cpu_percent cpu_period cpu_quota cpu_rt_period cpu_rt_runtime cpus cpuset
    cpu_shares command configs container_name credential_spec depends_on deploy
    device_cgroup_rules devices dns dns_opt dns_search dockerfile domainname entrypoint provider
    environment env_file expose extends external_links extra_hosts group_add gpus hostname
    healthcheck image init ipc isolation labels label_file links logging log_driver log_opt
    mem_limit mem_reservation memswap_limit mem_swappiness mac_address models net network_mode
    networks oom_kill_disable oom_score_adj pid pids_limit platform ports privileged pull_policy
    read_only restart runtime scale secrets security_opt shm_size stdin_open stop_grace_period
    stop_signal storage_opt sysctls tmpfs tty ulimits use_api_socket user userns_mode uts
    volume_driver volumes volumes_from working_dir post_start pre_stop""",
    develop=_fields(
        "watch",
        watch=ListOf(_fields("path action target exec ignore include", exec=_HOOK)),
    ),
    blkio_config=_fields(
        """weight weight_device device_read_bps device_read_iops device_write_bps
        device_write_iops""",
        weight_device=ListOf(_fields("Path Weight")),
        device_read_bps=_THROTTLE,
        device_read_iops=_THROTTLE,
        device_write_bps=_THROTTLE,
        device_write_iops=_THROTTLE,
    ),
    configs=ListOf(_FILE_REFERENCE),
    credential_spec=_fields("config file registry"),
    depends_on=MapOf(_fields("condition restart required")),
    deploy=_fields(
        """mode replicas labels update_config rollback_config resources restart_policy
        placement endpoint_mode""",
        update_config=_DURATIONS_OF_UPDATE,
        rollback_config=_DURATIONS_OF_UPDATE,
        resources=_fields("limits reservations", limits=_RESOURCE, reservations=_RESOURCE),
        restart_policy=_fields("condition delay max_attempts window"),
        placement=_fields(
            "constraints preferences max_replicas_per_node",
            preferences=ListOf(_fields("spread")),
        ),
    ),
    devices=ListOf(_fields("source target permissions")),
    provider=_fields("type options"),
    env_file=ListOf(_fields("path required format")),
    extends=_fields("file service"),
    gpus=ListOf(_DEVICE_REQUEST),
    healthcheck=_fields("test timeout interval retries start_period start_interval disable"),
    logging=_fields("driver options"),
    models=MapOf(_fields("endpoint_var")),
    networks=MapOf(
        _fields(
            """aliases driver_opts gw_priority interface_name ipv4_address ipv6_address
            link_local_ips mac_address priority"""
        )
    ),
    ports=ListOf(_fields("name mode host_ip target published protocol app_protocol")),
    secrets=ListOf(_FILE_REFERENCE),
    ulimits=MapOf(_fields("single soft hard")),
    volumes=ListOf(
        _fields(
            "type source target read_only consistency bind volume tmpfs image",
            bind=_fields("selinux propagation create_host_path recursive"),
            volume=_fields("labels nocopy subpath"),
            tmpfs=_fields("size mode"),
            image=_fields("subpath"),
        )
    ),
    post_start=ListOf(_HOOK),
    pre_stop=ListOf(_HOOK),
)


def ordered(value: JSON, shape: Shape) -> JSON:
    """`value` with every object's keys in the order `shape` gives (maps: sorted keys)."""
    return _walk(value, shape, go=False)


def _walk(value: JSON, shape: Shape, *, go: bool) -> JSON:
    """`ordered`, and with `go` also whole floats as integers (`_go_numbers`), in one pass."""
    kind = type(value)
    if kind is str or kind is int or kind is bool or value is None:
        return value
    if kind is dict or isinstance(value, Mapping):
        mapping: Mapping[str, JSON] = value
        if isinstance(shape, Struct):
            shapes = shape.shapes
            return {k: _walk(mapping[k], shapes.get(k), go=go) for k in shape.keys_of(mapping)}
        inner = shape.value if isinstance(shape, MapOf) else None
        return {k: _walk(mapping[k], inner, go=go) for k in sorted(mapping)}
    if kind is list or kind is tuple or isinstance(value, (list, tuple)):
        item = shape.item if isinstance(shape, ListOf) else None
        return [_walk(v, item, go=go) for v in value]
    return _go_number(value) if go else value


# Characters Go's encoder escapes that Python's (ensure_ascii=False) keeps.
_GO_ESCAPES = (
    ("<", "\\u003c"),
    (">", "\\u003e"),
    ("&", "\\u0026"),
    ("\u2028", "\\u2028"),
    ("\u2029", "\\u2029"),
)


def go_json(value: JSON) -> str:
    """Compact JSON text as Go's `encoding/json` writes it (keys in the order given)."""
    return _go_text(_go_numbers(value))


def service_go_json(spec: Mapping[str, JSON]) -> str:
    """`go_json(ordered(spec, SERVICE))`, walking the spec once."""
    return _go_text(_walk(spec, SERVICE, go=True))


def _go_text(value: JSON) -> str:
    """Compact JSON text of a value already ordered, with Go's escapes."""
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    for char, escaped in _GO_ESCAPES:  # usually none: a test is cheaper than str.translate
        if char in text:
            text = text.replace(char, escaped)
    return text


def _go_number(value: JSON) -> JSON:
    """A whole float as an integer (Go writes 1, not 1.0); any other value unchanged."""
    if (
        isinstance(value, float)
        and math.isfinite(value)
        and value.is_integer()
        and abs(value) < 1e21
    ):
        return int(value)
    return value


def _go_numbers(value: JSON) -> JSON:
    """Whole floats as integers, at any depth; everything else unchanged."""
    if isinstance(value, Mapping):
        return {k: _go_numbers(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_go_numbers(v) for v in value]
    return _go_number(value)
