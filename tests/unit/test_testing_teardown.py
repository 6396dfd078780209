"""Taking a test's stack down survives the engine's network leak (moby/moby#43286): a network
the engine refuses to remove although no container is attached is a warning naming it, never
a failure; anything else left behind still fails (figlet.testing._session.take_down, which the
stack finalizer's second chance and the end-of-session sweep use)."""

from __future__ import annotations

import warnings

import pytest

from figlet import labels
from figlet.engine.fake import FakeEngine
from figlet.engine.values.containers import ContainerRequest
from figlet.errors import FigletError
from figlet.testing._session import LeakedNetworkWarning, leaked_networks, take_down

PROJECT = "core-leak"
NETWORK = "core-leak_default"
LEAK = (403, f"error while removing network: network {NETWORK} id n1 has active endpoints")


def engine_with_network() -> FakeEngine:
    engine = FakeEngine()
    engine.add_network(NETWORK, {labels.PROJECT: PROJECT})
    return engine


def attach(engine: FakeEngine, name: str, project: str) -> str:
    """A container of `project` attached to the project's network."""
    return engine.create_container(
        ContainerRequest(
            name,
            {
                "Labels": {labels.PROJECT: project, labels.SERVICE: "web"},
                "NetworkingConfig": {"EndpointsConfig": {NETWORK: {}}},
            },
        )
    )


def test_a_network_the_engine_leaked_is_a_warning_naming_it_and_the_cause() -> None:
    engine = engine_with_network()
    attach(engine, "core-leak-web-1", PROJECT)
    engine.fail[("remove_network", NETWORK)] = LEAK  # refused once the container is gone
    with pytest.warns(LeakedNetworkWarning) as caught:
        assert take_down(engine, PROJECT, 0) == (NETWORK,)
    [warning] = caught
    assert f"network {NETWORK} (project {PROJECT}) was left behind" in str(warning.message)
    assert "moby/moby#43286" in str(warning.message)
    assert engine.containers == {}
    assert engine.called("remove_network") == [NETWORK] * 3  # the usual retries came first


def test_a_network_another_project_still_uses_fails() -> None:
    engine = engine_with_network()
    attach(engine, "other-web-1", "other")  # the fake refuses the removal: it is attached
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(FigletError, match="still used by containers outside this project"):
            take_down(engine, PROJECT, 0)
    assert leaked_networks(engine, PROJECT) == ()


def test_a_container_left_behind_fails_even_next_to_a_leaked_network() -> None:
    engine = engine_with_network()
    stuck = attach(engine, "core-leak-web-1", PROJECT)
    engine.fail[("remove_container", stuck)] = "cannot remove container: device busy"
    engine.fail[("remove_network", NETWORK)] = LEAK
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(FigletError, match="device busy"):
            take_down(engine, PROJECT, 0)


def test_a_clean_take_down_reports_nothing() -> None:
    engine = engine_with_network()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert take_down(engine, PROJECT, 0) == ()
    assert engine.networks == {}
