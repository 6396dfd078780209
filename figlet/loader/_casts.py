"""Type casts applied after interpolation, so that `replicas: ${N}` becomes an integer."""

from __future__ import annotations

from typing import Any

from figlet.loader._problems import PathKey

_TRUE = frozenset(("y", "yes", "true", "on"))
_FALSE = frozenset(("n", "no", "false", "off"))

# Paths below a service (`*` any key, `[]` any list index) and below the top level.
_SERVICE_INT = (
    ("configs", "[]", "mode"),
    ("secrets", "[]", "mode"),
    ("cpu_count",),
    ("cpu_period",),
    ("cpu_quota",),
    ("cpu_rt_period",),
    ("cpu_rt_runtime",),
    ("cpu_shares",),
    ("deploy", "replicas"),
    ("deploy", "update_config", "parallelism"),
    ("deploy", "rollback_config", "parallelism"),
    ("deploy", "restart_policy", "max_attempts"),
    ("deploy", "placement", "max_replicas_per_node"),
    ("healthcheck", "retries"),
    ("oom_score_adj",),
    ("pids_limit",),
    ("ports", "[]", "target"),
    ("scale",),
    ("ulimits", "*"),
    ("ulimits", "*", "hard"),
    ("ulimits", "*", "soft"),
    ("blkio_config", "weight"),
    ("blkio_config", "weight_device", "[]", "weight"),
    ("mem_swappiness",),
)
_SERVICE_FLOAT = (
    ("cpu_percent",),
    ("cpus",),
    ("deploy", "update_config", "max_failure_ratio"),
    ("deploy", "rollback_config", "max_failure_ratio"),
)
_SERVICE_BOOL = (
    ("init",),
    ("depends_on", "*", "required"),
    ("depends_on", "*", "restart"),
    ("healthcheck", "disable"),
    ("oom_kill_disable",),
    ("privileged",),
    ("read_only",),
    ("stdin_open",),
    ("tty",),
    ("volumes", "[]", "read_only"),
    ("volumes", "[]", "volume", "nocopy"),
    ("volumes", "[]", "bind", "create_host_path"),
    ("build", "privileged"),
    ("build", "no_cache"),
    ("build", "pull"),
)
_TOP_BOOL = (
    ("networks", "*", "external"),
    ("networks", "*", "internal"),
    ("networks", "*", "attachable"),
    ("networks", "*", "enable_ipv4"),
    ("networks", "*", "enable_ipv6"),
    ("volumes", "*", "external"),
    ("secrets", "*", "external"),
    ("configs", "*", "external"),
)


# Cast by figlet only: where Compose v2 does not cast, a value that cannot be cast is left to
# the schema instead of being refused here.
_LENIENT = frozenset(
    ("services", "*", *p)
    for p in (
        ("mem_swappiness",),
        ("blkio_config", "weight"),
        ("blkio_config", "weight_device", "[]", "weight"),
        ("volumes", "[]", "bind", "create_host_path"),
        ("build", "privileged"),
        ("build", "no_cache"),
        ("build", "pull"),
        ("depends_on", "*", "required"),
        ("depends_on", "*", "restart"),
    )
)
_KIND_WORDS = {"int": "an integer", "float": "a number", "bool": "a boolean (true or false)"}


class CastError(ValueError):
    """A value at a typed path that cannot be read as its type."""

    def __init__(self, value: str, kind: str) -> None:
        super().__init__(f"{value!r} is not {_KIND_WORDS[kind]}")
        self.hint = (
            "write true or false" if kind == "bool" else "write a number, e.g. 3"
        ) + " (after interpolation)"


def _table() -> dict[tuple[str, ...], str]:
    table: dict[tuple[str, ...], str] = {}
    for kind, paths in (("int", _SERVICE_INT), ("float", _SERVICE_FLOAT), ("bool", _SERVICE_BOOL)):
        for p in paths:
            table[("services", "*", *p)] = kind
    for p in _TOP_BOOL:
        table[p] = "bool"
    return table


_TABLE = _table()
_LENGTHS = frozenset(len(p) for p in _TABLE)
# The last part of every pattern that ends in a name; the one pattern that ends in `*` is
# `services.*.ulimits.*`.
_LAST_NAMES = frozenset(p[-1] for p in _TABLE if p[-1] not in ("*", "[]"))


def _may_cast(path: PathKey) -> bool:
    """False when no pattern of the table can match `path` (most paths: a cheap test)."""
    if not path:
        return False
    last = path[-1]
    if last in _LAST_NAMES:
        return True
    return len(path) == 4 and path[2] == "ulimits"


def _pattern(path: PathKey) -> tuple[str, ...] | None:
    if len(path) not in _LENGTHS:
        return None
    out: list[str] = []
    for i, part in enumerate(path):
        if isinstance(part, int):
            out.append("[]")
        elif (
            i == 1
            or (out and out[-1] in ("ulimits", "depends_on") and i >= 3)
            or (i == 1 and path[0] in ("networks", "volumes", "secrets", "configs"))
        ):
            out.append("*")
        else:
            out.append(part)
    return tuple(out)


def cast(path: PathKey, value: Any) -> Any:
    """The value a string at `path` is cast to (unchanged when no cast applies). A value that
    cannot be cast raises CastError where Compose v2 casts too, else stays a string."""
    if not isinstance(value, str) or not _may_cast(path):
        return value
    pattern = _pattern(path)
    if pattern is None:
        return value
    kind = _TABLE.get(pattern)
    if kind is None:
        return value
    text = value.strip()
    try:
        if kind == "int":
            return int(text)
        if kind == "float":
            return float(text)
    except ValueError:
        if pattern in _LENIENT:
            return value
        raise CastError(value, kind) from None
    lowered = text.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    if pattern in _LENIENT:
        return value
    raise CastError(value, kind)
