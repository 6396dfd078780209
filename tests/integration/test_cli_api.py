"""The Python API (`figlet.api.Stack`) on the real engine, as a test fixture would use it."""

from __future__ import annotations

import socket
import time
import urllib.error
import urllib.request
from typing import Any

import pytest
from _h5 import FIXTURES, containers, networks, volumes

from figlet.api import Stack
from figlet.errors import FigletError

PROJECT_PREFIX = "h5"


def status_of(url: str, attempts: int = 40) -> int:
    """The HTTP status of `url`, retrying while the server in the container is not listening
    yet (the container runs before httpd has bound its port)."""
    for _ in range(attempts):
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                return int(response.status)
        except urllib.error.HTTPError as error:  # busybox httpd: no index.html -> 404
            return error.code
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.25)
    raise AssertionError(f"{url} never answered")


def test_stack_up_address_and_teardown(engine: Any, project_name: str, busybox_image: str) -> None:
    with Stack(str(FIXTURES / "basic" / "compose.yaml"), project=project_name) as stack:
        result = stack.up(wait=True, pull="never")
        assert result.changed
        host, port = stack.address("web", 8080)
        assert host == "127.0.0.1"
        assert status_of(f"http://{host}:{port}/") in (200, 404)
        assert {c.name for c in stack.ps()} == {f"{project_name}-web-1", f"{project_name}-cache-1"}
        assert not stack.up(pull="never").changed  # a second up has nothing to do
        with pytest.raises(FigletError, match="does not publish port 9999"):
            stack.address("web", 9999)
        address = stack.container_address("cache")
        socket.inet_aton(address)
    assert containers(engine, project_name) == {}
    assert networks(engine, project_name) == []
    assert volumes(engine, project_name) == []
