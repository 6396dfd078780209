"""The Python API (`figlet.api.Stack`) on the real engine, as a test fixture would use it."""

from __future__ import annotations

import socket
import urllib.error
import urllib.request
from typing import Any

import pytest
from _h5 import FIXTURES, containers, networks, volumes

from figlet.api import Stack
from figlet.errors import FigletError

PROJECT_PREFIX = "h5"


def test_stack_up_address_and_teardown(engine: Any, project_name: str, busybox_image: str) -> None:
    with Stack(str(FIXTURES / "basic" / "compose.yaml"), project=project_name) as stack:
        result = stack.up(wait=True)
        assert result.changed
        host, port = stack.address("web", 8080)
        assert host == "127.0.0.1"
        try:
            with urllib.request.urlopen(f"http://{host}:{port}/", timeout=10) as response:
                status = response.status
        except urllib.error.HTTPError as error:  # busybox httpd: no index.html -> 404
            status = error.code
        assert status in (200, 404)
        assert {c.name for c in stack.ps()} == {f"{project_name}-web-1", f"{project_name}-cache-1"}
        assert not stack.up().changed  # a second up has nothing to do
        with pytest.raises(FigletError, match="does not publish port 9999"):
            stack.address("web", 9999)
        address = stack.container_address("cache")
        socket.inet_aton(address)
    assert containers(engine, project_name) == {}
    assert networks(engine, project_name) == []
    assert volumes(engine, project_name) == []
