"""Port mappings: the short syntax (`"127.0.0.1:8080-8081:80-81/udp"`) to the long one."""

from __future__ import annotations

import re
from typing import Any

_SHORT = re.compile(
    r"^(?:(?:(?P<ip>\[[0-9a-fA-F:.]*\]|\d{1,3}(?:\.\d{1,3}){3}|[0-9a-fA-F:]*:[0-9a-fA-F:]*):)?"
    r"(?P<published>[0-9]*(?:-[0-9]+)?):)?"
    r"(?P<target>[0-9]+(?:-[0-9]+)?)(?:/(?P<protocol>[a-zA-Z]+))?$"
)

PORT_HINT = 'expected [HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL], e.g. "8080:80"'


def _range(text: str) -> tuple[int, int]:
    low, _, high = text.partition("-")
    start = int(low)
    end = int(high) if high else start
    return start, end


def parse_port(value: Any) -> list[dict[str, Any]] | None:
    """The long-syntax entries for one short port; None when it is not a valid mapping."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return [{"mode": "ingress", "target": value, "protocol": "tcp"}]
    if not isinstance(value, str):
        return None
    match = _SHORT.match(value.strip())
    if not match:
        return None
    ip = match.group("ip")
    if ip and ip.startswith("["):
        ip = ip[1:-1]
    published = match.group("published") or ""
    start, end = _range(match.group("target"))
    if end < start or end > 65535:
        return None
    protocol = (match.group("protocol") or "tcp").lower()
    targets = list(range(start, end + 1))
    if published:
        pstart, pend = _range(published)
        if pend < pstart or pend > 65535:
            return None
        count = pend - pstart + 1
        if count == len(targets):
            pubs = [str(p) for p in range(pstart, pend + 1)]
        elif len(targets) == 1:
            pubs = [published]
        else:
            return None
    else:
        pubs = [""] * len(targets)
    out: list[dict[str, Any]] = []
    for target, pub in zip(targets, pubs, strict=True):
        entry: dict[str, Any] = {"mode": "ingress"}
        if ip:
            entry["host_ip"] = ip
        entry["target"] = target
        if pub:
            entry["published"] = pub
        entry["protocol"] = protocol
        out.append(entry)
    return out


def long_port(value: dict[str, Any]) -> dict[str, Any]:
    """A long-syntax port with the defaults and types the reference prints."""
    out = dict(value)
    out.setdefault("mode", "ingress")
    if "published" in out and out["published"] is not None:
        out["published"] = str(out["published"])
    if isinstance(out.get("target"), str) and out["target"].isdigit():
        out["target"] = int(out["target"])
    out.setdefault("protocol", "tcp")
    return out
