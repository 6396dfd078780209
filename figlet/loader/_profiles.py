"""Profiles: which services are active for this run."""

from __future__ import annotations

from typing import Any

from figlet.loader._problems import Problems


def is_active(service: Any, enabled: tuple[str, ...]) -> bool:
    """A service is active when it has no profiles or one of them is enabled (or `*`)."""
    profiles = service.get("profiles") if isinstance(service, dict) else None
    if not profiles:
        return True
    return "*" in enabled or any(p in enabled for p in profiles)


def apply_profiles(
    spec: dict[str, Any], enabled: tuple[str, ...], problems: Problems
) -> tuple[str, ...]:
    """The names of the active services, in declaration order. `spec` is left whole."""
    services = spec.get("services") or {}
    active = tuple(name for name, svc in services.items() if is_active(svc, enabled))
    declared = {
        p for svc in services.values() if isinstance(svc, dict) for p in svc.get("profiles") or ()
    }
    for profile in enabled:
        if profile != "*" and profile not in declared:
            problems.warn(f"profile {profile!r} is not used by any service")
    return active
