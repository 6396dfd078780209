"""What creating a network or a volume takes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class NetworkRequest:
    """POST /networks/create body (Name, Driver, Labels, IPAM, Internal, Attachable, ...)."""

    name: str
    body: Mapping[str, Any]


@dataclass(frozen=True)
class VolumeRequest:
    """POST /volumes/create body (Name, Driver, DriverOpts, Labels)."""

    name: str
    body: Mapping[str, Any]
