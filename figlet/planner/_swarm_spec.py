"""Pure helpers of the deploy planner: the spec a service is sent with (its secrets and configs
named as deployed, figlet's labels), the spec recorded in a label to explain the next update
field by field, and which secret or config object stands for a stack's secret or config.

Secrets and configs are immutable in Swarm, and `docker stack deploy` refuses a changed one.
figlet keeps the contents' sha256 in a label (`DIGEST`): unchanged contents reuse the object;
changed ones get a new object named `<name>-<first 12 hex of the digest>`, the services that
use it are updated to it, and the old object is removed after them.
"""

from __future__ import annotations

import binascii
import copy
import json
from collections.abc import Mapping, Sequence
from typing import Any

from figlet.observe.swarm import ObjectRecord, ObservedStack, ServiceRecord
from figlet.planner.config_hash import canonical_json, decode_config_label
from figlet.swarm.stack import SPEC_HASH, SwarmObject, SwarmService, spec_hash

SPEC_LABEL = "io.figlet.swarm.spec"  # the spec figlet sent, compressed (explains updates)
DIGEST = "io.figlet.swarm.digest"  # a secret's or config's contents, sha256
_LABEL_PREFIX = "z1:"
_REFS = {"secret": ("Secrets", "SecretName"), "config": ("Configs", "ConfigName")}


def encode_spec(spec: Mapping[str, Any]) -> str:
    import zlib

    raw = canonical_json(_without_figlet_labels(spec)).encode()
    return _LABEL_PREFIX + binascii.b2a_base64(zlib.compress(raw, 9), newline=False).decode()


def recorded_spec(service: ServiceRecord) -> dict[str, Any] | None:
    """The spec figlet sent last (from its label), None for a service figlet did not make."""
    return decode_config_label(service.labels.get(SPEC_LABEL))


def comparable(spec: Mapping[str, Any]) -> dict[str, Any]:
    """The spec as plain JSON data, without figlet's own labels (they change with it)."""
    plain: dict[str, Any] = json.loads(canonical_json(_without_figlet_labels(spec)))
    return plain


def _without_figlet_labels(spec: Mapping[str, Any]) -> dict[str, Any]:
    labels = {
        k: v for k, v in dict(spec.get("Labels") or {}).items() if k not in (SPEC_HASH, SPEC_LABEL)
    }
    return {**spec, "Labels": labels}


def object_name(wanted: SwarmObject, observed: Sequence[ObjectRecord]) -> tuple[str, bool]:
    """The name of the object that holds `wanted`'s contents, and whether it must be created:
    an observed one of the same contents (its name, or a rotated `<name>-<digest>`), else
    `name` if free, else the rotated name."""
    rotated = f"{wanted.name}-{wanted.digest[:12]}"
    for record in observed:
        if record.name in (wanted.name, rotated) and record.labels.get(DIGEST) == wanted.digest:
            return record.name, False
    taken = {record.name for record in observed}
    return (rotated if wanted.name in taken else wanted.name), True


def versions_of(wanted: SwarmObject, observed: Sequence[ObjectRecord]) -> list[ObjectRecord]:
    """The observed objects that are versions of `wanted` (its name, or rotated names)."""
    return [
        r
        for r in observed
        if r.name == wanted.name
        or (r.name.startswith(f"{wanted.name}-") and len(r.name) == len(wanted.name) + 13)
    ]


def object_spec(wanted: SwarmObject, name: str) -> dict[str, Any]:
    labels = {**dict(wanted.spec.get("Labels") or {}), DIGEST: wanted.digest}
    return {**wanted.spec, "Name": name, "Labels": labels}


def service_spec(service: SwarmService, renamed: Mapping[tuple[str, str], str]) -> dict[str, Any]:
    """The spec to send: `service.spec` with the secrets and configs it names renamed as
    deployed ((kind, declared name) -> deployed name), its hash label recomputed when one
    was, and the spec label."""
    spec: dict[str, Any] = copy.deepcopy(dict(service.spec))
    container = (spec.get("TaskTemplate") or {}).get("ContainerSpec") or {}
    changed = False
    for kind, (field, key) in _REFS.items():
        for ref in container.get(field) or ():
            new = renamed.get((kind, str(ref.get(key, ""))))
            if new is not None and new != ref.get(key):
                ref[key] = new
                changed = True
    labels = dict(spec.get("Labels") or {})
    labels[SPEC_HASH] = spec_hash(spec) if changed else service.spec_hash
    spec["Labels"] = labels
    labels[SPEC_LABEL] = encode_spec(spec)
    return spec


def referenced(spec: Mapping[str, Any], kind: str) -> list[str]:
    """The names of the secrets (or configs) a service spec refers to."""
    field, key = _REFS[kind]
    container = (spec.get("TaskTemplate") or {}).get("ContainerSpec") or {}
    return [str(ref.get(key, "")) for ref in container.get(field) or ()]


def in_use(observed: ObservedStack, kind: str) -> set[str]:
    """Names of the objects of `kind` the observed services refer to."""
    return {name for s in observed.services for name in referenced(s.record.spec, kind)}
