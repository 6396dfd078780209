"""Pure translation of the canonical model into Engine API create bodies (no I/O)."""

from __future__ import annotations

from figlet.container_spec._container import (
    CONFIG_LABEL,
    container_request,
    default_container_name,
    has_steps_after_create,
)
from figlet.container_spec._resources import network_request, volume_request
from figlet.model import image_reference

__all__ = [
    "CONFIG_LABEL",
    "container_request",
    "default_container_name",
    "has_steps_after_create",
    "image_reference",
    "network_request",
    "volume_request",
]
