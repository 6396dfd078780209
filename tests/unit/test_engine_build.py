"""Image builds without the docker SDK: the context archive (`.dockerignore`), BuildKit's
progress records, the POST /build request DockerEngine sends, and the registry errors."""

from __future__ import annotations

import io
import tarfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from figlet.engine import _docker_errors as errors
from figlet.engine._build_context import INLINE_NAME, context_tar, excluded, parse_dockerignore
from figlet.engine._buildkit import Progress
from figlet.engine.docker_engine import DockerEngine, split_reference
from figlet.engine.values.images import BuildRequest
from figlet.errors import EngineError


@pytest.mark.parametrize(
    ("patterns", "path", "left_out"),
    [
        (["*.log"], "app.log", True),
        (["*.log"], "logs/app.log", False),  # `*` does not cross a folder
        (["**/*.log"], "logs/deep/app.log", True),
        (["**/*.log"], "app.log", True),  # `**/` may match no folder
        (["node_modules"], "node_modules/x/y.js", True),  # a folder: all below it
        (["/build"], "build/out", True),
        (["secret?.txt"], "secret1.txt", True),
        (["secret?.txt"], "secret12.txt", False),
        (["*.md", "!README.md"], "README.md", False),  # the last match decides
        (["!README.md", "*.md"], "README.md", True),
        (["# comment", ""], "# comment", False),
        (["data/[ab].csv"], "data/a.csv", True),
        (["data/[^ab].csv"], "data/c.csv", True),
    ],
)
def test_dockerignore_patterns(patterns: list[str], path: str, left_out: bool) -> None:
    assert excluded(path, parse_dockerignore(patterns)) is left_out


def _names(archive: bytes) -> dict[str, bytes]:
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        return {
            member.name: (tar.extractfile(member) or io.BytesIO()).read()
            for member in tar.getmembers()
            if member.isfile()
        }


def test_the_context_archive_leaves_out_what_dockerignore_says(tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").write_text("FROM scratch\n")
    (tmp_path / ".dockerignore").write_text("Dockerfile\n*.log\ncache\n!keep.log\n")
    (tmp_path / "app.py").write_text("print()\n")
    (tmp_path / "debug.log").write_text("x")
    (tmp_path / "keep.log").write_text("y")
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "blob").write_text("z")
    archive, dockerfile = context_tar(str(tmp_path), None, None)
    assert dockerfile == "Dockerfile"
    # the Dockerfile and .dockerignore are sent even when ignored (the engine needs them)
    assert sorted(_names(archive)) == [".dockerignore", "Dockerfile", "app.py", "keep.log"]
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        assert {(m.uid, m.gid, m.uname) for m in tar.getmembers()} == {(0, 0, "")}


def test_an_inline_or_outside_dockerfile_goes_in_under_its_own_name(tmp_path: Path) -> None:
    context = tmp_path / "ctx"
    context.mkdir()
    (context / "a.txt").write_text("a")
    inline, name = context_tar(str(context), None, "FROM scratch\nCOPY a.txt /\n")
    assert name == INLINE_NAME
    assert _names(inline)[INLINE_NAME] == b"FROM scratch\nCOPY a.txt /\n"
    (tmp_path / "Other.Dockerfile").write_text("FROM other\n")
    outside, name = context_tar(str(context), str(tmp_path / "Other.Dockerfile"), None)
    assert _names(outside)[name] == b"FROM other\n"
    (context / "sub").mkdir()
    (context / "sub" / "Dockerfile").write_text("FROM sub\n")
    assert context_tar(str(context), "sub/Dockerfile", None)[1] == "sub/Dockerfile"


def _field(number: int, value: bytes | int) -> bytes:
    def varint(n: int) -> bytes:
        out = bytearray()
        while True:
            out.append((n & 0x7F) | (0x80 if n > 0x7F else 0))
            n >>= 7
            if not n:
                return bytes(out)

    if isinstance(value, int):
        return varint(number << 3) + varint(value)
    return varint(number << 3 | 2) + varint(len(value)) + value


def _trace(message: bytes) -> str:
    import base64

    return base64.b64encode(message).decode()


def test_buildkit_progress_prints_each_step_once_its_logs_and_errors() -> None:
    started = _field(5, _field(1, 1700000000))
    vertex = _field(1, _field(1, b"sha256:aa") + _field(3, b"[2/2] RUN make") + started)
    cached = _field(1, _field(1, b"sha256:bb") + _field(3, b"[1/2] FROM base") + _field(4, 1))
    log = _field(3, _field(1, b"sha256:aa") + _field(4, b"compiling\nlinking\n"))
    failed = _field(1, _field(1, b"sha256:aa") + _field(7, b"exit code: 2"))
    progress = Progress()
    assert progress.lines(_trace(vertex + cached)) == [
        "#1 [2/2] RUN make",
        "#2 [1/2] FROM base",
        "#2 CACHED",
    ]
    assert progress.lines(_trace(vertex + log)) == ["#1 compiling", "#1 linking"]
    assert progress.lines(_trace(failed)) == ["#1 ERROR: exit code: 2"]
    assert progress.lines("not base64!") == []


class RecordingTransport:
    """A transport that records POST /build and answers with `answers`."""

    def __init__(self, answers: list[Mapping[str, Any]]) -> None:
        self.answers = answers
        self.requests: list[tuple[str, str, bytes | None, str]] = []

    def call(self, method: str, path: str, **_: Any) -> Any:
        raise AssertionError(f"unexpected {method} {path}")

    def raw(self, method: str, path: str, **_: Any) -> bytes:
        raise AssertionError(f"unexpected {method} {path}")

    def stream(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None,
        timeout: float,
        data: bytes | None = None,
        content_type: str = "application/json",
    ) -> Any:
        self.requests.append((method, path, data, content_type))
        answers = self.answers

        class Answer:
            def __iter__(self) -> Iterator[Mapping[str, Any]]:
                return iter(answers)

            def close(self) -> None:
                pass

        return Answer()

    def close(self) -> None:
        pass


def _request(context: Path) -> BuildRequest:
    (context / "Dockerfile").write_text("FROM scratch\n")
    return BuildRequest(
        context=str(context),
        tag="demo/app:1",
        args={"V": "1"},
        target="final",
        tags=("demo/app:extra",),
        extra_hosts={"h1": "10.0.0.1", "h2": "10.0.0.2"},
        no_cache=True,
        platform="linux/amd64",
    )


def test_the_build_request_carries_every_key_and_each_tag(tmp_path: Path) -> None:
    transport = RecordingTransport([{"stream": "Step 1/1 : FROM scratch\n"}])
    engine = DockerEngine(transport, "test", environ={})
    lines = list(engine.build_image(_request(tmp_path)))
    assert lines == ["Step 1/1 : FROM scratch"]
    [(method, path, data, content_type)] = transport.requests
    assert (method, content_type) == ("POST", "application/x-tar")
    assert path.startswith("/build?")
    for part in (
        "t=demo%2Fapp%3A1",
        "t=demo%2Fapp%3Aextra",
        "extrahosts=h1%3A10.0.0.1",
        "extrahosts=h2%3A10.0.0.2",
        "target=final",
        "nocache=1",
        "platform=linux%2Famd64",
        "version=2",
    ):
        assert part in path.split("&") or part in path, part
    assert data is not None and "Dockerfile" in _names(data)


def test_docker_buildkit_0_asks_for_the_classic_builder(tmp_path: Path) -> None:
    transport = RecordingTransport([])
    engine = DockerEngine(transport, "test", environ={"DOCKER_BUILDKIT": "0"})
    list(engine.build_image(_request(tmp_path)))
    assert "version=" not in transport.requests[0][1]


def test_a_build_error_in_the_stream_fails_with_the_builders_words(tmp_path: Path) -> None:
    transport = RecordingTransport([{"error": "The command '/bin/sh -c false' returned 1"}])
    engine = DockerEngine(transport, "test", environ={})
    with pytest.raises(EngineError, match="returned 1"):
        list(engine.build_image(_request(tmp_path)))


def test_an_unreadable_context_is_a_clear_error(tmp_path: Path) -> None:
    engine = DockerEngine(RecordingTransport([]), "test", environ={})
    request = BuildRequest(context=str(tmp_path / "nowhere"), tag="x", dockerfile_inline=None)
    with pytest.raises(EngineError, match="cannot read the build context"):
        list(engine.build_image(request))


@pytest.mark.parametrize(
    ("reference", "host"),
    [
        ("127.0.0.1:1/x:y", "127.0.0.1:1"),
        ("localhost/x", "localhost"),
        ("registry.example/team/x:1", "registry.example"),
        ("team/x:1", "registry-1.docker.io"),
        ("x", "registry-1.docker.io"),
    ],
)
def test_the_registry_of_a_reference(reference: str, host: str) -> None:
    assert errors.registry_host(reference) == host


def test_no_registry_answering_says_where_and_what_to_check() -> None:
    error = errors.registry_refused(
        "pull image 127.0.0.1:1/x:y",
        "127.0.0.1:1/x:y",
        'Get "http://127.0.0.1:1/v2/": dial tcp 127.0.0.1:1: connect: connection refused',
    )
    message = error.render()
    assert message.startswith("pull image 127.0.0.1:1/x:y: no registry answers at 127.0.0.1:1")
    assert "check the image name / network / login" in message
    denied = errors.registry_refused("push image x", "x", "denied: requested access")
    assert "no registry answers" not in denied.render()


@pytest.mark.parametrize(
    ("reference", "split"),
    [
        ("x", ("x", "latest")),
        ("x:1", ("x", "1")),
        ("127.0.0.1:5000/x", ("127.0.0.1:5000/x", "latest")),
        ("127.0.0.1:5000/x:2", ("127.0.0.1:5000/x", "2")),
    ],
)
def test_split_reference(reference: str, split: tuple[str, str]) -> None:
    assert split_reference(reference) == split
