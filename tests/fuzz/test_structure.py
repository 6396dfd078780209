"""Compose documents built by hypothesis: plausible structure with values of any type, a second
file merged over the first, and YAML text assembled from its syntax. Every load is a result or
a located error, never a traceback or a hang (see `_fuzzing`)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from _fuzzing import REPO, check_load, fuzz_settings
from hypothesis import given
from hypothesis import strategies as st

_SPEC_KEYS = REPO / "figlet" / "schemas"


def _service_keys() -> list[str]:
    """The service keys of the compose schema figlet validates with."""
    for schema in sorted(_SPEC_KEYS.glob("*.json")):
        data = json.loads(schema.read_text())
        service = data.get("definitions", {}).get("service", {})
        if service.get("properties"):
            return sorted(service["properties"])
    return ["image", "command", "ports", "environment", "depends_on", "volumes", "networks"]


SERVICE_KEYS = _service_keys()
TOP_KEYS = ["name", "services", "networks", "volumes", "secrets", "configs", "include", "x-a"]
NAMES = st.sampled_from(["web", "db", "cache", "w-1", "a.b", "", "UPPER", "ü", "1", "x y"])

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(
        [
            "80:80",
            "127.0.0.1:8080:80/udp",
            "1.5g",
            "10s",
            "${X}",
            "${X:-d}",
            "$$",
            "${",
            "./a:/b:ro",
        ]
    ),
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
PORT_KEYS = st.sampled_from(["target", "published", "protocol", "mode"])
CONDITIONS = st.sampled_from(["service_started", "service_healthy", "x"])
VOLUMES = st.sampled_from(["./a:/b", "v:/c", "/x", "a:b:c:d", ":"])
plausible = {
    "image": st.sampled_from(["busybox", "a/b:1", "", "UPPER", "x@sha256:0"]) | values,
    "ports": st.lists(scalars | st.dictionaries(PORT_KEYS, scalars), max_size=3),
    "depends_on": st.lists(NAMES, max_size=3)
    | st.dictionaries(NAMES, st.fixed_dictionaries({"condition": CONDITIONS}), max_size=3),
    "environment": st.lists(st.text(max_size=10), max_size=3)
    | st.dictionaries(st.text(max_size=6), scalars, max_size=3),
    "extends": st.fixed_dictionaries({"service": NAMES}) | NAMES,
    "networks": st.lists(NAMES, max_size=2) | st.dictionaries(NAMES, values, max_size=2),
    "volumes": st.lists(VOLUMES | values, max_size=3),
    "deploy": st.fixed_dictionaries({}, optional={"replicas": scalars, "resources": values}),
    "healthcheck": st.fixed_dictionaries({}, optional={"test": values, "interval": scalars}),
    "build": st.sampled_from([".", "./nope"]) | values,
    "profiles": st.lists(st.text(max_size=5), max_size=2) | values,
    "scale": scalars,
}


@st.composite
def services(draw: st.DrawFn) -> dict[str, Any]:
    result = {}
    for name in draw(st.lists(NAMES, max_size=4, unique=True)):
        keys = draw(st.lists(st.sampled_from(SERVICE_KEYS), max_size=5, unique=True))
        service = {key: draw(plausible.get(key, values)) for key in keys}
        if draw(st.booleans()):
            service.setdefault("image", "busybox")
        result[name] = service if draw(st.integers(0, 9)) else draw(values)
    return result


@st.composite
def documents(draw: st.DrawFn) -> Any:
    document: dict[str, Any] = {"services": draw(services())}
    for key in draw(st.lists(st.sampled_from(TOP_KEYS), max_size=3, unique=True)):
        document[key] = draw(
            st.dictionaries(NAMES, values, max_size=3) | values if key != "services" else services()
        )
    return document if draw(st.integers(0, 19)) else draw(values)


def dump(document: Any) -> str:
    return yaml.safe_dump(document, allow_unicode=bool(hash(str(document)) % 2), sort_keys=False)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("structure")


@fuzz_settings(400)
@given(document=documents())
def test_a_generated_document_loads_or_fails_with_a_location(document: Any, project: Path) -> None:
    (project / "compose.yaml").write_text(dump(document))
    check_load(project, ("compose.yaml",))


@fuzz_settings(150)
@given(first=documents(), second=documents())
def test_a_generated_override_merges_or_fails_with_a_location(
    first: Any, second: Any, project: Path
) -> None:
    (project / "compose.yaml").write_text(dump(first))
    (project / "override.yaml").write_text(dump(second))
    check_load(project, ("compose.yaml", "override.yaml"))


SYNTAX = [
    "services:", "\n", "  ", "    ", "- ", ": ", "web", "image", "busybox", "&a ", "*a", "<<: ",
    "!reset ", "!override ", "[", "]", "{", "}", ", ", "'", '"', "#", "---\n", "...\n", "? ",
    "|", ">", "${X}", "$$", "\t", "\x07", "\ufeff", "%YAML 1.1\n", "!!binary ", "!!python/name:x ",
    "extends:", "service: web", "ports:", "80:80", "depends_on:", "networks:", "volumes:",
]  # fmt: skip


@fuzz_settings(250)
@given(pieces=st.lists(st.sampled_from(SYNTAX) | st.text(max_size=3), max_size=40))
def test_yaml_text_from_its_syntax_loads_or_fails_with_a_location(
    pieces: list[str], project: Path
) -> None:
    (project / "compose.yaml").write_text("".join(pieces), encoding="utf-8", errors="surrogatepass")
    check_load(project, ("compose.yaml",))
