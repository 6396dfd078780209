"""Two networks of one name: DockerEngine keeps the oldest and retries, whether the engine
says "ambiguous" or, in swarm mode, that the name is not among the swarm's networks."""

from __future__ import annotations

from typing import Any

import pytest

from figlet.engine._http import ApiError, NotFound
from figlet.engine.docker_engine import DockerEngine

_NETWORKS = [
    {"Name": "p_default", "Id": "new", "Created": "2026-12-05T02:00:01Z"},
    {"Name": "p_default", "Id": "old", "Created": "2026-12-05T02:00:00Z"},
]


class ClashTransport:
    """Refuses the first start with `refusal`, lists two networks of one name, records calls."""

    def __init__(self, refusal: ApiError) -> None:
        self.refusal: ApiError | None = refusal
        self.calls: list[tuple[str, str]] = []

    def call(self, method: str, path: str, **_: Any) -> Any:
        self.calls.append((method, path))
        if path.endswith("/start") and self.refusal is not None:
            refusal, self.refusal = self.refusal, None
            raise refusal
        if (method, path) == ("GET", "/networks"):
            return _NETWORKS
        return None


@pytest.mark.parametrize(
    "refusal",
    [
        ApiError(400, "network p_default is ambiguous (2 matches found based on name)"),
        NotFound(
            404,
            "Could not attach to network p_default: rpc error: code = NotFound desc = "
            "network p_default not found",
        ),
    ],
    ids=["ambiguous", "swarm-mode"],
)
def test_a_start_refused_for_a_duplicated_network_removes_the_newer_and_retries(
    refusal: ApiError,
) -> None:
    transport = ClashTransport(refusal)
    DockerEngine(transport, "test", environ={}).start_container("c1")
    assert transport.calls == [
        ("POST", "/containers/c1/start"),
        ("GET", "/networks"),
        ("DELETE", "/networks/new"),
        ("POST", "/containers/c1/start"),
    ]


def test_another_start_refusal_is_not_retried() -> None:
    transport = ClashTransport(ApiError(500, "OCI runtime create failed"))
    with pytest.raises(Exception, match="OCI runtime create failed"):
        DockerEngine(transport, "test", environ={}).start_container("c1")
    assert ("GET", "/networks") not in transport.calls
