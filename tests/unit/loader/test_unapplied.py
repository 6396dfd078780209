"""Keys figlet cannot apply are warned about at their place in the file, not dropped
silently; keys it applies give no warning."""

from __future__ import annotations

from typing import Any

UNAPPLIED = """\
services:
  web:
    image: a
    develop:
      watch: [{path: ., action: rebuild}]
    build:
      context: .
      ssh: [default]
      platforms: [linux/amd64, linux/arm64]
    post_start:
      - command: touch /x
        privileged: true
"""
APPLIED = """\
services:
  web:
    image: a
    platform: linux/amd64
    attach: false
    device_cgroup_rules: ["c 1:3 mr"]
    build:
      context: .
      target: t
      tags: [a:2]
      shm_size: 64m
    post_start: [{command: touch /x}]
    pre_stop: [{command: rm /x}]
"""


def test_each_unapplied_key_is_a_located_warning(write: Any, load: Any) -> None:
    write("compose.yaml", UNAPPLIED)
    warnings = {w.message: w.location for w in load().warnings}
    lines = {
        message.split(" ")[0]: location.line for message, location in warnings.items() if location
    }
    assert lines == {
        "services.web.develop": 5,
        "services.web.build.ssh": 8,
        "services.web.build.platforms:": 9,
        "services.web.post_start[0].privileged": 12,
    }
    assert all(w.location and w.location.file.endswith("compose.yaml") for w in load().warnings)


def test_applied_keys_give_no_warning_and_attach_false_is_kept(write: Any, load: Any) -> None:
    write("compose.yaml", APPLIED)
    project = load()
    assert project.warnings == ()
    assert project.services["web"].spec["attach"] is False
