"""The engine's answers about Swarm services, tasks, nodes, secrets and configs, as figlet's
records (`figlet.observe.swarm`)."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Mapping
from typing import Any

from figlet.observe.swarm import (
    NodeRecord,
    ObjectRecord,
    ServiceRecord,
    TaskRecord,
    engine_time,
)
from figlet.swarm.stack import ObjectKind


def service_record(item: Mapping[str, Any]) -> ServiceRecord:
    spec = item.get("Spec") or {}
    update = item.get("UpdateStatus") or {}
    return ServiceRecord(
        id=str(item.get("ID", "")),
        name=str(spec.get("Name", "")),
        version=int((item.get("Version") or {}).get("Index", 0)),
        labels=dict(spec.get("Labels") or {}),
        spec=spec,
        created_at=engine_time(str(item.get("CreatedAt", ""))),
        updated_at=engine_time(str(item.get("UpdatedAt", ""))),
        update_state=str(update.get("State", "")),
        update_message=str(update.get("Message", "")),
    )


def task_record(item: Mapping[str, Any]) -> TaskRecord:
    status = item.get("Status") or {}
    container = status.get("ContainerStatus") or {}
    code = container.get("ExitCode")
    return TaskRecord(
        id=str(item.get("ID", "")),
        service_id=str(item.get("ServiceID", "")),
        node_id=str(item.get("NodeID", "")),
        desired_state=str(item.get("DesiredState", "")),
        state=str(status.get("State", "")),
        slot=int(item.get("Slot") or 0),
        message=str(status.get("Message", "")),
        error=str(status.get("Err", "")),
        container_id=str(container.get("ContainerID", "")),
        exit_code=None if code is None else int(code),
        created_at=engine_time(str(item.get("CreatedAt", ""))),
        state_at=engine_time(str(status.get("Timestamp", ""))),
    )


def node_record(item: Mapping[str, Any]) -> NodeRecord:
    spec = item.get("Spec") or {}
    status = item.get("Status") or {}
    return NodeRecord(
        id=str(item.get("ID", "")),
        hostname=str((item.get("Description") or {}).get("Hostname", "")),
        role=str(spec.get("Role", "")),
        availability=str(spec.get("Availability", "")),
        state=str(status.get("State", "")),
        address=str(status.get("Addr", "")),
    )


def object_record(kind: ObjectKind, item: Mapping[str, Any]) -> ObjectRecord:
    spec = item.get("Spec") or {}
    return ObjectRecord(
        kind=kind,
        id=str(item.get("ID", "")),
        name=str(spec.get("Name", "")),
        labels=dict(spec.get("Labels") or {}),
        content_digest=_data_digest(spec.get("Data")),
    )


def _data_digest(data: object) -> str:
    """sha256 of a config's data (base64 in the answer); "" where none is shown."""
    if not isinstance(data, str) or not data:
        return ""
    try:
        return hashlib.sha256(base64.b64decode(data)).hexdigest()
    except ValueError:
        return ""
