"""DockerEngine.image_ids: an inspect per image for a few, one list for more; a name
counts only when the image carries it (the engine also answers short id prefixes)."""

from __future__ import annotations

from typing import Any

from figlet.engine._http import NotFound
from figlet.engine.docker_engine import DockerEngine

_IMAGES = {
    "redis:7": {"Id": "sha256:aaa", "RepoTags": ["redis:7"], "RepoDigests": []},
    "app": {"Id": "sha256:bbb", "RepoTags": ["app:latest"], "RepoDigests": []},
    "bbb": {"Id": "sha256:bbb", "RepoTags": ["app:latest"], "RepoDigests": []},
}


class ImageTransport:
    """Answers image inspects from _IMAGES and the list with all of them; records calls."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def call(self, method: str, path: str, **_: Any) -> Any:
        self.calls.append(path)
        if path == "/images/json":
            return [_IMAGES["redis:7"], _IMAGES["app"]]
        name = path.removeprefix("/images/").removesuffix("/json").replace("%3A", ":")
        if name in _IMAGES:
            return _IMAGES[name]
        raise NotFound(404, f"No such image: {name}")


def test_a_few_images_are_inspected_one_by_one_and_missing_ones_left_out() -> None:
    transport = ImageTransport()
    found = DockerEngine(transport, "test", environ={}).image_ids(["redis:7", "app", "gone:1"])
    assert found == {"redis:7": "sha256:aaa", "app": "sha256:bbb"}
    assert "/images/json" not in transport.calls
    assert len(transport.calls) == 3


def test_a_short_id_prefix_the_engine_answers_is_not_a_name() -> None:
    transport = ImageTransport()
    assert DockerEngine(transport, "test", environ={}).image_ids(["bbb"]) == {}


def test_many_images_are_read_from_one_list() -> None:
    transport = ImageTransport()
    references = ["redis:7", "app", "gone:1", "x:1", "y:1"]
    found = DockerEngine(transport, "test", environ={}).image_ids(references)
    assert found == {"redis:7": "sha256:aaa", "app": "sha256:bbb"}
    assert transport.calls == ["/images/json"]
