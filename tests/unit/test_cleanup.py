"""The tests' own cleanup (tests/_cleanup.py) survives the engine's network leak
(moby/moby#43286): a network the engine refuses to remove although nothing is attached is a
warning naming it; one still in use, or any other refusal, fails the teardown as before."""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Any

import docker.errors
import pytest
from _cleanup import remove_network

from figlet.testing._session import LeakedNetworkWarning

ENDPOINTS = "error while removing network: network t-1_default id 2edc has active endpoints"


@dataclass
class Response:
    status_code: int
    url: str = "http+docker://localhost/v1.41/networks/t-1_default"
    reason: str = ""


@dataclass
class SdkNetwork:
    """What remove_network uses of a docker SDK Network: it refuses each removal with one of
    `answers` (status, message) in turn, then removes; `attrs` as its inspect gives them."""

    answers: list[tuple[int, str]]
    attrs: dict[str, Any] = field(default_factory=lambda: {"Containers": {}})
    name: str = "t-1_default"
    removed: bool = False
    tries: int = 0

    def remove(self) -> None:
        self.tries += 1
        if self.answers:
            status, message = self.answers.pop(0)
            kind = docker.errors.NotFound if status == 404 else docker.errors.APIError
            raise kind(message, response=Response(status), explanation=message)
        self.removed = True

    def reload(self) -> None:
        pass


def no_sleep(seconds: float) -> None:
    pass


def test_a_leaked_network_is_a_warning_naming_it() -> None:
    network = SdkNetwork(answers=[(403, ENDPOINTS)] * 3)
    with pytest.warns(LeakedNetworkWarning, match=r"network t-1_default .*moby/moby#43286"):
        remove_network(network, sleep=no_sleep)
    assert network.tries == 3 and not network.removed


def test_a_count_that_settles_is_removed_without_a_word() -> None:
    network = SdkNetwork(answers=[(403, ENDPOINTS)])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        remove_network(network, sleep=no_sleep)
    assert network.removed


def test_a_network_still_in_use_fails() -> None:
    attached = {"Containers": {"c1": {"Name": "other-web-1"}}}
    network = SdkNetwork(answers=[(403, ENDPOINTS)] * 3, attrs=attached)
    with pytest.raises(docker.errors.APIError, match="active endpoints"):
        remove_network(network, sleep=no_sleep)


def test_other_refusals_fail_and_gone_is_done() -> None:
    with pytest.raises(docker.errors.APIError, match="boom"):
        remove_network(SdkNetwork(answers=[(500, "boom")]), sleep=no_sleep)
    remove_network(SdkNetwork(answers=[(404, "network t-1_default not found")]), sleep=no_sleep)
