"""Keys figlet reads but cannot apply: a warning for each, located at the key, instead of
dropping it silently. (Everything else in the compose spec reaches the engine.)"""

from __future__ import annotations

from typing import Any

from figlet.loader._problems import Problems

# service key -> why figlet does not apply it
SERVICE_KEYS = {
    "develop": "figlet has no `watch` command",
    "cpu_count": "it applies to Windows containers only",
    "cpu_percent": "it applies to Windows containers only",
    "credential_spec": "it applies to Windows containers only",
    "use_api_socket": "figlet does not mount the engine's socket for you",
    "provider": "figlet cannot run provider services",
}
# build key -> why (the engine API's POST /build has no parameter for it, or figlet has none)
BUILD_KEYS = {
    "ssh": "the engine's build API takes no SSH agent without a BuildKit session",
    "secrets": "the engine's build API takes no secrets without a BuildKit session",
    "additional_contexts": "the engine's build API takes one context",
    "cache_to": "the engine's build API exports no cache",
    "entitlements": "the engine's build API takes no entitlements",
    "privileged": "the engine's build API takes no privileged builds",
    "ulimits": "figlet does not pass build ulimits",
    "isolation": "figlet does not pass a build isolation",
    "provenance": "the engine's build API makes no attestations",
    "sbom": "the engine's build API makes no attestations",
}


def warn_unapplied(spec: dict[str, Any], active: tuple[str, ...], problems: Problems) -> None:
    """A located warning for each key of an active service that figlet ignores."""
    services: dict[str, Any] = spec.get("services") or {}
    for name in active:
        svc = services.get(name)
        if not isinstance(svc, dict):
            continue
        at = ("services", name)
        for key, why in SERVICE_KEYS.items():
            if svc.get(key) not in (None, False, [], {}):
                problems.warn(f"services.{name}.{key} is not applied ({why}); ignored", (*at, key))
        build = svc.get("build")
        if isinstance(build, dict):
            for key, why in BUILD_KEYS.items():
                if build.get(key) not in (None, False, [], {}):
                    problems.warn(
                        f"services.{name}.build.{key} is not applied ({why}); ignored",
                        (*at, "build", key),
                    )
            platforms = build.get("platforms")
            if isinstance(platforms, list) and len(platforms) > 1:
                problems.warn(
                    f"services.{name}.build.platforms: only {platforms[0]} is built (the "
                    "engine builds one platform at a time)",
                    (*at, "build", "platforms"),
                )
        for hook_key in ("post_start", "pre_stop"):
            for index, hook in enumerate(svc.get(hook_key) or ()):
                if isinstance(hook, dict) and hook.get("privileged"):
                    problems.warn(
                        f"services.{name}.{hook_key}[{index}].privileged is not applied "
                        "(figlet runs hooks unprivileged); ignored",
                        (*at, hook_key, index, "privileged"),
                    )
