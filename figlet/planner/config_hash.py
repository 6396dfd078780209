"""A service's config hash, the recorded config label, and the field diff between two configs.

The hash is Docker Compose v2's (`com.docker.compose.config-hash`), so that each tool sees the
other's containers as up to date: sha256 of the service's canonical spec minus the keys Compose
leaves out (build, pull_policy, scale, deploy.replicas, depends_on, profiles; `x-` extensions are
never part of it), serialized as Compose serializes it (`figlet.planner._service_json`). The engine
only
keeps labels, so the hashed spec is also stored, compact, in the `io.figlet.config` label
(`figlet.labels.CONFIG`): the next plan decodes it and explains a recreate field by field, e.g.
`environment.GREETING: "hello" -> "bonjour"`.

Label format: `"z1:" + base64(zlib(canonical JSON))`; canonical JSON has sorted keys, no spaces,
UTF-8 kept as is.
"""

from __future__ import annotations

import binascii
import hashlib
import json
from collections.abc import Callable, Mapping
from typing import Any

from figlet.model import JSON, Service
from figlet.plan import Change
from figlet.planner._service_json import service_go_json
from figlet.sensitive import HIDDEN, Redactor, marked_names, sensitive_variable

# Keys of `services.<name>` that Compose leaves out of the hash.
IGNORED_KEYS = frozenset({"build", "depends_on", "profiles", "pull_policy", "scale"})
# Keys of `services.<name>.deploy` that Compose leaves out of the hash.
IGNORED_DEPLOY_KEYS = frozenset({"replicas"})

_LABEL_PREFIX = "z1:"


def hashed_spec(service: Service) -> dict[str, JSON]:
    """The part of the canonical spec that, when it changes, requires a new container, as
    plain JSON data (dicts and lists, whatever read-only mappings or tuples the model holds).

    An emptied `deploy` stays (`{}`): Compose keeps the section once it is written."""
    return _hashed(service)[0]


def _hashed(service: Service) -> tuple[dict[str, JSON], str]:
    """`hashed_spec` and its canonical JSON text."""
    spec: dict[str, JSON] = {}
    for key, value in service.spec.items():
        if key in IGNORED_KEYS or key.startswith("x-"):
            continue
        if key == "deploy" and isinstance(value, Mapping):
            spec[key] = {k: v for k, v in value.items() if k not in IGNORED_DEPLOY_KEYS}
            continue
        spec[key] = value
    text = canonical_json(spec)
    plain: dict[str, JSON] = json.loads(text)
    return plain, text


def canonical_json(value: JSON) -> str:
    """Sorted keys, no whitespace: the same value always gives the same text."""
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_plain
    )


def _plain(value: object) -> object:
    """json.dumps fallback: read-only mappings as dicts, sets as sorted lists."""
    if isinstance(value, Mapping):
        return dict(value)
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=str)
    raise TypeError(f"{type(value).__name__} is not JSON data")


def service_config_hash(service: Service) -> str:
    """sha256 (hex) of `hashed_spec(service)` as Compose writes it: Docker Compose v2's hash."""
    return HashedService(service).config_hash


def encode_config_label(service: Service) -> str:
    """The value of the `io.figlet.config` label: the hashed spec, compressed."""
    return HashedService(service).config_label


class HashedService:
    """A service's config hash and config label from one pass over its spec; the label (a
    compression) is only computed when asked for."""

    def __init__(self, service: Service) -> None:
        self._spec, self._text = _hashed(service)

    @property
    def config_hash(self) -> str:
        return hashlib.sha256(service_go_json(self._spec).encode()).hexdigest()

    @property
    def config_label(self) -> str:
        # the canonical text of the plain spec is the text it was read back from
        import zlib  # only when a container is created: the no-op `up` does not load it

        raw = self._text.encode()
        return _LABEL_PREFIX + binascii.b2a_base64(zlib.compress(raw, 9), newline=False).decode()


def decode_config_label(value: str | None) -> dict[str, JSON] | None:
    """The spec recorded by `encode_config_label`, or None if absent or unreadable."""
    if not value or not value.startswith(_LABEL_PREFIX):
        return None
    import zlib

    try:
        raw = zlib.decompress(binascii.a2b_base64(value[len(_LABEL_PREFIX) :], strict_mode=True))
        decoded = json.loads(raw.decode())
    except (binascii.Error, zlib.error, UnicodeDecodeError, ValueError):
        return None
    return decoded if isinstance(decoded, dict) else None


class _Absent:
    """A field present on one side only; renders as `(none)`."""

    def __repr__(self) -> str:
        return "(none)"


ABSENT: Any = _Absent()


# (path, before, after) -> whether the change shows a secret
Hide = Callable[[str, Any, Any], bool]


def spec_changes(
    before: Mapping[str, JSON], after: Mapping[str, JSON], hide: Hide | None = None
) -> tuple[Change, ...]:
    """Leaf-level differences, paths like `environment.GREETING` or `ports[0].published`.

    A key or list item present on one side only has `ABSENT` on the other. Keys are walked in
    sorted order and list items by index, so the result is stable. A change `hide` says shows
    a secret keeps its path but not its values (`Change.hidden`).
    """
    changes: list[Change] = []
    _diff("", before, after, changes)
    if hide is None:
        return tuple(changes)
    return tuple(_hidden(c) if hide(c.path, c.before, c.after) else c for c in changes)


def _hidden(change: Change) -> Change:
    def mask(value: Any) -> Any:
        return value if value is ABSENT else HIDDEN

    return Change(change.path, mask(change.before), mask(change.after), hidden=True)


def sensitive_changes(
    service: Service, project_spec: Mapping[str, JSON], redactor: Callable[[], Redactor]
) -> Hide:
    """Which changes of `service`'s spec show a secret: an environment entry whose name is
    sensitive (or marked), or any value holding a sensitive value of the project
    (`redactor()`, asked only when a change is)."""
    marked = marked_names(service.spec, project_spec)

    def hide(path: str, before: Any, after: Any) -> bool:
        head, _, name = path.rpartition(".")
        if head.endswith("environment") and sensitive_variable(name, marked):
            return True
        found = redactor()
        return found.holds(before) or found.holds(after)

    return hide


def changed_keys(changes: tuple[Change, ...]) -> tuple[str, ...]:
    """The top-level keys touched by `changes`, sorted, unique (`environment`, `ports`)."""
    keys = {change.path.split(".", 1)[0].split("[", 1)[0] for change in changes}
    return tuple(sorted(keys))


def _join(prefix: str, key: str) -> str:
    return f"{prefix}.{key}" if prefix else key


def _diff(path: str, before: Any, after: Any, out: list[Change]) -> None:
    if isinstance(before, Mapping) and isinstance(after, Mapping):
        for key in sorted(set(before) | set(after), key=str):
            _diff(_join(path, str(key)), before.get(key, ABSENT), after.get(key, ABSENT), out)
        return
    if isinstance(before, list) and isinstance(after, list):
        for index in range(max(len(before), len(after))):
            _diff(
                f"{path}[{index}]",
                before[index] if index < len(before) else ABSENT,
                after[index] if index < len(after) else ABSENT,
                out,
            )
        return
    if before is ABSENT and after is ABSENT:
        return
    if type(before) is not type(after) or before != after:
        out.append(Change(path=path, before=before, after=after))
