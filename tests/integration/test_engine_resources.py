"""Resource settings reach the real engine with the types it takes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from figlet.api import Stack

PROJECT_PREFIX = "core"


def test_mem_swappiness_reaches_the_engine_as_an_integer(
    engine: Any, project_name: str, busybox_image: str, tmp_path: Path
) -> None:
    compose = tmp_path / "compose.yaml"
    compose.write_text(
        f"services:\n  sw:\n    image: {busybox_image}\n    command: [sleep, '30']\n"
        "    mem_swappiness: 60\n"
    )
    with Stack(str(compose), project=project_name) as stack:
        # the engine refuses a string here (400: cannot unmarshal string into ... int64)
        stack.up(pull="never")
        container = engine.containers.get(f"{project_name}-sw-1")
        stored = container.attrs["HostConfig"]["MemorySwappiness"]
        if str(engine.info().get("CgroupVersion")) == "2":
            # no swappiness knob on cgroup v2: the engine accepts the integer and drops it
            assert stored in (None, 60)
        else:
            assert stored == 60
        assert container.status == "running"
